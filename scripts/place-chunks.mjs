// Puts the wasm chunks of one bundle next to its glue, after Trunk (issue 2: pages loaded on
// demand, src/lazy.rs). crates/split ran in Trunk's place of wasm-bindgen and left in
// `splitDir`: the chunks (`*.wasm`), their loader (`citizen-split.js`, which imports the
// glue's `initSync` from a placeholder name) and `manifest.json` (split point → chunk file
// stems). This script:
//
// 1. optimises each chunk with wasm-opt -Oz, as Trunk does the main module;
// 2. names each chunk and the loader by the hash of their content (the server caches such
//    names for a year, crates/server/src/spa.rs), and points the loader at the glue's hashed
//    name and the glue at the loader's;
// 3. makes the loader fall back from streaming instantiation to an ArrayBuffer, as
//    boot/loader.js does for the main module (some webviews, or a proxy's wrong MIME type),
//    and fail on an HTTP error (a 404 after a deploy) instead of trying to compile HTML;
// 4. writes `split-manifest.json` (split point → hashed files) for scripts/size.mjs;
// 5. names the picker's chunks in the bundle's index.html
//    (`<meta name="citizen-first-visit" content="…">`): boot/loader.js fetches them beside
//    the main wasm on a first visit, which opens the picker.
//
// Nothing to do when `splitDir` has no loader (a bundle built without the `split` feature).
//
// usage: node scripts/place-chunks.mjs <splitDir> <bundleDir>
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [splitDir, bundleDir] = process.argv.slice(2);
if (!splitDir || !bundleDir) {
  console.error('usage: node scripts/place-chunks.mjs <splitDir> <bundleDir>');
  process.exit(2);
}
const LOADER = 'citizen-split.js';
const GLUE_PLACEHOLDER = './citizen-home-glue.js';
if (!existsSync(join(splitDir, LOADER))) {
  console.log(`place-chunks: ${bundleDir}: no chunks`);
  process.exit(0);
}

const fail = (msg) => {
  console.error(`place-chunks: ${msg}`);
  process.exit(1);
};
const hash16 = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 16);
/** Replaces every occurrence of `from` in `text`, failing when there is none. */
const replaceAll = (text, from, to, where) => {
  if (!text.includes(from)) fail(`${where} does not mention ${from}`);
  return text.split(from).join(to);
};

const glues = readdirSync(bundleDir).filter((f) => /^citizen-home-[0-9a-f]+\.js$/.test(f));
if (glues.length !== 1) fail(`expected one glue citizen-home-<hash>.js in ${bundleDir}, found ${glues.length}`);
const glue = glues[0];

const wasmOpt = process.env.WASM_OPT ?? join('node_modules', '.bin', 'wasm-opt');
let loader = readFileSync(join(splitDir, LOADER), 'utf8');
loader = replaceAll(loader, `"${GLUE_PLACEHOLDER}"`, `"./${glue}"`, LOADER);
const hashed = {};
for (const file of readdirSync(splitDir).filter((f) => f.endsWith('.wasm') && f !== 'main.wasm').sort()) {
  const stem = file.slice(0, -'.wasm'.length);
  // An empty chunk is emitted but never fetched.
  if (!loader.includes(`"./${file}"`)) continue;
  const optimised = join(splitDir, `${stem}.opt.wasm`);
  // wasm-opt warns about the name section's subsection 3 (field names) that rustc writes;
  // harmless, so its output is shown only when it fails.
  try {
    execFileSync(wasmOpt, ['-Oz', join(splitDir, file), '-o', optimised], { stdio: 'pipe' });
  } catch (e) {
    fail(`wasm-opt failed on ${file}:\n${e.stderr || e.message}`);
  }
  const bytes = readFileSync(optimised);
  const name = `${stem}-${hash16(bytes)}.wasm`;
  writeFileSync(join(bundleDir, name), bytes);
  loader = replaceAll(loader, `"./${file}"`, `"./${name}"`, LOADER);
  hashed[stem] = name;
}

// Streaming first; on failure the same response again as an ArrayBuffer; an HTTP error
// rejects (the page then offers 重试).
const STREAMING = 'WebAssembly.instantiateStreaming(src, imports)';
loader = replaceAll(loader, STREAMING, '__chInstantiate(src, imports)', LOADER);
loader = `async function __chInstantiate(src, imports) {
    const response = await src;
    if (!response.ok) throw new Error("HTTP " + response.status + " " + response.url);
    const spare = response.clone();
    try {
        return await WebAssembly.instantiateStreaming(response, imports);
    } catch (e) {
        return await WebAssembly.instantiate(await spare.arrayBuffer(), imports);
    }
}
${loader}`;

const loaderName = `citizen-split-${hash16(loader)}.js`;
writeFileSync(join(bundleDir, loaderName), loader);
const gluePath = join(bundleDir, glue);
// Only where the glue imports it: the wasm's import object keeps the module name
// "./citizen-split.js", which the wasm itself names.
writeFileSync(gluePath, replaceAll(readFileSync(gluePath, 'utf8'), `from "./${LOADER}"`, `from "./${loaderName}"`, glue));

const manifest = JSON.parse(readFileSync(join(splitDir, 'manifest.json'), 'utf8'));
const placed = Object.fromEntries(
  Object.entries(manifest).map(([split, stems]) => [
    split,
    stems.map((s) => hashed[s] ?? fail(`manifest names ${s}, which was not emitted`)),
  ]),
);
writeFileSync(join(bundleDir, 'split-manifest.json'), `${JSON.stringify(placed, null, 2)}\n`);
if (placed.picker_page) {
  const indexPath = join(bundleDir, 'index.html');
  const meta = `<meta name="citizen-first-visit" content="${placed.picker_page.join(' ')}">`;
  writeFileSync(indexPath, replaceAll(readFileSync(indexPath, 'utf8'), '</head>', `${meta}</head>`, 'index.html'));
}
console.log(`place-chunks: ${bundleDir}: ${Object.keys(hashed).length} chunk(s), loader ${loaderName}`);
