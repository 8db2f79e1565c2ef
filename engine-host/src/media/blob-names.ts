// Blob names the engine chooses. Inbound media lands at
// `in/<url-safe sessionId>/<url-safe messageId>` in the media container, so a
// redelivered or re-downloaded message overwrites its own blob and nothing else.

/** Every UTF-8 byte outside `A-Z a-z 0-9 - _` becomes `~` + two uppercase hex digits. */
export function urlSafe(raw: string): string {
  let out = '';
  for (const byte of Buffer.from(raw, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(c) ? c : '~' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** The inverse of urlSafe. */
export function fromUrlSafe(safe: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < safe.length; i++) {
    const c = safe[i] ?? '';
    if (c === '~' && /^[0-9A-Fa-f]{2}$/.test(safe.slice(i + 1, i + 3))) {
      bytes.push(parseInt(safe.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

export function inboundBlobName(sessionId: string, messageId: string): string {
  return `in/${urlSafe(sessionId)}/${urlSafe(messageId)}`;
}
