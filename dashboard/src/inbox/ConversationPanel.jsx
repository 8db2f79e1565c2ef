// The inbox side of an open conversation (GET /chats/{chatId}): its status, assignee, tags and follow-up in a line
// that opens into the actions (assign, resolve or reopen, follow-up, tags) and the notes. Each write answers with the
// conversation, shown at once, and tells the chat list to refresh its rows and counts.
import { useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { useResource } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';
import { chatPath, inboxChanged, useAgents, useTags } from '../lib/inbox.js';
import { dateTime } from '../lib/format.js';
import { Action, Badge, ErrorText, scopeReason, useAction } from '../components/ui.jsx';
import { TagChip, tagsOf } from '../components/TagChip.jsx';
import { FollowUp } from './FollowUp.jsx';
import { Notes } from './Notes.jsx';

export function ConversationPanel({ sessionId, chatId }) {
  const { can } = useKey();
  const conv = useResource(() => api.get(`/chats/${seg(chatId)}`, { sessionId }).then((r) => r.data), [sessionId, chatId], { interval: 10000 });
  const agents = useAgents();
  const tags = useTags();
  const [run, { busy, error }] = useAction();
  const c = conv.data;
  if (!c) return conv.error ? <ErrorText error={conv.error} /> : null;

  const write = (method, suffix, body) =>
    run(async () => {
      const r = await (method === 'delete' ? api.del(chatPath(chatId, sessionId, suffix)) : api[method](chatPath(chatId, sessionId, suffix), body));
      conv.setData(r.data);
      conv.reload(); // a poll already under way would otherwise put back the state from before this change
      inboxChanged();
    });
  const onIt = tagsOf(c.tags, tags.data);
  const writable = can('chats:write');
  return (
    <details class="inbox-panel" data-status={c.status}>
      <summary>
        <Badge value={c.status} />
        <span class="assignee" data-assignee={c.assignee ?? ''}>
          {c.assignee ? `Assigned to ${c.assigneeName ?? c.assignee}` : 'Unassigned'}
        </span>
        {onIt.map((t) => (
          <TagChip key={t.id} tag={t} />
        ))}
        {c.followUp && <span class="muted small">Follow-up {dateTime(c.followUp.at)}</span>}
      </summary>
      <div class="inbox-actions">
        {writable ? (
          <Changes conversation={c} agents={agents.data} tags={tags.data} write={write} busy={busy} error={error} />
        ) : (
          <p class="why">{scopeReason('chats:write')} to assign, resolve, tag or set a follow-up.</p>
        )}
        <Notes sessionId={sessionId} chatId={chatId} agents={agents.data} />
      </div>
    </details>
  );
}

/** The conversation's changes, for a key with chats:write. */
function Changes({ conversation: c, agents, tags, write, busy, error }) {
  const { can, me } = useKey();
  const [agentId, setAgentId] = useState('');
  const [tagId, setTagId] = useState('');
  const onIt = tagsOf(c.tags, tags);
  const addable = (tags ?? []).filter((t) => !c.tags.includes(t.id));
  const closed = c.status === 'resolved' || c.status === 'closed';
  return (
    <>
      <ErrorText error={error} />
      <div class="row wrap">
        {can('agents:read') ? (
          <form class="row" aria-label="Assign" onSubmit={(e) => (e.preventDefault(), write('post', '/assign', { agentId }))}>
            <select aria-label="Agent" value={agentId} required onChange={(e) => setAgentId(e.currentTarget.value)}>
              <option value="">Choose an agent…</option>
              {(agents ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.status})
                </option>
              ))}
            </select>
            <Action scope="chats:write" type="submit" busy={busy}>
              Assign
            </Action>
          </form>
        ) : (
          <span class="why">{scopeReason('agents:read')} to choose an agent</span>
        )}
        {me.agentId && c.assignee !== me.agentId && (
          <Action scope="chats:write" class="secondary" busy={busy} onClick={() => write('post', '/assign', { agentId: 'me' })}>
            Assign to me
          </Action>
        )}
        {c.assignee && (
          <Action scope="chats:write" class="secondary" busy={busy} onClick={() => write('post', '/unassign', {})}>
            Unassign
          </Action>
        )}
      </div>
      <div class="row wrap">
        {closed ? (
          <Action scope="chats:write" busy={busy} onClick={() => write('post', '/reopen', {})}>
            Reopen
          </Action>
        ) : (
          <Action scope="chats:write" busy={busy} onClick={() => write('post', '/resolve', {})}>
            Resolve
          </Action>
        )}
        {c.status === 'open' && (
          <Action scope="chats:write" class="secondary" busy={busy} onClick={() => write('patch', '', { status: 'pending' })}>
            Set aside (pending)
          </Action>
        )}
      </div>
      <div class="row wrap" role="group" aria-label="Tags">
        {onIt.map((t) => (
          <TagChip key={t.id} tag={t}>
            <button type="button" class="link" aria-label={`Remove the tag ${t.name}`} disabled={busy} onClick={() => write('delete', `/tags/${seg(t.id)}`)}>
              ✕
            </button>
          </TagChip>
        ))}
        {addable.length > 0 && (
          <form class="row" aria-label="Add a tag" onSubmit={(e) => (e.preventDefault(), write('post', `/tags/${seg(tagId)}`), setTagId(''))}>
            <select aria-label="Tag" value={tagId} required onChange={(e) => setTagId(e.currentTarget.value)}>
              <option value="">Choose a tag…</option>
              {addable.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
            <Action scope="chats:write" type="submit" class="secondary" busy={busy}>
              Add tag
            </Action>
          </form>
        )}
        {(tags ?? []).length === 0 && <span class="muted small">No tags yet: add them under Inbox settings.</span>}
      </div>
      <FollowUp followUp={c.followUp} busy={busy} onSet={(body) => write('post', '/follow-up', body)} onCancel={() => write('delete', '/follow-up')} />
    </>
  );
}
