// The city picker (/cities): first visit, A–Z index, search variants, odd input, IME.

import assert from 'node:assert/strict';
import {
  absent,
  launchCities,
  openApp,
  pageTest,
  pathname,
  shot,
  texts,
  until,
  visible,
} from './support.mjs';

const LAUNCH = launchCities();

/** The search box of the picker. */
const searchBox = (page) => page.getByLabel('搜索城市');
/** The result buttons while searching, best first. */
const results = (page) => page.getByRole('region', { name: '搜索结果' }).getByRole('button');
/** The 首批开通城市 group: the section holding that heading. */
const launchGroup = (page) =>
  page.locator('section').filter({ has: page.getByRole('heading', { name: '首批开通城市', exact: true }) });

/** Waits until the first search result's text starts with `name`. */
async function firstResultIs(page, name, query) {
  await until(async () => {
    const n = await results(page).count();
    assert.ok(n > 0, `no results for ${JSON.stringify(query)}`);
    const first = (await results(page).first().textContent()).trim();
    assert.ok(first.startsWith(name), `first result for ${JSON.stringify(query)} is ${JSON.stringify(first)}, expected ${name}`);
  });
}

/** Clears the search box and types `q` key by key, like a resident. */
async function typeQuery(page, q) {
  const box = searchBox(page);
  await box.fill('');
  await box.pressSequentially(q, { delay: 10 });
}

pageTest('first visit to / opens the picker: search box, launch cities, A–Z sections and index bar', async ({ page }) => {
  await openApp(page, '/');
  await until(async () => assert.equal(pathname(page), '/cities', 'with no city chosen, / should open the picker'));
  await visible(page.getByRole('heading', { level: 1, name: '选择城市' }), 'the heading 选择城市');
  assert.equal(await page.title(), '选择城市 - 市民之家');

  const box = await visible(searchBox(page), 'a search box labelled 搜索城市');
  assert.equal(await box.getAttribute('type'), 'search');
  assert.equal(await box.inputValue(), '');

  // The launch batch, in launch order, exactly as the catalog lists it.
  await visible(launchGroup(page), 'the 首批开通城市 group');
  const chips = await texts(launchGroup(page).getByRole('button'));
  assert.equal(LAUNCH.length, 12, 'the catalog should have 12 launch cities');
  assert.deepEqual(chips, LAUNCH.map((c) => c.city_name), '首批开通城市 lists the 12 launch cities in launch order');

  // Every city A–Z under a letter heading, in alphabetical order.
  const letters = await texts(page.getByRole('heading', { level: 2, name: /^[A-Z#]$/ }));
  assert.ok(letters.length >= 20, `expected A–Z sections, found ${letters.join(' ')}`);
  assert.deepEqual([...letters].sort(), letters, 'letter sections are in order');
  assert.equal(letters[0], 'A');
  for (const l of ['C', 'S', 'X', 'Z']) assert.ok(letters.includes(l), `section ${l} missing`);
  // A few cities under their letters.
  const section = (l) => page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: l, exact: true }) });
  await visible(section('C').getByRole('button', { name: /^重庆市/ }), '重庆市 under C');
  await visible(section('X').getByRole('button', { name: /^厦门市/ }), '厦门市 under X');

  // The index bar: one button per section.
  const bar = await visible(page.getByRole('navigation', { name: '按字母索引' }), 'the 按字母索引 index bar');
  const barButtons = bar.getByRole('button');
  assert.equal(await barButtons.count(), letters.length, 'one index button per letter section');
  await shot(page, 'picker');

  // Tapping X scrolls to the X heading and moves focus to it.
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  await bar.getByRole('button', { name: '跳到字母 X' }).tap();
  await until(async () => {
    const active = await page.evaluate(() => ({
      tag: document.activeElement?.tagName,
      text: document.activeElement?.textContent?.trim(),
    }));
    assert.deepEqual(active, { tag: 'H2', text: 'X' }, 'focus should move to the X heading');
  });
  await until(async () => {
    const box = await page.getByRole('heading', { level: 2, name: 'X', exact: true }).boundingBox();
    const navBottom = await page.evaluate(() => document.querySelector('header')?.getBoundingClientRect().bottom ?? 0);
    assert.ok(box.y >= navBottom - 1, `the X heading (top ${box.y}) is hidden under the top bar (bottom ${navBottom})`);
    assert.ok(box.y + box.height <= 800, `the X heading (top ${box.y}) is below the screen`);
  });
  assert.ok((await page.evaluate(() => window.scrollY)) > 500, 'the list should have scrolled down to X');

  // And back up to A.
  await bar.getByRole('button', { name: '跳到字母 A' }).tap();
  await until(async () => {
    const text = await page.evaluate(() => document.activeElement?.textContent?.trim());
    assert.equal(text, 'A');
  });
});

