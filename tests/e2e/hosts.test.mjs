// Inside the partner apps (issue 5), each tried as a new resident would, with the app's
// user agent and a test double of its bridge (tests/e2e/fixtures/bridges.mjs): our NavBar
// gives way to the app's title bar, the page title goes to the bridge on every route
// change, Back never leaves early or loops, and every API call says where it came from.
// Then the iframe: a partner page on another localhost port gets our messages only when
// it is on the allowlist, and its history stays its own.

import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { absent, BASE_URL, openApp, pageTest, pathname, settled, shot, until, url, visible } from './support.mjs';
import { bridgeScript, TITLE_API, USER_AGENTS } from './fixtures/bridges.mjs';
import { startFixtureServer } from './fixtures/server.mjs';

const MARRIAGE = '/city/310100/service/marriage-registration-appointment';

/** Records the X-Channel header of every API request the page makes. */
function recordChannels(page) {
  const seen = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) seen.push(`${new URL(r.url()).pathname} ${r.headers()['x-channel'] ?? '(none)'}`);
  });
  return seen;
}

/** The titles the bridge double received through `api`. */
const bridgeTitles = (page, api) =>
  page.evaluate((api) => (window.__bridgeCalls || []).filter((c) => c.api === api).map((c) => c.params && c.params.title), api);

/**
 * Opens `p` as the web-view's first page: a partner app opens a new web-view at our URL,
 * so the tab's history starts with this entry (a plain page.goto keeps about:blank before).
 */
async function openAsFirstEntry(page, p) {
  await Promise.all([page.waitForURL(url(p)), page.evaluate((u) => location.replace(u), url(p))]);
  await page.waitForFunction(() => {
    const app = document.getElementById('app');
    return app && !app.hasAttribute('aria-busy');
  });
  await settled(page);
}

const htmlAttr = (page, name) => page.evaluate((n) => document.documentElement.getAttribute(n), name);

/** Our bar's back link and title are not shown (the app draws its own bar). */
async function assertOwnBarHidden(page, where) {
  await absent(page.locator('.ch-nav-bar__title'), `our NavBar title on ${where}`);
  await absent(page.locator('.ch-nav-bar__back'), `our back link on ${where}`);
}

for (const host of ['alipay', 'wechat', 'weibo', 'taobao']) {
  pageTest(
    `${host}: NavBar gives way to the app's bar, the title follows every route, Back returns, X-Channel is ${host}`,
    { contextOptions: { userAgent: USER_AGENTS[host] }, initScripts: [bridgeScript(host, 300)] },
    async ({ page }) => {
      const channels = recordChannels(page);
      await openApp(page, '/city/310100');
      await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home');
      assert.equal(await htmlAttr(page, 'data-channel'), host);
      assert.equal(await htmlAttr(page, 'data-runtime'), host);
      assert.equal(await htmlAttr(page, 'data-titlebar'), 'host');
      await assertOwnBarHidden(page, 'the home');
      await shot(page, `host-${host}-home`);

      const api = TITLE_API[host];
      const expectTitle = async (title, docTitle) => {
        if (api) await until(async () => assert.equal((await bridgeTitles(page, api)).at(-1), title, `last ${api}`));
        await until(async () => assert.equal(await page.title(), docTitle));
      };
      await expectTitle('上海市', '上海市 - 市民之家');

      await page.getByRole('link', { name: '结婚登记预约', exact: true }).tap();
      await visible(page.getByRole('heading', { level: 1, name: '结婚登记预约' }), 'the service page');
      await expectTitle('结婚登记预约', '结婚登记预约 - 上海市 - 市民之家');
      await assertOwnBarHidden(page, 'the service page');

      // The app's Back (and Android's) is history.back().
      await page.goBack();
      await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home after Back');
      await expectTitle('上海市', '上海市 - 市民之家');

      if (api) {
        // Loading titles (市民之家, 办事指南) may show in between on a slow network; the page
        // titles come in order and nothing is sent twice in a row.
        const titles = await bridgeTitles(page, api);
        const pages = titles.filter((t) => t !== '市民之家' && t !== '办事指南');
        assert.deepEqual(pages, ['上海市', '结婚登记预约', '上海市'], `${api}: ${titles}`);
        assert.ok(titles.every((t, i) => i === 0 || t !== titles[i - 1]), `no repeats: ${titles}`);
      }
      const calls = await page.evaluate(() => window.__bridgeCalls.map((c) => c.api));
      assert.ok(!calls.includes('setFontSizeCallback'), `never cancel the app's font size: ${calls}`);
      assert.ok(channels.length >= 2, `API calls seen: ${channels}`);
      for (const c of channels) assert.ok(c.endsWith(` ${host}`), `X-Channel of ${c}`);
    },
  );
}

