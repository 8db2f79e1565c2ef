// Builds the dashboard into dist/: one hashed script and stylesheet under assets/, index.html naming them, and a
// gzip twin of each text file (the app serves it to browsers that accept gzip). Refuses sources that could turn
// data into markup. Prints the sizes. Usage: node build.mjs
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync, rmSync, mkdirSync, readdirSync, statSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, 'src');
const dist = path.join(here, 'dist');
/** Where the functions app serves the page, same origin as the API. */
export const basePath = '/dashboard';

// Everything from WhatsApp (bodies, names, file names) is a stranger's text: it is rendered as text nodes only.
const forbidden = [/dangerouslySetInnerHTML/, /\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\(/, /new Function\(/];
const walk = (dir) => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : [path.join(dir, f)]));
for (const file of walk(src).filter((f) => /\.(jsx?|html)$/.test(f))) {
  const text = readFileSync(file, 'utf8');
  for (const pattern of forbidden)
    if (pattern.test(text)) throw new Error(`${path.relative(here, file)} uses ${pattern}: render data as text, never as HTML.`);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, 'assets'), { recursive: true });
const result = await build({
  entryPoints: [path.join(src, 'main.jsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: path.join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

const outputs = Object.keys(result.metafile.outputs).map((f) => path.relative(dist, path.resolve(here, f)).split(path.sep).join('/'));
const script = outputs.find((f) => f.endsWith('.js'));
const style = outputs.find((f) => f.endsWith('.css'));
if (!script || !style) throw new Error(`esbuild made no script or stylesheet: ${outputs.join(', ')}`);
const html = readFileSync(path.join(src, 'index.html'), 'utf8')
  .replaceAll('%BASE%', basePath)
  .replace('%SCRIPT%', `${basePath}/${script}`)
  .replace('%STYLE%', `${basePath}/${style}`);
writeFileSync(path.join(dist, 'index.html'), html);
copyFileSync(path.join(src, 'favicon.svg'), path.join(dist, 'favicon.svg'));

const rows = [];
for (const file of walk(dist)) {
  const content = readFileSync(file);
  const gz = gzipSync(content, { level: 9 });
  writeFileSync(file + '.gz', gz);
  rows.push([path.relative(dist, file), content.length, gz.length]);
}
const total = rows.reduce((a, r) => [a[0] + r[1], a[1] + r[2]], [0, 0]);
for (const [f, raw, gz] of rows) console.error(`  ${f.padEnd(34)} ${(raw / 1024).toFixed(1).padStart(7)} KiB  ${(gz / 1024).toFixed(1).padStart(6)} KiB gzip`);
console.error(`  ${'total'.padEnd(34)} ${(total[0] / 1024).toFixed(1).padStart(7)} KiB  ${(total[1] / 1024).toFixed(1).padStart(6)} KiB gzip`);
