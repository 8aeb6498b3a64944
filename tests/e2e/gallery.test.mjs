// The design-system gallery (/gallery): every component state renders from fixtures with no
// backend call, passes axe in every theme, scheme, elder mode and language, and looks the
// same as its committed baseline (tests/visual/baselines/, 360×800, Debian Chromium + Noto
// CJK). `cargo xtask update-baselines` rewrites the baselines after an intended change.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { ROOT, SHOTS_DIR, assertNoAxeViolations, pageTest, url } from './support.mjs';

const BASELINES = path.join(ROOT, 'tests/visual/baselines');
const UPDATE = process.env.UPDATE_BASELINES === '1';
/** Share of pixels that may differ (anti-aliasing noise) before a state counts as changed. */
const TOLERANCE = 0.002;

const GALLERY_CONTEXT = { contextOptions: { deviceScaleFactor: 1, reducedMotion: 'reduce' } };

/** Opens a gallery URL, records every request to /api, waits for the page to mount. */
async function openGallery(page, p, apiCalls) {
  await page.route('**/api/**', (route) => {
    apiCalls.push(route.request().url());
    return route.abort();
  });
  await page.goto(url(p), { waitUntil: 'load' });
  await page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('aria-busy'), null, { timeout: 15_000 });
  await page.locator('main h1').first().waitFor();
}

/** Every component and its states, as the gallery itself lists them. */
async function catalogue(page) {
  const apiCalls = [];
  await openGallery(page, '/gallery', apiCalls);
  const links = await page.locator('main ul a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  const out = [];
  for (const p of links) {
    await page.goto(url(p), { waitUntil: 'load' });
    await page.locator('section[data-state]').first().waitFor();
    const states = await page.locator('section[data-state]').evaluateAll((ss) => ss.map((s) => s.dataset.state));
    out.push({ component: p.split('/').pop(), states });
  }
  assert.deepEqual(apiCalls, [], 'the gallery called the API');
  return out;
}

pageTest('the gallery lists every component with its states and calls no API', GALLERY_CONTEXT, async ({ page }) => {
  const all = await catalogue(page);
  assert.ok(all.length >= 6, `expected at least 6 components, found ${all.map((c) => c.component)}`);
  for (const { component, states } of all) assert.ok(states.length >= 2, `${component} shows fewer than 2 states`);
});

pageTest('each gallery state matches its baseline screenshot', { ...GALLERY_CONTEXT, timeout: 240_000 }, async ({ page }) => {
  const changed = [];
  for (const { component, states } of await catalogue(page)) {
    for (const state of states) {
      const apiCalls = [];
      await openGallery(page, `/gallery/${component}?state=${state}`, apiCalls);
      const png = PNG.sync.read(await page.screenshot({ fullPage: false }));
      const file = path.join(BASELINES, `${component}--${state}.png`);
      assert.deepEqual(apiCalls, [], `${component}/${state} called the API`);
      if (UPDATE || !existsSync(file)) {
        if (!UPDATE) changed.push(`${component}/${state}: no baseline (run cargo xtask update-baselines)`);
        mkdirSync(BASELINES, { recursive: true });
        writeFileSync(file, PNG.sync.write(png));
        continue;
      }
      const base = PNG.sync.read(readFileSync(file));
      if (base.width !== png.width || base.height !== png.height) {
        changed.push(`${component}/${state}: size ${png.width}×${png.height}, baseline ${base.width}×${base.height}`);
        continue;
      }
      const diff = new PNG({ width: png.width, height: png.height });
      const n = pixelmatch(base.data, png.data, diff.data, png.width, png.height, { threshold: 0.1 });
      if (n / (png.width * png.height) > TOLERANCE) {
        mkdirSync(path.join(SHOTS_DIR, 'visual'), { recursive: true });
        const out = path.join(SHOTS_DIR, 'visual', `${component}--${state}`);
        writeFileSync(`${out}.actual.png`, PNG.sync.write(png));
        writeFileSync(`${out}.diff.png`, PNG.sync.write(diff));
        changed.push(`${component}/${state}: ${n} pixels differ (see ${out}.diff.png)`);
      }
    }
  }
  assert.deepEqual(changed, [], 'gallery states changed:\n' + changed.join('\n'));
});

const VARIANTS = [
  '',
  'scheme=dark',
  'elder=1',
  'lang=en',
  'theme=alipay',
  'theme=wechat',
  'theme=weibo',
  'theme=taobao',
  'theme=alipay&scheme=dark&elder=1&lang=en',
  'zoom=200',
];

pageTest('every gallery component passes axe in every theme, scheme, elder mode and language', { ...GALLERY_CONTEXT, timeout: 300_000 }, async ({ page }) => {
  const components = (await catalogue(page)).map((c) => c.component);
  for (const component of components) {
    for (const v of VARIANTS) {
      const apiCalls = [];
      await openGallery(page, `/gallery/${component}${v ? '?' + v : ''}`, apiCalls);
      await assertNoAxeViolations(page, `gallery ${component} ${v || 'base'}`);
    }
  }
});

pageTest('a gallery link reproduces exactly the chosen view', GALLERY_CONTEXT, async ({ page }) => {
  const apiCalls = [];
  await openGallery(page, '/gallery/result?state=error&theme=alipay&elder=1&lang=en&scheme=dark', apiCalls);
  const wrap = page.locator('.ch-gallery');
  assert.equal(await wrap.getAttribute('data-channel'), 'alipay');
  assert.equal(await wrap.getAttribute('data-elder'), '1');
  assert.equal(await wrap.getAttribute('data-scheme'), 'dark');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('section[data-state]').count(), 1);
  // Elder mode: body text at least 18 px, targets at least 60 px.
  const fontSize = await page.locator('.ch-result__description').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(fontSize >= 18, `elder body text is ${fontSize}px`);
  const button = await page.locator('.ch-result .ch-button').first().boundingBox();
  assert.ok(button.height >= 60, `elder button is ${button.height}px tall`);
  // Switching a control rewrites the URL.
  await page.getByLabel('语言 Language').selectOption('zh-CN');
  await page.waitForFunction(() => !location.search.includes('lang='));
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
});