pageTest(
  "alipay, entered on a deep link: Back shows the city's home, then leaves (no early exit, no loop)",
  { contextOptions: { userAgent: USER_AGENTS.alipay }, initScripts: [bridgeScript('alipay', 100)] },
  async ({ page }) => {
    await openAsFirstEntry(page, MARRIAGE);
    await visible(page.getByRole('heading', { level: 1, name: '结婚登记预约' }), 'the service page');
    assert.equal(pathname(page), MARRIAGE);
    assert.equal(await page.evaluate(() => history.length), 2, 'the city home was put beneath, once');
    await page.goBack();
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home after Back');
    assert.equal(pathname(page), '/city/310100');
    await until(async () => assert.equal((await bridgeTitles(page, 'setTitle')).at(-1), '上海市'));
    // A reload here must not add another entry.
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the home after reload');
    assert.equal(await page.evaluate(() => history.length), 2);
    // Back from the first entry leaves the app (the web-view closes): nothing before it.
    await page.goBack();
    await page.waitForTimeout(300);
    assert.equal(pathname(page), '/city/310100', 'no entry before the city home');
  },
);

pageTest(
  'wechat, first visit at /: the redirect to the picker replaces, so Back from the city goes to the picker and then out',
  { contextOptions: { userAgent: USER_AGENTS.wechat }, initScripts: [bridgeScript('wechat', 0)] },
  async ({ page }) => {
    await openAsFirstEntry(page, '/');
    await visible(page.getByLabel('搜索城市'), 'the picker');
    assert.equal(pathname(page), '/cities');
    assert.equal(await page.evaluate(() => history.length), 1, 'the redirect replaced /');
    const launch = page.locator('section').filter({ has: page.getByRole('heading', { name: '首批开通城市' }) });
    await launch.getByRole('button', { name: '深圳市', exact: true }).tap();
    await visible(page.getByRole('heading', { level: 1, name: '深圳市' }), 'the 深圳 home');
    await page.goBack();
    await visible(page.getByLabel('搜索城市'), 'the picker after Back');
    assert.equal(await page.evaluate(() => history.length), 2);
    await page.goBack();
    await page.waitForTimeout(300);
    assert.equal(pathname(page), '/cities', 'nothing before the picker: Back leaves, no redirect loop');
  },
);

pageTest(
  'alipay without its bridge: after the wait the app still works as in a browser, and a late bridge still gets the title',
  {
    contextOptions: { userAgent: USER_AGENTS.alipay },
    // The test installs the bridge itself once the app's 3 s wait has surely given up (a
    // fixed delay from page load would race a slow start).
    initScripts: [bridgeScript('alipay', 'manual')],
    timeout: 30_000,
  },
  async ({ page }) => {
    await openApp(page, '/city/310100');
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home');
    await assertOwnBarHidden(page, 'the home (the app still draws its bar)');
    assert.equal(await page.evaluate(() => typeof window.AlipayJSBridge), 'undefined', 'no bridge yet');
    // The app's wait started before the home rendered: 3.5 s from here is past it.
    await page.waitForTimeout(3_500);
    await page.evaluate(() => window.__installBridge());
    await page.getByRole('link', { name: '结婚登记预约', exact: true }).tap();
    await visible(page.getByRole('heading', { level: 1, name: '结婚登记预约' }), 'the service page without a bridge');
    await until(async () => assert.deepEqual(await bridgeTitles(page, 'setTitle'), ['结婚登记预约']), { timeout: 8_000 });
  },
);

