// Drafts in the browser (issue 5): autosave and reload, export/import, bad files refused with
// the library untouched, storage full or disabled, two tabs on one draft.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startApp, testIdText } from './harness.mjs';

const NAME = '[data-path="header.name"]';
const YEAR = '[data-path="header.year"]';

/** Every jixiao.* key of localStorage with its value. */
async function stored(page) {
  return page.evaluate(() => Object.fromEntries(
    Object.keys(localStorage).filter((k) => k.startsWith('jixiao.')).sort().map((k) => [k, localStorage.getItem(k)])));
}

/** The stored draft files (parsed), by id. */
async function storedDrafts(page) {
  const all = await stored(page);
  return Object.fromEntries(Object.entries(all)
    .filter(([k]) => k.startsWith('jixiao.draft.'))
    .map(([k, v]) => [k.slice('jixiao.draft.'.length), JSON.parse(v)]));
}

async function waitForStatus(page, re, timeout = 10_000) {
  await page.waitForFunction(
    (src) => new RegExp(src).test(document.querySelector('[data-testid="save-status"]')?.textContent ?? ''),
    re.source, { timeout });
}

/** Types into a field and leaves it (the editor commits on change). */
async function setField(page, selector, text) {
  await page.locator(selector).first().fill(text);
  await page.locator(selector).first().press('Tab');
}

/** 新建自评, names the project, and waits until it is saved. */
async function newDraft(page, name, year = '2019') {
  await page.click('[data-testid="new-draft"]');
  await page.waitForSelector('[data-testid="save-status"]');
  await setField(page, NAME, name);
  await setField(page, YEAR, year);
  await waitForStatus(page, /^已保存$/);
}

async function backToStart(page) {
  await page.click('[data-testid="back-to-start"]');
  await page.waitForSelector('[data-testid="drafts-list"]', { state: 'attached' });
}

async function listedProjects(page) {
  return page.locator('[data-testid="drafts-list"] [data-testid="draft-project"]').allInnerTexts();
}

