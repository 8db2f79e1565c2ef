// How each kind of message is shown. A kind is registered with its label and a body component; the conversation
// renders any message through <MessageBody>, so new kinds (media with previews, polls with options, reactions on
// their target, replies) plug in here without touching the conversation. Unknown kinds get a labelled placeholder.
// Everything from WhatsApp is a stranger's text and is rendered as text nodes only.

const registry = new Map();

/** @param {string} type the API's message type ("chat", "image", "poll_creation", …) */
export function registerKind(type, { label, Body }) {
  registry.set(type, { type, label, Body });
}

export const kindOf = (type) => registry.get(type);

/** Plain text, line breaks kept (CSS pre-wrap). */
export function Text({ text }) {
  return text ? <p class="msg-text">{text}</p> : null;
}

function Labelled({ m, kind, extra }) {
  return (
    <>
      <p class="msg-kind">
        {kind.label}
        {extra && <span class="muted"> · {extra}</span>}
      </p>
      <Text text={m.body} />
    </>
  );
}

/** Media: the API does not serve media content yet, so the kind, file name and caption are shown. */
function MediaBody({ m, kind }) {
  const name = m.media?.filename;
  return (
    <>
      <div class="media-placeholder">
        {kind.label}
        {name && <span class="mono"> {name}</span>}
        <span class="muted small"> — not viewable here yet</span>
      </div>
      <Text text={m.body} />
    </>
  );
}

function PollBody({ m, kind }) {
  const options = Array.isArray(m.poll?.options) ? m.poll.options : [];
  return (
    <>
      <Labelled m={m} kind={kind} />
      {options.length > 0 && (
        <ul class="poll-options">
          {options.map((o, i) => (
            <li key={i}>{typeof o === 'string' ? o : o?.name ?? ''}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function ReactionBody({ m }) {
  return (
    <p class="msg-kind">
      Reacted <span class="emoji">{m.body || '(removed)'}</span>
    </p>
  );
}

registerKind('chat', { label: 'Text', Body: ({ m }) => <Text text={m.body} /> });
registerKind('image', { label: 'Photo', Body: MediaBody });
registerKind('video', { label: 'Video', Body: MediaBody });
registerKind('audio', { label: 'Audio', Body: MediaBody });
registerKind('ptt', { label: 'Voice message', Body: MediaBody });
registerKind('document', { label: 'Document', Body: MediaBody });
registerKind('sticker', { label: 'Sticker', Body: MediaBody });
registerKind('location', { label: 'Location', Body: ({ m, kind }) => <Labelled m={m} kind={kind} /> });
registerKind('vcard', { label: 'Contact card', Body: ({ m, kind }) => <Labelled m={m} kind={kind} /> });
registerKind('poll_creation', { label: 'Poll', Body: PollBody });
registerKind('reaction', { label: 'Reaction', Body: ReactionBody });

/** The quoted message of a reply, from the messages already loaded (when the API says which one it answers). */
function Quote({ id, lookup }) {
  const target = lookup?.(id);
  return (
    <blockquote class="quote">
      {target ? (
        <>
          <span class="muted small">{target.fromMe ? 'You' : 'Them'}: </span>
          {target.body ? target.body.slice(0, 140) : kindOf(target.type)?.label ?? 'a message'}
        </>
      ) : (
        <span class="muted small">Reply to an earlier message</span>
      )}
    </blockquote>
  );
}

export function MessageBody({ message: m, lookup }) {
  const kind = registry.get(m.type);
  const quoted = m.quotedId ?? m.replyTo?.messageId ?? m.quoted?.messageId;
  return (
    <>
      {quoted && <Quote id={quoted} lookup={lookup} />}
      {kind ? (
        <kind.Body m={m} kind={kind} />
      ) : (
        <div class="placeholder" data-unknown-kind={m.type}>
          <p class="msg-kind">Unsupported message ({String(m.type)})</p>
          <p class="muted small">This kind of message cannot be shown here yet; open WhatsApp on the phone to see it.</p>
          <Text text={m.body} />
        </div>
      )}
    </>
  );
}

/** Delivery ticks of an outbound message. */
const TICKS = {
  queued: ['◷', 'Queued'],
  sent: ['✓', 'Sent'],
  delivered: ['✓✓', 'Delivered'],
  read: ['✓✓', 'Read'],
  played: ['✓✓', 'Played'],
  failed: ['!', 'Not sent'],
};

export function Ticks({ status, reason }) {
  const [mark, label] = TICKS[status] ?? ['…', 'Checking'];
  const text = status === 'failed' && reason ? `${label}: ${reason.replaceAll('_', ' ')}` : label;
  return (
    <span class={`ticks t-${status ?? 'unknown'}`} data-status={status ?? ''} title={text}>
      <span aria-hidden="true">{mark}</span>
      <span class="sr-only">{text}</span>
      {status === 'failed' && <span class="fail-reason"> {text}</span>}
    </span>
  );
}
