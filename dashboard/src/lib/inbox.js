// The inbox's shared lookups: the team and the tags (names and colours for the ids conversations carry), and one
// signal that a conversation changed here, so the chat list and its counts follow at once instead of at their next poll.
import { useEffect, useRef } from 'preact/hooks';
import { api, seg } from './api.js';
import { useResource } from './poll.js';
import { useKey } from './scopes.js';

export const STATUSES = ['open', 'pending', 'resolved', 'closed'];

/** The team, for keys that may see it (agents:read); data stays undefined otherwise. */
export function useAgents() {
  const { can } = useKey();
  return useResource(() => api.get('/agents').then((r) => r.data), [], { interval: 60000, enabled: can('agents:read') });
}

export const useTags = () => useResource(() => api.get('/tags').then((r) => r.data), [], { interval: 60000 });

const CHANGED = 'wa:inbox-changed';
export const inboxChanged = () => dispatchEvent(new Event(CHANGED));

export function useInboxChanged(fn) {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    const on = () => latest.current();
    addEventListener(CHANGED, on);
    return () => removeEventListener(CHANGED, on);
  }, []);
}

/** A conversation's route, with the number it belongs to (writes take sessionId in the query, not the body). */
export const chatPath = (chatId, sessionId, suffix = '') => `/chats/${seg(chatId)}${suffix}${sessionId ? `?sessionId=${seg(sessionId)}` : ''}`;
