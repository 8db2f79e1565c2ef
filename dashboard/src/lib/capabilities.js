// What this API offers, read once from its OpenAPI document (public): features colleagues add later (mark read,
// media, polls, reactions, reply-to) light up here without a dashboard release.
import { useEffect, useState } from 'preact/hooks';

let loaded;
const load = () =>
  (loaded ??= fetch('/api/v1/openapi.json', { credentials: 'omit', cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : { paths: {} }))
    .catch(() => ({ paths: {} })));

/** { has(method, path), schema(name) }; path as documented, e.g. "/api/v1/chats/{chatId}/read". */
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
    /** The JSON body properties an operation documents (e.g. to see whether POST /messages takes "image"). */
    bodyFields: (method, path) => {
      const op = doc?.paths?.[path]?.[method.toLowerCase()];
      let schema = op?.requestBody?.content?.['application/json']?.schema;
      if (schema?.$ref) schema = doc?.components?.schemas?.[schema.$ref.split('/').pop()];
      return Object.keys(schema?.properties ?? {});
    },
  };
}
