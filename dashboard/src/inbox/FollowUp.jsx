// A conversation's follow-up reminder: when it is due the conversation reopens (unless open) and the team is told.
import { useState } from 'preact/hooks';
import { dateTime } from '../lib/format.js';
import { Action } from '../components/ui.jsx';

export function FollowUp({ followUp, busy, onSet, onCancel }) {
  const [at, setAt] = useState('');
  const [note, setNote] = useState('');
  if (followUp)
    return (
      <div class="row wrap follow-up">
        <span>
          Follow-up {dateTime(followUp.at)}
          {followUp.note && <span class="muted"> — {followUp.note}</span>}
        </span>
        <Action scope="chats:write" class="secondary" busy={busy} onClick={onCancel}>
          Cancel follow-up
        </Action>
      </div>
    );
  const submit = (e) => {
    e.preventDefault();
    // datetime-local is the browser's local time; the API wants an instant.
    onSet({ at: new Date(at).toISOString(), ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form class="row wrap follow-up" onSubmit={submit} aria-label="Follow-up">
      <label class="inline">
        <span class="label">Follow up at</span>
        <input type="datetime-local" value={at} onInput={(e) => setAt(e.currentTarget.value)} required />
      </label>
      <input aria-label="Follow-up note" placeholder="Note (optional)" maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <Action scope="chats:write" type="submit" class="secondary" busy={busy}>
        Set follow-up
      </Action>
    </form>
  );
}
