// The tags of each listed chat. List rows carry no tags (only GET /chats/{chatId} does), so they are read the way the
// tag filter reads them: one GET /chats?tag= per tag (at most the first 20 tags, 100 chats each), every 30 s and at
// once after a change made here. Cheaper than reading each listed conversation while teams keep a handful of tags.
import { api } from '../lib/api.js';
import { useResource } from '../lib/poll.js';

const MAX_TAGS = 20;

/** @returns {Map<string, string[]>} tag ids by chat id (empty until loaded) */
export function useChatTags(sessionId, tags, enabled) {
  const ids = (tags ?? []).slice(0, MAX_TAGS).map((t) => t.id);
  const lists = useResource(
    () => Promise.all(ids.map((tag) => api.get('/chats', { sessionId, tag, limit: 100 }).then((r) => [tag, r.data.map((c) => c.chatId)]))),
    [sessionId, ids],
    { interval: 30000, enabled: enabled && ids.length > 0 },
  );
  const byChat = new Map();
  for (const [tag, chats] of lists.data ?? []) for (const chat of chats) byChat.set(chat, [...(byChat.get(chat) ?? []), tag]);
  return { byChat, reload: lists.reload };
}
