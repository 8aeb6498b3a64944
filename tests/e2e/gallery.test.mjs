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

/** Waits for fonts and a few frames (components that focus themselves two frames after mounting). */
async function settle(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    for (let i = 0; i < 4; i++) await new Promise((r) => requestAnimationFrame(r));
  });
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
  assert.ok(all.length >= 16, `expected at least 16 components, found ${all.map((c) => c.component)}`);
  const names = all.map((c) => c.component);
  for (const c of ['button', 'field', 'error-summary', 'check-answers', 'confirmation', 'region-picker', 'steps', 'toast', 'dialog', 'slot-picker', 'amount']) {
    assert.ok(names.includes(c), `the gallery has no ${c}`);
  }
  for (const { component, states } of all) assert.ok(states.length >= 2, `${component} shows fewer than 2 states`);
});

pageTest('each gallery state matches its baseline screenshot', { ...GALLERY_CONTEXT, timeout: 600_000 }, async ({ page }) => {
  const changed = [];
  for (const { component, states } of await catalogue(page)) {
    for (const state of states) {
      const apiCalls = [];
      await openGallery(page, `/gallery/${component}?state=${state}`, apiCalls);
      await settle(page);
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

pageTest('every gallery component passes axe in every theme, scheme, elder mode and language', { ...GALLERY_CONTEXT, timeout: 1_200_000 }, async ({ page }) => {
  const components = (await catalogue(page)).map((c) => c.component);
  for (const component of components) {
    for (const v of VARIANTS) {
      const apiCalls = [];
      await openGallery(page, `/gallery/${component}${v ? '?' + v : ''}`, apiCalls);
      await settle(page);
      await assertNoAxeViolations(page, `gallery ${component} ${v || 'base'}`);
    }
  }
});

pageTest('a gallery link reproduces exactly the chosen view', GALLERY_CONTEXT, async ({ page }) => {
  const apiCalls = [];
  await openGallery(page, '/gallery/result?state=error&theme=alipay&elder=1&lang=en&scheme=dark', apiCalls);
  // The theme, 长辈版 and the scheme apply to the whole page, the top bar too.
  assert.equal(await page.locator('html').getAttribute('data-channel'), 'alipay');
  assert.equal(await page.locator('html').getAttribute('data-elder'), '1');
  assert.equal(await page.locator('html').getAttribute('data-scheme'), 'dark');
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
  // Back to the list keeps the switches (not the state).
  await page.getByRole('link', { name: '全部组件 All components' }).click();
  await page.waitForFunction(() => location.pathname === '/gallery');
  const back = new URLSearchParams(await page.evaluate(() => location.search));
  assert.equal(back.get('theme'), 'alipay');
  assert.equal(back.get('elder'), '1');
  assert.equal(back.get('scheme'), 'dark');
  assert.equal(back.get('state'), null);
  // The scheme switch offers the device's own choice, and says which is in force.
  assert.deepEqual(await page.getByLabel('配色 Scheme').locator('option').evaluateAll((os) => os.map((o) => o.value)), ['', 'light', 'dark']);
  assert.equal(await page.getByLabel('配色 Scheme').inputValue(), 'dark');
});

/** The first (320 px) frame of a state. */
const frame = (page, state) => page.locator(`section[data-state="${state}"] .ch-gallery__frame`).first();

pageTest('every kind of form field renders with a label, and its errors come from the shared rules', GALLERY_CONTEXT, async ({ page }) => {
  const apiCalls = [];
  await openGallery(page, '/gallery/field', apiCalls);
  const kinds = {
    text: 'input[type=text]', textarea: 'textarea', id: 'input[autocapitalize=characters]', mobile: 'input[type=tel]',
    plate: 'input[autocapitalize=characters]', date: 'input[type=date]', radio: 'input[type=radio]', select: 'select',
    checkboxes: 'input[type=checkbox]', consent: 'input[type=checkbox]', integer: 'input[inputmode=numeric]',
  };
  for (const [state, selector] of Object.entries(kinds)) {
    const input = frame(page, state).locator(selector).first();
    assert.equal(await input.count(), 1, `field/${state} has no ${selector}`);
    const id = await input.getAttribute('id');
    const labelled = await page.evaluate((id) => {
      const el = document.getElementById(id);
      return !!(el.labels?.length || el.closest('fieldset')?.querySelector('legend'));
    }, id);
    assert.ok(labelled, `field/${state}: ${id} has no label`);
  }
  // No id is used twice across the 320 and 430 px copies.
  const dupes = await page.evaluate(() => {
    const seen = new Map();
    for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  assert.deepEqual(dupes, []);
  const errors = await frame(page, 'error').locator('.ch-field__error').allInnerTexts();
  assert.equal(errors.length, 6, errors.join('\n'));
  assert.ok(errors.some((e) => e.includes('居民身份证号码是18位')), errors.join('\n'));
  assert.ok(errors.some((e) => e.includes('不能大于2')), errors.join('\n'));
  assert.equal(await frame(page, 'error').locator('[aria-invalid=true]').count(), 5);
});

pageTest(
  "a gallery link shows the same whatever the designer chose in the app (stored 长辈版, dark, English)",
  { ...GALLERY_CONTEXT, initScripts: ["try { localStorage.setItem('ch.elder', '1'); localStorage.setItem('ch.scheme', 'dark'); localStorage.setItem('ch.locale', 'en'); } catch (e) {}"] },
  async ({ page }) => {
    const apiCalls = [];
    await openGallery(page, '/gallery/result?state=error', apiCalls);
    await page.waitForTimeout(400);
    const html = page.locator('html');
    assert.equal(await html.getAttribute('data-elder'), null, 'stored 长辈版 leaked into the gallery');
    assert.equal(await html.getAttribute('data-scheme'), null, 'stored dark scheme leaked into the gallery');
    assert.equal(await html.getAttribute('lang'), 'zh-CN', 'stored English leaked into the gallery');
    await frame(page, 'error').getByText('加载失败', { exact: true }).waitFor();
    // The stored choices stay stored.
    assert.equal(await page.evaluate(() => localStorage.getItem('ch.locale')), 'en');
    assert.deepEqual(apiCalls, []);
  },
);

pageTest('disabled and loading states: nothing in them can be used', GALLERY_CONTEXT, async ({ page }) => {
  const apiCalls = [];
  await openGallery(page, '/gallery/field?state=disabled', apiCalls);
  const controls = frame(page, 'disabled').locator('input, select, textarea');
  assert.ok((await controls.count()) >= 4, 'the disabled field state has too few controls');
  for (const c of await controls.all()) assert.ok(await c.isDisabled(), `${await c.getAttribute('id')} is not disabled`);
  // The answers stay readable.
  assert.equal(await frame(page, 'disabled').locator('input[type=text]').inputValue(), '张三');
  await openGallery(page, '/gallery/button?state=loading', apiCalls);
  const sending = frame(page, 'loading').getByRole('button', { name: '正在提交…' });
  assert.ok(await sending.isDisabled(), 'the sending button can be tapped again');
  assert.match(await frame(page, 'loading').getByRole('status').innerText(), /正在提交，请稍候/);
  assert.deepEqual(apiCalls, []);
});

pageTest('with lang=en the gallery fixtures are English', GALLERY_CONTEXT, async ({ page }) => {
  const han = /\p{Script=Han}/u;
  // Plate numbers keep their Chinese province abbreviation (沪A12345) in every language.
  const allowed = /沪A12345/g;
  for (const component of ['nav-bar', 'tile-grid', 'search-bar', 'result', 'steps', 'toast', 'dialog', 'slot-picker', 'amount', 'check-answers', 'confirmation', 'field', 'error-summary', 'region-picker']) {
    const apiCalls = [];
    await openGallery(page, `/gallery/${component}?lang=en`, apiCalls);
    const texts = await page.locator('.ch-gallery__frame').evaluateAll((fs) =>
      fs.flatMap((f) => [f.innerText, ...[...f.querySelectorAll('[aria-label], input[placeholder], dialog')].map((e) => e.getAttribute('aria-label') ?? e.getAttribute('placeholder') ?? e.textContent)]));
    const chinese = texts.map((t) => (t ?? '').replace(allowed, '')).filter((t) => han.test(t));
    assert.deepEqual(chinese, [], `${component}?lang=en shows Chinese`);
  }
});

pageTest('the dialog is modal, named by its title, closes on Escape or its buttons and gives focus back', GALLERY_CONTEXT, async ({ page }) => {
  const apiCalls = [];
  await openGallery(page, '/gallery/dialog?state=default', apiCalls);
  const opener = frame(page, 'default').locator(':scope > button.ch-button--warning');
  const focusedIsOpener = () => opener.evaluate((b) => b === document.activeElement);
  const dialog = page.getByRole('dialog', { name: '要放弃这次申请吗？' });

  await opener.click();
  await dialog.waitFor();
  await assertNoAxeViolations(page, 'gallery dialog open');
  assert.equal(await dialog.evaluate((d) => d.matches(':modal')), true, 'not opened with showModal');
  assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true, 'focus is not in the dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.ok(await focusedIsOpener(), 'focus did not return to the opener after Escape');

  // Opened from the keyboard, closed with the close button.
  await opener.focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: '关闭' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.ok(await focusedIsOpener(), 'focus did not return to the opener after the close button');

  // An action button closes it and reports its value.
  await opener.click();
  await dialog.getByRole('button', { name: '放弃申请' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.ok(await focusedIsOpener());
  assert.match(await frame(page, 'default').locator('[role=status]').innerText(), /对话框已关闭：放弃申请/);

  // Elder mode: 60 px targets in the dialog too.
  await openGallery(page, '/gallery/dialog?state=open&elder=1', apiCalls);
  const open = page.locator('dialog[open]');
  await open.waitFor();
  await assertNoAxeViolations(page, 'gallery dialog open, elder');
  for (const b of await open.locator('button').all()) {
    const box = await b.boundingBox();
    assert.ok(box.height >= 60 && box.width >= 60, `elder dialog button is ${box.width}×${box.height}`);
  }
  // Opened by the link (nothing focused): Escape gives focus to the button that opens it,
  // not to the page's <body>.
  await page.keyboard.press('Escape');
  await open.waitFor({ state: 'hidden' });
  assert.equal(
    await page.evaluate(() => document.activeElement?.matches('section[data-state="open"] button.ch-button--warning') ?? false),
    true,
    'focus did not go to the opening button after Escape on a dialog opened by the link',
  );
  await openGallery(page, '/gallery/dialog?state=long-text&scheme=dark&lang=en&zoom=200', apiCalls);
  await page.locator('dialog[open]').waitFor();
  await assertNoAxeViolations(page, 'gallery dialog long text, dark, en, 200 %');
  assert.deepEqual(apiCalls, []);
});

pageTest('a slot is chosen with the keyboard; full and closed slots are skipped', GALLERY_CONTEXT, async ({ page }) => {
  const apiCalls = [];
  await openGallery(page, '/gallery/slot-picker?state=default', apiCalls);
  const f = frame(page, 'default');
  const focusedValue = () => page.evaluate(() => document.activeElement?.value);
  await page.locator('section[data-state="default"] .ch-gallery__frames').focus();
  await page.keyboard.press('Tab');
  assert.equal(await focusedValue(), '0312-0800', 'Tab does not reach the first open slot');
  await page.keyboard.press('Space');
  assert.equal(await f.locator('input[value="0312-0800"]').isChecked(), true);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedValue(), '0312-0830');
  await page.keyboard.press('ArrowDown'); // 09:00 is full
  assert.equal(await focusedValue(), '0312-0930');
  await page.keyboard.press('ArrowDown'); // 13 March 14:00 is closed
  assert.equal(await focusedValue(), '0313-1430');
  assert.equal(await f.locator('input[value="0313-1430"]').isChecked(), true);
  assert.match(await f.locator('[role=status]').innerText(), /0313-1430/);
  // Availability in words, in each radio's name; full and closed slots cannot be chosen.
  assert.equal(await f.getByRole('radio', { name: '08:30–09:00 仅剩2' }).count(), 1);
  assert.equal(await f.getByRole('radio', { name: '09:00–09:30 已约满' }).isDisabled(), true);
  assert.equal(await f.getByRole('radio', { name: '14:00–14:30 不可预约' }).isDisabled(), true);
  assert.equal(await f.getByRole('group', { name: '3月12日 星期四' }).count(), 1);
  // Targets: 44 px, 60 px in elder mode.
  for (const [query, min] of [['', 44], ['&elder=1', 60]]) {
    await openGallery(page, `/gallery/slot-picker?state=default${query}`, apiCalls);
    const heights = await frame(page, 'default').locator('.ch-slot').evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().height));
    assert.ok(Math.min(...heights) >= min, `slot targets ${Math.min(...heights)}px < ${min}px`);
  }
  assert.deepEqual(apiCalls, []);
});

pageTest('toasts speak through live regions, never take focus, and close themselves', GALLERY_CONTEXT, async ({ page }) => {
  const apiCalls = [];
  await openGallery(page, '/gallery/toast', apiCalls);
  assert.equal(await frame(page, 'success').locator('[role=status] .ch-toast').count(), 1);
  assert.equal(await frame(page, 'error').locator('[role=alert] .ch-toast').count(), 1);
  // Closing one keeps the others.
  await frame(page, 'success').getByRole('button', { name: '关闭提示' }).click();
  assert.equal(await frame(page, 'success').locator('.ch-toast').count(), 0);
  assert.equal(await frame(page, 'info').locator('.ch-toast').count(), 1);

  const auto = frame(page, 'auto-dismiss');
  const show = auto.getByRole('button', { name: '显示提示' });
  await show.click();
  const toast = auto.locator('[role=status] .ch-toast');
  await toast.waitFor();
  assert.equal(await show.evaluate((b) => b === document.activeElement), true, 'the toast took focus');
  const shownAt = Date.now();
  await toast.waitFor({ state: 'detached', timeout: 8_000 });
  const after = Date.now() - shownAt;
  assert.ok(after > 3_000, `closed after ${after} ms`);
  // An error stays until closed.
  await page.waitForTimeout(500);
  assert.equal(await frame(page, 'error').locator('.ch-toast').count(), 1);
});

pageTest('amounts in 分 read per locale, negative, zero and at the limits of i64', GALLERY_CONTEXT, async ({ page }) => {
  const apiCalls = [];
  const amounts = async (q) => {
    await openGallery(page, `/gallery/amount${q}`, apiCalls);
    return page.locator('.ch-gallery__frame').first().locator('.ch-amount').allInnerTexts();
  };
  assert.deepEqual(await amounts('?state=default'), ['¥1,186.50', '¥48.00', '¥1,234.50']);
  assert.deepEqual(await amounts('?state=default&lang=en'), ['CNY 1,186.50', 'CNY 48.00', 'CNY 1,234.50']);
  assert.deepEqual(await amounts('?state=negative'), ['-¥12.00', '-¥350.75']);
  assert.deepEqual(await amounts('?state=zero'), ['¥0.00', '¥0.00']);
  assert.deepEqual(await amounts('?state=large&lang=en'), ['CNY 1,234,567,890.12', 'CNY 92,233,720,368,547,758.07', '-CNY 92,233,720,368,547,758.08']);
  // The largest amount wraps inside a 320 px frame, even at 200 % text.
  await openGallery(page, '/gallery/amount?state=large&zoom=200', apiCalls);
  const overflow = await page.locator('.ch-gallery__frame').first().evaluate((f) => f.scrollWidth - f.clientWidth);
  assert.ok(overflow <= 0, `the 320 px frame overflows by ${overflow}px`);
});
