// Minifies the JavaScript of a release build in place, with terser: the wasm-bindgen glue of
// every bundle (`dist/**/citizen-home-*.js`, ES modules) and the start-up scripts copied from
// boot/ (`dist/loader.js`, a module; `dist/boot.js`, a classic script). Trunk minifies the
// HTML and CSS (Trunk.toml `minify`), but its JS minifier leaves the glue as it is.
// Together about 3.4 KB brotli off the first load (issue 2's budget).
//
// The glue's file name keeps Trunk's hash (derived from the build, so a new build still gets
// a new name); no page carries an integrity hash of these files (index.html:
// `data-integrity="none"` on the Rust link, plain `<script src>` for boot/).
//
// usage: node scripts/minify-js.mjs [dist]
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2] ?? 'dist';

/** Every .js file under `dir`, recursively. */
function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

let before = 0;
let after = 0;
for (const file of jsFiles(dist)) {
  const code = readFileSync(file, 'utf8');
  // boot.js runs as a classic script (its top-level names are globals other scripts may
  // read); everything else is loaded as a module.
  const module = !file.endsWith('boot.js');
  // terser's default output level (ES5 syntax where it rewrites): nothing newer than the
  // input, for the oldest supported webviews.
  const out = await minify(code, {
    module,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof out.code !== 'string') throw new Error(`minify-js: terser gave no output for ${file}`);
  writeFileSync(file, out.code);
  before += code.length;
  after += out.code.length;
}
console.log(`minify-js: ${dist}: ${before} → ${after} B`);
