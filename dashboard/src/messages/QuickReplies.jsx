// Quick replies in the composer: typing "/" (then more of a shortcut) right before the caret offers the team's quick
// replies whose shortcut starts so (GET /quick-replies?prefix=); ↑/↓ choose, Enter or Tab inserts the text in place
// of the shortcut, Escape dismisses. The text box keeps focus throughout (aria-activedescendant names the choice).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useDebounced, useResource } from '../lib/poll.js';
import { useKey } from '../lib/scopes.js';

const SHORTCUT_BEFORE_CARET = /(?:^|\s)(\/[\w-]{0,31})$/;
const LIST_ID = 'quick-replies';

export function useQuickReplies({ text, setText, box }) {
  const { can } = useKey();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(null);
  const [placeCaret, setPlaceCaret] = useState(null);
  const token = SHORTCUT_BEFORE_CARET.exec(text.slice(0, caret))?.[1] ?? null;
  const prefix = useDebounced(token, 150);
  const found = useResource(() => api.get('/quick-replies', { prefix, limit: 8 }).then((r) => r.data), [prefix], {
    enabled: can('chats:read') && prefix !== null,
  });
  const items = token === null || token === dismissed ? [] : (found.data ?? []).filter((q) => q.shortcut.startsWith(token));
  const open = items.length > 0;
  useEffect(() => setActive(0), [token]);
  useEffect(() => {
    if (placeCaret === null || !box.current) return;
    box.current.setSelectionRange(placeCaret, placeCaret);
    setPlaceCaret(null);
  }, [placeCaret]);

  const insert = (q) => {
    const start = caret - token.length;
    setText(text.slice(0, start) + q.text + text.slice(caret));
    setCaret(start + q.text.length);
    setPlaceCaret(start + q.text.length);
  };
  /** Call first from the box's keydown; true when the menu took the key. */
  const onKeyDown = (e) => {
    if (!open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') setActive((active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
    else if (e.key === 'Enter' || e.key === 'Tab') insert(items[Math.min(active, items.length - 1)]);
    else if (e.key === 'Escape') setDismissed(token);
    else return false;
    e.preventDefault();
    return true;
  };
  const track = (e) => setCaret(e.currentTarget.selectionStart ?? e.currentTarget.value.length);
  const boxProps = {
    onKeyUp: track,
    onClick: track,
    'aria-controls': open ? LIST_ID : undefined,
    'aria-activedescendant': open ? `${LIST_ID}-${Math.min(active, items.length - 1)}` : undefined,
  };
  const menu = open && (
    <ul class="quick-replies" role="listbox" id={LIST_ID} aria-label="Quick replies">
      {items.map((q, i) => (
        <li
          key={q.id}
          id={`${LIST_ID}-${i}`}
          role="option"
          aria-selected={i === active ? 'true' : 'false'}
          onMouseDown={(e) => (e.preventDefault(), insert(q))}
        >
          <span class="mono">{q.shortcut}</span> <span class="muted">{q.text}</span>
        </li>
      ))}
    </ul>
  );
  return { menu, onKeyDown, track, boxProps };
}
