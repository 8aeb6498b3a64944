// Start-up on the webviews residents really have (issue 5): readable static content first,
// then the app; no WebAssembly, a streaming compile that throws, instantiation that throws,
// a page older than the deploy (its hashed files gone) and a download that never ends each
// end in the right Chinese message, never a blank page or an endless skeleton. And all of
// it under the real Content-Security-Policy, with no inline script.

import assert from 'node:assert/strict';
import { absent, openApp, pageTest, shot, until, url, visible } from './support.mjs';

const MESSAGE = '页面无法启动';
const BROWSER_HINT = /在浏览器中打开/;
const ANY = [/./];

/** The message box: heading, the reason sentence, the open-in-browser hint, a reload link. */
async function assertMessage(page, reason, shotName) {
  await visible(page.getByRole('heading', { name: MESSAGE }), `the heading ${MESSAGE}`);
  await visible(page.getByText(reason), `the reason ${reason}`);
  await visible(page.getByText(BROWSER_HINT), 'the open-in-browser hint');
  const reload = await visible(page.getByRole('link', { name: '重新加载' }), 'a 重新加载 link');
  assert.ok((await reload.getAttribute('href')).startsWith('http'), 'reloads this very page');
  await absent(page.getByText('正在加载市民之家'), 'the loading skeleton');
  const text = await page.evaluate(() => document.body.innerText.trim());
  assert.ok(text.length > 40, `never a blank page: ${text}`);
  if (shotName) await shot(page, shotName);
}

/** Counts document loads of the main frame (to see reloads). */
function countLoads(page) {
  const loads = [];
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) loads.push(f.url());
  });
  return loads;
}

pageTest('the static skeleton is readable before the app, and without JavaScript a plain message shows instead', async ({ page, context }) => {
  let release;
  const held = new Promise((r) => (release = r));
  await context.route(/_bg\.wasm(\?|$)/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(url('/city/310100'), { waitUntil: 'domcontentloaded' });
  await visible(page.getByText('正在加载市民之家'), 'the loading line of the skeleton');
  await visible(page.locator('.ch-skeleton'), 'the skeleton');
  assert.equal(await page.evaluate(() => document.getElementById('app').getAttribute('aria-busy')), 'true');
  release();
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the app after the wasm arrives');

  const noJs = await (await page.context().browser()).newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  try {
    const p = await noJs.newPage();
    await p.goto(url('/'));
    await visible(p.getByText(/需要开启 JavaScript/), 'the no-JavaScript message');
    await absent(p.getByText('正在加载市民之家'), 'the skeleton without JavaScript');
  } finally {
    await noJs.close();
  }
});

/** Init script: a browser without WebAssembly (iOS Lockdown Mode). */
function deleteWebAssembly() {
  delete window.WebAssembly;
}

pageTest(
  'WebAssembly deleted, English browser: the message is in English',
  {
    contextOptions: { locale: 'en-GB' },
    initScripts: [deleteWebAssembly],
    allowErrors: ANY,
  },
  async ({ page }) => {
    await page.goto(url('/city/310100'), { waitUntil: 'load' });
    await visible(page.getByRole('heading', { name: 'The page cannot start' }), 'the English heading');
    await visible(page.getByText(/does not support WebAssembly/), 'the English reason');
    await visible(page.getByText(/Open in browser/), 'the open-in-browser hint in English');
    await visible(page.getByRole('link', { name: 'Reload' }), 'Reload');
    assert.equal(await page.locator('#boot-failed').getAttribute('lang'), 'en');
  },
);

pageTest(
  'WebAssembly deleted (iOS Lockdown Mode): the message names WebAssembly and offers the browser',
  {
    initScripts: [deleteWebAssembly],
    allowErrors: ANY,
  },
  async ({ page }) => {
    await page.goto(url('/city/310100'), { waitUntil: 'load' });
    assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined');
    await assertMessage(page, /不支持或禁用了 WebAssembly/, 'startup-no-webassembly');
  },
);

pageTest(
  'instantiateStreaming throws (some Android webviews): the loader falls back to an ArrayBuffer and the app starts',
  {
    initScripts: [
      () => {
        window.__streamingCalls = 0;
        WebAssembly.instantiateStreaming = () => {
          window.__streamingCalls += 1;
          return Promise.reject(new TypeError('WebAssembly.instantiateStreaming(): broken in this webview'));
        };
        WebAssembly.compileStreaming = WebAssembly.instantiateStreaming;
      },
    ],
  },
  async ({ page }) => {
    await openApp(page, '/city/310100');
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home');
    assert.ok((await page.evaluate(() => window.__streamingCalls)) >= 1, 'streaming was tried first');
    await absent(page.getByRole('heading', { name: MESSAGE }), 'the failure message');
  },
);

pageTest(
  'instantiation throws both ways (CSP of an old engine, a broken module): the message, not a blank page',
  {
    initScripts: [
      () => {
        const refuse = () => Promise.reject(new WebAssembly.CompileError('WebAssembly.instantiate(): refused'));
        WebAssembly.instantiateStreaming = refuse;
        WebAssembly.instantiate = refuse;
      },
    ],
    allowErrors: ANY,
  },
  async ({ page }) => {
    await page.goto(url('/city/310100'), { waitUntil: 'load' });
    await assertMessage(page, /WebAssembly 程序无法启动/, 'startup-instantiate-fails');
  },
);

pageTest(
  'a page older than the deploy (its hashed wasm is a 404): one reload, then the message; never a loop',
  { allowErrors: ANY },
  async ({ page, context }) => {
    let wasmRequests = 0;
    await context.route(/_bg\.wasm(\?|$)/, (route) => {
      wasmRequests += 1;
      return route.fulfill({ status: 404, contentType: 'text/plain', body: '404 Not Found\n' });
    });
    const loads = countLoads(page);
    await page.goto(url('/city/310100'), { waitUntil: 'load' });
    await assertMessage(page, /刚刚更新/, 'startup-stale');
    await page.waitForTimeout(1_000);
    assert.equal(loads.length, 2, `exactly one reload: ${loads}`);
    assert.ok(wasmRequests >= 2, 'the wasm was asked for again after the reload');
  },
);

pageTest(
  'a stale page whose wasm is back after the reload (the fresh index.html): the app starts, the guard is cleared',
  { allowErrors: ANY },
  async ({ page, context }) => {
    let first = true;
    await context.route(/_bg\.wasm(\?|$)/, (route) => {
      if (first) {
        first = false;
        return route.fulfill({ status: 404, contentType: 'text/plain', body: '404 Not Found\n' });
      }
      return route.continue();
    });
    const loads = countLoads(page);
    await page.goto(url('/city/310100'), { waitUntil: 'load' });
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home after one reload');
    assert.equal(loads.length, 2, `one reload: ${loads}`);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('ch.boot.reloaded')), null, 'guard cleared after a start');
  },
);

