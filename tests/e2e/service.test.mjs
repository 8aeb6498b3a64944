// Service pages (/city/:code/service/:id), deep links, and the not-found states.

import assert from 'node:assert/strict';
import { HTTP_404, absent, cityCatalog, openApp, pageTest, pathname, shot, texts, until, visible } from './support.mjs';

const SHANGHAI = cityCatalog('310100');
const service = (id) => {
  const s = SHANGHAI.services.find((x) => x.id === id);
  assert.ok(s, `the catalog of 310100 has no service ${id}`);
  return s;
};

/** Asserts the guide of catalog service `s` of 上海 is what the page shows. */
async function assertGuide(page, s) {
  await visible(page.getByRole('heading', { level: 1, name: s.name.zh, exact: true }), `the service name ${s.name.zh} as h1`);
  assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, 'one h1');
  assert.equal(await page.title(), `${s.name.zh} - 上海市 - 市民之家`);
  // 提供部门 and the department, as a term and its definition.
  await visible(page.getByRole('term').filter({ hasText: '提供部门' }), 'the label 提供部门');
  assert.deepEqual(await texts(page.getByRole('definition')), [s.department.zh], 'the department after 提供部门');
  await visible(page.getByText(s.summary.zh), 'the summary');
  // 办理需要 and its list.
  const needs = page.locator('section').filter({ has: page.getByRole('heading', { name: '办理需要' }) });
  await visible(needs, 'the 办理需要 section');
  assert.deepEqual(await texts(needs.getByRole('listitem')), s.requirements.map((r) => r.zh), '办理需要 lists the requirements');
  if (s.online) {
    // A service with an online lookup (issue 14) offers 开始查询, and no "not open" notice.
    await visible(page.getByRole('link', { name: '开始查询' }), 'the 开始查询 link of a service with a lookup');
    await absent(page.getByRole('heading', { name: '在线办理尚未开通' }), 'the not-open notice on a service with a lookup');
    return;
  }
  if (s.form) {
    // A service with a catalog form offers the way in, and no "not open" notice.
    await visible(page.getByRole('link', { name: /^(开始|继续)办理$/ }), 'the 开始办理 link of a service with a form');
    await absent(page.getByRole('heading', { name: '在线办理尚未开通' }), 'the not-open notice on a service with a form');
    return;
  }
  // The plain notice that online application is not open yet, and no way to submit.
  await visible(page.getByRole('heading', { name: '在线办理尚未开通' }), 'the notice 在线办理尚未开通');
  await visible(page.getByText(/还不能在线提交申请/), 'the sentence saying it cannot be submitted online yet');
  assert.equal(await page.getByRole('button').count(), 0, 'a guide-only service page has no buttons (no submit)');
  assert.equal(await page.locator('form, input[type=submit]').count(), 0, 'no form on a guide-only service page');
  assert.equal(await page.getByRole('link', { name: /办理|提交|申请|预约$/ }).count(), 0, 'no link pretending to apply online');
}

pageTest('a tile opens its service page: name, department, 办理需要, the not-open notice, no submit', async ({ page }) => {
  await openApp(page, '/city/310100');
  // 医院挂号 is still a guide only; 交通违章查询 now leads to its lookup (issue 14).
  const s = service('hospital-registration');
  await (await visible(page.getByRole('link', { name: s.name.zh, exact: true }), `the tile ${s.name.zh}`)).tap();
  await until(async () => assert.equal(pathname(page), '/city/310100/service/hospital-registration'));
  await assertGuide(page, s);
  await shot(page, 'service-hospital-registration');
  await page.goBack();
  const t = service('traffic-violation');
  await (await visible(page.getByRole('link', { name: t.name.zh, exact: true }), `the tile ${t.name.zh}`)).tap();
  await until(async () => assert.equal(pathname(page), '/city/310100/service/traffic-violation'));
  await assertGuide(page, t);

  // Back to the city home from the top bar.
  await page.getByRole('link', { name: /返回\s*城市首页/ }).tap();
  await until(async () => assert.equal(pathname(page), '/city/310100'));
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home after 返回城市首页');
});

