// How each kind of message is shown. A kind is registered with its label and a body component; the conversation
// renders any message through <MessageBody>, from its history row (`m`: text and type) and, once read, its full view
// (`d`, GET /messages/{id}: file, location, contact, poll with tallies, quoted message, reactions, edits, deletion).
// Unknown kinds get a labelled placeholder. Everything from WhatsApp is a stranger's text, rendered as text nodes only.
import { phoneOf } from '../lib/format.js';
import { size } from '../lib/attach.js';
import { DownloadButton, Picture, Player } from './media.jsx';

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

const Label = ({ kind, extra }) => (
  <p class="msg-kind">
    {kind.label}
    {extra && <span class="muted"> · {extra}</span>}
  </p>
);

/** Photo, video, audio, voice, document, sticker: the file once the message has been read, and its caption. */
function MediaBody({ m, d, kind, sessionId }) {
  const media = d?.media;
  const caption = media?.caption ?? m.body;
  const base = kind.type === 'ptt' ? 'audio' : kind.type;
  let file;
  if (d === undefined) file = <p class="media-placeholder">{kind.label}</p>;
  else if (!media?.url)
    file = (
      <p class="media-placeholder">
        {kind.label} — the file is not available{media?.detail ? `: ${media.detail}` : '.'}
      </p>
    );
  else if (base === 'image' || base === 'sticker') file = <Picture id={m.messageId} sessionId={sessionId} kind={base} alt={caption ? `${kind.label}: ${caption}` : kind.label} />;
  else if (base === 'audio' || base === 'video') file = <Player id={m.messageId} sessionId={sessionId} kind={base} media={media} label={kind.label} />;
  else
    file = (
      <div class="document">
        <p class="file-name">{media.fileName || 'Untitled document'}</p>
        <p class="muted small">
          {[media.mimetype, size(media.size)].filter(Boolean).join(' · ')}
        </p>
        <DownloadButton id={m.messageId} sessionId={sessionId} kind="document" fileName={media.fileName} label="Download" />
      </div>
    );
  return (
    <>
      {file}
      {base !== 'audio' && base !== 'sticker' && <Text text={caption} />}
    </>
  );
}

