// Layout: no horizontal scrolling at 320–430 px wide, in landscape, and with text at 200 %
// (DESIGN.md: "works at 320-430 px wide, in portrait and landscape, with text zoomed to
// 200 %").

import assert from 'node:assert/strict';
import { HTTP_404, openApp, pageTest, shot, until, visible } from './support.mjs';

const PAGES = [
  ['picker', '/cities', (page) => page.getByRole('heading', { name: '首批开通城市' })],
  ['home', '/city/310100', (page) => page.getByRole('link', { name: '结婚登记预约' })],
  ['empty home', '/city/500100', (page) => page.getByRole('heading', { name: '已开通的城市' })],
  ['service', '/city/310100/service/exit-entry-appointment', (page) => page.getByRole('heading', { name: '办理需要' })],
  ['not found', '/no/such/page', (page) => page.getByRole('heading', { name: '页面不存在' })],
];

/**
 * How text is enlarged:
 * - `browser`: the browser's default font size doubled (CDP Page.setFontSizes), like the
 *   system or browser "text size" setting; the app must not cancel it.
 * - `html32`: `html { font-size: 32px }`, 200 % of 16 px.
 */
const CONFIGS = [
  { name: '320 px', viewport: { width: 320, height: 640 } },
  { name: '360 px', viewport: { width: 360, height: 800 } },
  { name: '430 px', viewport: { width: 430, height: 932 } },
  { name: 'landscape 800×360', viewport: { width: 800, height: 360 } },
  { name: '360 px, text 200 % (html 32px)', viewport: { width: 360, height: 800 }, zoom: 'html32' },
  { name: '320 px, text 200 % (html 32px)', viewport: { width: 320, height: 640 }, zoom: 'html32' },
  { name: '360 px, browser text size 200 %', viewport: { width: 360, height: 800 }, zoom: 'browser' },
];

/** Everything that sticks out of the viewport horizontally, for the failure message. */
async function overflow(page) {
  return page.evaluate(() => {
    const se = document.scrollingElement;
    const width = se.clientWidth;
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 || r.left < -1) {
        const text = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 24);
        const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
        culprits.push(`${el.tagName.toLowerCase()}${cls} "${text}" spans ${Math.round(r.left)}–${Math.round(r.right)} px`);
      }
    }
    return { scrollWidth: se.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 12) };
  });
}

for (const config of CONFIGS) {
  pageTest(`no horizontal scrolling at ${config.name}`, { viewport: config.viewport, allowErrors: [HTTP_404] }, async ({ page, context }) => {
    if (config.zoom === 'browser') {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Page.enable');
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    }
    const problems = [];
    for (const [what, p, ready] of PAGES) {
      await openApp(page, p);
      if (config.zoom === 'html32') await page.addStyleTag({ content: 'html { font-size: 32px !important; }' });
      await visible(ready(page), `${what} loaded`);
      if (config.zoom) {
        const sizes = await page.evaluate(() => [getComputedStyle(document.documentElement).fontSize, getComputedStyle(document.body).fontSize]);
        if (sizes[0] !== '32px' || sizes[1] !== '32px') {
          problems.push(`${what} (${p}): root/body font size is ${sizes.join('/')}, expected 32px/32px: the app must follow the 200 % text setting`);
        }
      }
      // Let layout settle after the style change.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const o = await overflow(page);
      if (o.scrollWidth > o.clientWidth + 1) {
        problems.push(
          `${what} (${p}) scrolls sideways: scrollWidth ${o.scrollWidth} > clientWidth ${o.clientWidth}. ` +
            `Elements sticking out:\n    ${o.culprits.join('\n    ')}`,
        );
        await shot(page, `overflow-${config.name.replace(/[^a-z0-9]+/gi, '-')}-${what.replace(/ /g, '-')}`);
      }
      if (config.zoom === 'html32' && config.viewport.width === 360 && (what === 'home' || what === 'picker')) {
        await shot(page, `text-200-${what}`);
      }
    }
    assert.ok(problems.length === 0, `at ${config.name}:\n${problems.join('\n')}`);
  });
}

/** Each index-bar letter, scrolled into view inside the bar: is it the element a tap at its centre hits? */
async function hiddenIndexLetters(page) {
  return page.evaluate(() => {
    const bar = [...document.querySelectorAll('nav')].find((n) => n.getAttribute('aria-label') === '按字母索引');
    if (!bar) return ['(no index bar)'];
    const hidden = [];
    for (const btn of bar.querySelectorAll('button')) {
      btn.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = btn.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !btn.contains(hit)) {
        const by = hit ? `${hit.tagName.toLowerCase()} "${(hit.textContent || '').trim().slice(0, 12)}"` : 'nothing (off screen)';
        hidden.push(`${btn.textContent.trim()} at y=${Math.round(y)} is covered by ${by}`);
      }
    }
    return hidden;
  });
}

