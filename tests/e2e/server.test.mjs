// The server as the browser meets it: client routes get index.html, missing files get a
// real 404, /healthz and the JSON API.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'playwright-core';
import { BASE_URL, launchCities } from './support.mjs';

let api;
before(async () => {
  api = await request.newContext({ baseURL: BASE_URL });
});
after(async () => {
  await api?.dispose();
});

/** True when `body` looks like the SPA's index.html. */
const isIndexHtml = (body) => /<html|<!doctype|页面无法启动|id="?app\b/i.test(body);

/** The attributes of every `<tag …>` in `html`, quoted or not (release HTML is minified). */
function tags(html, tag) {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map(([, attrs]) =>
    Object.fromEntries([...attrs.matchAll(/([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)].map(([, k, a, b, c]) => [k.toLowerCase(), a ?? b ?? c ?? ''])),
  );
}

test('a missing asset is a plain 404, never index.html', async () => {
  for (const p of [
    '/missing-0123456789abcdef.wasm',
    '/missing-0123456789abcdef_bg.wasm',
    '/missing-0123456789abcdef.js',
    '/missing.css',
    '/public/missing.svg',
    '/city/310100/missing.js',
  ]) {
    const res = await api.get(p);
    const body = await res.text();
    assert.equal(res.status(), 404, `${p} should be 404, got ${res.status()}`);
    assert.ok(!isIndexHtml(body), `${p} answered with index.html:\n${body.slice(0, 200)}`);
    assert.doesNotMatch(res.headers()['content-type'] ?? '', /text\/html/, `${p} content type`);
  }
});

test('client routes get index.html with no-cache', async () => {
  for (const p of ['/', '/cities', '/city/310100', '/city/310100/service/marriage-registration-appointment', '/no/such/page']) {
    const res = await api.get(p);
    assert.equal(res.status(), 200, `${p}`);
    assert.match(res.headers()['content-type'] ?? '', /^text\/html/, `${p} content type`);
    assert.match(res.headers()['cache-control'] ?? '', /no-cache/, `${p} cache-control`);
    const body = await res.text();
    assert.ok(body.includes('页面无法启动') && tags(body, 'div').some((a) => a.id === 'app'), `${p} is not index.html`);
    // Never block zoom (DESIGN.md).
    const viewport = tags(body, 'meta').find((a) => a.name === 'viewport')?.content ?? '';
    assert.ok(viewport.includes('width=device-width'), `viewport meta: ${viewport}`);
    assert.doesNotMatch(viewport, /maximum-scale|user-scalable\s*=\s*(no|0)/i, 'the viewport must not block zoom');
    assert.equal(tags(body, 'html')[0]?.lang, 'zh-CN');
  }
});

test('the built assets index.html references exist, with the right types', async () => {
  const html = await (await api.get('/')).text();
  const refs = [...tags(html, 'link'), ...tags(html, 'script'), ...tags(html, 'meta')]
    .flatMap((a) => [a.href, a.src, a['data-js'], a['data-wasm']])
    .filter((r) => /^\/[^?#]+\.(?:js|wasm|css)$/.test(r ?? ''));
  assert.ok(refs.some((r) => r.endsWith('.wasm')), `index.html references no .wasm:\n${refs.join('\n')}`);
  assert.ok(refs.some((r) => r.endsWith('.js')), 'index.html references no .js');
  for (const r of refs) {
    const res = await api.get(r);
    assert.equal(res.status(), 200, `${r}`);
    const type = res.headers()['content-type'] ?? '';
    const want = r.endsWith('.wasm') ? /application\/wasm/ : r.endsWith('.js') ? /javascript/ : /text\/css/;
    assert.match(type, want, `${r} content type`);
  }
  // The icon index.html links to is served too.
  const icon = tags(html, 'link').find((a) => a.rel === 'icon')?.href;
  assert.ok(icon, 'index.html links an icon');
  assert.equal((await api.get(icon)).status(), 200, `the icon ${icon}`);
});

test('/healthz answers 200', async () => {
  const res = await api.get('/healthz');
  assert.equal(res.status(), 200);
});

test('/api/v1/cities is JSON with every city, 重庆 and the 12 launch cities', async () => {
  const res = await api.get('/api/v1/cities');
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'] ?? '', /^application\/json/);
  const body = await res.json();
  assert.ok(Array.isArray(body.cities), 'cities is an array');
  assert.ok(body.cities.length > 300, `only ${body.cities.length} cities`);
  const cq = body.cities.find((c) => c.code === '500100');
  assert.equal(cq?.name, '重庆市');
  assert.deepEqual(cq?.pinyin, ['chong', 'qing', 'shi']);
  const launch = body.cities.filter((c) => c.launch_order != null).sort((a, b) => a.launch_order - b.launch_order);
  assert.deepEqual(
    launch.map((c) => c.code),
    launchCities().map((c) => c.city_code),
    'launch cities and their order come from the catalog files',
  );
  for (const c of body.cities) assert.match(c.code, /^\d{6}$/, `division code of ${c.name}`);
});

test('/api/v1 errors are JSON, never index.html', async () => {
  for (const [p, status, code] of [
    ['/api/v1/cities/999999', 404, 'city_not_found'],
    ['/api/v1/cities/310100/services/nope', 404, 'service_not_found'],
    ['/api/v1/nope', 404, 'not_found'],
    ['/api/nope', 404, 'not_found'],
  ]) {
    const res = await api.get(p);
    assert.equal(res.status(), status, `${p}`);
    assert.match(res.headers()['content-type'] ?? '', /^application\/json/, `${p} content type`);
    const body = await res.json();
    assert.equal(body?.error?.code, code, `${p} error code`);
    assert.equal(typeof body.error.message, 'string');
  }
});
