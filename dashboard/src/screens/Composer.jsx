// The reply box of a conversation: text (Enter sends, Shift+Enter a new line), a file (uploaded by POST /media, then
// sent by POST /messages as an image, video, audio or document chosen from its type, the text as its caption), and
// the message it replies to (replyTo); a poll or a location (messages/SendKinds.jsx); "/" offers the quick replies
// (messages/QuickReplies.jsx). Without messages:write it says why instead.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { fileMessage, kindForFile, size } from '../lib/attach.js';
import { ErrorText, scopeReason, useAction } from '../components/ui.jsx';
import { kindOf, summary } from '../messages/kinds.jsx';
import { useQuickReplies } from '../messages/QuickReplies.jsx';
import { SEND_KINDS } from '../messages/SendKinds.jsx';

const TYPE_OF_KIND = { image: 'image', video: 'video', audio: 'audio', document: 'document' };

export function Composer({ sessionId, chatId, canSend, replyTo, onCancelReply, onSent }) {
  const [text, setText] = useState('');
  const [file, setFile] = useState(null);
  const [other, setOther] = useState(null); // a kind of SEND_KINDS being written
  const [run, { busy, error }, clear] = useAction();
  const box = useRef(null);
  const picker = useRef(null);
  const quick = useQuickReplies({ text, setText, box });
  useEffect(() => {
    if (replyTo) box.current?.focus();
  }, [replyTo?.m.messageId]);
  if (!canSend) return <p class="composer why">{scopeReason('messages:write')} to reply.</p>;

  const choice = file && kindForFile(file);
  const from = sessionId ? { from: sessionId } : {};
  const reply = replyTo ? { replyTo: replyTo.m.messageId } : {};
  const now = () => Math.floor(Date.now() / 1000);
  const send = () => {
    const body = text.trim();
    if (busy || (!body && !file) || (file && !choice.kind)) return;
    run(async () => {
      if (file) {
        const { data: upload } = await api.upload('/media', file, { kind: choice.kind, fileName: file.name || undefined });
        const caption = choice.kind === 'audio' ? '' : body;
        const r = await api.post('/messages', fileMessage({ to: chatId, ...from, kind: choice.kind, mediaId: upload.id, caption, fileName: file.name, ...reply }));
        onSent({ messageId: r.id, body: caption, type: TYPE_OF_KIND[choice.kind], hasMedia: true, fromMe: true, timestamp: now(), localStatus: 'queued' });
        setFile(null);
        if (picker.current) picker.current.value = '';
        if (choice.kind !== 'audio' || !body) return setText('');
      }
      // Text, or the words that came with a voice file (audio takes no caption).
      const r = await api.post('/messages', { to: chatId, text: body, ...from, ...(file ? {} : reply) });
      onSent({ messageId: r.id, body, type: 'chat', fromMe: true, timestamp: now(), localStatus: 'queued' });
      setText('');
    });
  };
  return (
    <>
      {other && (
        <div class="composer">
          <other.Form
            to={chatId}
            sessionId={sessionId}
            replyTo={replyTo?.m.messageId}
            onSent={(sent) => (setOther(null), onSent(sent), box.current?.focus())}
            onCancel={() => (setOther(null), box.current?.focus())}
          />
        </div>
      )}
      <form
        class="composer"
        aria-label="Write a message"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <ErrorText error={error} />
        {replyTo && (
          <div class="replying" role="group" aria-label="Replying to">
            <span class="muted small">Replying to {replyTo.m.fromMe ? 'your message' : 'their message'}:</span>
            <span class="replying-text">{summary(replyTo.m, replyTo.d)}</span>
            <button type="button" class="secondary small" onClick={onCancelReply} aria-label="Cancel the reply">
              ✕
            </button>
          </div>
        )}
        {file && (
          <div class="attachment" role="group" aria-label="Attachment">
            <span class="file-name">{file.name || 'file'}</span>
            <span class="muted small">
              {' '}
              {size(file.size)} · {choice.kind ? `sent as ${(kindOf(TYPE_OF_KIND[choice.kind])?.label ?? choice.kind).toLowerCase()}` : choice.reason}
            </span>
            <button type="button" class="secondary small" onClick={() => (setFile(null), clear(), (picker.current.value = ''))} aria-label="Remove the attachment">
              ✕
            </button>
          </div>
        )}
        {quick.menu}
        <div class="row">
          <input
            ref={picker}
            type="file"
            class="sr-only"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => (clear(), setFile(e.currentTarget.files?.[0] ?? null), box.current?.focus())}
          />
          <button type="button" class="secondary attach" aria-label="Attach a file" title="Attach a file" onClick={() => picker.current?.click()}>
            Attach
          </button>
          <textarea
            ref={box}
            aria-label="Message"
            placeholder={file ? (choice?.kind === 'audio' ? 'A message to send after it' : 'Add a caption') : 'Type a message'}
            title="Enter sends; Shift+Enter starts a new line; Escape cancels a reply"
            rows={2}
            maxLength={file ? 1024 : 4096}
            value={text}
            onInput={(e) => (clear(), setText(e.currentTarget.value), quick.track(e))}
            {...quick.boxProps}
            onKeyDown={(e) => {
              if (quick.onKeyDown(e)) return;
              if (e.key === 'Escape' && replyTo) {
                e.preventDefault();
                onCancelReply();
              }
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                send();
              }
            }}
          />
          <button type="submit" disabled={busy || (!text.trim() && !file) || (file && !choice.kind)}>
            {busy ? 'Sending…' : 'Send'}
          </button>
        </div>
        <div class="composer-kinds">
          {SEND_KINDS.map((k) => (
            <button key={k.id} type="button" class="link small" onClick={() => (clear(), setOther(k))}>
              {k.label}…
            </button>
          ))}
        </div>
      </form>
    </>
  );
}
