// Pages loaded on demand (src/lazy.rs, issue 2's first-load budget): the city picker, the
// service guide and the settings come in wasm chunks. What a resident sees:
// - the home page of a chosen city loads none of them, then the guide's once the tiles show
//   (so a tap opens it at once); the picker and the settings load when opened;
// - a first visit (the picker) fetches the picker's chunks beside the main wasm;
// - a chunk that cannot be fetched (offline, a server error) is a page with 加载失败,
//   重试 and 重新加载页面, never a crash; 重试 then opens the page;
// - after a deploy (the chunk is gone: 404), 重新加载页面 loads the new release.

import assert from 'node:assert/strict';
import { assertNoAxeViolations, openApp, pageTest, pathname, until, visible } from './support.mjs';

const CHUNK = /\/split_(\w+?)_page-[0-9a-f]{16}\.wasm$/;
const LOAD_ERRORS = [/Failed to load resource|Failed to fetch|HTTP 404|ERR_FAILED/i];

/** The page chunks (`picker`, `service`, `settings`) the page has requested so far. */
function chunkRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(CHUNK);
    if (m) seen.push(m[1]);
  });
  return seen;
}

const remember上海 = () => localStorage.setItem('ch.city', '310100');

pageTest('a chosen city’s home loads no page chunk, then the guide’s; the picker and 设置 load when opened', { initScripts: [remember上海] }, async ({ page }) => {
  const chunks = chunkRequests(page);
  await openApp(page, '/');
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the remembered city’s home');
  await until(async () => assert.deepEqual(chunks, ['service'], 'only the guide’s chunk, once the tiles show'));

  await page.getByRole('link', { name: /切换城市/ }).tap();
  await visible(page.getByRole('searchbox', { name: '搜索城市' }), 'the picker');
  assert.deepEqual(chunks, ['service', 'picker']);

  await page.goBack();
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'home again');
  await page.getByRole('link', { name: /设置/ }).first().tap();
  await visible(page.getByRole('heading', { level: 1, name: '设置' }), 'the settings');
  assert.deepEqual(chunks, ['service', 'picker', 'settings']);

  // Each chunk is fetched once: the guide opens from the prefetched one.
  await page.goBack();
  await page.getByRole('link', { name: '交通违章查询', exact: true }).tap();
  await visible(page.getByRole('heading', { level: 1, name: '交通违章查询' }), 'the guide');
  assert.deepEqual(chunks, ['service', 'picker', 'settings']);
});

pageTest('a first visit fetches the picker’s chunks beside the main wasm, not after it', async ({ page, context }) => {
  let sawPicker;
  const picker = new Promise((resolve) => (sawPicker = resolve));
  page.on('request', (r) => {
    if (/\/split_picker_page-[0-9a-f]{16}\.wasm$/.test(r.url())) sawPicker();
  });
  // The main wasm is held back until the picker's chunk has been asked for: without the
  // prefetch (boot/loader.js) the app could not start and this test would time out.
  await context.route(/_bg\.wasm$/, async (route) => {
    await picker;
    await route.continue();
  });
  await openApp(page, '/');
  await until(async () => assert.equal(pathname(page), '/cities'));
  await visible(page.getByRole('searchbox', { name: '搜索城市' }), 'the picker');
});

pageTest('a page whose chunk cannot be fetched says 加载失败 with 重试, which then opens it', { allowErrors: LOAD_ERRORS }, async ({ page, context }) => {
  let down = true;
  await context.route(/\/split_picker_page-[0-9a-f]{16}\.wasm$/, (route) => (down ? route.abort('internetdisconnected') : route.continue()));
  // A first visit: the home page opens the picker, whose chunk does not come.
  await openApp(page, '/');
  await until(async () => assert.equal(pathname(page), '/cities'));
  await visible(page.getByRole('heading', { level: 1, name: '加载失败' }), 'the 加载失败 heading');
  await visible(page.getByRole('alert').getByText('网络连接失败，请检查网络后重试'), 'what to do, announced');
  await visible(page.getByRole('button', { name: '重新加载页面' }), 'the way out after a deploy');
  assert.equal(await page.title(), '加载失败 - 市民之家');
  await assertNoAxeViolations(page, 'a page whose chunk failed');

  // On a first visit there is no home to go back to (it would open this page again).
  assert.equal(await page.getByRole('link', { name: /返回/ }).count(), 0, 'no 返回 that loops back here');

  // 重试 shows the skeleton while it tries, then the picker, with focus on its heading
  // (the button that had it is gone).
  down = false;
  await context.unroute(/\/split_picker_page-[0-9a-f]{16}\.wasm$/);
  await context.route(/\/split_picker_page-[0-9a-f]{16}\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.getByRole('button', { name: '重试' }).tap();
  await visible(page.getByText('正在加载'), 'the skeleton while 重试 tries');
  assert.equal(await page.title(), '正在加载 - 市民之家', 'a page title while it loads');
  await visible(page.getByRole('searchbox', { name: '搜索城市' }), 'the picker after 重试');
  await until(async () => assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus on the heading'));
});

pageTest('a city that has not joined: the launch cities come on demand, with 重试 when they cannot', { allowErrors: LOAD_ERRORS }, async ({ page, context }) => {
  let down = true;
  await context.route(/\/split_joined_cities_part-[0-9a-f]{16}\.wasm$/, (route) => (down ? route.abort('internetdisconnected') : route.continue()));
  await openApp(page, '/city/500100');
  await visible(page.getByRole('heading', { name: '该城市服务即将开通' }), 'the not-joined state');
  const failed = page.getByRole('alert').filter({ hasText: '加载失败' });
  await visible(failed, 'the launch cities could not be loaded');
  await assertNoAxeViolations(page, 'a not-joined city whose launch cities failed');
  down = false;
  await failed.getByRole('button', { name: '重试' }).tap();
  await visible(page.getByRole('button', { name: '上海市' }), 'the launch cities after 重试');
  // 重试 had focus and is gone: focus goes back to the page's heading.
  await until(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent), '重庆市'));
});

pageTest('after a deploy (the chunk is gone) 重新加载页面 loads the page anew', { allowErrors: LOAD_ERRORS }, async ({ page, context }) => {
  let gone = true;
  await context.route(/\/split_settings_page-[0-9a-f]{16}\.wasm$/, (route) =>
    gone ? route.fulfill({ status: 404, contentType: 'text/plain', body: '404 Not Found\n' }) : route.continue(),
  );
  await openApp(page, '/settings');
  await visible(page.getByRole('heading', { level: 1, name: '加载失败' }), 'the 加载失败 heading');
  // 重试 cannot help while the chunk is gone.
  await page.getByRole('button', { name: '重试' }).tap();
  await visible(page.getByRole('heading', { level: 1, name: '加载失败' }), 'still 加载失败');
  gone = false;
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '重新加载页面' }).tap()]);
  await visible(page.getByRole('heading', { level: 1, name: '设置' }), 'the settings after the reload');
});