pageTest('every 上海 tile leads to its own guide', async ({ page }) => {
  await openApp(page, '/city/310100');
  for (const s of SHANGHAI.services) {
    await (await visible(page.getByRole('link', { name: s.name.zh, exact: true }), `the tile ${s.name.zh}`)).tap();
    await until(async () => assert.equal(pathname(page), `/city/310100/service/${s.id}`));
    await visible(page.getByRole('heading', { level: 1, name: s.name.zh, exact: true }), `the guide of ${s.name.zh}`);
    assert.deepEqual(await texts(page.getByRole('definition')), [s.department.zh], `the department of ${s.name.zh}`);
    await page.goBack();
    await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the home after going back');
  }
});

pageTest('deep link to a service page in a fresh browser renders it (index.html for client routes)', async ({ page }) => {
  const response = await openApp(page, '/city/310100/service/marriage-registration-appointment');
  assert.match(response.headers()['content-type'] ?? '', /text\/html/);
  await assertGuide(page, service('marriage-registration-appointment'));
  await shot(page, 'service-marriage-deep-link');
  // The back link goes to the city's home even though the resident never chose a city.
  await page.getByRole('link', { name: /返回\s*城市首页/ }).tap();
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home');
});

pageTest('unknown service → 没有找到这项服务 with a way to the city', { allowErrors: [HTTP_404] }, async ({ page }) => {
  await openApp(page, '/city/310100/service/nope');
  await visible(page.getByRole('heading', { level: 1, name: '没有找到这项服务' }), 'the heading 没有找到这项服务');
  assert.equal(await page.title(), '没有找到这项服务 - 市民之家');
  await absent(page.getByRole('heading', { name: '加载失败' }), 'an error state for a plain not-found');
  await page.getByRole('link', { name: '查看城市的全部服务' }).tap();
  await until(async () => assert.equal(pathname(page), '/city/310100'));
  await visible(page.getByRole('heading', { level: 1, name: '上海市' }), 'the 上海 home');
});

pageTest('a service of a city that has not joined → 没有找到这项服务', { allowErrors: [HTTP_404] }, async ({ page }) => {
  await openApp(page, '/city/500100/service/traffic-violation');
  await visible(page.getByRole('heading', { level: 1, name: '没有找到这项服务' }), 'the heading 没有找到这项服务');
});

for (const code of ['999999', 'abc', '31010', '%E4%B8%8A%E6%B5%B7']) {
  pageTest(`unknown city /city/${code} → 没有找到这个城市 with a way to the picker`, { allowErrors: [HTTP_404] }, async ({ page }) => {
    await openApp(page, `/city/${code}`);
    await visible(page.getByRole('heading', { level: 1, name: '没有找到这个城市' }), 'the heading 没有找到这个城市');
    await absent(page.getByRole('heading', { name: '加载失败' }), 'an error state for a plain not-found');
    await page.getByRole('link', { name: '选择城市' }).tap();
    await until(async () => assert.equal(pathname(page), '/cities'));
    await visible(page.getByLabel('搜索城市'), 'the picker');
  });
}

pageTest('unknown city in a service link /city/999999/service/x → a not-found state, not an error', { allowErrors: [HTTP_404] }, async ({ page }) => {
  await openApp(page, '/city/999999/service/traffic-violation');
  await visible(page.getByRole('heading', { level: 1, name: /没有找到/ }), 'a 没有找到 heading');
  await absent(page.getByRole('heading', { name: '加载失败' }), 'an error state for a plain not-found');
});

for (const p of ['/no/such/page', '/city', '/city/310100/service', '/cities/extra', '/city/310100/service/traffic-violation/more']) {
  pageTest(`unknown path ${p} → 页面不存在 with a way home`, async ({ page }) => {
    await openApp(page, p);
    await visible(page.getByRole('heading', { level: 1, name: '页面不存在' }), 'the heading 页面不存在');
    assert.equal(await page.title(), '页面不存在 - 市民之家');
    if (p === '/no/such/page') await shot(page, 'not-found');
    await page.getByRole('link', { name: '回到首页' }).tap();
    await until(async () => assert.equal(pathname(page), '/cities'), { timeout: 5_000 });
    await visible(page.getByLabel('搜索城市'), 'the picker (no city chosen yet)');
  });
}