pageTest(
  '?channel= wins over the user agent, lasts the visit (sessionStorage), and never hides our NavBar in a browser',
  { contextOptions: { userAgent: USER_AGENTS.browser } },
  async ({ page }) => {
    const channels = recordChannels(page);
    await openApp(page, '/city/310100?channel=alipay');
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home');
    assert.equal(await htmlAttr(page, 'data-channel'), 'alipay', 'the entrance');
    assert.equal(await htmlAttr(page, 'data-runtime'), 'browser', 'but a browser to work with');
    assert.equal(await htmlAttr(page, 'data-titlebar'), null);
    await visible(page.locator('.ch-nav-bar__title'), 'our NavBar in a browser');
    const primary = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--ch-color-primary').trim());
    assert.equal(primary, '#1259d6', 'the Alipay entrance theme token');
    await page.getByRole('link', { name: '结婚登记预约', exact: true }).tap();
    await visible(page.getByRole('heading', { level: 1, name: '结婚登记预约' }), 'the service page');
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: '结婚登记预约' }), 'the service page after reload');
    assert.equal(await htmlAttr(page, 'data-channel'), 'alipay', 'kept for the visit');
    assert.ok(channels.length >= 3, `API calls seen: ${channels}`);
    for (const c of channels) assert.ok(c.endsWith(' alipay'), `X-Channel of ${c}`);
  },
);

pageTest(
  '?channel= with sessionStorage that throws: the entrance still holds for the page; unknown channels are ignored',
  {
    contextOptions: { userAgent: USER_AGENTS.wechat },
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
  },
  async ({ page }) => {
    const channels = recordChannels(page);
    await openApp(page, '/city/310100?channel=weibo');
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home');
    assert.equal(await htmlAttr(page, 'data-channel'), 'weibo');
    assert.equal(await htmlAttr(page, 'data-runtime'), 'wechat');
    await page.getByRole('link', { name: '结婚登记预约', exact: true }).tap();
    await visible(page.getByRole('heading', { level: 1, name: '结婚登记预约' }), 'the service page');
    for (const c of channels) assert.ok(c.endsWith(' weibo'), `X-Channel of ${c}`);

    await openApp(page, '/city/310100?channel=evil%0Aheader');
    assert.equal(await htmlAttr(page, 'data-channel'), 'wechat', 'an unknown channel falls back to the user agent');
  },
);

pageTest('zoom and the font size stay with the resident: no maximum-scale, no user-scalable=no, text-size-adjust 100%', async ({ page }) => {
  await openApp(page, '/city/310100');
  const viewport = await page.evaluate(() => document.querySelector('meta[name=viewport]').content);
  assert.match(viewport, /viewport-fit=cover/);
  assert.doesNotMatch(viewport, /maximum-scale|user-scalable|minimum-scale/);
  const adjust = await page.evaluate(() => {
    const s = getComputedStyle(document.documentElement);
    return [s.getPropertyValue('-webkit-text-size-adjust'), s.getPropertyValue('text-size-adjust')].filter(Boolean);
  });
  for (const a of adjust) assert.notEqual(a.trim(), 'none', 'never cancel font scaling');
});

pageTest(
  'the keyboard: a sticky action bar rises by the height visualViewport loses',
  {
    initScripts: [
      () => {
        // A controllable visual viewport (headless Chromium has no on-screen keyboard).
        const vv = new EventTarget();
        vv.height = window.innerHeight;
        vv.offsetTop = 0;
        vv.width = window.innerWidth;
        Object.defineProperty(window, 'visualViewport', { configurable: true, get: () => vv });
        window.__keyboard = (px) => {
          vv.height = window.innerHeight - px;
          vv.dispatchEvent(new Event('resize'));
        };
      },
    ],
  },
  async ({ page }) => {
    await openApp(page, '/city/310100');
    await page.evaluate(() => {
      const bar = document.createElement('div');
      bar.className = 'ch-action-bar';
      bar.textContent = '下一步';
      document.querySelector('main').append(bar);
    });
    const bottom = () => page.evaluate(() => getComputedStyle(document.querySelector('.ch-action-bar')).bottom);
    assert.equal(await bottom(), '0px');
    await page.evaluate(() => window.__keyboard(300));
    await until(async () => assert.equal(await bottom(), '300px'));
    await page.evaluate(() => window.__keyboard(0));
    await until(async () => assert.equal(await bottom(), '0px'));
  },
);

// ---------------------------------------------------------------------------------------
// The app's large-text signal (issue 3): Alipay answers getSystemInfo's fontSizeSetting at
// start, WeChat fires menu:setfont with fontScale when the resident changes it. Elder mode
// follows it, unless the resident chose on or off themselves.

const elderAttr = (page) => htmlAttr(page, 'data-elder');
const elderSwitch = (page) => page.getByRole('switch', { name: '长辈版' });

