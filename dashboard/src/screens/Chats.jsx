// Chats: conversations newest activity first with unread counts, a conversation updated by polling, delivery ticks,
// and a text composer. Message kinds render through messages/kinds.jsx.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, seg, rateLimitWait } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';
import { useRoute, navigate } from '../lib/router.js';
import { useCapabilities } from '../lib/capabilities.js';
import { chatTitle, clock, phoneOf, relative } from '../lib/format.js';
import { Action, Empty, ErrorText, Field, Loaded, Page, scopeReason, useAction, useAutoFocus } from '../components/ui.jsx';
import { MessageBody, Ticks } from '../messages/kinds.jsx';

const FINAL = new Set(['read', 'played', 'failed']);
const chatLink = (sessionId, chatId) => `/chats?${new URLSearchParams({ ...(sessionId ? { session: sessionId } : {}), ...(chatId ? { chat: chatId } : {}) })}`;

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
  const chats = useResource(() => api.get('/chats', { sessionId, limit: 100 }).then((r) => r.data), [sessionId], { interval: 4000, enabled: !waiting });
  const chat = chats.data?.find((c) => c.chatId === chatId);

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
          <ChatList chats={chats} sessionId={sessionId} openChatId={chatId} />
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

function ChatList({ chats, sessionId, openChatId }) {
  return (
    <nav class="chat-list" aria-label="Chats">
      <Loaded resource={chats} what="chats">
        {(items) =>
          items.length === 0 ? (
            <Empty>No chats yet. Messages this number sends or receives appear here.</Empty>
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

/**
 * Statuses of our own messages, read one by one (GET /messages/{id}) until final. Within the key's request budget
 * (120 a minute by default): at most four a round, from the last day; every 2 s while one was sent in the last two
 * minutes (ticks move fast then), else every 10 s.
 */
function useStatuses(messages) {
  const [statuses, setStatuses] = useState({});
  const ref = useRef({ messages, statuses });
  ref.current = { messages, statuses };
  useEffect(() => {
    let alive = true;
    let timer;
    let last = 0;
    const round = async () => {
      const { messages: ms, statuses: known } = ref.current;
      const now = Date.now() / 1000;
      const open = ms.filter((m) => m.fromMe && m.messageId && now - m.timestamp < 86400 && !FINAL.has(known[m.messageId]?.status)).slice(-4);
      const fresh = open.some((m) => now - m.timestamp < 120);
      const due = Date.now() - last >= (fresh ? 2000 : 10000);
      if (due && !document.hidden && rateLimitWait() === 0 && open.length) {
        last = Date.now();
        const results = await Promise.all(
          open.map((m) =>
            api
              .get(`/messages/${seg(m.messageId)}`)
              .then((r) => [m.messageId, { status: r.data.status, reason: r.data.reason }])
              .catch(() => null),
          ),
        );
        if (alive) setStatuses((s) => Object.assign({ ...s }, Object.fromEntries(results.filter(Boolean))));
      }
      if (alive) timer = setTimeout(round, 2000);
    };
    round();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, []);
  return statuses;
}

function Conversation({ sessionId, chatId, chat }) {
  const { can } = useKey();
  const caps = useCapabilities();
  const page = useResource(() => api.get(`/chats/${seg(chatId)}/messages`, { sessionId, limit: 50 }), [sessionId, chatId], { interval: 2500 });
  const [older, setOlder] = useState({ items: [], cursor: undefined, loading: false });
  const [pending, setPending] = useState([]);
  const [markRun, markState] = useAction();
  const markable = caps.has('post', '/api/v1/chats/{chatId}/read');

  // Oldest first; newest page, pages loaded on request, and sends not yet in the history.
  const messages = useMemo(() => {
    const seen = new Set();
    const all = [];
    for (const m of [...(page.data?.data ?? []), ...older.items]) {
      if (seen.has(m.messageId)) continue;
      seen.add(m.messageId);
      all.push(m);
    }
    all.reverse();
    for (const p of pending) if (!seen.has(p.messageId)) all.push(p);
    return all;
  }, [page.data, older.items, pending]);
  const statuses = useStatuses(messages);
  const byId = useMemo(() => new Map(messages.map((m) => [m.messageId, m])), [messages]);
  const nextCursor = older.items.length ? older.cursor : page.data?.nextCursor;

  // Mark read on opening, where the API offers it (a colleague adds POST /chats/{chatId}/read).
  useEffect(() => {
    if (markable) markRun(() => api.post(`/chats/${seg(chatId)}/read${sessionId ? `?sessionId=${seg(sessionId)}` : ''}`, {}));
  }, [markable, chatId, sessionId]);

  const scroller = useRef(null);
  const stick = useRef(true);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages.length]);

  const loadOlder = async () => {
    setOlder((o) => ({ ...o, loading: true }));
    try {
      const r = await api.get(`/chats/${seg(chatId)}/messages`, { sessionId, limit: 50, before: nextCursor });
      setOlder((o) => ({ items: [...o.items, ...r.data], cursor: r.nextCursor, loading: false }));
    } catch {
      setOlder((o) => ({ ...o, loading: false }));
    }
  };

  const title = chat ? chatTitle(chat) : phoneOf(chatId);
  return (
    <section class="conversation" aria-label={`Conversation with ${title}`}>
      <header class="conv-head">
        <button type="button" class="secondary back" onClick={() => navigate(chatLink(sessionId, ''))}>
          ‹ Chats
        </button>
        <h2 class="conv-title">
          {title}
          {chat?.name && <span class="muted small"> {phoneOf(chatId)}</span>}
        </h2>
        {markable && (
          <button type="button" class="secondary" disabled={markState.busy} onClick={() => markRun(() => api.post(`/chats/${seg(chatId)}/read${sessionId ? `?sessionId=${seg(sessionId)}` : ''}`, {}))}>
            Mark read
          </button>
        )}
      </header>
      <div
        class="messages"
        ref={scroller}
        tabIndex={0}
        aria-label="Messages"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {nextCursor && (
          <button type="button" class="secondary load-older" disabled={older.loading} onClick={loadOlder}>
            {older.loading ? 'Loading…' : 'Load older messages'}
          </button>
        )}
        {page.data === undefined && page.error && <ErrorText error={page.error} />}
        {page.data === undefined && !page.error && <p class="muted">Loading messages…</p>}
        <ol class="message-list" aria-live="polite" aria-relevant="additions">
          {messages.map((m) => {
            // The history holds a message of ours only once WhatsApp took it: at least "sent" until its status is read.
            const st = m.fromMe ? statuses[m.messageId] ?? { status: m.localStatus ?? 'sent' } : null;
            return (
              <li key={m.messageId} class={`msg ${m.fromMe ? 'out' : 'in'}${m.type && m.type !== 'chat' ? ` kind-${m.type}` : ''}`} data-message-id={m.messageId} data-type={m.type}>
                <MessageBody message={m} lookup={(id) => byId.get(id)} />
                <p class="msg-meta">
                  <time dateTime={new Date(m.timestamp * 1000).toISOString()} title={new Date(m.timestamp * 1000).toLocaleString()}>
                    {clock(m.timestamp)}
                  </time>
                  {m.fromMe && <Ticks status={st?.status} reason={st?.reason} />}
                </p>
              </li>
            );
          })}
        </ol>
      </div>
      <Composer
        sessionId={sessionId}
        chatId={chatId}
        canSend={can('messages:write')}
        onSent={(sent) => {
          stick.current = true;
          setPending((p) => [...p, sent]);
        }}
      />
    </section>
  );
}

function Composer({ sessionId, chatId, canSend, onSent }) {
  const [text, setText] = useState('');
  const [run, { busy, error }, clear] = useAction();
  if (!canSend) return <p class="composer why">{scopeReason('messages:write')} to reply.</p>;
  const send = () => {
    const body = text.trim();
    if (!body) return;
    run(async () => {
      const r = await api.post('/messages', { to: chatId, text: body, ...(sessionId ? { from: sessionId } : {}) });
      onSent({ messageId: r.id, body, type: 'chat', fromMe: true, timestamp: Math.floor(Date.now() / 1000), localStatus: 'queued' });
      setText('');
    });
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <ErrorText error={error} />
      <div class="row">
        <textarea
          aria-label="Message"
          placeholder="Type a message"
          title="Enter sends; Shift+Enter starts a new line"
          rows={2}
          maxLength={4096}
          value={text}
          onInput={(e) => (clear(), setText(e.currentTarget.value))}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              send();
            }
          }}
        />
        <button type="submit" disabled={busy || !text.trim()}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
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
      <div class="row">
        <button type="submit" disabled={busy}>
          Send
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