pageTest('typing cq finds 重庆市 first; choosing it shows its home with the not-yet-open state', async ({ page }) => {
  await openApp(page, '/cities');
  await visible(searchBox(page));
  await typeQuery(page, 'cq');
  await firstResultIs(page, '重庆市', 'cq');
  await absent(launchGroup(page), 'the full list while searching');
  await visible(page.getByRole('status').filter({ hasText: /找到 \d+ 个城市/ }), 'a 找到 N 个城市 status for screen readers');
  await shot(page, 'picker-search-cq');

  await results(page).first().tap();
  await until(async () => assert.equal(pathname(page), '/'));
  await visible(page.getByRole('heading', { level: 1, name: '重庆市' }), 'the heading 重庆市');
  await visible(page.getByRole('heading', { name: '该城市服务即将开通' }), 'the empty state 该城市服务即将开通');
  assert.equal(await page.title(), '重庆市 - 市民之家');
  // No tiles, and a way forward: the launch cities.
  assert.equal(await page.getByRole('main').getByRole('link', { name: /查询|缴费|预约/ }).count(), 0, '重庆 has no service tiles');
  const open = page.locator('section').filter({ has: page.getByRole('heading', { name: '已开通的城市' }) });
  await visible(open, 'the 已开通的城市 list');
  await until(async () => assert.deepEqual(await texts(open.getByRole('button')), LAUNCH.map((c) => c.city_name)));
  await visible(page.getByRole('link', { name: /切换城市/ }), 'a 切换城市 link');
  await shot(page, 'chongqing-empty');

  // Choosing a launch city from there works.
  await open.getByRole('button', { name: '上海市' }).tap();
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the heading 上海市 after choosing it from 已开通的城市');
  await visible(page.getByRole('link', { name: '结婚登记预约' }), 'Shanghai tiles');
});

pageTest('search accepts pinyin, spaced pinyin and characters; odd input shows 没有找到 and the box keeps working', async ({ page }) => {
  await openApp(page, '/cities');
  await visible(searchBox(page));
  for (const q of ['chongqing', 'Chong Qing', '重庆', 'CQ', '重庆市', 'ｃｑ']) {
    await typeQuery(page, q);
    await firstResultIs(page, '重庆市', q);
    assert.equal(await searchBox(page).inputValue(), q, 'the box keeps exactly what was typed');
  }
  await typeQuery(page, 'sh');
  await firstResultIs(page, '上海市', 'sh');

  for (const q of ['100%', 'C++', '&', '<b>x</b>', "'; --", '\\', '%E9%87%8D']) {
    await typeQuery(page, q);
    await visible(page.getByRole('heading', { name: '没有找到这个城市' }), `the 没有找到 state for ${JSON.stringify(q)}`);
    assert.equal(await results(page).count(), 0, `no results for ${JSON.stringify(q)}`);
    assert.equal(await searchBox(page).inputValue(), q, 'the box keeps exactly what was typed');
    assert.equal(await page.locator('b').count(), 0, 'typed HTML must not be rendered');
  }
  await shot(page, 'picker-no-match');

  // Still works: clearing brings back the full list, a new query finds again.
  await searchBox(page).fill('');
  await visible(launchGroup(page), 'the full list again after clearing');
  await absent(page.getByRole('heading', { name: '没有找到这个城市' }), 'the 没有找到 state after clearing');
  await typeQuery(page, '  xiamen ');
  await firstResultIs(page, '厦门市', 'xiamen');
  // Only spaces is no query: the full list.
  await typeQuery(page, '   ');
  await visible(launchGroup(page), 'the full list for a query of spaces');
});

