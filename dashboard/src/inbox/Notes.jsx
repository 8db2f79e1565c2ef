// A conversation's internal notes (GET/POST /chats/{chatId}/notes): for the team only, never sent to the customer.
import { useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { chatPath } from '../lib/inbox.js';
import { dateTime } from '../lib/format.js';
import { useKey } from '../lib/scopes.js';
import { Empty, ErrorText, Loaded, scopeReason, useAction } from '../components/ui.jsx';

export function Notes({ sessionId, chatId, agents }) {
  const { can } = useKey();
  const notes = useResource(() => api.get(`/chats/${seg(chatId)}/notes`, { sessionId, limit: 50 }).then((r) => r.data), [sessionId, chatId], { interval: 20000 });
  const [text, setText] = useState('');
  const [run, { busy, error }] = useAction();
  const author = (n) => (n.agentId ? agents?.find((a) => a.id === n.agentId)?.name ?? n.agentId : 'An API key');
  const add = (e) => {
    e.preventDefault();
    run(async () => {
      const r = await api.post(chatPath(chatId, sessionId, '/notes'), { text });
      notes.setData((list) => [r.data, ...(list ?? []).filter((n) => n.id !== r.data.id)]);
      setText('');
    });
  };
  return (
    <section class="notes-panel" aria-label="Notes">
      <h3>Notes</h3>
      <p class="muted small">Internal: seen by the team here, never sent to the customer.</p>
      {can('chats:write') ? (
        <form onSubmit={add} aria-label="Add a note">
          <textarea aria-label="Note" rows={2} maxLength={4096} value={text} onInput={(e) => setText(e.currentTarget.value)} required />
          <ErrorText error={error} />
          <button type="submit" class="small" disabled={busy}>
            Add note
          </button>
        </form>
      ) : (
        <p class="why">{scopeReason('chats:write')} to add notes.</p>
      )}
      <Loaded resource={notes} what="notes">
        {(items) =>
          items.length === 0 ? (
            <Empty>No notes yet.</Empty>
          ) : (
            <ol class="notes-list">
              {items.map((n) => (
                <li key={n.id} data-note={n.id}>
                  <p class="notes">{n.text}</p>
                  <p class="muted small">
                    {author(n)} · {dateTime(n.createdAt)}
                  </p>
                </li>
              ))}
            </ol>
          )
        }
      </Loaded>
    </section>
  );
}
