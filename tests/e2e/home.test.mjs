// The home of a joined city (上海): tiles by category, the 搜索服务 filter, remembering the
// choice across reloads, and switching city.

import assert from 'node:assert/strict';
import {
  CATEGORY_HEADINGS,
  absent,
  cityCatalog,
  openApp,
  pageTest,
  pathname,
  shot,
  texts,
  until,
  visible,
} from './support.mjs';

const SHANGHAI = cityCatalog('310100');

/** Tile links: links to a service page. */
const tiles = (page) => page.getByRole('main').locator('a[href*="/service/"]');
const serviceSearch = (page) => page.getByLabel('搜索服务');

/** Chooses 上海 in the picker by searching `sh`. */
async function chooseShanghaiBySearch(page) {
  await openApp(page, '/');
  const box = await visible(page.getByLabel('搜索城市'), 'the picker on a first visit');
  await box.pressSequentially('sh');
  const first = page.getByRole('region', { name: '搜索结果' }).getByRole('button').first();
  await until(async () => assert.ok((await first.textContent()).startsWith('上海市'), 'first result for sh should be 上海市'));
  await first.tap();
}

pageTest('choosing 上海 shows its tiles grouped by category; the filter narrows them; reload keeps 上海', async ({ page }) => {
  await chooseShanghaiBySearch(page);
  await until(async () => assert.equal(pathname(page), '/'));
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the heading 上海市');
  assert.equal(await page.title(), '上海市 - 市民之家');

  // Groups in the fixed category order, each holding exactly the catalog's services.
  const expectedGroups = CATEGORY_HEADINGS.filter(([id]) => SHANGHAI.services.some((s) => s.category === id));
  await until(async () =>
    assert.deepEqual(await texts(page.getByRole('main').getByRole('heading', { level: 2 })), expectedGroups.map(([, h]) => h)),
  );
  for (const [id, heading] of expectedGroups) {
    const group = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: heading, exact: true }) });
    const names = SHANGHAI.services.filter((s) => s.category === id).map((s) => s.name.zh);
    assert.deepEqual(await texts(group.getByRole('link')), names, `tiles under ${heading}`);
  }
  assert.equal(await tiles(page).count(), SHANGHAI.services.length, 'one tile per service');
  const marriage = await visible(page.getByRole('link', { name: '结婚登记预约', exact: true }), 'the tile 结婚登记预约');
  assert.equal(await marriage.getAttribute('href'), '/city/310100/service/marriage-registration-appointment');
  await shot(page, 'shanghai-home');

  // The 搜索服务 filter.
  const box = await visible(serviceSearch(page), 'a 搜索服务 box');
  assert.equal(await box.getAttribute('type'), 'search');
  await box.pressSequentially('违章');
  await visible(page.getByRole('link', { name: '交通违章查询' }), '交通违章查询 for 违章');
  await until(async () => assert.equal(await page.getByRole('link', { name: '水费', exact: true }).count(), 0, '水费 should be filtered out by 违章'));
  assert.ok((await tiles(page).count()) < SHANGHAI.services.length, 'the filter narrows the tiles');
  await visible(page.getByRole('status').filter({ hasText: /找到 \d+ 项服务/ }), 'a 找到 N 项服务 status');

  // By department and in English too (the filter matches name, English name, department, keywords).
  await box.fill('');
  await box.pressSequentially('Water');
  await visible(page.getByRole('link', { name: '水费', exact: true }), '水费 for "Water"');

  await box.fill('');
  await box.pressSequentially('qzxjvk');
  await visible(page.getByRole('heading', { name: '没有找到“qzxjvk”相关的服务' }), 'the empty state for gibberish');
  assert.equal(await tiles(page).count(), 0, 'no tiles for gibberish');
  assert.equal(await box.inputValue(), 'qzxjvk');

  await box.fill('');
  await until(async () => assert.equal(await tiles(page).count(), SHANGHAI.services.length, 'clearing brings every tile back'));
  await absent(page.getByRole('heading', { name: /没有找到/ }), 'the empty state after clearing');

  // The choice survives a reload (localStorage).
  await page.reload({ waitUntil: 'load' });
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), '上海市 after a reload');
  assert.equal(pathname(page), '/');
  assert.equal(await page.evaluate(() => localStorage.getItem('ch.city')), '310100');
  await visible(page.getByRole('link', { name: '结婚登记预约' }), 'tiles after a reload');
});

pageTest('切换城市 opens the picker with 当前城市 and a way back; choosing a launch chip switches home', async ({ page }) => {
  await chooseShanghaiBySearch(page);
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }));
  await page.getByRole('link', { name: /切换城市/ }).tap();
  await until(async () => assert.equal(pathname(page), '/cities'));
  const current = page.locator('section').filter({ has: page.getByRole('heading', { name: '当前城市' }) });
  await visible(current.getByRole('button', { name: '上海市' }), '当前城市 上海市');
  await visible(page.getByRole('link', { name: /返回/ }), 'a back link in the top bar when a city is chosen');

  // Choose 杭州 (a launch city) from the chips.
  const launch = page.locator('section').filter({ has: page.getByRole('heading', { name: '首批开通城市' }) });
  const hangzhou = cityCatalog('330100');
  await launch.getByRole('button', { name: hangzhou.city_name }).tap();
  await visible(page.getByRole('heading', { level: 1, name: hangzhou.city_name }), `the heading ${hangzhou.city_name}`);
  assert.equal(await tiles(page).count(), hangzhou.services.length);

  // Browser back returns to the picker, forward to the home.
  await page.goBack();
  await until(async () => assert.equal(pathname(page), '/cities'));
  await visible(page.getByLabel('搜索城市'), 'the picker after going back');
});

pageTest('a shared city link /city/310100 opens that city without choosing it', async ({ page }) => {
  await openApp(page, '/city/310100');
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the heading 上海市');
  await visible(page.getByRole('link', { name: '结婚登记预约' }), 'tiles of 上海');
  assert.equal(await tiles(page).count(), SHANGHAI.services.length);
});
