// The one way the dashboard talks to the API: same origin, /api/v1, the key from this tab's sessionStorage sent as
// "Authorization: Bearer" (never in a URL, never logged). Errors carry the API's own { error, message }.

export const API_BASE = '/api/v1';
const KEY_ITEM = 'wafunctions.apiKey';

export class ApiError extends Error {
  constructor(status, code, message, retryAfter = 0) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export const storedKey = () => sessionStorage.getItem(KEY_ITEM);
export const storeKey = (key) => sessionStorage.setItem(KEY_ITEM, key);
export const forgetKey = () => sessionStorage.removeItem(KEY_ITEM);

// Listeners: the app signs out on 401 and pauses polling on 429.
const listeners = new Set();
export const onApiEvent = (fn) => (listeners.add(fn), () => listeners.delete(fn));
const emit = (event) => listeners.forEach((fn) => fn(event));

let pausedUntil = 0;
/** Milliseconds polling should still wait after a 429 (0 when free to poll). */
export const rateLimitWait = () => Math.max(0, pausedUntil - Date.now());

const query = (params) => {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** Path segments are always encoded (a chat id holds '@'). */
export const seg = (value) => encodeURIComponent(value);

export async function request(method, path, { body, params, key, raw, file } = {}) {
  const headers = { Authorization: `Bearer ${key ?? storedKey() ?? ''}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (file) headers['Content-Type'] = file.type || 'application/octet-stream';
  let response;
  try {
    response = await fetch(API_BASE + path + query(params), {
      method,
      headers,
      body: file ?? (body === undefined ? undefined : JSON.stringify(body)),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The API cannot be reached. Check the connection; the page retries by itself.');
  }
  if (!response.ok) {
    let code = 'error';
    let message = `The API answered ${response.status}.`;
    try {
      const problem = await response.json();
      if (typeof problem?.error === 'string') code = problem.error;
      if (typeof problem?.message === 'string') message = problem.message;
    } catch {
      /* not JSON: keep the generic message */
    }
    const retryAfter = Number(response.headers.get('Retry-After')) || 0;
    const error = new ApiError(response.status, code, message, retryAfter);
    if (response.status === 429 && code === 'rate_limited') {
      pausedUntil = Date.now() + Math.max(1, retryAfter) * 1000;
      emit({ type: 'rate_limited', until: pausedUntil });
    }
    if (response.status === 401 && key === undefined) emit({ type: 'unauthorized', error });
    throw error;
  }
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

export const api = {
  get: (path, params) => request('GET', path, { params }),
  post: (path, body = {}) => request('POST', path, { body }),
  patch: (path, body) => request('PATCH', path, { body }),
  del: (path) => request('DELETE', path),
  /** A binary answer (QR image, CSV export) as a Blob, fetched with the key in the header. */
  blob: async (path, params) => (await request('GET', path, { params, raw: true })).blob(),
  /** A file as the raw body with its own Content-Type (POST /media). */
  upload: (path, file, params) => request('POST', path, { file, params }),
};

/** Every page of a cursor-paged list, up to `max` items. */
export async function allPages(path, params, { max = 5000, cursorParam = 'cursor' } = {}) {
  const items = [];
  let cursor;
  do {
    const page = await api.get(path, { ...params, [cursorParam]: cursor });
    items.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items.slice(0, max);
}
