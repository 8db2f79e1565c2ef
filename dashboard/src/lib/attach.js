// Sending a file: which kind of message it becomes (from its type and size, as POST /media and POST /messages check
// them) and the body that sends the uploaded file. Pure, so it is tested without a browser.

const MiB = 1024 * 1024;
/** The API's media rules (functions/Media/MediaRules.cs): types each kind takes and its largest file. */
const KINDS = [
  ['image', 5 * MiB, ['image/jpeg', 'image/png']],
  ['video', 16 * MiB, ['video/mp4', 'video/3gpp']],
  ['audio', 16 * MiB, ['audio/aac', 'audio/mp4', 'audio/mpeg', 'audio/amr', 'audio/ogg', 'audio/opus']],
];
export const MAX_FILE = 100 * MiB;

/**
 * The kind a file is sent as: image, video or audio when its type is one WhatsApp shows inline and it is within that
 * kind's limit, else a document (any type, up to 100 MiB). Null with the reason when it is too large for anything.
 * @param {{ type?: string, size: number }} file
 */
export function kindForFile(file) {
  const type = (file.type || '').split(';')[0].trim().toLowerCase();
  if (file.size > MAX_FILE) return { kind: null, reason: `The file is larger than ${size(MAX_FILE)}, the largest WhatsApp takes.` };
  for (const [kind, max, types] of KINDS) if (types.includes(type) && file.size <= max) return { kind, type };
  return { kind: 'document', type: type || 'application/octet-stream' };
}

/** POST /messages' body for an uploaded file: captions go with image, video and document; the file name with a document. */
export function fileMessage({ to, from, kind, mediaId, caption, fileName, replyTo }) {
  const media = { mediaId };
  if (caption && kind !== 'audio') media.caption = caption;
  if (kind === 'document' && fileName) media.fileName = fileName;
  return { to, [kind]: media, ...(from ? { from } : {}), ...(replyTo ? { replyTo } : {}) };
}

/** 1536 → "1.5 KiB". */
export function size(bytes) {
  if (!Number.isFinite(bytes)) return '';
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${bytes} B`;
}