/** Dispatches real CompositionEvent / InputEvent objects on the search box, the way an IME does. */
async function imeStep(page, step) {
  await searchBox(page).evaluate((el, s) => {
    if (s.type === 'start') {
      el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
    } else if (s.type === 'update') {
      el.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, data: s.value }));
      el.value = s.value;
      el.dispatchEvent(new InputEvent('input', { bubbles: true, data: s.value, inputType: 'insertCompositionText', isComposing: true }));
    } else if (s.type === 'end') {
      el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: s.value }));
    }
  }, step);
  // Let the app react (signals, effects, rendering).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

pageTest('IME composition: the box keeps the text and results wait for compositionend', async ({ page }) => {
  await openApp(page, '/cities');
  await visible(searchBox(page));
  await searchBox(page).focus();

  await imeStep(page, { type: 'start' });
  for (const partial of ['c', 'ch', 'cho', 'chon', 'chong']) {
    await imeStep(page, { type: 'update', value: partial });
    assert.equal(await searchBox(page).inputValue(), partial, 'the composing text must stay as typed');
    await absent(page.getByRole('region', { name: '搜索结果' }), `results while composing ${JSON.stringify(partial)}`);
    await absent(page.getByRole('heading', { name: '没有找到这个城市' }), `the 没有找到 state while composing ${JSON.stringify(partial)}`);
    await visible(launchGroup(page), 'the full list while composing');
  }
  // The resident picks 重庆 from the candidates: the last composing input, then compositionend.
  await imeStep(page, { type: 'update', value: '重庆' });
  await absent(page.getByRole('region', { name: '搜索结果' }), 'results before compositionend');
  await imeStep(page, { type: 'end', value: '重庆' });
  await firstResultIs(page, '重庆市', '重庆 (after compositionend)');
  assert.equal(await searchBox(page).inputValue(), '重庆', 'no reset or duplication after compositionend');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'search', 'focus stays in the box');

  // A second composition after the first: results of the first stay until this one ends.
  await imeStep(page, { type: 'start' });
  await imeStep(page, { type: 'update', value: '重庆x' });
  await imeStep(page, { type: 'update', value: '重庆xi' });
  assert.equal(await searchBox(page).inputValue(), '重庆xi');
  await firstResultIs(page, '重庆市', 'still 重庆 while composing 重庆xi');
  await imeStep(page, { type: 'update', value: '重庆' });
  await imeStep(page, { type: 'end', value: '重庆' });
  assert.equal(await searchBox(page).inputValue(), '重庆');
  await firstResultIs(page, '重庆市', '重庆 after the second composition');
});

pageTest('IME through the browser (CDP Input.imeSetComposition): composing, then committing 上海', async ({ page }) => {
  await openApp(page, '/cities');
  await visible(searchBox(page));
  await searchBox(page).focus();
  const cdp = await page.context().newCDPSession(page);
  for (const text of ['s', 'sh', 'shang', 'shanghai']) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await searchBox(page).inputValue(), text, 'the composing text must stay as typed');
    await absent(page.getByRole('region', { name: '搜索结果' }), `results while composing ${text}`);
  }
  await cdp.send('Input.insertText', { text: '上海' });
  await firstResultIs(page, '上海市', '上海 (committed)');
  assert.equal(await searchBox(page).inputValue(), '上海', 'the committed text replaces the composition exactly once');
});
