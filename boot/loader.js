// 市民之家 loader: starts the WebAssembly app (replaces Trunk's inline loader, which the
// Content-Security-Policy would block; see Trunk.toml `pattern_script`).
//
// Trunk writes the hashed names into <meta name="citizen-boot" data-js data-wasm>. Steps:
// 1. import the wasm-bindgen glue; a 404 means this index.html is older than the deploy:
//    reload once (window.__chBoot.reloadOnce, from boot.js), then say so.
// 2. fetch the wasm; 404 again means stale; a network failure says so.
// 3. instantiate by streaming; when that throws (some Android webviews, wrong MIME type
//    behind a proxy), instantiate again from an ArrayBuffer of the same response.
// 4. if that throws too, show the message (boot.js). A WebAssembly.RuntimeError is not a
//    start-up failure but a Rust panic after start: the panic screen is already up.
//
// The URL of this file never changes (not hashed), so an old index.html finds it.

const boot = window.__chBoot || { fail() {}, started() {}, reloadOnce: () => false };
const meta = document.querySelector('meta[name="citizen-boot"]');
const jsUrl = meta && meta.getAttribute('data-js');
const wasmUrl = meta && meta.getAttribute('data-wasm');

const isPanic = (e) => typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError;
const appStarted = () => {
  const app = document.getElementById('app');
  return !!app && !app.hasAttribute('aria-busy');
};

// A first visit (no city chosen yet, at / or /cities) opens the city picker, whose code is in
// chunks (src/lazy.rs; their names in <meta name="citizen-first-visit">, written by
// scripts/place-chunks.mjs): fetch them beside the main wasm instead of after it. The
// picker's own fetch then finds them in the HTTP cache (hashed names, cached for a year).
// `ch.city` is where the app keeps the chosen city (src/state/mod.rs, CITY_KEY).
function prefetchFirstVisit() {
  if (!jsUrl || !['/', '/cities'].includes(location.pathname)) return;
  try {
    if (localStorage.getItem('ch.city')) return;
  } catch {
    // No storage: the picker opens on every visit.
  }
  const names = document.querySelector('meta[name="citizen-first-visit"]');
  const base = new URL(jsUrl, location.href);
  for (const name of (names ? names.getAttribute('content') : '').split(/\s+/).filter(Boolean)) {
    fetch(new URL(name, base)).catch(() => {});
  }
}

async function statusOf(url) {
  try {
    return (await fetch(url, { method: 'HEAD', cache: 'no-store' })).status;
  } catch {
    return 0;
  }
}

function missing(status) {
  if (status === 404 || status === 410) {
    if (!boot.reloadOnce()) boot.fail('stale');
  } else {
    boot.fail('network');
  }
}

async function start() {
  if (typeof WebAssembly !== 'object') return boot.fail('nowasm');
  if (!jsUrl || !wasmUrl) return boot.fail('failed');
  let glue;
  try {
    glue = await import(jsUrl);
  } catch (e) {
    console.warn('citizen-home: cannot load', jsUrl, e);
    return missing(await statusOf(jsUrl));
  }
  let response;
  try {
    const wasm = fetch(wasmUrl);
    prefetchFirstVisit();
    response = await wasm;
  } catch (e) {
    console.warn('citizen-home: cannot fetch', wasmUrl, e);
    return boot.fail('network');
  }
  if (!response.ok) return missing(response.status);
  const spare = response.clone();
  try {
    await glue.default({ module_or_path: response });
  } catch (e) {
    if (isPanic(e) || appStarted()) return;
    console.warn('citizen-home: streaming instantiation failed; retrying from an ArrayBuffer', e);
    try {
      await glue.default({ module_or_path: await spare.arrayBuffer() });
    } catch (e2) {
      if (isPanic(e2) || appStarted()) return;
      console.warn('citizen-home: WebAssembly instantiation failed', e2);
      return boot.fail(e2 instanceof TypeError && /fetch|network|body/i.test(String(e2.message)) ? 'network' : 'failed');
    }
  }
  boot.started();
}

start().catch((e) => {
  console.warn('citizen-home: start-up failed', e);
  if (!appStarted()) boot.fail('failed');
});
