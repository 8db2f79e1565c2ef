// What the page's own Content-Security-Policy lets it do, read once from the header the server sends with the
// dashboard's files. Audio and video play from blob: URLs only when the policy allows media from blob: (media-src,
// else default-src); otherwise they are offered as downloads, and play here once the server's policy allows it.
import { BASE_PATH } from './router.js';

/** True when `csp` lets <audio>/<video> load blob: URLs (no policy: true). */
export function allowsBlobMedia(csp) {
  if (!csp) return true;
  const directives = new Map();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().toLowerCase().split(/\s+/);
    if (name && !directives.has(name)) directives.set(name, sources);
  }
  const sources = directives.get('media-src') ?? directives.get('default-src');
  return !sources || sources.includes('blob:'); // '*' does not cover blob:
}

let blobMedia;
/** Promise<boolean>: whether this page may play audio/video from blob: URLs. */
export const blobMediaAllowed = () =>
  (blobMedia ??= fetch(`${BASE_PATH}/favicon.svg`, { cache: 'no-store', credentials: 'omit' })
    .then((r) => allowsBlobMedia(r.headers.get('Content-Security-Policy')))
    .catch(() => false));