pageTest(
  'alipay: large text set in the app (fontSizeSetting 22) turns 长辈版 on, not as a stored choice',
  { contextOptions: { userAgent: USER_AGENTS.alipay }, initScripts: [bridgeScript('alipay', 100, { getSystemInfo: { fontSizeSetting: 22 } })] },
  async ({ page }) => {
    await openApp(page, '/city/310100');
    await until(async () => assert.equal(await elderAttr(page), '1', 'data-elder after the bridge answered'));
    assert.equal(await elderSwitch(page).getAttribute('aria-checked'), 'true');
    const calls = await page.evaluate(() => window.__bridgeCalls.map((c) => c.api));
    assert.ok(calls.includes('getSystemInfo'), `asked the app: ${calls}`);
    assert.equal(await page.evaluate(() => localStorage.getItem('ch.elder')), null, "the app's signal is not stored as a choice");
  },
);

pageTest(
  'alipay: standard text (fontSizeSetting 17) leaves 长辈版 off',
  { contextOptions: { userAgent: USER_AGENTS.alipay }, initScripts: [bridgeScript('alipay', 100, { getSystemInfo: { fontSizeSetting: 17 } })] },
  async ({ page }) => {
    await openApp(page, '/city/310100');
    await until(async () => assert.ok((await page.evaluate(() => window.__bridgeCalls.map((c) => c.api))).includes('getSystemInfo')));
    await page.waitForTimeout(300);
    assert.equal(await elderAttr(page), null);
  },
);

pageTest(
  "alipay: the resident's own choice (长辈版 off) wins over the app's large text",
  {
    contextOptions: { userAgent: USER_AGENTS.alipay },
    initScripts: [
      "try { localStorage.setItem('ch.elder', '0'); } catch (e) {}",
      bridgeScript('alipay', 100, { getSystemInfo: { fontSizeSetting: 24 } }),
    ],
  },
  async ({ page }) => {
    await openApp(page, '/city/310100');
    await until(async () => assert.ok((await page.evaluate(() => window.__bridgeCalls.map((c) => c.api))).includes('getSystemInfo')));
    await page.waitForTimeout(300);
    assert.equal(await elderAttr(page), null, 'stays off');
  },
);

pageTest(
  "wechat: menu:setfont at 150 % turns 长辈版 on, back to 100 % turns it off; once the resident switches, the app's signal is ignored",
  { contextOptions: { userAgent: USER_AGENTS.wechat }, initScripts: [bridgeScript('wechat', 100)] },
  async ({ page }) => {
    await openApp(page, '/city/310100');
    await until(async () => assert.ok(await page.evaluate(() => (window.__bridgeHandlers['menu:setfont'] || []).length > 0), 'listens to menu:setfont'));
    assert.equal(await elderAttr(page), null, 'off until the app says otherwise');
    const setFont = (fontScale) => page.evaluate((s) => window.__bridgeHandlers['menu:setfont'].forEach((fn) => fn({ fontSize: 3, fontScale: s })), fontScale);
    await setFont(150);
    await until(async () => assert.equal(await elderAttr(page), '1'));
    await setFont(100);
    await until(async () => assert.equal(await elderAttr(page), null));
    // The resident turns it on: the app's standard size no longer turns it off.
    await elderSwitch(page).tap();
    await until(async () => assert.equal(await elderAttr(page), '1'));
    await setFont(100);
    await page.waitForTimeout(200);
    assert.equal(await elderAttr(page), '1', 'the choice wins');
    const calls = await page.evaluate(() => window.__bridgeCalls.map((c) => c.api));
    assert.ok(!calls.includes('setFontSizeCallback'), `never cancel the app's font size: ${calls}`);
  },
);

// The iframe: a partner page on another localhost port.

let fixtures;
let partner; // the allowed origin, http://127.0.0.1:PORT
let stranger; // the same pages from an origin not on the list, http://localhost:PORT
const appOrigin = new URL(BASE_URL).origin;

before(async () => {
  // The server's allowlist decides the port: the first http://127.0.0.1:PORT partner.
  const embed = await (await fetch(url('/api/v1/embed'))).json();
  partner = embed.partner_origins.find((o) => /^http:\/\/127\.0\.0\.1:\d+$/.test(o));
  if (!partner) {
    throw new Error(
      `the server under test has no http://127.0.0.1:PORT partner origin (got ${JSON.stringify(embed.partner_origins)}). ` +
        'Start it with PARTNER_ORIGINS=http://127.0.0.1:18101 (cargo xtask test does this).',
    );
  }
  fixtures = await startFixtureServer(Number(new URL(partner).port));
  stranger = `http://localhost:${fixtures.port}`;
});
after(async () => {
  if (fixtures) await fixtures.close();
});

