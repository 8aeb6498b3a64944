// Checks the built wasm against the supported floor (README "Supported phones"): which
// WebAssembly features the module really uses, and that each is supported by iOS 16's
// WebKit and by Chromium 97 (Android WebView, WeChat's XWeb, the UC U4 kernel of Alipay and
// Taobao). Fails, naming the feature, when the module needs something newer.
//
// How: binaryen's wasm-opt (npm `binaryen`) validates a module against a feature set.
// rustc writes a target-features section that wasm-opt would trust instead, so the module
// is first copied without it; then it must validate with only the floor's features, and
// each of those is dropped in turn to see whether the module uses it.
//
// usage: node scripts/wasm-features.mjs [dist]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The floor: iOS/iPadOS 16 (CSP 'wasm-unsafe-eval' needs 16) and Chromium 97 (same reason). */
const FLOOR = { ios: Number(process.env.FLOOR_IOS ?? 16), chromium: Number(process.env.FLOOR_CHROMIUM ?? 97) };

/** Post-MVP features: name, wasm-opt flags (a feature and the parts it implies are
 *  dropped together), first iOS Safari/WebKit and first Chromium version. */
const FEATURES = [
  ['mutable-globals', ['mutable-globals'], 13.1, 74],
  ['sign-ext', ['sign-ext'], 14.5, 74],
  ['nontrapping-float-to-int', ['nontrapping-float-to-int'], 15, 75],
  ['bulk-memory', ['bulk-memory', 'bulk-memory-opt'], 15.1, 75],
  ['multivalue', ['multivalue'], 13.1, 85],
  ['reference-types', ['reference-types', 'call-indirect-overlong'], 15.1, 96],
  ['simd', ['simd'], 16.4, 91],
  ['exception-handling', ['exception-handling'], 15.2, 95],
  ['extended-const', ['extended-const'], 17.4, 114],
  ['tail-call', ['tail-call'], 18.2, 112],
  ['gc', ['gc'], 18.2, 119],
  ['threads', ['threads'], Infinity, Infinity], // needs cross-origin isolation, which we do not serve
  ['memory64', ['memory64'], Infinity, 133],
  ['multimemory', ['multimemory'], Infinity, 120],
  ['relaxed-simd', ['relaxed-simd'], Infinity, 114],
];

const dist = process.argv[2] ?? 'dist';
const wasmOpt = process.env.WASM_OPT ?? join('node_modules', '.bin', 'wasm-opt');
const wasm = readdirSync(dist).find((f) => f.endsWith('_bg.wasm'));
// The chunks of the pages loaded on demand (src/lazy.rs) run in the same browsers.
const chunks = readdirSync(dist).filter((f) => f.endsWith('.wasm') && !f.endsWith('_bg.wasm'));
if (!wasm) {
  console.error(`wasm-features: no *_bg.wasm in ${dist}: build the SPA first`);
  process.exit(1);
}

const onFloor = FEATURES.filter(([, , ios, chromium]) => ios <= FLOOR.ios && chromium <= FLOOR.chromium);
const allowed = onFloor.flatMap(([, flags]) => flags);
const tmp = mkdtempSync(join(tmpdir(), 'wasm-features-'));
const bare = join(tmp, 'bare.wasm');

/** Whether the module validates with only `features`; the validator's first lines if not. */
function validates(file, features) {
  try {
    execFileSync(wasmOpt, [file, '--mvp-features', ...features.map((f) => `--enable-${f}`), '-o', join(tmp, 'out.wasm')], {
      stdio: 'pipe',
    });
    return true;
  } catch (err) {
    return String(err.stderr || err.message).split('\n').slice(0, 6).join('\n');
  }
}

try {
  execFileSync(wasmOpt, [join(dist, wasm), '--strip-target-features', '-o', bare], { stdio: 'pipe' });
  const floorOk = validates(bare, allowed);
  if (floorOk !== true) {
    console.error(`wasm-features: ${wasm} needs a feature beyond the floor (iOS ${FLOOR.ios}, Chromium ${FLOOR.chromium}):\n${floorOk}`);
    process.exit(1);
  }
  console.log(`\nWebAssembly features of ${wasm} (floor: iOS ${FLOOR.ios}, Chromium ${FLOOR.chromium}):`);
  for (const [name, flags, ios, chromium] of onFloor) {
    const used = validates(bare, allowed.filter((f) => !flags.includes(f))) !== true;
    console.log(`  ${used ? 'uses    ' : 'not used'} ${name.padEnd(26)} iOS ${String(ios).padEnd(5)} Chromium ${chromium}`);
  }
  console.log('  ok: every feature the module uses is on the floor');
  for (const chunk of chunks) {
    const bareChunk = join(tmp, 'chunk.wasm');
    execFileSync(wasmOpt, [join(dist, chunk), '--strip-target-features', '-o', bareChunk], { stdio: 'pipe' });
    const ok = validates(bareChunk, allowed);
    if (ok !== true) {
      console.error(`wasm-features: ${chunk} needs a feature beyond the floor:\n${ok}`);
      process.exit(1);
    }
  }
  if (chunks.length) console.log(`  ok: the ${chunks.length} chunk(s) of the pages loaded on demand too`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
