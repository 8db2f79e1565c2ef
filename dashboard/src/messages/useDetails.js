// The full view of each message of an open conversation (GET /messages/{id}): delivery status, file, location,
// contact, poll tallies, the message it quotes, reactions, edits and deletion. The history lists only text and type,
// so messages are read one by one, most urgent first (lib/details.js), within a share of the key's request budget
// (120 a minute by default, of which the chat screen's list polls take about 45): 10 at once, then one a second.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, seg, rateLimitWait } from '../lib/api.js';
import { bucket, dueForDetails, signature } from '../lib/details.js';

const ROUND_MS = 1000;

/**
 * @param {Array} messages the conversation, oldest first
 * @param {{ current: Set<string> }} visible ids of messages on screen now
 * @returns {Record<string, object | null>} view by message id (null: the API has no such message)
 */
export function useDetails(messages, sessionId, visible) {
  const [views, setViews] = useState({});
  const latest = useRef(messages);
  latest.current = messages;
  useEffect(() => {
    let alive = true;
    let timer;
    const known = new Map();
    const budget = bucket({ capacity: 10, perSecond: 1 });
    let rounds = 0;
    const inflight = new Set();
    // Each read lands on its own: a slow answer never holds up the next round's more urgent reads.
    const read = async (id, sig, at) => {
      inflight.add(id);
      let view;
      try {
        view = (await api.get(`/messages/${seg(id)}`, sessionId ? { sessionId } : undefined)).data;
      } catch (e) {
        if (e.status !== 404) return; // network, 429: read again in a later round
        view = null;
      } finally {
        inflight.delete(id);
      }
      known.set(id, { view, at, sig });
      if (alive) setViews((v) => ({ ...v, [id]: view }));
    };
    const round = () => {
      const now = Date.now();
      if (!document.hidden && rateLimitWait() === 0) {
        const ms = latest.current.filter((m) => !inflight.has(m.messageId));
        const ids = dueForDetails(ms, known, { now, visible: visible.current, budget: budget.available(now), ticksFirst: rounds++ % 2 === 0 });
        budget.take(ids.length, now);
        const sigs = new Map(ms.map((m) => [m.messageId, signature(m)]));
        for (const id of ids) read(id, sigs.get(id), now);
      }
      if (alive) timer = setTimeout(round, ROUND_MS);
    };
    round();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [sessionId]);
  return views;
}

/** Ids of the conversation's messages on screen (an IntersectionObserver on each item; scrolled-away ones are clipped). */
export function useVisible() {
  const visible = useRef(new Set());
  const observer = useRef(null);
  useEffect(() => () => observer.current?.disconnect(), []);
  const observe = (el) => {
    if (!el || typeof IntersectionObserver === 'undefined') return;
    observer.current ??= new IntersectionObserver(
      (entries) => {
        for (const e of entries) visible.current[e.isIntersecting ? 'add' : 'delete'](e.target.dataset.messageId);
      },
      { rootMargin: '200px 0px' },
    );
    observer.current.observe(el);
  };
  return { visible, observe };
}
