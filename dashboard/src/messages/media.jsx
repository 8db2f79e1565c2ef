// A message's file, fetched with the key (GET /messages/{id}/media, Authorization header, never a key in a URL) into
// a blob: URL once it scrolls into view. The blob is re-typed first: an image keeps only a raster image type, audio and
// video their own, anything else becomes application/octet-stream, so that opening a blob: URL in a tab (which runs
// in this page's origin) can never render a stranger's HTML or SVG.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, seg } from '../lib/api.js';
import { blobMediaAllowed } from '../lib/policy.js';
import { size } from '../lib/attach.js';
import { ErrorText } from '../components/ui.jsx';

const IMAGE = /^image\/(jpeg|png|webp|gif)$/;
const safeType = (type, kind) => {
  const t = (type || '').split(';')[0].trim().toLowerCase();
  if (kind === 'image' || kind === 'sticker') return IMAGE.test(t) ? t : 'application/octet-stream';
  if (kind === 'audio' || kind === 'video') return t.startsWith(`${kind}/`) ? t : 'application/octet-stream';
  return 'application/octet-stream';
};
const AUTOLOAD = 5 * 1024 * 1024;

const fetchFile = async (id, sessionId, kind) => {
  const blob = await api.blob(`/messages/${seg(id)}/media`, sessionId ? { sessionId } : undefined);
  return new Blob([blob], { type: safeType(blob.type, kind) });
};

/** True once the element has come near the screen. */
function useSeen() {
  const ref = useRef(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (seen || !ref.current) return undefined;
    if (typeof IntersectionObserver === 'undefined') return setSeen(true);
    const o = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && setSeen(true), { rootMargin: '300px 0px' });
    o.observe(ref.current);
    return () => o.disconnect();
  }, [seen]);
  return [ref, seen];
}

/** A blob: URL of the message's file while `load` holds; revoked when no longer shown. */
function useFileUrl(id, sessionId, kind, load) {
  const [state, setState] = useState({ url: null, error: null });
  useEffect(() => {
    if (!load) return undefined;
    let alive = true;
    let url;
    fetchFile(id, sessionId, kind).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        if (alive) setState({ url, error: null });
        else URL.revokeObjectURL(url);
      },
      (error) => alive && setState({ url: null, error }),
    );
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id, sessionId, kind, load]);
  return state;
}

function usePlayable() {
  const [playable, setPlayable] = useState(null);
  useEffect(() => {
    let alive = true;
    blobMediaAllowed().then((ok) => alive && setPlayable(ok));
    return () => {
      alive = false;
    };
  }, []);
  return playable;
}

/** Saves the file under its name (a text attribute; the browser makes it a safe file name). */
export function DownloadButton({ id, sessionId, kind, fileName, label }) {
  const [state, setState] = useState({ busy: false, error: null });
  const save = async () => {
    setState({ busy: true, error: null });
    try {
      const url = URL.createObjectURL(await fetchFile(id, sessionId, 'document'));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName || `${kind}-${id}`;
      a.rel = 'noopener';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <>
      <button type="button" class="secondary small" disabled={state.busy} onClick={save}>
        {state.busy ? 'Downloading…' : label}
      </button>
      <ErrorText error={state.error} />
    </>
  );
}

/** Photo or sticker: the picture, loaded when it comes into view. */
export function Picture({ id, sessionId, kind, alt }) {
  const [ref, seen] = useSeen();
  const { url, error } = useFileUrl(id, sessionId, kind, seen);
  return (
    <div ref={ref} class={`media-frame ${kind}`}>
      {url ? <img src={url} alt={alt} class="media-img" /> : error ? <ErrorText error={error} /> : <span class="muted small">Loading {alt.toLowerCase()}…</span>}
    </div>
  );
}

/** Audio or video with the browser's player; large files on request; a download where the page may not play blobs. */
export function Player({ id, sessionId, kind, media, label }) {
  const playable = usePlayable();
  const [ref, seen] = useSeen();
  const [asked, setAsked] = useState(false);
  const load = playable === true && (asked || (seen && (media.size ?? 0) <= AUTOLOAD));
  const { url, error } = useFileUrl(id, sessionId, kind, load);
  const Tag = kind === 'video' ? 'video' : 'audio';
  return (
    <div ref={ref} class={`media-frame ${kind}`}>
      {url && <Tag src={url} controls preload="metadata" class={`media-${kind}`} aria-label={label} />}
      {error && <ErrorText error={error} />}
      {playable === true && !load && (
        <button type="button" class="secondary small" onClick={() => setAsked(true)}>
          Load {label.toLowerCase()} ({size(media.size)})
        </button>
      )}
      {playable === false && (
        <>
          <DownloadButton id={id} sessionId={sessionId} kind={kind} fileName={media.fileName} label={`Download ${label.toLowerCase()} (${size(media.size)})`} />
          <span class="muted small"> This server's page policy does not let it play here.</span>
        </>
      )}
    </div>
  );
}