/** Opens the partner page at `origin` framing `appPath`; returns the SPA's frame. */
async function openPartner(page, origin, appPath, { intruder = false } = {}) {
  const q = new URLSearchParams({ app: url(appPath) });
  if (intruder) q.set('intruder', `${stranger}/intruder.html`);
  await page.goto(`${origin}/parent.html?${q}`, { waitUntil: 'load' });
  return page.frameLocator('#citizen');
}

const messages = (page, type) =>
  page.evaluate((type) => window.__messages.filter((m) => !type || m.data.type === `citizen-home:${type}`), type);

pageTest('iframe on an allowed partner: ready, route, title and height go to the parent only, our navigations add no history', async ({ page }) => {
  const frame = await openPartner(page, partner, '/city/310100');
  await visible(frame.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home in the frame');
  await until(async () => {
    const types = (await messages(page)).map((m) => m.data.type);
    for (const t of ['ready', 'route', 'title', 'height']) assert.ok(types.includes(`citizen-home:${t}`), `${t} in ${types}`);
  });
  for (const m of await messages(page)) assert.equal(m.origin, appOrigin, 'every message is from the SPA');
  await until(async () => assert.equal((await messages(page, 'title')).at(-1).data.title, '上海市'));
  assert.equal((await messages(page, 'route')).at(-1).data.path, '/city/310100');
  const height = (await messages(page, 'height')).at(-1).data.height;
  assert.ok(height > 300, `height ${height}`);
  // Our own bar stays: the parent draws none.
  await visible(frame.locator('.ch-nav-bar__title'), 'our NavBar in the frame');
  await shot(page, 'iframe-partner');

  const historyBefore = await page.evaluate(() => history.length);
  await frame.getByRole('link', { name: '结婚登记预约', exact: true }).tap();
  await visible(frame.getByRole('heading', { level: 1, name: '结婚登记预约' }), 'the service page in the frame');
  await until(async () => assert.equal((await messages(page, 'route')).at(-1).data.path, MARRIAGE));
  await until(async () => assert.equal((await messages(page, 'title')).at(-1).data.title, '结婚登记预约'));
  await frame.getByRole('link', { name: /返回/ }).first().tap();
  await visible(frame.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home again');
  assert.equal(await page.evaluate(() => history.length), historyBefore, "the parent's history is untouched");

  // The parent asks: without push, the entry is replaced; with push, one entry is added.
  await page.evaluate(([o]) => window.__navigate('/cities', false, o), [appOrigin]);
  await visible(frame.getByLabel('搜索城市'), 'the picker, on the parent’s request');
  assert.equal(await page.evaluate(() => history.length), historyBefore);
  await page.evaluate(([o]) => window.__navigate('/city/440300', true, o), [appOrigin]);
  await visible(frame.getByRole('heading', { level: 1, name: '深圳市' }), 'the 深圳 home, pushed');
  assert.equal(await page.evaluate(() => history.length), historyBefore + 1, 'one entry, as asked');
  await page.evaluate(() => history.back());
  await visible(frame.getByLabel('搜索城市'), 'the picker after the parent’s Back');
});

pageTest(
  'iframe: a sibling frame from another origin cannot steer the SPA; a page not on the allowlist cannot frame it and gets nothing',
  { allowErrors: [/frame-ancestors|Refused to (frame|display)/i] },
  async ({ page }) => {
    const frame = await openPartner(page, partner, '/city/310100', { intruder: true });
    await visible(frame.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home in the frame');
    const intruder = page.frames().find((f) => f.url().startsWith(stranger));
    assert.ok(intruder, 'the intruder frame loaded');
    await intruder.waitForFunction(() => typeof window.__steer === 'function');
    await intruder.evaluate(() => window.__steer());
    await page.waitForTimeout(800);
    await visible(frame.getByRole('heading', { level: 1, name: '上海市' }), 'still the 上海 home: the message was ignored');

    await page.evaluate(() => (window.__messages = []));
    await openPartner(page, stranger, '/city/310100');
    await page.waitForTimeout(2_500);
    assert.deepEqual(await messages(page), [], 'a stranger hears nothing');
    const framed = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(appOrigin));
    if (framed) {
      const text = await framed.evaluate(() => document.body && document.body.innerText).catch(() => '');
      assert.ok(!text.includes('上海市'), 'the SPA did not render inside a stranger');
    }
  },
);
