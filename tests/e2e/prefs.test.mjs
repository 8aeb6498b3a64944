// Preferences and the chosen city across starts (issue 3 and fresh-user findings):
// - the language chosen in 设置 survives a reload and wins over the browser's language;
//   with nothing stored the browser's language decides (zh-CN when it is neither);
//   <html lang> follows;
// - in English, city names read in pinyin (Shanghai, Xi'an, Yanbian Korean Autonomous
//   Prefecture) with the Chinese name beside them, and search works in both languages;
// - 设置's 返回 goes back where the resident came from, or to the chosen city's home;
// - opening a city's home by link makes it the chosen city; an unknown code does not.

import assert from 'node:assert/strict';
import { HTTP_404, openApp, pageTest, pathname, shot, texts, until, visible } from './support.mjs';

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);
const stored = (page, key) => page.evaluate((k) => localStorage.getItem(k), key);
/** Waits past leptos_i18n's start-up effects (browser language detection) before judging. */
const settle = (page) => page.waitForTimeout(400);
/** Runs before any page script: the stored language `locale`. */
const storedLocale = (locale) => `try { localStorage.setItem('ch.locale', ${JSON.stringify(locale)}); } catch (e) {}`;

pageTest('English chosen in 设置 survives a reload and a new start, on a Chinese browser', async ({ page }) => {
  await openApp(page, '/settings');
  assert.equal(await htmlLang(page), 'zh-CN');
  await page.getByRole('radio', { name: 'English' }).check();
  await visible(page.getByRole('heading', { level: 1, name: 'Settings' }), 'the English settings page');
  assert.equal(await htmlLang(page), 'en');
  assert.equal(await stored(page, 'ch.locale'), 'en');

  await page.reload();
  await visible(page.getByRole('heading', { level: 1, name: 'Settings' }), 'English after reload');
  await settle(page);
  await visible(page.getByRole('heading', { level: 1, name: 'Settings' }), 'still English once start-up settled');
  assert.equal(await htmlLang(page), 'en');
  assert.ok(await page.getByRole('radio', { name: 'English' }).isChecked(), 'English is the checked language');

  await openApp(page, '/city/310100');
  await settle(page);
  await visible(page.getByRole('heading', { level: 1, name: /Shanghai/ }), 'the 上海 home in English');
  await visible(page.getByRole('link', { name: 'Marriage registration appointment' }), 'its tiles in English');
  assert.equal(await htmlLang(page), 'en');

  // Back to Chinese: kept as well.
  await openApp(page, '/settings');
  await page.getByRole('radio', { name: '简体中文' }).check();
  await visible(page.getByRole('heading', { level: 1, name: '设置' }), 'Chinese again');
  await page.reload();
  await settle(page);
  await visible(page.getByRole('heading', { level: 1, name: '设置' }), 'Chinese after reload');
  assert.equal(await htmlLang(page), 'zh-CN');
});

pageTest(
  'a stored 简体中文 wins over an English browser on every start',
  { contextOptions: { locale: 'en-US' }, initScripts: [storedLocale('zh-CN')] },
  async ({ page }) => {
    await openApp(page, '/settings');
    await settle(page);
    await visible(page.getByRole('heading', { level: 1, name: '设置' }), 'Chinese settings');
    assert.equal(await htmlLang(page), 'zh-CN');
  },
);

pageTest('with nothing stored an English browser gets English', { contextOptions: { locale: 'en-US' } }, async ({ page }) => {
  await openApp(page, '/settings');
  await settle(page);
  await visible(page.getByRole('heading', { level: 1, name: 'Settings' }), 'English settings');
  assert.equal(await htmlLang(page), 'en');
  assert.equal(await stored(page, 'ch.locale'), null, 'nothing is stored without a choice');
});

pageTest('with nothing stored a French browser gets the default, zh-CN', { contextOptions: { locale: 'fr-FR' } }, async ({ page }) => {
  await openApp(page, '/settings');
  await settle(page);
  await visible(page.getByRole('heading', { level: 1, name: '设置' }), 'Chinese settings');
  assert.equal(await htmlLang(page), 'zh-CN');
});

pageTest('in English, city names read in pinyin with the Chinese name beside them', { initScripts: [storedLocale('en')] }, async ({ page }) => {
  await openApp(page, '/city/310100');
  const h1 = await visible(page.getByRole('heading', { level: 1 }), 'the home heading');
  await until(async () => assert.equal((await h1.locator('.ch-city-bar__title').innerText()).trim(), 'Shanghai'));
  assert.equal(await h1.locator('[lang="zh-CN"]').innerText(), '上海市', 'the Chinese name, marked as Chinese');
  await until(async () => assert.equal(await page.title(), 'Shanghai - Citizen Home'));
  await shot(page, 'english-shanghai-home');

  await openApp(page, '/cities');
  const box = await visible(page.getByLabel('Search cities'), 'the English picker');
  const results = () => page.getByRole('region', { name: /results/i }).getByRole('button');
  const firstResult = async (query, expected) => {
    await box.fill('');
    await box.pressSequentially(query);
    await until(async () => assert.equal((await results().first().locator('.ch-city-item__name').innerText()).trim(), expected, `first result for ${query}`));
  };
  await firstResult("xi'an", "Xi'an");
  assert.match((await texts(results().first()))[0], /西安市/, 'the Chinese name beside it');
  assert.match((await texts(results().first()))[0], /Shaanxi/, 'and the province in English');
  await firstResult('重庆', 'Chongqing');
  await firstResult('Chongqing', 'Chongqing');
  await firstResult('changzhi', 'Changzhi');
  await firstResult('yanbian', 'Yanbian Korean Autonomous Prefecture');
  await firstResult('Harbin', 'Harbin');
  await shot(page, 'english-picker-search');

  // The full list and the launch chips read in English too.
  await box.fill('');
  await visible(page.getByRole('button', { name: /^Shanghai/ }).first(), 'the launch chip Shanghai');
  const xian = page.locator('.ch-city-item').filter({ has: page.locator('[lang="zh-CN"]', { hasText: '西安市' }) });
  assert.equal((await xian.locator('.ch-city-item__name').innerText()).trim(), "Xi'an");
});

