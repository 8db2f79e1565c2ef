// "React" on a message: a few emoji to choose from (arrow keys move, Escape closes), sent as a reaction message
// (POST /messages { reaction }); it shows on the message once the message is read again.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useKey } from '../lib/scopes.js';
import { ErrorText, useAction } from '../components/ui.jsx';

const EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

export function ReactButton({ sessionId, chatId, message, revoked }) {
  const { can } = useKey();
  const [open, setOpen] = useState(false);
  const [run, { busy, error }] = useAction();
  const toggle = useRef(null);
  const choices = useRef(null);
  useEffect(() => {
    if (open) choices.current?.querySelector('button')?.focus();
  }, [open]);
  if (!can('messages:write') || revoked || message.type === 'reaction' || !message.messageId) return null;

  const close = () => (setOpen(false), toggle.current?.focus());
  const react = (emoji) =>
    run(async () => {
      await api.post('/messages', { to: chatId, ...(sessionId ? { from: sessionId } : {}), reaction: { messageId: message.messageId, emoji } });
      close();
    });
  const onKeyDown = (e) => {
    const buttons = [...choices.current.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement);
    if (e.key === 'Escape') (e.preventDefault(), close());
    else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      buttons[(at + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
    }
  };
  return (
    <span class="react">
      <button ref={toggle} type="button" class="link" aria-expanded={open ? 'true' : 'false'} onClick={() => setOpen(!open)}>
        React
      </button>
      {open && (
        <span class="react-choices" role="group" aria-label="Choose a reaction" ref={choices} onKeyDown={onKeyDown}>
          {EMOJI.map((emoji) => (
            <button key={emoji} type="button" class="secondary small" aria-label={`React with ${emoji}`} disabled={busy} onClick={() => react(emoji)}>
              {emoji}
            </button>
          ))}
        </span>
      )}
      <ErrorText error={error} />
    </span>
  );
}
