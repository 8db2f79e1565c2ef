// Decodes the QR code in a PNG with libraries independent of the app's encoder (pngjs + jsqr).
// Usage: node decode-qr.mjs <file.png>  →  prints {"text": "...", "width": n, "height": n}
import { readFileSync } from 'node:fs';
import pngjs from 'pngjs';
import jsqr from 'jsqr';

const decode = jsqr.default ?? jsqr;
const png = pngjs.PNG.sync.read(readFileSync(process.argv[2]));
const code = decode(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
if (!code) {
  console.error('no QR code found');
  process.exit(2);
}
console.log(JSON.stringify({ text: code.data, width: png.width, height: png.height }));
