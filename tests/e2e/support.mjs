// Shared helpers of the end-to-end tests (node:test + playwright-core + axe-core).
//
// - One headless Debian Chromium per test file (each *.test.mjs runs in its own process),
//   a fresh context per test: 360×800 phone, zh-CN, deviceScaleFactor 2, touch.
// - `pageTest(name, options, fn)`: a test with its own context and page. It fails when the
//   page throws (pageerror) or logs console.error (a Rust panic does both), unless the test
//   lists the expected messages in `allowErrors`.
// - `axe(page)` / `assertNoAxeViolations(page, where)`: axe-core on WCAG 2.0/2.1 A+AA and
//   2.2 AA, with each violation, its impact and the offending nodes in the failure message.
// - `until(fn)`: retries an assertion block (playwright-core has no `expect`).
//
// BASE_URL (for example http://127.0.0.1:18080) is the running citizen-server; `cargo xtask
// test` starts one and sets it.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
const AXE_PATH = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
export const SHOTS_DIR = '/tmp/ch-shots';

const rawBase = process.env.BASE_URL;
if (!rawBase || !/^https?:\/\//.test(rawBase)) {
  throw new Error(
    'BASE_URL is not set (or is not an http:// URL). Run `cargo xtask test`, or start the ' +
      'server yourself (ADDR=127.0.0.1:18080 target/debug/citizen-server) and run ' +
      '`BASE_URL=http://127.0.0.1:18080 node --test --test-concurrency=1 tests/e2e/*.test.mjs`.',
  );
}
/** The server under test, without a trailing slash. */
export const BASE_URL = rawBase.replace(/\/+$/, '');

/** The phone every test uses unless it says otherwise. */
export const PHONE = {
  viewport: { width: 360, height: 800 },
  locale: 'zh-CN',
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

let browserPromise;
/** The file's shared headless Chromium, launched on first use, closed after the file. */
export function browser() {
  browserPromise ??= chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: LAUNCH_ARGS,
  });
  return browserPromise;
}
after(async () => {
  if (browserPromise) await (await browserPromise).close();
});

/** Absolute URL of `p` on the server under test. */
export const url = (p) => BASE_URL + p;

/**
 * Watches a page for uncaught exceptions and console errors (console_error_panic_hook
 * logs a Rust panic with console.error; Chromium logs failed resource loads there too).
 */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const where = msg.location()?.url ? ` (at ${msg.location().url})` : '';
      errors.push(`console.error: ${msg.text()}${where}`);
    }
  });
  page.on('crash', () => errors.push('the page crashed'));
  return errors;
}

/** Console message Chromium logs for a 404 answer: expected where a test asks for one. */
export const HTTP_404 = /Failed to load resource: the server responded with a status of 404/;

/**
 * A test with a fresh browser context and page.
 *
 * options: `viewport`, `contextOptions` (merged over PHONE), `initScripts` (strings or
 * functions run before any page script), `allowErrors` (RegExps of expected error
 * messages), `timeout` (ms, default 60 s).
 * fn receives `{ page, context, errors }`.
 */
export function pageTest(name, options, fn) {
  if (typeof options === 'function') {
    fn = options;
    options = {};
  }
  const { viewport, contextOptions = {}, initScripts = [], allowErrors = [], timeout = 60_000, skip } = options;
  test(name, { timeout, skip }, async () => {
    const b = await browser();
    const context = await b.newContext({ ...PHONE, ...(viewport ? { viewport } : {}), ...contextOptions });
    context.setDefaultTimeout(10_000);
    for (const script of initScripts) await context.addInitScript(script);
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await fn({ page, context, errors });
      const unexpected = errors.filter((e) => !allowErrors.some((re) => re.test(e)));
      assert.deepEqual(unexpected, [], 'the page threw or logged errors:\n' + unexpected.join('\n'));
    } catch (err) {
      await failureShot(page, name);
      if (errors.length && err && typeof err.message === 'string' && !err.message.includes('the page threw')) {
        err.message += '\n\nErrors the page logged meanwhile:\n' + errors.join('\n');
      }
      throw err;
    } finally {
      await context.close();
    }
  });
}

