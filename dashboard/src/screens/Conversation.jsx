// One conversation: its newest history page polled, which carries each message in full (ticks, file, poll tallies,
// quote, reactions, edits, deletion), so new messages and changes show without reload or a read per message; "Reply"
// on each message for a key that may send; mark read as it is opened and as messages arrive while it is open.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';
import { navigate } from '../lib/router.js';
import { useCapabilities } from '../lib/capabilities.js';
import { chatTitle, clock, phoneOf } from '../lib/format.js';
import { ErrorText, useAction } from '../components/ui.jsx';
import { MessageBody, Ticks, summary } from '../messages/kinds.jsx';
import { Composer } from './Composer.jsx';
import { ConversationPanel } from '../inbox/ConversationPanel.jsx';
import { ReactButton } from '../messages/ReactButton.jsx';

/** A history item is its own full view; a send not yet in the history (no `kind`) has none yet. */
const fullView = (m) => (m.kind ? m : undefined);

export const chatLink = (sessionId, chatId) => `/chats?${new URLSearchParams({ ...(sessionId ? { session: sessionId } : {}), ...(chatId ? { chat: chatId } : {}) })}`;

/** Mark read on opening and whenever unread messages arrive while the chat is open (where the API and key allow it). */
function useMarkRead(sessionId, chatId, chat) {
  const unread = chat?.unreadCount;
  const { can } = useKey();
  const caps = useCapabilities();
  const [run, state] = useAction();
  const allowed = caps.has('post', '/chats/{chatId}/read') && can('chats:write');
  const mark = () => run(() => api.post(`/chats/${seg(chatId)}/read${sessionId ? `?sessionId=${seg(sessionId)}` : ''}`, {}));
  // Again on every new arrival (lastTimestamp), even when the count happens to equal the last one seen.
  useEffect(() => {
    if (allowed && unread !== 0 && !document.hidden) mark();
  }, [allowed, chatId, sessionId, unread, chat?.lastTimestamp]);
  return { allowed, mark, state };
}

export function Conversation({ sessionId, chatId, chat }) {
  const { can } = useKey();
  const page = useResource(() => api.get(`/chats/${seg(chatId)}/messages`, { sessionId, limit: 50 }), [sessionId, chatId], { interval: 2500 });
  const [older, setOlder] = useState({ items: [], cursor: undefined, loading: false });
  const [pending, setPending] = useState([]);
  const [replyTo, setReplyTo] = useState(null);
  const read = useMarkRead(sessionId, chatId, chat);

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
  const byId = useMemo(() => new Map(messages.map((m) => [m.messageId, m])), [messages]);
  const lookup = (id) => (byId.has(id) ? { m: byId.get(id), d: fullView(byId.get(id)) } : undefined);
  const nextCursor = older.items.length ? older.cursor : page.data?.nextCursor;

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
        {read.allowed && (
          <button type="button" class="secondary" disabled={read.state.busy} onClick={read.mark}>
            Mark read
          </button>
        )}
      </header>
      <ConversationPanel sessionId={sessionId} chatId={chatId} />
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
            const d = fullView(m);
            // The history holds a message of ours only once WhatsApp took it: at least "sent".
            const status = d?.status ?? m.localStatus ?? 'sent';
            return (
              <li
                key={m.messageId}
                class={`msg ${m.fromMe ? 'out' : 'in'}${m.type && m.type !== 'chat' ? ` kind-${m.type}` : ''}`}
                data-message-id={m.messageId}
                data-type={m.type}
              >
                <MessageBody message={m} details={d} lookup={lookup} sessionId={sessionId} />
                <p class="msg-meta">
                  {d?.editedAt && !d.revoked && <span class="edited">Edited</span>}
                  <time dateTime={new Date(m.timestamp * 1000).toISOString()} title={new Date(m.timestamp * 1000).toLocaleString()}>
                    {clock(m.timestamp)}
                  </time>
                  {m.fromMe && <Ticks status={status} reason={d?.reason} />}
                  {can('messages:write') && !d?.revoked && m.type !== 'reaction' && (
                    <button type="button" class="link reply" aria-label={`Reply to ${summary(m, d).slice(0, 60) || 'this message'}`} onClick={() => setReplyTo(m)}>
                      Reply
                    </button>
                  )}
                  <ReactButton sessionId={sessionId} chatId={chatId} message={m} revoked={d?.revoked} />
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
        replyTo={replyTo && { m: replyTo, d: fullView(replyTo) }}
        onCancelReply={() => setReplyTo(null)}
        onSent={(sent) => {
          stick.current = true;
          setReplyTo(null);
          setPending((p) => [...p, sent]);
        }}
      />
    </section>
  );
}