/** Line boxes of the top bar's title text. */
async function titleLines(page) {
  return page.evaluate(() => {
    const header = document.querySelector('header');
    // The title only: not the back link, nor the actions at the end of the bar.
    const title = header.querySelector('.ch-nav-bar__title') ?? header;
    const tops = new Set();
    let text = '';
    const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // The title only: not the back link.
      if (!node.textContent.trim() || node.parentElement.closest('a')) continue;
      text += node.textContent.trim();
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) tops.add(Math.round(r.top));
    }
    return { lines: tops.size, height: Math.round(header.getBoundingClientRect().height), text };
  });
}

const TEXT_CONFIGS = [
  { name: '360×800', viewport: { width: 360, height: 800 } },
  { name: 'landscape 800×360', viewport: { width: 800, height: 360 } },
  { name: '360×800, text 200 %', viewport: { width: 360, height: 800 }, zoom: true },
  { name: '320×640, text 200 %', viewport: { width: 320, height: 640 }, zoom: true },
  { name: 'landscape 800×360, text 200 %', viewport: { width: 800, height: 360 }, zoom: true },
];

for (const config of TEXT_CONFIGS) {
  pageTest(`at ${config.name}: the top bar title reads on at most two lines; every index letter can be tapped`, { viewport: config.viewport }, async ({ page }) => {
    const problems = [];
    for (const [p, ready] of [
      ['/cities', (pg) => pg.getByRole('heading', { name: '首批开通城市' })],
      ['/city/310100', (pg) => pg.getByRole('link', { name: '结婚登记预约' })],
      ['/city/310100/service/exit-entry-appointment', (pg) => pg.getByRole('heading', { name: '办理需要' })],
    ]) {
      await openApp(page, p);
      if (config.zoom) await page.addStyleTag({ content: 'html { font-size: 32px !important; }' });
      await visible(ready(page));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const before = problems.length;
      const t = await titleLines(page);
      if (t.lines > 2) {
        problems.push(`${p}: the top bar title "${t.text}" breaks over ${t.lines} lines; the bar is ${t.height} px of a ${config.viewport.height} px screen`);
      }
      if (p === '/cities') {
        const hidden = await hiddenIndexLetters(page);
        if (hidden.length) problems.push(`${p}: index letters that cannot be tapped:\n    ${hidden.join('\n    ')}`);
      }
      if (problems.length > before) {
        const where = p === '/cities' ? 'picker' : p.includes('/service/') ? 'service' : 'home';
        await shot(page, `topbar-${config.name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}-${where}`);
      }
    }
    assert.ok(problems.length === 0, `at ${config.name}:\n${problems.join('\n')}`);
  });
}