async function failureShot(page, name) {
  try {
    const dir = path.join(SHOTS_DIR, 'failures');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80) + '.png');
    await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
    console.error(`  screenshot of the failure: ${file}`);
  } catch {
    // The page may be gone (crash); the assertion message is what matters.
  }
}

/** Saves a viewport screenshot to /tmp/ch-shots/<name>.png for people to look at. */
export async function shot(page, name) {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Opens `p` and waits until the SPA has mounted (index.html's start-up skeleton, marked
 * aria-busy, is replaced). Fails with the visible text when it never starts.
 */
export async function openApp(page, p, { expectStatus = 200 } = {}) {
  const response = await page.goto(url(p), { waitUntil: 'load' });
  assert.ok(response, `no response for ${p}`);
  assert.equal(response.status(), expectStatus, `HTTP status of ${p}`);
  try {
    await page.waitForFunction(
      () => {
        const app = document.getElementById('app');
        return app && !app.hasAttribute('aria-busy');
      },
      null,
      { timeout: 15_000 },
    );
  } catch (err) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '?');
    throw new Error(`the app did not start on ${p}; the page shows:\n${text}`, { cause: err });
  }
  await settled(page);
  return response;
}

/** Waits until no loading skeleton (正在加载) is left on the page. */
export async function settled(page) {
  await page.getByText('正在加载').first().waitFor({ state: 'detached', timeout: 15_000 });
}

/** The pathname of the page, e.g. `/cities`. */
export const pathname = (page) => new URL(page.url()).pathname;

/** Retries `fn` (an assertion block) until it passes or `timeout` ms passed; rethrows the last failure. */
export async function until(fn, { timeout = 5_000, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, interval));
    }
  }
}

/** Waits for `locator` to be visible, with a readable failure. */
export async function visible(locator, what = String(locator)) {
  try {
    await locator.waitFor({ state: 'visible' });
  } catch (err) {
    throw new Error(`expected to see ${what}`, { cause: err });
  }
  return locator;
}

/** Asserts `locator` matches nothing (or nothing visible) now. */
export async function absent(locator, what = String(locator)) {
  const n = await locator.count();
  for (let i = 0; i < n; i++) {
    assert.ok(!(await locator.nth(i).isVisible()), `expected NOT to see ${what}`);
  }
}

/** The trimmed innerText of every element `locator` matches. */
export async function texts(locator) {
  return (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

// ---------------------------------------------------------------------------------------
// axe-core

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe-core on the whole document and returns its violations. */
export async function axe(page) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  // page.evaluate runs through the DevTools protocol, so our Content-Security-Policy (no
  // inline scripts) does not block it the way an injected <script> tag would be.
  if (!loaded) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/** Fails, listing each violation and node, unless axe-core finds nothing on the page. */
export async function assertNoAxeViolations(page, where) {
  const violations = await axe(page);
  if (violations.length === 0) return;
  const report = violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      - ${n.target}\n        ${n.html}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
  assert.fail(`axe-core found ${violations.length} violation(s) on ${where} (${pathname(page)}):\n${report}`);
}

// ---------------------------------------------------------------------------------------
// The catalog the server loads: the tests compare the pages with it.

/** Every joined city's catalog file (catalog/cities/*.json), in launch order. */
export function launchCities() {
  const dir = path.join(ROOT, 'catalog/cities');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')))
    .filter((c) => c.launch_order != null)
    .sort((a, b) => a.launch_order - b.launch_order);
}

/** The catalog of city `code` (its services and their fields). */
export function cityCatalog(code) {
  return JSON.parse(readFileSync(path.join(ROOT, `catalog/cities/${code}.json`), 'utf8'));
}

/** Category ids in the order the home page shows them, with their headings. */
export const CATEGORY_HEADINGS = [
  ['traffic', '交通出行'],
  ['bills', '生活缴费'],
  ['health', '医疗健康'],
  ['exit_entry', '出入境'],
  ['marriage', '婚姻登记'],
  ['culture', '文化'],
  ['consultation', '政务咨询'],
];
