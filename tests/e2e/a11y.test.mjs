// Accessibility: axe-core (WCAG 2.0/2.1 A+AA, 2.2 AA) finds nothing on each page and state,
// and touch targets are at least 44 px (DESIGN.md), the index bar's letters at least 24 px.

import assert from 'node:assert/strict';
import { HTTP_404, assertNoAxeViolations, openApp, pageTest, until, url, visible } from './support.mjs';

const PAGES = [
  ['the picker', '/cities', (page) => page.getByRole('heading', { name: '首批开通城市' })],
  ['the 上海 home', '/city/310100', (page) => page.getByRole('link', { name: '结婚登记预约' })],
  ['the 重庆 not-yet-open home', '/city/500100', (page) => page.getByRole('heading', { name: '已开通的城市' })],
  ['a service page', '/city/310100/service/marriage-registration-appointment', (page) => page.getByRole('heading', { name: '办理需要' })],
  ['the not-found page', '/no/such/page', (page) => page.getByRole('heading', { name: '页面不存在' })],
  ['an unknown city', '/city/999999', (page) => page.getByRole('heading', { name: '没有找到这个城市' })],
  ['an unknown service', '/city/310100/service/nope', (page) => page.getByRole('heading', { name: '没有找到这项服务' })],
];

for (const [what, p, ready] of PAGES) {
  pageTest(`axe: no violations on ${what} (${p})`, { allowErrors: [HTTP_404] }, async ({ page }) => {
    await openApp(page, p);
    await visible(ready(page), `${what} loaded`);
    await assertNoAxeViolations(page, what);
  });
}

pageTest('axe: no violations on the picker with search results showing', async ({ page }) => {
  await openApp(page, '/cities');
  await page.getByLabel('搜索城市').pressSequentially('cq');
  await visible(page.getByRole('region', { name: '搜索结果' }).getByRole('button').first(), 'search results');
  await assertNoAxeViolations(page, 'the picker with results for cq');
});

pageTest('axe: no violations on the picker with no results', async ({ page }) => {
  await openApp(page, '/cities');
  await page.getByLabel('搜索城市').pressSequentially('C++');
  await visible(page.getByRole('heading', { name: '没有找到这个城市' }), 'the 没有找到 state');
  await assertNoAxeViolations(page, 'the picker with no results');
});

pageTest('axe: no violations on the 上海 home with the filter showing nothing', async ({ page }) => {
  await openApp(page, '/city/310100');
  await page.getByLabel('搜索服务').pressSequentially('qzxjvk');
  await visible(page.getByRole('heading', { name: /没有找到“qzxjvk”/ }), 'the empty filter state');
  await assertNoAxeViolations(page, 'the home with an empty filter');
});

pageTest('axe: no violations on the picker after jumping to a letter (focused heading)', async ({ page }) => {
  await openApp(page, '/cities');
  await page.getByRole('navigation', { name: '按字母索引' }).getByRole('button', { name: '跳到字母 S' }).tap();
  await until(async () => assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'S'));
  await assertNoAxeViolations(page, 'the picker scrolled to S');
});

pageTest(
  'axe: no violations on the 页面无法启动 fallback',
  {
    initScripts: [() => { delete window.WebAssembly; }],
    allowErrors: [/./],
  },
  async ({ page }) => {
    await page.goto(url('/'), { waitUntil: 'load' });
    await visible(page.getByRole('heading', { name: '页面无法启动' }), 'the fallback');
    await assertNoAxeViolations(page, 'the no-WebAssembly fallback');
  },
);

/**
 * Every visible control's size, except links inside running text. Returns those smaller
 * than `min` (or, for the index bar's letters, than 24 px).
 */
async function smallTargets(page, min = 44) {
  return page.evaluate((min) => {
    const out = [];
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [role=button], [tabindex]:not([tabindex="-1"])')) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      // WCAG 2.5.8 exempts links inside a sentence.
      if (el.tagName === 'A' && style.display === 'inline' && el.closest('p')) continue;
      const inIndexBar = !!el.closest('nav[aria-label="按字母索引"]');
      const need = inIndexBar ? 24 : min;
      if (r.width + 0.5 < need || r.height + 0.5 < need) {
        const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || '').trim().slice(0, 30);
        out.push(`${el.tagName.toLowerCase()} "${name}": ${Math.round(r.width)}×${Math.round(r.height)} px (needs ${need})`);
      }
    }
    return out;
  }, min);
}

for (const [what, p, ready] of PAGES.slice(0, 5)) {
  pageTest(`touch targets are at least 44 px on ${what}`, { allowErrors: [HTTP_404] }, async ({ page }) => {
    await openApp(page, p);
    await visible(ready(page), `${what} loaded`);
    const small = await smallTargets(page);
    assert.deepEqual(small, [], `targets smaller than 44 px on ${what}:\n${small.join('\n')}`);
  });
}

// Route changes move focus to the new page's heading (issue 3), also when the heading only
// appears once the page's data has loaded, and when the control that navigated was still
// focused: a keyboard or screen reader user starts at the top of the new page.
pageTest('focus moves to the new heading after each navigation', async ({ page }) => {
  const focused = () => page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent?.trim() }));
  const headingFocused = async (name, what) => {
    await until(async () => {
      const f = await focused();
      assert.equal(f.tag, 'H1', `${what}: focus is on ${f.tag} ${f.text?.slice(0, 30)}`);
      assert.match(f.text, name, what);
    });
  };
  await openApp(page, '/cities');
  const shanghai = page.getByRole('button', { name: '上海市' }).first();
  await shanghai.focus();
  await page.keyboard.press('Enter');
  await headingFocused(/上海市/, 'after choosing 上海 with the keyboard');
  await page.getByRole('link', { name: '出入境业务预约' }).focus();
  await page.keyboard.press('Enter');
  await headingFocused(/出入境业务预约/, 'after opening a tile with the keyboard');
  await page.goBack();
  await headingFocused(/上海市/, 'after Back');
});
