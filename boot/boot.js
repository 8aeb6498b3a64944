/* 市民之家 start-up guard. A classic script in plain ES5, loaded with `defer` before the
 * module loader (boot/loader.js), so it runs in every browser, even those too old for
 * modules or without WebAssembly.
 *
 * - Shows the static message #boot-failed (never a blank page, never an endless skeleton)
 *   when WebAssembly is missing (iOS Lockdown Mode, some webviews), modules are not
 *   supported, a start-up script fails to load, or nothing has started after 20 s.
 * - window.__chBoot: the loader's hooks. fail(reason) shows the message with the reason's
 *   sentence; started() hides it again if the app started after all; reloadOnce() reloads
 *   the page once per visit (a stale index.html whose hashed files are gone), guarded in
 *   sessionStorage; it refuses when sessionStorage does not work, so it can never loop.
 * - Marks <html> with data-channel and data-titlebar for the skeleton (partner theme, no
 *   second title bar inside a partner app). The app decides for real (src/host/mod.rs,
 *   the same rules) as soon as it runs.
 * - Delegates clicks on [data-ch-reload] to location.reload(): the panic screen's button
 *   works without inline script (the CSP allows none) and without the stopped wasm.
 *
 * The URL of this file never changes (it is not hashed), so an old index.html finds it. */
(function () {
  'use strict';
  var doc = document;
  var html = doc.documentElement;
  var RELOAD_KEY = 'ch.boot.reloaded';
  var CHANNEL_KEY = 'ch.channel';
  var CHANNELS = ['browser', 'alipay', 'wechat', 'weibo', 'taobao', 'iframe'];
  var REASONS = {
    nowasm: '您的浏览器不支持或禁用了 WebAssembly（例如 iPhone 开启了“锁定模式”），市民之家无法运行。',
    old: '您的浏览器版本过旧，市民之家无法运行。',
    failed: '当前浏览器无法运行市民之家：WebAssembly 程序无法启动（系统或浏览器版本过旧，或被设置禁止）。',
    network: '网络不稳定，页面文件没有下载完整。请检查网络后重新加载。',
    stale: '市民之家刚刚更新，这个页面是旧版本。请重新加载。',
    timeout: '页面加载时间过长。请检查网络后重新加载。'
  };
  // The same messages in English, for a resident who chose English in 设置 (ch.locale) or,
  // without a choice, whose browser puts English before Chinese (as the app decides).
  var REASONS_EN = {
    nowasm: 'Your browser does not support WebAssembly or has it turned off (for example Lockdown Mode on an iPhone), so Citizen Home cannot run.',
    old: 'Your browser is too old to run Citizen Home.',
    failed: 'This browser cannot run Citizen Home: the WebAssembly program did not start (the system or browser is too old, or a setting blocks it).',
    network: 'The connection dropped before the page finished downloading. Check your connection and reload.',
    stale: 'Citizen Home has just been updated and this page is an old version. Reload it.',
    timeout: 'The page is taking too long to load. Check your connection and reload.'
  };
  var TEXT_EN = {
    title: 'The page cannot start',
    help: 'Update your system or browser and try again. If you opened this in an app, tap the “…” menu at the top right and choose “Open in browser”.',
    reload: 'Reload'
  };
  var state = { failed: '', started: false };

  function english() {
    try {
      var stored = window.localStorage && window.localStorage.getItem('ch.locale');
      if (stored) return stored === 'en';
    } catch (e) { /* no storage: the browser's languages decide */ }
    var langs = navigator.languages || [navigator.language || ''];
    for (var i = 0; i < langs.length; i++) {
      var l = String(langs[i]).toLowerCase();
      if (l.indexOf('zh') === 0) return false;
      if (l.indexOf('en') === 0) return true;
    }
    return false;
  }

  function setText(id, text) {
    var el = doc.getElementById(id);
    if (el) el.textContent = text;
  }

  function session(op, key, value) {
    try {
      var s = window.sessionStorage;
      if (!s) return null;
      if (op === 'get') return s.getItem(key);
      if (op === 'set') s.setItem(key, value);
      else s.removeItem(key);
      return true;
    } catch (e) {
      return null;
    }
  }

  function fail(reason) {
    if (state.started || state.failed) return;
    var app = doc.getElementById('app');
    var box = doc.getElementById('boot-failed');
    if (!app || !box) return;
    var en = english();
    var reasons = en ? REASONS_EN : REASONS;
    setText('boot-failed-reason', reasons[reason] || reasons.failed);
    if (en) {
      box.setAttribute('lang', 'en');
      setText('boot-failed-title', TEXT_EN.title);
      setText('boot-failed-help', TEXT_EN.help);
      setText('boot-failed-reload', TEXT_EN.reload);
    }
    var again = doc.getElementById('boot-failed-reload');
    if (again) again.setAttribute('href', location.href);
    box.setAttribute('data-reason', reason);
    app.hidden = true;
    box.hidden = false;
    state.failed = reason;
  }

  function started() {
    state.started = true;
    session('remove', RELOAD_KEY);
    var app = doc.getElementById('app');
    var box = doc.getElementById('boot-failed');
    if (app) app.hidden = false;
    if (box) box.hidden = true;
  }

  function reloadOnce() {
    if (session('get', RELOAD_KEY)) return false;
    if (!session('set', RELOAD_KEY, String(new Date().getTime()))) return false;
    location.reload();
    return true;
  }

  function known(name) {
    name = (name || '').toLowerCase();
    for (var i = 0; i < CHANNELS.length; i++) if (CHANNELS[i] === name) return name;
    return '';
  }

  // Same rules as src/host/detect.rs (user agent markers), kept short: a hint only.
  function uaHost(ua) {
    if (/AlipayClient|AliApp\(AP/i.test(ua)) return 'alipay';
    if (/AliApp\(TB|WindVane/i.test(ua)) return 'taobao';
    if (/MicroMessenger/i.test(ua)) return 'wechat';
    if (/Weibo/i.test(ua)) return 'weibo';
    return '';
  }

  var framed = false;
  try {
    framed = window.self !== window.top;
  } catch (e) {
    framed = true;
  }
  var ua = navigator.userAgent || '';
  var param = /[?&]channel=([A-Za-z]+)/.exec(location.search);
  var runtime = uaHost(ua);
  var channel = known(param && param[1]) || known(session('get', CHANNEL_KEY)) || runtime || (framed ? 'iframe' : 'browser');
  html.setAttribute('data-channel', channel);
  if (runtime && !framed) html.setAttribute('data-titlebar', 'host');

  window.__chBoot = { fail: fail, started: started, reloadOnce: reloadOnce };

  doc.addEventListener('click', function (e) {
    var t = e.target;
    while (t && t.nodeType === 1) {
      if (t.hasAttribute('data-ch-reload')) {
        location.reload();
        return;
      }
      t = t.parentNode;
    }
  });

  window.addEventListener('error', function (e) {
    var t = e && e.target;
    if (t && t.tagName === 'SCRIPT') fail('network');
  }, true);

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    fail('nowasm');
    return;
  }
  if (!('noModule' in doc.createElement('script'))) {
    fail('old');
    return;
  }
  setTimeout(function () {
    var app = doc.getElementById('app');
    if (app && app.getAttribute('aria-busy') === 'true') fail('timeout');
  }, 20000);
})();
