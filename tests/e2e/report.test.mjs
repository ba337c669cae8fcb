// The evaluation report in a real browser: the CLI writes the sample's report and the report
// of a hostile draft (`jixiao report FILE -o OUT`); each is opened from file:// and must run
// no script at all (no dialog, no console message, a canary global never set, no request but
// the file itself, the CSP meta in force). The sample is printed to PDF (A4): its page count
// must be sane, and with print media no table may be wider than the printable width.
// In the app (served, and the standalone file from file://): the 报告 tab's preview is an
// iframe on the blob: URL of the report's Blob, 下载报告 downloads that same Blob (the same
// bytes, equal to the CLI's report of the exported draft), hostile text in the draft runs
// nothing in the preview, and the URL is revoked when the report changes or the tab closes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ROOT, CHROMIUM, CHROMIUM_ARGS, startApp, waitForApp, openSample, showSection } from './harness.mjs';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-report-'));

/** Runs the CLI: `jixiao <args…>` (release build, as users run it). */
function jixiao(...args) {
  return execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'jixiao', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20 * 60_000,
  });
}

// Each payload tries, if it were ever parsed as markup, to set window.__pwned or to open a
// dialog; the canary proves none did.
const PAYLOADS = [
  '<script>window.__pwned = "script"; alert("script")</script>',
  '"><img src=x onerror="window.__pwned=\'img\'; alert(1)">',
  "'><svg onload=\"window.__pwned='svg'\">",
  '<a href="javascript:window.__pwned=\'link\'">点我</a>',
  '</style><script>window.__pwned = "style"</script>',
  '</title><script>window.__pwned = "title"</script>',
  ']]><iframe src="javascript:parent.__pwned=\'iframe\'"></iframe>',
  '{{自评得分}}{{constructor.constructor("window.__pwned=1")()}}',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=\'meta\'">',
  '<body onload="window.__pwned=\'body\'">',
];

/** The sample draft with a payload in every free-text field this test knows of. */
function hostileDraft() {
  const draft = JSON.parse(fs.readFileSync(path.join(ROOT, 'samples/pension-2019.jixiao.json'), 'utf8'));
  let n = 0;
  const next = () => PAYLOADS[n++ % PAYLOADS.length];
  // Ids must stay unique: a payload plus a counter.
  const id = () => `${next()}#${n}`;
  const ev = draft.evaluation;
  for (const k of ['name', 'year', 'department', 'implementer', 'region', 'report_date', 'contact']) ev.header[k] = next();
  for (const k of ['overall', 'annual', 'achieved']) ev.goals[k] = next();
  ev.funds.execution_note = next();
  for (const r of ev.funds.sources) { r.id = id(); r.name = next(); }
  for (const u of ev.funds.uses) { u.id = id(); u.purpose = next(); }
  for (const t of ev.funds.transfers) { t.id = id(); t.account = next(); }
  for (const i of ev.indicators) {
    i.id = id();
    for (const k of ['name', 'target_text', 'unit', 'actual_text', 'actual_unit', 'deviation', 'evidence']) i[k] = next();
  }
  ev.indicators[2].manual = { score: '1', reason: next() };
  // Long words without a break opportunity must wrap inside their cells, not widen tables.
  ev.indicators[3].name = 'W'.repeat(400);
  ev.funds.transfers[0].account = `https://example.invalid/${'a'.repeat(300)}`;
  ev.survey.options[0].label = '１２３４５６７８９０'.repeat(30);
  ev.survey.method = next();
  for (const o of ev.survey.options) { o.id = id(); o.label = next(); }
  for (const f of ev.figures) { f.id = id(); f.name = next(); f.unit = next(); f.stated_in = next(); }
  for (const k of Object.keys(ev.narrative)) ev.narrative[k] = `${next()}\n{${next()}}\n${next()}`;
  ev.notes = next();
  ev.unreadable = { 'funds.total.executed': next() };
  return draft;
}

let browser;
let samplePath;
let hostilePath;

before(async () => {
  const sampleDraft = path.join(TMP, 'sample.jixiao.json');
  fs.copyFileSync(path.join(ROOT, 'samples/pension-2019.jixiao.json'), sampleDraft);
  samplePath = path.join(TMP, 'sample.html');
  jixiao('report', sampleDraft, '-o', samplePath);
  const hostileFile = path.join(TMP, 'hostile.jixiao.json');
  fs.writeFileSync(hostileFile, JSON.stringify(hostileDraft(), null, 1));
  hostilePath = path.join(TMP, 'hostile.html');
  jixiao('report', hostileFile, '-o', hostilePath);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  fs.rmSync(TMP, { recursive: true, force: true });
});

