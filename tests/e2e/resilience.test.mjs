// When the world is hostile: storage that throws, no WebAssembly, a wasm file that does not
// load, an API that is down, and a Rust panic.

import assert from 'node:assert/strict';
import { absent, assertNoAxeViolations, openApp, pageTest, pathname, shot, until, url, visible } from './support.mjs';

const FAILED_LOAD = /Failed to load resource/;

/** Chooses a launch city from the 首批开通城市 chips. */
async function chooseLaunchChip(page, name) {
  const launch = page.locator('section').filter({ has: page.getByRole('heading', { name: '首批开通城市' }) });
  await (await visible(launch.getByRole('button', { name, exact: true }), `the chip ${name}`)).tap();
}

pageTest(
  'localStorage that throws on access: the app still starts, the picker opens, choosing a city works',
  {
    initScripts: [
      () => {
        Object.defineProperty(window, 'localStorage', {
          configurable: true,
          get() {
            throw new Error('denied');
          },
        });
      },
    ],
  },
  async ({ page }) => {
    await openApp(page, '/');
    assert.equal(await page.evaluate(() => { try { return typeof localStorage; } catch (e) { return 'throws: ' + e.message; } }), 'throws: denied', 'the init script took effect');
    await visible(page.getByLabel('搜索城市'), 'the picker');
    assert.equal(pathname(page), '/cities');
    await chooseLaunchChip(page, '上海市');
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home');
    await visible(page.getByRole('link', { name: '结婚登记预约' }), 'the tiles');
    // Within the visit the choice holds: a service page and back.
    await page.getByRole('link', { name: '结婚登记预约' }).tap();
    await visible(page.getByRole('heading', { level: 1, name: '结婚登记预约' }), 'the service page');
    await page.getByRole('link', { name: /返回\s*城市首页/ }).tap();
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home again');
  },
);

pageTest(
  'localStorage whose setItem throws (quota, private mode): choosing still works for the visit',
  {
    initScripts: [
      () => {
        Storage.prototype.setItem = function () {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      },
    ],
  },
  async ({ page }) => {
    await openApp(page, '/');
    await visible(page.getByLabel('搜索城市'), 'the picker');
    await chooseLaunchChip(page, '深圳市');
    await visible(page.getByRole('heading', { level: 1, name: '深圳市' }), 'the 深圳 home');
  },
);

pageTest('a stored choice that is not a division code is ignored: the picker opens', async ({ page, context }) => {
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('ch.city', '<img src=x onerror=alert(1)>');
      sessionStorage.setItem('seeded', '1');
    }
  });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    d.dismiss().catch(() => {});
  });
  await openApp(page, '/');
  await visible(page.getByLabel('搜索城市'), 'the picker');
  assert.equal(pathname(page), '/cities');
  assert.equal(await page.evaluate(() => localStorage.getItem('ch.city')), '<img src=x onerror=alert(1)>', 'the junk was stored');
  assert.equal(dialogs, 0, 'stored text must never run as HTML');
});

pageTest(
  'no WebAssembly: index.html shows 页面无法启动, not a blank page',
  {
    initScripts: [
      () => {
        delete window.WebAssembly;
        if (window.WebAssembly) Object.defineProperty(window, 'WebAssembly', { value: undefined, configurable: true });
      },
    ],
    // The wasm loader itself fails without WebAssembly; that is what the fallback is for.
    allowErrors: [/WebAssembly|wasm|undefined|null/i],
  },
  async ({ page }) => {
    await page.goto(url('/'), { waitUntil: 'load' });
    assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined', 'the init script took effect');
    await visible(page.getByRole('heading', { name: '页面无法启动' }), 'the heading 页面无法启动');
    await visible(page.getByText(/不支持或禁用了 WebAssembly/), 'the explanation');
    await visible(page.getByRole('link', { name: '重新加载' }), 'a 重新加载 link');
    await absent(page.getByText('正在加载市民之家'), 'the endless loading text');
    await shot(page, 'no-webassembly');
  },
);

pageTest(
  'the wasm file fails to load (network): a plain message within a few seconds, not an endless skeleton',
  { allowErrors: [/./] },
  async ({ page, context }) => {
    await context.route(/\.wasm(\?|$)/, (route) => route.abort('failed'));
    await page.goto(url('/'), { waitUntil: 'load' });
    // Within 5 s of load, not after the 20 s last-resort timer.
    await page.getByRole('heading', { name: '页面无法启动' }).waitFor({ state: 'visible', timeout: 5_000 });
    await absent(page.getByText('正在加载市民之家'), 'the endless loading text');
  },
);

pageTest(
  'the wasm file is a 404: a plain message within a few seconds, not an endless skeleton',
  { allowErrors: [/./] },
  async ({ page, context }) => {
    await context.route(/\.wasm(\?|$)/, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: '404 Not Found\n' }));
    await page.goto(url('/'), { waitUntil: 'load' });
    await page.getByRole('heading', { name: '页面无法启动' }).waitFor({ state: 'visible', timeout: 5_000 });
    await absent(page.getByText('正在加载市民之家'), 'the endless loading text');
  },
);

