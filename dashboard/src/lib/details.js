// Which messages of a conversation to read in full (GET /messages/{id}: status, content, reply, reactions, votes,
// edits) this round. The chat history holds only a message's text and type, so everything else is read one message
// at a time, within a budget the caller keeps. Pure, so it is tested without a browser.

const FINAL = new Set(['read', 'played', 'failed']);
/** How long a read stays good: ticks of a fresh send, ticks of older sends, and the rest (reactions, votes, edits). */
export const FRESH_STATUS_MS = 2000;
export const STATUS_MS = 10000;
export const REFRESH_MS = 15000;

/** What the history row says; when it changes (an edit, a deletion) the message is read again. */
export const signature = (m) => `${m.type}|${m.hasMedia ? 1 : 0}|${m.body ?? ''}`;

/**
 * Never-read messages on screen come first; then the ticks of sends of the last two minutes (every 2 s), except every
 * other round (`ticksFirst` false), when they wait behind never-read messages elsewhere, edits and older ticks, so
 * that a burst of sends cannot starve the rest of the budget; last, what is on screen is read again every 15 s.
 * @param {Array<{ messageId: string, fromMe?: boolean, timestamp: number }>} messages oldest first
 * @param {Map<string, { view?: object, at: number, sig: string }>} known what was read, when, and the row it was read for
 * @param {{ now: number, visible: Set<string>, budget: number, ticksFirst?: boolean }} options
 * @returns {string[]} ids to read, most urgent first, at most `budget`
 */
export function dueForDetails(messages, known, { now, visible, budget, ticksFirst = true }) {
  if (budget <= 0) return [];
  const ranked = [];
  const newestFirst = [...messages].reverse();
  newestFirst.forEach((m, order) => {
    if (!m.messageId) return;
    const k = known.get(m.messageId);
    const age = now - m.timestamp * 1000;
    const since = k ? now - k.at : Infinity;
    const open = m.fromMe && !FINAL.has(k?.view?.status) && !k?.view?.revoked;
    const seen = visible.has(m.messageId);
    let rank;
    if (!k && seen) rank = 0; // never read, on screen
    else if (open && age < 120_000 && since >= FRESH_STATUS_MS) rank = ticksFirst ? 1 : 4.5; // ticks move fast just after a send
    else if (!k) rank = 2; // never read, newest first
    else if (k.sig !== signature(m)) rank = 3; // edited or deleted since
    else if (open && age < 86_400_000 && since >= STATUS_MS) rank = 4;
    else if (seen && since >= REFRESH_MS && !k.view?.revoked) rank = 5; // reactions, votes
    else return;
    ranked.push([rank, order, m.messageId]);
  });
  ranked.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return ranked.slice(0, budget).map((r) => r[2]);
}

/** A token bucket: `take(n)` gives at most what has been earned (`perSecond`, up to `capacity`). */
export function bucket({ capacity, perSecond, now = Date.now() }) {
  let tokens = capacity;
  let last = now;
  const fill = (t) => {
    tokens = Math.min(capacity, tokens + ((t - last) / 1000) * perSecond);
    last = t;
  };
  return {
    available: (t = Date.now()) => (fill(t), Math.floor(tokens)),
    take: (n, t = Date.now()) => (fill(t), (tokens -= n)),
  };
}