// 长辈版 with text at 200 % on the smallest phone (320×640): the home's top bar is one row
// (title beside the actions, which stay 60 px targets) and the picker's index shows every
// letter on screen, tappable where it is, without scrolling the bar or the page.
for (const lang of ['zh-CN', 'en']) {
  pageTest(
    `长辈版, text 200 %, 320×640 (${lang}): compact top bar, every index letter on screen`,
    {
      viewport: { width: 320, height: 640 },
      initScripts: [`try { localStorage.setItem('ch.elder', '1'); localStorage.setItem('ch.locale', '${lang}'); } catch (e) {}`],
    },
    async ({ page }) => {
      const zoom = () => page.addStyleTag({ content: 'html { font-size: 32px !important; }' });
      const frame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await openApp(page, '/city/310100');
      await zoom();
      await visible(page.getByRole('heading', { level: 1 }), 'the home heading');
      await frame();
      const bar = await page.evaluate(() => {
        const header = document.querySelector('header.ch-nav-bar');
        const hr = header.getBoundingClientRect();
        const title = header.querySelector('.ch-nav-bar__title').getBoundingClientRect();
        const actions = [...header.querySelectorAll('.ch-nav-bar__action')].map((a) => {
          const r = a.getBoundingClientRect();
          return { text: a.textContent.trim(), top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
        });
        return { height: hr.height, title: { top: title.top, bottom: title.bottom, right: title.right }, actions, scrollWidth: document.scrollingElement.scrollWidth };
      });
      await shot(page, `elder-200-320-home-${lang}`);
      assert.equal(bar.actions.length, 2, 'the 长辈版 switch and the settings link');
      for (const a of bar.actions) {
        assert.ok(a.width >= 60 && a.height >= 60, `${a.text}: ${a.width}×${a.height} px, a 60 px target in 长辈版`);
        assert.ok(a.top < bar.title.bottom && a.bottom > bar.title.top, `${a.text} sits on the title's row`);
        assert.ok(a.left >= bar.title.right - 1, `${a.text} is beside the title, not below it`);
      }
      assert.ok(bar.height <= 140, `the top bar is ${bar.height} px high (it was 173 px on two rows)`);
      assert.ok(bar.scrollWidth <= 321, `no sideways scrolling (${bar.scrollWidth} px)`);

      await openApp(page, '/cities');
      await zoom();
      await visible(page.locator('.ch-index-bar'), 'the index bar');
      await frame();
      const index = await page.evaluate(() => {
        const nav = document.querySelector('.ch-index-bar');
        const list = nav.querySelector('ul');
        const problems = [];
        let count = 0;
        for (const btn of nav.querySelectorAll('button')) {
          count++;
          const r = btn.getBoundingClientRect();
          const x = r.left + r.width / 2;
          const y = r.top + r.height / 2;
          if (r.height < 24 || r.width < 24) problems.push(`${btn.textContent} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
          if (r.top < 0 || r.bottom > innerHeight + 0.5) problems.push(`${btn.textContent} is off screen (${Math.round(r.top)}–${Math.round(r.bottom)})`);
          const hit = document.elementFromPoint(x, y);
          if (!hit || !btn.contains(hit)) problems.push(`${btn.textContent} is covered by ${hit ? hit.tagName + ' ' + (hit.textContent || '').trim().slice(0, 12) : 'nothing'}`);
        }
        // A scroll container whose letters do not all fit is what made Y and Z need scrolling.
        const scrolls = (el) => /auto|scroll/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 1;
        return { count, problems, scrolls: scrolls(list) || scrolls(nav) };
      });
      await shot(page, `elder-200-320-picker-${lang}`);
      assert.ok(index.count >= 20, `${index.count} letters`);
      assert.deepEqual(index.problems, [], 'every letter on screen and tappable where it is');
      assert.ok(!index.scrolls, 'the bar itself does not scroll');
      // And a tap on the last letter jumps there.
      const last = page.locator('.ch-index-bar button').last();
      const letter = (await last.textContent()).trim();
      await last.tap();
      await until(async () => assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), `letter-${letter}`));
    },
  );
}

// English tile labels are long words ("appointments", "registration"): at every width, in
// 长辈版 too, each label stays inside its tile (two tiles a row below ~390 px, three above).
for (const config of CONFIGS.filter((c) => !c.zoom && c.viewport.width <= 430)) {
  for (const elder of ['0', '1']) {
    pageTest(
      `English tiles at ${config.name}${elder === '1' ? ', 长辈版' : ''}: every label inside its tile`,
      {
        viewport: config.viewport,
        initScripts: [`try { localStorage.setItem('ch.locale', 'en'); localStorage.setItem('ch.elder', '${elder}'); } catch (e) {}`],
      },
      async ({ page }) => {
        await openApp(page, '/city/310100');
        await visible(page.getByRole('link', { name: 'Marriage registration appointment' }), 'the English tiles');
        const over = await page.locator('.ch-tile__label').evaluateAll((els) =>
          els
            .filter((e) => {
              const tile = e.closest('.ch-tile__link').getBoundingClientRect();
              const r = e.getBoundingClientRect();
              return e.scrollWidth > e.clientWidth + 1 || r.left < tile.left - 1 || r.right > tile.right + 1;
            })
            .map((e) => e.textContent.trim()),
        );
        assert.deepEqual(over, [], `labels sticking out of their tiles at ${config.name}`);
      },
    );
  }
}

// English at 200 % browser text: long service names in the top bar and the form's questions
// break rather than push the page sideways (fresh-user finding: 338 px on a 320 px screen).
for (const [width, elder] of [[320, '0'], [360, '1'], [430, '1']]) {
  pageTest(
    `English, browser text 200 %, ${width} px${elder === '1' ? ', 长辈版' : ''}: form pages and the picker do not scroll sideways`,
    {
      viewport: { width, height: 800 },
      initScripts: [`try { localStorage.setItem('ch.locale', 'en'); localStorage.setItem('ch.elder', '${elder}'); } catch (e) {}`],
    },
    async ({ page, context }) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Page.enable');
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
      const problems = [];
      for (const p of [
        '/city/310100/service/marriage-registration-appointment/apply/office',
        '/city/310100/service/exit-entry-appointment/apply/',
        '/cities',
      ]) {
        await openApp(page, p);
        await visible(page.locator('main h1').first(), `the heading of ${p}`);
        const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
        if (scrollWidth > width + 1) problems.push(`${p}: ${scrollWidth} px wide`);
      }
      assert.deepEqual(problems, []);
    },
  );
}