pageTest(
  'the JS glue is a 404 and sessionStorage throws: no reload (it could not be guarded), the message at once',
  {
    initScripts: [
      () => {
        Object.defineProperty(window, 'sessionStorage', {
          configurable: true,
          get() {
            throw new DOMException('denied', 'SecurityError');
          },
        });
      },
    ],
    allowErrors: ANY,
  },
  async ({ page, context }) => {
    await context.route(/\/citizen-home-[0-9a-f]+\.js(\?|$)/, (route) =>
      route.fulfill({ status: 404, contentType: 'text/plain', body: '404 Not Found\n' }),
    );
    const loads = countLoads(page);
    await page.goto(url('/'), { waitUntil: 'load' });
    await assertMessage(page, /刚刚更新/);
    await page.waitForTimeout(800);
    assert.equal(loads.length, 1, `no reload without a guard: ${loads}`);
  },
);

pageTest(
  'a download that never ends: after 20 s the message; when the app starts after all, the message goes away',
  { allowErrors: ANY, timeout: 60_000 },
  async ({ page, context }) => {
    let release;
    const held = new Promise((r) => (release = r));
    await context.route(/_bg\.wasm(\?|$)/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(url('/city/310100'), { waitUntil: 'domcontentloaded' });
    await page.getByRole('heading', { name: MESSAGE }).waitFor({ state: 'visible', timeout: 25_000 });
    await visible(page.getByText(/加载时间过长/), 'the timeout reason');
    release();
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the app, once the wasm arrived');
    await absent(page.getByRole('heading', { name: MESSAGE }), 'the message after the start');
  },
);

pageTest('the exact Content-Security-Policy, no inline script, and no violation while using the app', async ({ page, context }) => {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(url('/city/310100'), { waitUntil: 'load' });
  const embed = await (await fetch(url('/api/v1/embed'))).json();
  const ancestors = ["'self'", ...embed.partner_origins].join(' ');
  assert.equal(
    response.headers()['content-security-policy'],
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
      "img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; object-src 'none'; " +
      `base-uri 'none'; form-action 'self'; frame-ancestors ${ancestors}`,
  );
  const html = await response.text();
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs, body]) => !/\bsrc=/.test(attrs) || body.trim());
  assert.deepEqual(inline.map((m) => m[0].slice(0, 80)), [], 'no inline script');
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');

  await openApp(page, '/city/310100');
  await page.getByRole('link', { name: '结婚登记预约', exact: true }).tap();
  await visible(page.getByRole('heading', { level: 1, name: '结婚登记预约' }), 'the service page');
  await page.goto(url('/cities'));
  await visible(page.getByLabel('搜索城市'), 'the picker');
  await until(async () => assert.equal(await page.evaluate(() => document.getElementById('app').hasAttribute('aria-busy')), false));
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'CSP violations');
});
