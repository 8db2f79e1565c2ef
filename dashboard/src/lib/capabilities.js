// What this API offers, read once from its OpenAPI document (public): features colleagues add later (mark read,
// media, polls, reactions, reply-to) light up here without a dashboard release.
import { useEffect, useState } from 'preact/hooks';

let loaded;
const load = () =>
  (loaded ??= fetch('/api/v1/openapi.json', { credentials: 'omit', cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : { paths: {} }))
    .catch(() => ({ paths: {} })));

/**
 * { ready, has(method, path) }; path as the document lists it, relative to the API root (its server, /api/v1) like every
 * call in api.js, e.g. "/chats/{chatId}/read".
 */
export function useCapabilities() {
  const [doc, setDoc] = useState(null);
  useEffect(() => {
    let alive = true;
    load().then((d) => alive && setDoc(d));
    return () => {
      alive = false;
    };
  }, []);
  return {
    ready: doc !== null,
    has: (method, path) => !!doc?.paths?.[path]?.[method.toLowerCase()],
  };
}