/** Opens a report from file:// and records everything a script could cause. */
async function open(file) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const seen = { dialogs: [], console: [], errors: [], requests: [], popups: [] };
  page.on('dialog', async (d) => { seen.dialogs.push(d.message()); await d.dismiss(); });
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('popup', (p) => seen.popups.push(p.url()));
  context.on('request', (r) => seen.requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  // Give anything deferred (onload handlers, meta refresh) a chance to fire.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
  return { context, page, seen, url };
}

async function assertInert({ page, seen, url }) {
  assert.deepEqual(seen.dialogs, [], 'no dialog');
  assert.deepEqual(seen.console, [], 'no console message (a CSP violation would log one)');
  assert.deepEqual(seen.errors, [], 'no page error');
  assert.deepEqual(seen.popups, [], 'no popup');
  assert.deepEqual(seen.requests, [url], 'no request but the file itself');
  assert.equal(page.url(), url, 'still on the report (no refresh / navigation)');
  const facts = await page.evaluate(() => ({
    pwned: window.__pwned,
    scripts: document.scripts.length,
    frames: document.querySelectorAll('iframe, frame, object, embed').length,
    csp: [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((m) => m.content),
    handlers: [...document.querySelectorAll('*')].flatMap((e) =>
      [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}@${a.name}`)),
    links: [...document.querySelectorAll('[href], [src]')].map((e) => e.outerHTML.slice(0, 80)),
    metas: document.querySelectorAll('meta').length,
    styles: document.querySelectorAll('style').length,
  }));
  assert.equal(facts.pwned, undefined, 'the canary global is not set');
  assert.equal(facts.scripts, 0, 'no script element');
  assert.equal(facts.frames, 0, 'no frame');
  assert.deepEqual(facts.csp, [CSP], 'the CSP meta');
  assert.deepEqual(facts.handlers, [], 'no event handler attribute');
  assert.deepEqual(facts.links, [], 'no href/src anywhere');
  assert.equal(facts.styles, 1, 'one stylesheet (ours)');
}

/**
 * With print media at the printable width of A4 (210 mm − 28 mm − 26 mm margins = 156 mm),
 * no table is wider than its container or the page.
 */
async function assertFitsThePage(page) {
  await page.emulateMedia({ media: 'print' });
  const printable = Math.floor((156 / 25.4) * 96);
  await page.setViewportSize({ width: printable, height: 1100 });
  const wide = await page.evaluate((limit) =>
    [...document.querySelectorAll('table')].filter((t) =>
      t.scrollWidth > t.parentElement.clientWidth || t.getBoundingClientRect().right > limit + 1,
    ).map((t) => `${t.className}: ${t.scrollWidth} > ${t.parentElement.clientWidth}`), printable);
  assert.deepEqual(wide, [], 'tables wider than the printable width');
}

test('the sample report opens from file:// and runs nothing', async () => {
  const r = await open(samplePath);
  try {
    await assertInert(r);
    const text = await r.page.evaluate(() => document.body.innerText);
    assert.match(text, /城乡居民社会养老保险区级配套项目支出绩效评价报告/);
    assert.match(text, /项目支出绩效自评表/);
    for (const h of ['一、项目基本情况', '二、绩效评价工作情况', '三、评价结论和绩效分析', '四、成本效益分析', '五、主要经验及做法、存在的问题和建议']) {
      assert.ok(text.includes(h), h);
    }
  } finally {
    await r.context.close();
  }
});

test('a hostile draft\'s report runs nothing and shows the hostile text as text', async () => {
  const r = await open(hostilePath);
  try {
    await assertInert(r);
    const text = await r.page.evaluate(() => document.body.innerText);
    // The payloads are visible as the characters the user typed.
    assert.ok(text.includes('<script>window.__pwned = "script"; alert("script")</script>'));
    assert.ok(text.includes('"><img src=x onerror="window.__pwned=\'img\'; alert(1)">'));
    assert.ok(text.includes('<a href="javascript:window.__pwned=\'link\'">点我</a>'));
    await assertFitsThePage(r.page);
    const title = await r.page.title();
    assert.ok(title.includes('<script>') || title.includes('<img') || title.includes('{{'), `title carries the name as text: ${title}`);
  } finally {
    await r.context.close();
  }
});

test('the sample report prints on A4: sane page count, no table wider than the page', async () => {
  const r = await open(samplePath);
  try {
    const pdf = await r.page.pdf({ format: 'A4', preferCSSPageSize: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
    assert.ok(pages >= 6 && pages <= 30, `page count ${pages} should be between 6 and 30`);

    await assertFitsThePage(r.page);
    const tables = await r.page.evaluate(() => document.querySelectorAll('table').length);
    assert.ok(tables >= 6, `the report has its tables (${tables})`);
    // Headers repeat: every table with a head shows it as a table-header-group in print.
    const heads = await r.page.evaluate(() =>
      [...document.querySelectorAll('thead')].map((h) => getComputedStyle(h).display));
    assert.ok(heads.length > 0 && heads.every((d) => d === 'table-header-group'));
    // No forced page break (they left pages mostly blank): a heading keeps with what follows.
    const breaks = await r.page.evaluate(() =>
      [...document.querySelectorAll('h2.major, div.form')].map((h) => getComputedStyle(h).breakBefore));
    assert.ok(breaks.length >= 6 && breaks.every((b) => b === 'auto'), breaks.join());
    const keep = await r.page.evaluate(() =>
      [...document.querySelectorAll('h2, h3, h4')].map((h) => getComputedStyle(h).breakAfter));
    assert.ok(keep.every((b) => b === 'avoid'), keep.join());
  } finally {
    await r.context.close();
  }
});

// ---------------------------------------------------------------------------------------------
// The report in the app

/** Runs in the page before its scripts: records every object URL's Blob, revocations and the
 * `<a download>` clicks (href and file name), and sets no canary (the payloads would). */
function recordBlobs() {
  const R = (window.__report = { blobs: {}, revoked: [], clicks: [] });
  const create = URL.createObjectURL;
  URL.createObjectURL = function (obj) {
    const url = create.call(this, obj);
    R.blobs[url] = obj;
    return url;
  };
  const revoke = URL.revokeObjectURL;
  URL.revokeObjectURL = function (url) {
    R.revoked.push(url);
    return revoke.call(this, url);
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute('download')) R.clicks.push({ href: this.href, name: this.download });
    return click.call(this);
  };
}

/** The bytes of the Blob behind an object URL the page made (recorded by recordBlobs). */
async function blobBytes(page, url) {
  const b64 = await page.evaluate(async (u) => {
    const blob = window.__report.blobs[u];
    if (!blob) return null;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, url);
  assert.ok(b64 !== null, `the page made ${url} from a Blob`);
  return Buffer.from(b64, 'base64');
}

/** Shows 报告 and returns the preview's src once its document has loaded. */
async function openReport(page) {
  await showSection(page, 'report');
  const iframe = await page.waitForSelector('iframe[data-testid="report-preview"]');
  const frame = await iframe.contentFrame();
  await frame.waitForLoadState('load');
  await frame.waitForSelector('h1');
  return { src: await iframe.getAttribute('src'), frame };
}

async function typeInto(page, selector, text) {
  await page.fill(selector, text);
  await page.press(selector, 'Tab');
}

for (const standalone of [false, true]) {
  const where = standalone ? 'the standalone file (file://)' : 'the served app';
  test(`${where}: the report preview is the report's Blob; 下载报告 downloads the same bytes, the CLI's report; no script runs`, async () => {
    const app = await startApp({ standalone });
    const dialogs = [];
    try {
      const { page } = app;
      page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
      await page.addInitScript(recordBlobs);
      await page.reload();
      await waitForApp(page);
      await openSample(page);
      // Hostile text where the report shows it (实施单位), and a canary no script may set.
      const payload = PAYLOADS.slice(0, 6).join(' ');
      await typeInto(page, '[data-path="header.implementer"]', payload);
      const name = await page.inputValue('[data-path="header.name"]');

      const { src, frame } = await openReport(page);
      assert.match(src, /^blob:/, 'the preview shows a blob: URL');
      const facts = await frame.evaluate(() => ({
        url: location.href,
        pwned: window.__pwned,
        scripts: document.scripts.length,
        csp: [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((m) => m.content),
        text: document.body.innerText,
        title: document.querySelector('h1').textContent,
      }));
      assert.equal(facts.url, src);
      assert.equal(facts.scripts, 0, 'no script element in the preview');
      assert.deepEqual(facts.csp, [CSP], 'the report\'s CSP meta');
      assert.equal(facts.pwned, undefined, 'the canary is not set in the preview');
      assert.ok(facts.text.includes(PAYLOADS[0]), 'the hostile text is shown as text');
      assert.equal(facts.title, `${name}项目支出绩效评价报告`);
      // The page's own attributes: src, not srcdoc; scripts not allowed by the sandbox either.
      const attrs = await page.$eval('iframe[data-testid="report-preview"]', (f) => ({ srcdoc: f.hasAttribute('srcdoc'), sandbox: f.getAttribute('sandbox') }));
      assert.deepEqual(attrs, { srcdoc: false, sandbox: 'allow-same-origin allow-modals' });
      const preview = await blobBytes(page, src);

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-report"]')]);
      assert.equal(download.suggestedFilename(), `${name}绩效评价报告.html`);
      const downloaded = fs.readFileSync(await download.path());
      assert.ok(downloaded.equals(preview), `the download is the preview's bytes (${downloaded.length} vs ${preview.length})`);
      const clicks = await page.evaluate(() => window.__report.clicks);
      assert.deepEqual(clicks.map((c) => c.href), [src], 'the download uses the preview\'s object URL');

      // The same bytes as the core's report of this draft (exported, written by the CLI).
      await showSection(page, 'project');
      const [exported] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-draft"]')]);
      const draftFile = path.join(TMP, `app-${standalone ? 'standalone' : 'served'}.jixiao.json`);
      fs.copyFileSync(await exported.path(), draftFile);
      const cliReport = path.join(TMP, `app-${standalone ? 'standalone' : 'served'}.html`);
      jixiao('report', draftFile, '-o', cliReport);
      assert.ok(downloaded.equals(fs.readFileSync(cliReport)), 'the app\'s report is the CLI\'s, byte for byte');

      // A download was started from src: it is not revoked at once when the tab closes.
      const revokedAtClose = await page.evaluate((u) => window.__report.revoked.includes(u), src);
      assert.equal(revokedAtClose, false, 'not revoked synchronously after a download');

      // Without a download: a new report (after an edit) gets a new URL and the old one is
      // revoked when the report changes (undo while 报告 is shown) and when the tab closes.
      const second = await openReport(page);
      assert.notEqual(second.src, src, 'opening 报告 again writes the report again');
      await page.keyboard.press('Control+Z');
      await page.waitForFunction((u) => document.querySelector('iframe[data-testid="report-preview"]')?.getAttribute('src') !== u, second.src);
      await page.waitForFunction((u) => window.__report.revoked.includes(u), second.src);
      const third = await page.getAttribute('iframe[data-testid="report-preview"]', 'src');
      const afterUndo = (await blobBytes(page, third)).toString('utf8');
      assert.ok(!afterUndo.includes(PAYLOADS[0]), 'the undone edit is gone from the new report');
      await showSection(page, 'project');
      await page.waitForFunction((u) => window.__report.revoked.includes(u), third);

      assert.deepEqual(dialogs, [], 'no dialog');
      assert.equal(await page.evaluate(() => window.__pwned), undefined, 'the canary is not set in the page');
      assert.deepEqual(app.errors, [], 'no console error (a CSP violation would log one)');
      assert.deepEqual(app.otherOriginRequests(), []);
    } finally {
      await app.close();
    }
  });
}

test('the autosave after an edit keeps the report shown: no second report, 下载报告 uses the preview\'s URL', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await page.addInitScript(recordBlobs);
    await page.reload();
    await waitForApp(page);
    await openSample(page);
    const status = () => page.evaluate(() => document.querySelector('[data-testid="save-status"]')?.textContent ?? '');
    // An edit, then 报告 at once: the autosave (500 ms after the edit) comes while the report is
    // shown. On a slow machine it may come first; then edit and try again.
    let src;
    for (let attempt = 1; ; attempt++) {
      await showSection(page, 'project');
      await typeInto(page, '[data-path="header.implementer"]', `实施单位${attempt}`);
      ({ src } = await openReport(page));
      if ((await status()) !== '已保存') break;
      assert.ok(attempt < 5, 'the autosave always came before the report was shown');
    }
    const blobs = await page.evaluate(() => Object.keys(window.__report.blobs).length);
    await page.waitForFunction(() => document.querySelector('[data-testid="save-status"]')?.textContent === '已保存');
    // A frame for any re-render the save would cause.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    assert.equal(await page.getAttribute('iframe[data-testid="report-preview"]', 'src'), src, 'the preview keeps its report');
    assert.equal(await page.evaluate(() => Object.keys(window.__report.blobs).length), blobs, 'no report written again');
    await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-report"]')]);
    assert.deepEqual(await page.evaluate(() => window.__report.clicks.map((c) => c.href)), [src]);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
