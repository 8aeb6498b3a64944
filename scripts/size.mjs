// First-load size of the home page: every file index.html loads before the app can draw
// (the HTML itself, its CSS, the JS glue and the wasm), raw and brotli (quality 11, as a
// CDN or a pre-compressing server would send it). Fails when over the budget.
//
// usage: node scripts/size.mjs [dist]
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

// Issue 2 set 200 KB for the walking skeleton (it measured 179 KB). Translations (issue 3),
// the form flow (issue 4) and the host bridges (issue 5) are in the same wasm: without code
// splitting (not available on stable Leptos/Trunk) they raise the first load. This ceiling
// catches regressions; bringing the first load back down is open work (see issue 2 notes).
const BUDGET_BROTLI = 360 * 1024;

const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'));
const refs = new Set();
for (const m of html.toString().matchAll(/(?:href|src)=["']\/?([^"'?#]+\.(?:css|js|wasm))["']/g)) refs.add(m[1]);
// The wasm is fetched by the JS glue, referenced from a preload link or the init call.
for (const m of html.toString().matchAll(/['"]\/?([^'"]+_bg\.wasm)['"]/g)) refs.add(m[1]);

const rows = [['index.html', html]];
for (const r of [...refs].sort()) rows.push([r, readFileSync(join(dist, r))]);
if (!rows.some(([n]) => n.endsWith('.wasm'))) {
  console.error('size: no .wasm referenced from index.html: is this a Trunk build?');
  process.exit(1);
}
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
let raw = 0, comp = 0;
console.log('\nFirst load of the home page (dist/):');
console.log('  file'.padEnd(52) + 'raw B'.padStart(10) + 'brotli B'.padStart(10));
for (const [name, buf] of rows) {
  const b = br(buf);
  raw += buf.length; comp += b;
  console.log(('  ' + name).padEnd(52) + String(buf.length).padStart(10) + String(b).padStart(10));
}
console.log('  total'.padEnd(52) + String(raw).padStart(10) + String(comp).padStart(10));
console.log(`  budget: ${BUDGET_BROTLI} B brotli; used ${(100 * comp / BUDGET_BROTLI).toFixed(0)} %`);
if (comp > BUDGET_BROTLI) {
  console.error(`size: first load is ${comp} B brotli, over the ${BUDGET_BROTLI} B budget`);
  process.exit(1);
}
