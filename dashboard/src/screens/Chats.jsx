// Chats: conversations newest activity first with unread counts, assignee and tags, filtered as an inbox (status,
// whose, unread, tag) with the counts of each filter; the open one (screens/Conversation.jsx); "New message" writes to
// a number that has no chat yet. Every chat is listed by default: chats from before the inbox have no status yet.
import { useRef, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';
import { useRoute, navigate } from '../lib/router.js';
import { chatTitle, relative } from '../lib/format.js';
import { useAgents, useInboxChanged, useTags } from '../lib/inbox.js';
import { Action, Badge, Empty, ErrorText, Field, FormButtons, Loaded, Page, useAction, useAutoFocus } from '../components/ui.jsx';
import { TagChip, tagsOf } from '../components/TagChip.jsx';
import { ChatFilters, NO_FILTER, chatQuery } from '../inbox/ChatFilters.jsx';
import { Conversation, chatLink } from './Conversation.jsx';

export function ChatsScreen() {
  const { can } = useKey();
  const { params } = useRoute();
  const sessions = useResource(() => api.get('/sessions').then((r) => r.data), [], { interval: 15000, enabled: can('sessions:read') });
  const list = sessions.data ?? [];
  const fallback = list.find((s) => s.status === 'ready') ?? list.find((s) => s.phone) ?? list[0];
  const sessionId = params.get('session') || fallback?.id || '';
  const chatId = params.get('chat') || '';
  const waiting = can('sessions:read') && sessions.data === undefined && !sessions.error;
  const [composing, setComposing] = useState(false);
  const [filter, setFilter] = useState(NO_FILTER);
  const chats = useResource(() => api.get('/chats', { sessionId, limit: 100, ...chatQuery(filter) }).then((r) => r.data), [sessionId, filter], {
    interval: 4000,
    enabled: !waiting,
  });
  const counts = useResource(() => api.get('/chats/counts', { sessionId }).then((r) => r.data), [sessionId], { interval: 10000, enabled: !waiting });
  const agents = useAgents();
  const tags = useTags();
  useInboxChanged(() => (chats.reload(), counts.reload()));
  // The open chat keeps its row (name, unread) when a filter no longer lists it, e.g. just after resolving it under Open.
  const shown = useRef(null);
  const listed = chats.data?.find((c) => c.chatId === chatId);
  if (listed || shown.current?.chatId !== chatId) shown.current = listed ?? null;
  const chat = shown.current ?? undefined;

  return (
    <Page
      title="Chats"
      wide
      actions={
        <>
          {list.length > 1 && (
            <label class="inline">
              <span class="label">Number</span>
              <select value={sessionId} onChange={(e) => navigate(chatLink(e.currentTarget.value, ''))}>
                {list.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name || (s.phone ? `+${s.phone}` : s.id)} {s.status !== 'ready' ? `(${s.status})` : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <Action scope="messages:write" onClick={() => setComposing(!composing)} aria-expanded={composing ? 'true' : 'false'}>
            New message
          </Action>
        </>
      }
    >
      {composing && <NewMessage sessionId={sessionId} onSent={(to) => (setComposing(false), navigate(chatLink(sessionId, to)))} onCancel={() => setComposing(false)} />}
      {waiting ? null : (
        <div class={`chats${chatId ? ' has-open' : ''}`}>
          <div class="chat-side">
            <ChatFilters filter={filter} onChange={setFilter} counts={counts.data} agents={agents.data} tags={tags.data} />
            <ChatList chats={chats} sessionId={sessionId} openChatId={chatId} rowTags={(c) => tagsOf(c.tags, tags.data)} filtered={filter !== NO_FILTER} />
          </div>
          {chatId ? (
            <Conversation key={`${sessionId}|${chatId}`} sessionId={sessionId} chatId={chatId} chat={chat} />
          ) : (
            <div class="conversation empty-pane">
              <Empty>Choose a chat to read it.</Empty>
            </div>
          )}
        </div>
      )}
    </Page>
  );
}

function ChatList({ chats, sessionId, openChatId, rowTags, filtered }) {
  return (
    <nav class="chat-list" aria-label="Chats">
      <Loaded resource={chats} what="chats">
        {(items) =>
          items.length === 0 ? (
            <Empty>{filtered ? 'No chat matches these filters.' : 'No chats yet. Messages this number sends or receives appear here.'}</Empty>
          ) : (
            <ul>
              {items.map((c) => (
                <li key={c.chatId}>
                  <a
                    href={`/dashboard${chatLink(sessionId, c.chatId)}`}
                    class={`chat-item${c.chatId === openChatId ? ' open' : ''}`}
                    aria-current={c.chatId === openChatId ? 'true' : undefined}
                    data-chat-id={c.chatId}
                    onClick={(e) => {
                      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
                      e.preventDefault();
                      navigate(chatLink(sessionId, c.chatId));
                    }}
                  >
                    <span class="chat-name">{chatTitle(c)}</span>
                    <span class="chat-time muted small">{c.lastTimestamp ? relative(c.lastTimestamp) : ''}</span>
                    <span class="chat-preview muted">{c.lastMessage ?? ''}</span>
                    {c.unreadCount > 0 && (
                      <span class="unread" data-unread={c.unreadCount}>
                        {c.unreadCount}
                        <span class="sr-only"> unread</span>
                      </span>
                    )}
                    <span class="chat-inbox small">
                      {c.status && <Badge value={c.status} />}
                      <span class="assignee" data-assignee={c.assignee ?? ''}>
                        {c.assignee ? c.assigneeName ?? c.assignee : 'Unassigned'}
                      </span>
                      {rowTags(c).map((t) => (
                        <TagChip key={t.id} tag={t} />
                      ))}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </nav>
  );
}

function NewMessage({ sessionId, onSent, onCancel }) {
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [run, { busy, error }] = useAction();
  const first = useAutoFocus();
  const submit = (e) => {
    e.preventDefault();
    run(async () => {
      const r = await api.post('/messages', { to: to.trim(), text, ...(sessionId ? { from: sessionId } : {}) });
      onSent(r.to);
    });
  };
  return (
    <form class="panel form" onSubmit={submit} aria-label="New message">
      <div class="grid2">
        <Field label="To" hint="Phone number with country code, or a WhatsApp id.">
          <input ref={first} type="tel" value={to} onInput={(e) => setTo(e.currentTarget.value)} required placeholder="+91 98123 45678" />
        </Field>
        <Field label="Message" wide>
          <textarea value={text} rows={3} maxLength={4096} onInput={(e) => setText(e.currentTarget.value)} required />
        </Field>
      </div>
      <ErrorText error={error} />
      <FormButtons busy={busy} onCancel={onCancel}>
        Send
      </FormButtons>
    </form>
  );
}