pageTest(
  'the API is unreachable: the picker says so and 重试 recovers',
  { allowErrors: [FAILED_LOAD] },
  async ({ page, context }) => {
    let down = true;
    await context.route('**/api/v1/cities', (route) => (down ? route.abort('connectionrefused') : route.continue()));
    await openApp(page, '/cities');
    await visible(page.getByRole('heading', { name: '城市列表加载失败' }), 'the heading 城市列表加载失败');
    await visible(page.getByRole('alert').getByText(/网络连接失败/), 'a network message in an alert');
    down = false;
    await page.getByRole('button', { name: '重试' }).tap();
    await visible(page.getByLabel('搜索城市'), 'the picker after 重试');
    await visible(page.getByRole('heading', { name: '首批开通城市' }), 'the city list after 重试');
  },
);

pageTest(
  'the API answers a proxy error page (502 HTML): the home says 加载失败 with 重试 and 切换城市',
  { allowErrors: [FAILED_LOAD] },
  async ({ page, context }) => {
    let broken = true;
    await context.route('**/api/v1/cities/310100', (route) =>
      broken ? route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad Gateway</body></html>' }) : route.continue(),
    );
    await openApp(page, '/city/310100');
    await visible(page.getByRole('heading', { level: 1, name: '加载失败' }), 'the heading 加载失败');
    await visible(page.getByText(/服务暂时不可用/), 'a plain explanation');
    await visible(page.getByRole('link', { name: '切换城市' }), 'a 切换城市 way out');
    broken = false;
    await page.getByRole('button', { name: '重试' }).tap();
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home after 重试');
  },
);

pageTest(
  'the API answers 200 with JSON of the wrong shape: an error state, no panic',
  { allowErrors: [] },
  async ({ page, context }) => {
    await context.route('**/api/v1/cities', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"cities": [{"code": 1}]}' }),
    );
    await openApp(page, '/cities');
    await visible(page.getByRole('heading', { name: '城市列表加载失败' }), 'the heading 城市列表加载失败');
    await visible(page.getByRole('button', { name: '重试' }), 'a 重试 button');
  },
);

// A Rust panic, triggered from outside the app: Safari throws a SecurityError from
// history.pushState after 100 calls in 30 s; the router unwraps that result. The panic hook
// in src/main.rs must replace the page with 出错了，请重新加载.
pageTest(
  'a Rust panic (history.pushState throws) shows 出错了，请重新加载 with a reload button that recovers',
  {
    initScripts: [
      () => {
        if (!sessionStorage.getItem('allow-push')) {
          History.prototype.pushState = function () {
            throw new DOMException('Attempt to use history.pushState() more than 100 times per 30 seconds', 'SecurityError');
          };
        }
      },
    ],
    allowErrors: [/panicked|SecurityError|unreachable|RuntimeError/i],
  },
  async ({ page, errors }) => {
    await openApp(page, '/city/310100');
    await visible(page.getByRole('link', { name: '结婚登记预约' }), 'the 上海 tiles');
    await page.getByRole('link', { name: '结婚登记预约' }).tap();
    const alert = page.getByRole('alert');
    await visible(alert.getByRole('heading', { name: '出错了，请重新加载' }), 'the panic screen 出错了，请重新加载');
    assert.ok(errors.some((e) => /panicked at/.test(e)), `expected a Rust panic in the console, got:\n${errors.join('\n')}`);
    await shot(page, 'panic-screen');
    await assertNoAxeViolations(page, 'the panic screen');
    await page.evaluate(() => sessionStorage.setItem('allow-push', '1'));
    await alert.getByRole('button', { name: '重新加载' }).tap();
    await visible(page.getByRole('heading', { level: 1 }).first(), 'a page after reloading');
    await absent(page.getByRole('heading', { name: '出错了，请重新加载' }), 'the panic screen after reloading');
  },
);

pageTest(
  'a Rust panic in English: the panic screen is in English',
  {
    contextOptions: { locale: 'en-GB' },
    initScripts: [
      () => {
        History.prototype.pushState = function () {
          throw new DOMException('Attempt to use history.pushState() more than 100 times per 30 seconds', 'SecurityError');
        };
      },
    ],
    allowErrors: [/panicked|SecurityError|unreachable|RuntimeError/i],
  },
  async ({ page }) => {
    await openApp(page, '/city/310100');
    const tile = page.locator('.ch-tile__link').first();
    await visible(tile, 'the tiles');
    await tile.tap();
    const alert = page.getByRole('alert');
    await visible(alert.getByRole('heading', { name: 'Something went wrong. Reload the page' }), 'the English panic screen');
    await visible(alert.getByRole('button', { name: 'Reload' }), 'Reload');
    await assertNoAxeViolations(page, 'the English panic screen');
  },
);