test('an edit is saved within a second and a reload restores it', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await newDraft(page, '重新加载测试项目');
    await setField(page, NAME, '重新加载测试项目（改）');
    await waitForStatus(page, /^已保存$/);
    await page.reload();
    await page.waitForSelector(NAME);
    assert.equal(await page.locator(NAME).first().inputValue(), '重新加载测试项目（改）');
    assert.equal(await testIdText(page, 'save-status'), '已保存');
    // An edit followed at once by a reload (before the autosave delay) is saved on unload.
    await setField(page, YEAR, '2021');
    await page.reload();
    await page.waitForSelector(YEAR);
    assert.equal(await page.locator(YEAR).first().inputValue(), '2021');
    // The start screen lists it with project, year, score and grade.
    await backToStart(page);
    const item = page.locator('[data-testid="draft-item"]').first();
    assert.equal((await item.locator('[data-testid="draft-project"]').innerText()).trim(), '重新加载测试项目（改）');
    assert.match(await item.locator('[data-testid="draft-year"]').innerText(), /2021/);
    assert.match(await item.locator('[data-testid="draft-score"]').innerText(), /^\d{1,3}\.\d{2}$/);
    assert.match(await item.locator('[data-testid="draft-grade"]').innerText(), /^[优良中差]$/);
    // Back on the start screen a reload stays there.
    await page.reload();
    await page.waitForSelector('[data-testid="drafts-list"]', { state: 'attached' });
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('list: rename, duplicate, delete to the 回收站 and restore', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await newDraft(page, '列表测试');
    await backToStart(page);
    await page.click('[data-testid="draft-rename"]');
    await page.fill('[data-testid="rename-input"]', '列表测试（新名）');
    await page.click('[data-testid="rename-ok"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="draft-project"]')?.textContent === '列表测试（新名）');
    await page.click('[data-testid="draft-duplicate"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="draft-item"]').length === 2);
    assert.deepEqual(await listedProjects(page), ['列表测试（新名）', '列表测试（新名）']);
    const ids = Object.keys(await storedDrafts(page));
    assert.equal(ids.length, 2);
    await page.locator('[data-testid="draft-delete"]').first().click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="draft-item"]').length === 1);
    assert.equal(await page.locator('[data-testid="trash-item"]').count(), 1);
    // Deleted, not gone: the draft text is still stored.
    assert.deepEqual(Object.keys(await storedDrafts(page)).sort(), ids.sort());
    await page.locator('[data-testid="drafts-trash"] summary').click();
    await page.click('[data-testid="draft-restore"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="draft-item"]').length === 2);
    // Open the first one.
    await page.locator('[data-testid="draft-open"]').first().click();
    await page.waitForSelector(NAME);
    assert.equal(await page.locator(NAME).first().inputValue(), '列表测试（新名）');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('export then import gives the same draft; the same draft again offers 保留两份 / 替换', async () => {
  const app = await startApp();
  let file;
  let text;
  try {
    const { page } = app;
    await page.click('[data-testid="open-sample"]');
    await waitForStatus(page, /^已保存$/);
    await setField(page, YEAR, '2019');
    await waitForStatus(page, /^已保存$/);
    const name = await page.locator(NAME).first().inputValue();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-draft"]')]);
    const expectedName = `${name}-2019.jixiao.json`.replace(/[\\/:*?"<>|]/g, '_');
    assert.equal(download.suggestedFilename(), expectedName);
    file = await download.path();
    text = fs.readFileSync(file, 'utf8');
    const exported = JSON.parse(text);
    assert.equal(exported.format, 'jixiao-draft');
    const drafts = await storedDrafts(page);
    assert.deepEqual(Object.keys(drafts), [exported.id]);
    assert.deepEqual(drafts[exported.id].evaluation, exported.evaluation);

    // Same browser: the same draft → a choice, nothing replaced silently.
    await backToStart(page);
    const before = await stored(page);
    await page.locator('[data-testid="import-file"]').setInputFiles({ name: expectedName, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForSelector('[data-testid="import-conflict"]');
    assert.deepEqual(await stored(page), before);
    await page.click('[data-testid="import-keep-both"]');
    await page.waitForSelector(NAME);
    await backToStart(page);
    assert.equal(await page.locator('[data-testid="draft-item"]').count(), 2);

    // The same draft changed elsewhere → 替换: the file's version replaces the stored one, whose
    // old version goes to the 回收站.
    const changed = JSON.parse(text);
    changed.evaluation.header.name = '同事改过的名称';
    await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'changed.jixiao.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(changed)) });
    await page.waitForSelector('[data-testid="import-conflict"]');
    await page.click('[data-testid="import-replace"]');
    await page.waitForFunction((sel) => document.querySelector(sel)?.value === '同事改过的名称', NAME);
    await backToStart(page);
    assert.deepEqual((await listedProjects(page)).sort(), [name, '同事改过的名称'].sort());
    assert.equal((await storedDrafts(page))[exported.id].evaluation.header.name, '同事改过的名称');
    assert.deepEqual(await page.locator('[data-testid="trash-item"] [data-testid="draft-project"]').allTextContents(), [name]);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }

  // Another browser (a colleague): the import is the same draft.
  const other = await startApp();
  try {
    const { page } = other;
    await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'x.jixiao.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForSelector(NAME);
    const exported = JSON.parse(text);
    const drafts = await storedDrafts(page);
    assert.deepEqual(Object.keys(drafts), [exported.id]);
    assert.deepEqual(drafts[exported.id], exported, 'stored exactly as exported');
    // And exporting it again gives the same content.
    const [again] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-draft"]')]);
    const reexported = JSON.parse(fs.readFileSync(await again.path(), 'utf8'));
    assert.deepEqual(reexported.evaluation, exported.evaluation);
    assert.equal(reexported.id, exported.id);
    assert.deepEqual(other.errors, []);
  } finally {
    await other.close();
  }
});

test('bad files are refused with their message and the drafts are untouched', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await newDraft(page, '已有草稿');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-draft"]')]);
    const good = fs.readFileSync(await download.path(), 'utf8');
    const goodJson = JSON.parse(good);
    await backToStart(page);
    const before = await stored(page);

    const newer = JSON.stringify({ ...goodJson, id: 'from-the-future', version: goodJson.version + 1 });
    const cases = [
      { what: 'not JSON', expect: /不是有效的 JSON（第 1 行第 \d+ 列/, name: 'a.jixiao.json', buffer: Buffer.from('PK\u0003\u0004 这是一个压缩包') },
      { what: "another program's JSON", expect: /这不是 jixiao 草稿文件/, name: 'package.json', buffer: Buffer.from('{"name": "x", "dependencies": {}}') },
      { what: 'truncated', expect: /文件不完整，在第 \d+ 行第 \d+ 列意外结束/, name: 'cut.jixiao.json', buffer: Buffer.from(good.slice(0, Math.floor(good.length / 2))) },
      { what: 'newer format version', expect: /较新版本的 jixiao（格式版本 2）/, name: 'new.jixiao.json', buffer: Buffer.from(newer) },
      { what: 'too large', expect: /文件太大（6\.0 MB）：浏览器把草稿保存在本地存储中，在浏览器里打开的草稿文件最大 4\.0 MB/, name: 'big.jixiao.json', buffer: Buffer.alloc(6 * 1024 * 1024, 0x20) },
    ];
    const messages = [];
    for (const c of cases) {
      await page.locator('[data-testid="import-file"]').setInputFiles({ name: c.name, mimeType: 'application/json', buffer: c.buffer });
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="import-error"]')?.textContent.includes(n), c.name, { timeout: 20_000 });
      const message = await testIdText(page, 'import-error');
      assert.match(message, /[\u4e00-\u9fff]/, `${c.what}: a Chinese message: ${message}`);
      assert.match(message, /已有的草稿没有改变/, `${c.what}: says the drafts are untouched: ${message}`);
      assert.match(message, c.expect, `${c.what}: ${message}`);
      assert.ok(message.includes(`“${c.name}”`), `${c.what}: names the file: ${message}`);
      messages.push(message);
      assert.deepEqual(await stored(page), before, `${c.what}: storage unchanged`);
      assert.deepEqual(await listedProjects(page), ['已有草稿'], `${c.what}: list unchanged`);
      assert.equal(await page.locator('[data-testid="import-conflict"]').count(), 0);
    }
    assert.equal(new Set(messages.map((m) => m.replace(/“[^”]*”/, ''))).size, cases.length, `each kind has its own message:\n${messages.join('\n')}`);
    assert.match(messages[4], /太大/);

    // Drag and drop onto the page: a bad file is refused the same way, a good one is imported.
    const drop = async (name, text) => {
      const dataTransfer = await page.evaluateHandle(([n, t]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([t], n, { type: 'application/json' }));
        return dt;
      }, [name, text]);
      await page.dispatchEvent('[data-testid="drafts"]', 'drop', { dataTransfer });
    };
    await drop('dropped-bad.jixiao.json', '{"format": "jixiao-draft", "vers');
    await page.waitForFunction(() => document.querySelector('[data-testid="import-error"]')?.textContent.includes('dropped-bad'));
    assert.deepEqual(await stored(page), before);
    const dropped = { ...goodJson, id: 'dropped-good' };
    dropped.evaluation.header.name = '拖入的草稿';
    await drop('dropped.jixiao.json', JSON.stringify(dropped));
    await page.waitForFunction((sel) => document.querySelector(sel)?.value === '拖入的草稿', NAME);
    assert.deepEqual(Object.keys(await storedDrafts(page)).sort(), [goodJson.id, 'dropped-good'].sort());
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('storage full: the app keeps working, warns, and offers the draft file', async () => {
  const app = await startApp();
  try {
    const { page, context } = app;
    await context.addInitScript(() => {
      Storage.prototype.setItem = function setItem() {
        throw new DOMException("Failed to execute 'setItem' on 'Storage': Setting the value exceeded the quota.", 'QuotaExceededError');
      };
    });
    await page.reload();
    await page.click('[data-testid="new-draft"]');
    await page.waitForSelector(NAME);
    await setField(page, NAME, '存储已满测试');
    await waitForStatus(page, /^未保存（.+）$/);
    const warning = await testIdText(page, 'storage-warning');
    assert.match(warning, /草稿未能保存到浏览器：浏览器存储空间已满，请下载草稿文件保存/);
    // Still usable: the edit is there, the summary computed, further edits accepted.
    assert.equal(await page.locator(NAME).first().inputValue(), '存储已满测试');
    await page.waitForSelector('[data-testid="summary-total"]');
    await setField(page, YEAR, '2020');
    assert.equal(await page.locator(YEAR).first().inputValue(), '2020');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="storage-download"]')]);
    const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(saved.evaluation.header.name, '存储已满测试');
    assert.equal(saved.evaluation.header.year, '2020');
    assert.deepEqual(await stored(page), {});
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('storage disabled: the app keeps working, warns, and offers the draft file', async () => {
  const app = await startApp();
  try {
    const { page, context } = app;
    await context.addInitScript(() => {
      const blocked = { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } };
      Object.defineProperty(window, 'localStorage', blocked);
      Object.defineProperty(window, 'sessionStorage', blocked);
    });
    await page.reload();
    await page.waitForSelector('[data-testid="drafts-list"]', { state: 'attached' });
    assert.match(await testIdText(page, 'storage-warning'), /浏览器存储不可用/);
    await page.click('[data-testid="new-draft"]');
    await page.waitForSelector(NAME);
    await setField(page, NAME, '存储禁用测试');
    await waitForStatus(page, /^未保存（浏览器存储已被禁用或阻止.*）$/);
    assert.match(await testIdText(page, 'storage-warning'), /草稿未能保存到浏览器：浏览器存储已被禁用或阻止.*请下载草稿文件保存/);
    await page.waitForSelector('[data-testid="summary-total"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-draft"]')]);
    const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(saved.evaluation.header.name, '存储禁用测试');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('two pages on one draft do not overwrite each other', async () => {
  const app = await startApp();
  try {
    const { page: one, context } = app;
    await newDraft(one, '双页测试');
    const id = Object.keys(await storedDrafts(one))[0];

    const two = await context.newPage();
    await two.goto(app.url);
    await two.waitForSelector('[data-testid="drafts-list"], [data-testid="save-status"]');
    if (await two.locator('[data-testid="save-status"]').count() === 0) {
      await two.locator(`[data-testid="draft-item"][data-id="${id}"] [data-testid="draft-open"]`).click();
    }
    await two.waitForSelector(NAME);
    assert.equal(await two.locator(NAME).first().inputValue(), '双页测试');

    // Page one saves a change: page two is told its copy is stale.
    await setField(one, NAME, '双页测试（页一）');
    await waitForStatus(one, /^已保存$/);
    await two.waitForSelector('[data-testid="draft-conflict"]');
    // Page two edits anyway: nothing is written over page one's version.
    await setField(two, NAME, '双页测试（页二）');
    await new Promise((r) => setTimeout(r, 1500)); // longer than the autosave delay
    assert.match(await testIdText(two, 'save-status'), /^未保存/);
    assert.equal((await storedDrafts(one))[id].evaluation.header.name, '双页测试（页一）');

    // Page two keeps its own as a copy: both versions are stored.
    await two.click('[data-testid="conflict-copy"]');
    await waitForStatus(two, /^已保存$/);
    assert.equal(await two.locator(NAME).first().inputValue(), '双页测试（页二）');
    const drafts = await storedDrafts(one);
    assert.equal(Object.keys(drafts).length, 2);
    assert.equal(drafts[id].evaluation.header.name, '双页测试（页一）');
    assert.deepEqual(Object.values(drafts).map((d) => d.evaluation.header.name).sort(), ['双页测试（页一）', '双页测试（页二）'].sort());

    // Page one is still on its draft; it changes again, and a third page loads the newer version.
    await setField(one, NAME, '双页测试（页一，再改）');
    await waitForStatus(one, /^已保存$/);
    const three = await context.newPage();
    await three.goto(app.url);
    await three.waitForSelector('[data-testid="drafts-list"], [data-testid="save-status"]');
    if (await three.locator('[data-testid="save-status"]').count() > 0) await backToStart(three);
    await three.locator(`[data-testid="draft-item"][data-id="${id}"] [data-testid="draft-open"]`).click();
    await three.waitForSelector(NAME);
    await setField(one, NAME, '双页测试（页一，第三次）');
    await waitForStatus(one, /^已保存$/);
    await three.waitForSelector('[data-testid="draft-conflict"]');
    await three.click('[data-testid="conflict-load"]');
    await three.waitForFunction((sel) => document.querySelector(sel)?.value === '双页测试（页一，第三次）', NAME);
    assert.equal(await testIdText(three, 'save-status'), '已保存');
    assert.equal(await three.locator('[data-testid="draft-conflict"]').count(), 0);

    // A stale page that leaves its draft with changes keeps them as a copy, not lost.
    await setField(one, NAME, '双页测试（页一，第四次）');
    await waitForStatus(one, /^已保存$/);
    await three.waitForSelector('[data-testid="draft-conflict"]');
    await setField(three, NAME, '页三未保存的修改');
    await backToStart(three);
    await three.waitForFunction(() => [...document.querySelectorAll('[data-testid="draft-project"]')].some((e) => e.textContent === '页三未保存的修改'));
    const names = Object.values(await storedDrafts(one)).map((d) => d.evaluation.header.name).sort();
    assert.deepEqual(names, ['双页测试（页一，第四次）', '双页测试（页二）', '页三未保存的修改'].sort());
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('a crash of the app (a WebAssembly trap) shows 程序出错 with a reload that reopens the saved draft; other page errors do not', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await newDraft(page, '出错测试项目');
    await setField(page, NAME, '出错测试项目（改）');
    await waitForStatus(page, /^已保存$/);
    const notices = () => page.locator('[data-testid="crash-notice"]').count();

    // An error that is not the wasm's (a browser extension, a failed image…): no notice.
    await page.evaluate(() => {
      window.dispatchEvent(new ErrorEvent('error', { error: new Error('其他脚本的错误'), message: '其他脚本的错误' }));
      window.dispatchEvent(new PromiseRejectionEvent('unhandledrejection', { promise: Promise.resolve(), reason: new TypeError('x') }));
    });
    await page.waitForTimeout(200);
    assert.equal(await notices(), 0);

    // A trap inside a promise (a future of the app): the notice, with the error's text.
    await page.evaluate(() => window.dispatchEvent(new PromiseRejectionEvent('unhandledrejection', {
      promise: Promise.resolve(), reason: new WebAssembly.RuntimeError('unreachable executed') })));
    const notice = page.locator('[data-testid="crash-notice"]');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('role'), 'alert');
    const text = await notice.innerText();
    assert.match(text, /程序出错，页面已停止工作/);
    assert.match(text, /不是您填写的内容有误/);
    assert.match(text, /RuntimeError: unreachable executed/);
    // The notice is over the page (fixed at the top), and the link is a plain link to the page.
    assert.equal(await notice.evaluate((el) => getComputedStyle(el).position), 'fixed');
    // (Without the URL's hash, the editor's section: a link to the same URL and hash would not load the page.)
    assert.equal(await page.locator('[data-testid="crash-reload"]').getAttribute('href'), page.url().replace(/#.*$/, ''));
    // 导出已保存的草稿: the stored draft as a file, named as 导出草稿 names it, that import reads.
    const rescue = page.locator('[data-testid="crash-rescue"]');
    assert.equal(await rescue.innerText(), '导出已保存的草稿（出错测试项目（改）-2019.jixiao.json）');
    const [download] = await Promise.all([page.waitForEvent('download'), rescue.click()]);
    assert.equal(download.suggestedFilename(), '出错测试项目（改）-2019.jixiao.json');
    const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(saved.format, 'jixiao-draft');
    assert.equal(saved.evaluation.header.name, '出错测试项目（改）');

    // 重新载入: the draft comes back as it was saved, without the notice.
    await page.click('[data-testid="crash-reload"]');
    await page.waitForSelector(NAME);
    assert.equal(await page.locator(NAME).first().inputValue(), '出错测试项目（改）');
    assert.equal(await notices(), 0);

    // A trap in an event handler (the page's `error` event): one notice, however many follow.
    await page.evaluate(() => {
      for (let i = 0; i < 2; i++) {
        window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable'), message: 'unreachable' }));
      }
    });
    await notice.waitFor();
    assert.equal(await notices(), 1);
    assert.match(await notice.innerText(), /WebAssembly：RuntimeError: unreachable/);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
