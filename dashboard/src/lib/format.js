// Display helpers. Everything returns plain strings: the views render them as text.

/** "919812345678@s.whatsapp.net" → "+91 98123 45678"-ish: digits with a plus; groups and other jids stay as they are. */
export function phoneOf(jid) {
  if (!jid) return '';
  const m = /^(\d{6,15})(?::\d+)?@s\.whatsapp\.net$/.exec(jid);
  return m ? `+${m[1]}` : jid;
}

export const chatTitle = (chat) => chat.name || phoneOf(chat.chatId);

const rtf = typeof Intl !== 'undefined' && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }) : null;

/** Unix seconds or an ISO string → "5 min ago" / "in 3 h". */
export function relative(when, now = Date.now()) {
  const ms = typeof when === 'number' ? when * 1000 : Date.parse(when);
  if (!Number.isFinite(ms)) return '';
  const diff = Math.round((ms - now) / 1000);
  const abs = Math.abs(diff);
  if (!rtf) return new Date(ms).toLocaleString();
  if (abs < 45) return rtf.format(diff, 'second');
  if (abs < 2700) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86400), 'day');
}

export function dateTime(when) {
  const ms = typeof when === 'number' ? when * 1000 : Date.parse(when);
  return Number.isFinite(ms) ? new Date(ms).toLocaleString() : '';
}

export function clock(when) {
  const ms = typeof when === 'number' ? when * 1000 : Date.parse(when);
  return Number.isFinite(ms) ? new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

/** Seconds → "1 h 5 min", "40 s". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60 ? `${s % 60} s` : ''}`.trim();
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h < 48 ? `${h} h${m ? ` ${m} min` : ''}` : `${Math.round(h / 24)} days`;
}

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