/** Only finite numbers reach the map link. */
const mapLink = (lat, lon) => `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;

function LocationBody({ d, kind }) {
  const loc = d?.location;
  const lat = Number(loc?.latitude);
  const lon = Number(loc?.longitude);
  if (!loc || !Number.isFinite(lat) || !Number.isFinite(lon)) return <Label kind={kind} />;
  return (
    <div class="location">
      <Label kind={kind} extra={loc.name} />
      {loc.address && <p class="small">{loc.address}</p>}
      <p class="small mono">
        {lat.toFixed(5)}, {lon.toFixed(5)}{' '}
        <a href={mapLink(lat, lon)} target="_blank" rel="noopener noreferrer">
          Open map
        </a>
      </p>
    </div>
  );
}

function ContactBody({ d, kind }) {
  const cards = d?.contacts?.length ? d.contacts : d?.contact ? [d.contact] : [];
  return (
    <>
      <Label kind={kind} />
      {cards.map((c, i) => (
        <p key={i} class="contact-card">
          <strong>{c.fullName}</strong>
          {c.organization && <span class="muted"> · {c.organization}</span>}
          {c.phoneNumber && <span class="mono"> +{c.phoneNumber}</span>}
        </p>
      ))}
    </>
  );
}

function PollBody({ m, d, kind }) {
  const poll = d?.poll;
  if (!poll) return (<><Label kind={kind} /><Text text={m.body} /></>);
  const total = poll.options.reduce((n, o) => n + (o.votes ?? 0), 0);
  return (
    <div class="poll">
      <Label kind={kind} extra={poll.selectableCount === 1 ? 'one choice' : poll.selectableCount > 1 ? `up to ${poll.selectableCount} choices` : 'any number of choices'} />
      <p class="msg-text poll-name">{poll.name}</p>
      <ul class="poll-options">
        {poll.options.map((o, i) => (
          <li key={i} data-votes={o.votes ?? 0}>
            <span class="poll-option">{o.name}</span>
            <span class="poll-votes">{o.votes ?? 0}</span>
            <meter min={0} max={Math.max(1, total)} value={o.votes ?? 0} aria-label={`${o.name}: ${o.votes ?? 0} votes`} />
          </li>
        ))}
      </ul>
      <p class="muted small">{poll.voters ?? 0} voted</p>
    </div>
  );
}

function ReactionBody({ m, d, lookup }) {
  const target = d?.reactionTo?.messageId;
  return (
    <>
      <p class="msg-kind">
        Reacted <span class="emoji">{(d?.reactionTo?.emoji ?? m.body) || '(removed)'}</span>
      </p>
      {target && <Quote id={target} lookup={lookup} />}
    </>
  );
}

registerKind('chat', { label: 'Text', Body: ({ m }) => <Text text={m.body} /> });
registerKind('image', { label: 'Photo', Body: MediaBody });
registerKind('video', { label: 'Video', Body: MediaBody });
registerKind('audio', { label: 'Audio', Body: MediaBody });
registerKind('ptt', { label: 'Voice message', Body: MediaBody });
registerKind('document', { label: 'Document', Body: MediaBody });
registerKind('sticker', { label: 'Sticker', Body: MediaBody });
registerKind('location', { label: 'Location', Body: LocationBody });
registerKind('vcard', { label: 'Contact card', Body: ContactBody });
registerKind('poll_creation', { label: 'Poll', Body: PollBody });
registerKind('reaction', { label: 'Reaction', Body: ReactionBody });

/** A short text for a message shown elsewhere (a quote, the reply being written). */
export function summary(m, d) {
  if (d?.revoked) return 'Deleted message';
  const label = kindOf(m.type)?.label ?? 'Message';
  const text = d?.media?.caption ?? d?.poll?.name ?? d?.location?.name ?? d?.contact?.fullName ?? m.body;
  return m.type === 'chat' ? (text || '').slice(0, 140) : `${label}${text ? `: ${text.slice(0, 120)}` : ''}`;
}

/** The quoted message of a reply, from the messages already loaded. */
function Quote({ id, lookup }) {
  const target = lookup?.(id);
  return (
    <blockquote class="quote" data-quoted-id={id}>
      {target ? (
        <>
          <span class="muted small">{target.m.fromMe ? 'You' : 'Them'}: </span>
          {summary(target.m, target.d)}
        </>
      ) : (
        <span class="muted small">Reply to an earlier message</span>
      )}
    </blockquote>
  );
}

/** Reactions on the message, one chip per emoji with its count; who reacted in the chip's accessible name. */
export function Reactions({ reactions }) {
  const groups = new Map();
  for (const r of reactions ?? []) if (r.emoji) groups.set(r.emoji, [...(groups.get(r.emoji) ?? []), r.fromMe ? 'You' : phoneOf(r.from)]);
  if (!groups.size) return null;
  return (
    <ul class="reactions" aria-label="Reactions">
      {[...groups].map(([emoji, who]) => (
        <li key={emoji} title={who.join(', ')} data-emoji={emoji}>
          <span aria-hidden="true">{emoji}</span>
          {who.length > 1 && <span class="small"> {who.length}</span>}
          <span class="sr-only">
            {emoji} from {who.join(', ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * @param {{ message: object, details?: object | null, lookup?: (id: string) => ({ m: object, d?: object } | undefined), sessionId?: string }} props
 * `details`: the message's full view (a history item carries it); undefined for a send not yet in the history.
 */
export function MessageBody({ message: m, details: d, lookup, sessionId }) {
  const kind = registry.get(m.type);
  const quoted = d?.replyTo?.messageId;
  return (
    <>
      {quoted && <Quote id={quoted} lookup={lookup} />}
      {d?.revoked ? (
        <p class="msg-text deleted">This message was deleted.</p>
      ) : kind ? (
        <kind.Body m={m} d={d} kind={kind} lookup={lookup} sessionId={sessionId} />
      ) : (
        <div class="placeholder" data-unknown-kind={m.type}>
          <p class="msg-kind">Unsupported message ({String(m.type)})</p>
          <p class="muted small">This kind of message cannot be shown here yet; open WhatsApp on the phone to see it.</p>
          <Text text={m.body} />
        </div>
      )}
      <Reactions reactions={d?.reactions} />
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