pageTest(
  'an English browser (en-GB) with nothing stored: the picker names every city in English',
  { contextOptions: { locale: 'en-GB' } },
  async ({ page }) => {
    await openApp(page, '/cities');
    await settle(page);
    await visible(page.getByRole('heading', { level: 1, name: 'Choose a city' }), 'the English picker');
    // The launch chips' accessible names are the English names alone.
    const chips = await page.locator('.ch-chip').evaluateAll((els) => els.map((e) => e.textContent.trim()));
    assert.equal(chips[0], 'Shanghai');
    for (const name of chips) assert.doesNotMatch(name, /\p{Script=Han}/u, `chip ${name} has no Chinese`);
    await visible(page.getByRole('button', { name: 'Guangzhou', exact: true }), 'the chip Guangzhou by its English name');
    // The A–Z list: English first, the Chinese name beside it; minority-language places
    // keep their official English spelling.
    const aksu = page.locator('.ch-city-item').filter({ has: page.locator('[lang="zh-CN"]', { hasText: '阿克苏地区' }) });
    assert.equal((await aksu.locator('.ch-city-item__name').innerText()).trim(), 'Aksu Prefecture');
    const lhasa = page.locator('.ch-city-item').filter({ has: page.locator('[lang="zh-CN"]', { hasText: '拉萨市' }) });
    assert.equal((await lhasa.locator('.ch-city-item__name').innerText()).trim(), 'Lhasa');
    // The count the search announces takes English's singular for one city, plural for more.
    const box = page.getByRole('searchbox');
    await box.pressSequentially('chongqing');
    await visible(page.getByRole('status').filter({ hasText: /^\s*1 city found\s*$/ }), '"1 city found"');
    await box.fill('');
    await box.pressSequentially('zhou');
    await visible(page.getByRole('status').filter({ hasText: /^\s*\d+ cities found\s*$/ }), '"N cities found"');
  },
);

pageTest('设置 返回 goes back to the page the resident came from', async ({ page }) => {
  await openApp(page, '/city/440100');
  await visible(page.getByRole('heading', { level: 1, name: '广州市' }), 'the 广州 home');
  await page.getByRole('link', { name: '设置', exact: true }).tap();
  await visible(page.getByRole('heading', { level: 1, name: '设置' }), 'settings');
  const back = page.getByRole('link', { name: /^返回/ });
  assert.equal(await back.getAttribute('href'), '/city/440100');
  await back.tap();
  await visible(page.getByRole('heading', { level: 1, name: '广州市' }), 'the 广州 home again');
  assert.equal(pathname(page), '/city/440100');
});

pageTest("设置 opened directly: 返回 leads to the chosen city's home", { initScripts: ["try { localStorage.setItem('ch.city', '310100'); } catch (e) {}"] }, async ({ page }) => {
  await openApp(page, '/settings');
  const back = page.getByRole('link', { name: /^返回/ });
  assert.equal(await back.getAttribute('href'), '/city/310100');
  await back.tap();
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home');
});

pageTest('设置 opened directly with no city chosen: 返回 leads to the picker', async ({ page }) => {
  await openApp(page, '/settings');
  const back = page.getByRole('link', { name: /^返回/ });
  assert.equal(await back.getAttribute('href'), '/');
  await back.tap();
  await visible(page.getByLabel('搜索城市'), 'the picker');
});

pageTest('a link to a city home makes it the chosen city; an unknown code does not', { allowErrors: [HTTP_404] }, async ({ page }) => {
  await openApp(page, '/city/440100');
  await visible(page.getByRole('heading', { level: 1, name: '广州市' }), 'the 广州 home');
  await until(async () => assert.equal(await stored(page, 'ch.city'), '440100'));

  // The next start opens it.
  await openApp(page, '/');
  await visible(page.getByRole('heading', { level: 1, name: '广州市' }), 'the 广州 home at /');
  assert.equal(pathname(page), '/');

  // A city that has not joined is still a city: it becomes the choice too.
  await openApp(page, '/city/500100');
  await visible(page.getByRole('heading', { level: 1, name: '重庆市' }), 'the 重庆 home');
  await until(async () => assert.equal(await stored(page, 'ch.city'), '500100'));

  // An unknown code changes nothing.
  await openApp(page, '/city/999999');
  await visible(page.getByRole('heading', { level: 1, name: '没有找到这个城市' }), 'the not-found state');
  await settle(page);
  assert.equal(await stored(page, 'ch.city'), '500100');
  await openApp(page, '/');
  await visible(page.getByRole('heading', { level: 1, name: '重庆市' }), 'still 重庆 at /');
});
