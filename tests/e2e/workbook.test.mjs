// Excel and Word through the on-demand file-format module (issue 17): the first load fetches
// none of it, the first use loads it with its progress shown, bad files are refused in Chinese
// with the drafts unchanged, an import is previewed and confirmed as a new draft, the export and
// the Word report download zip files named right, and the module starts offline (service worker)
// and from the standalone file.
//
// The success paths of import/export/Word need the reader, the writers (src/workbook/read.rs,
// export.rs, src/report/docx.rs): until they are written these tests fail with their
// "尚未完成" message, which the assertion messages then show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { DIST, startApp, openSample, showSection, testIdText, waitForApp } from './harness.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const NATIONAL = fs.readFileSync(path.join(FIXTURES, 'national-2020.xlsx'));
const WORKER_FILE = /\/jixiao-worker-[0-9a-f]+(_bg\.wasm|\.js)$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Issue 20's ceiling on the first load: gzip bytes as the page's files are served (the
 * post-build step's FILE.gz where smaller than Node's zlib -9), counted as bench/browser.mjs
 * counts them. The formats, the report writer and the 审核 page load on demand and are not in
 * it; docs/benchmarks.md records the figure and its history. */
const FIRST_LOAD_CEILING = 400_000;

/** Every jixiao.* key of localStorage with its value. */
async function stored(page) {
  return page.evaluate(() => Object.fromEntries(
    Object.keys(localStorage).filter((k) => k.startsWith('jixiao.')).sort().map((k) => [k, localStorage.getItem(k)])));
}

const draftKeys = (all) => Object.keys(all).filter((k) => k.startsWith('jixiao.draft.'));

/** Picks a file with 导入 Excel 自评表. */
async function pickWorkbook(page, name, buffer) {
  await page.locator('[data-testid="import-workbook"] input').setInputFiles({ name, mimeType: XLSX, buffer });
}

/** Drops a file on the start page. */
async function dropFile(page, name, buffer, type = XLSX) {
  const dataTransfer = await page.evaluateHandle(([n, b64, t]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], n, { type: t }));
    return dt;
  }, [name, buffer.toString('base64'), type]);
  await page.dispatchEvent('[data-testid="drafts"]', 'drop', { dataTransfer });
}

/** The import's error text, once shown. */
async function importError(page) {
  const el = page.locator('[data-testid="import-workbook-error"]');
  await el.waitFor({ timeout: 60_000 });
  return (await el.innerText()).trim();
}

/** The file names of the worker module among `urls`. */
const workerFiles = (urls) => urls.filter((u) => WORKER_FILE.test(new URL(u).pathname)).map((u) => path.basename(new URL(u).pathname));

test('the first load fetches none of the file-format module, and its format crates are only in the module', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await page.waitForSelector('[data-testid="import-workbook"]');
    assert.deepEqual(workerFiles(app.pageRequests), [], 'the page fetched the worker module on its first load');
    // The first load's files, gzip -9 as the size benchmark counts them (bench/browser.mjs).
    const files = [...new Set(app.pageRequests.map((u) => decodeURIComponent(new URL(u).pathname.slice(1)) || 'index.html'))]
      .filter((f) => f !== 'sw.js' && fs.existsSync(path.join(DIST, f)));
    const served = (f) => {
      const file = path.join(DIST, f);
      const zlibGzip = zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
      return fs.existsSync(`${file}.gz`) ? Math.min(zlibGzip, fs.statSync(`${file}.gz`).size) : zlibGzip;
    };
    const gzip = files.reduce((sum, f) => sum + served(f), 0);
    console.log(`first load ${(gzip / 1000).toFixed(1)} KB gzip as served (${files.join(', ')}); ceiling ${FIRST_LOAD_CEILING / 1000} KB`);
    assert.ok(gzip <= FIRST_LOAD_CEILING, `the first load is ${gzip} bytes gzip, over issue 20's ceiling of ${FIRST_LOAD_CEILING}`);
    // The app's wasm has no format crate in it; the module's files are in the build and named by the page.
    const appWasm = files.find((f) => /^jixiao-web-.*_bg\.wasm$/.test(f));
    assert.ok(appWasm, `no app wasm among ${files}`);
    const text = fs.readFileSync(path.join(DIST, appWasm)).toString('latin1');
    for (const crate of ['calamine', 'rust_xlsxwriter', 'quick-xml', 'quick_xml', 'zip-9']) {
      assert.ok(!text.includes(crate), `${crate} is in the first-load wasm ${appWasm}`);
    }
    const meta = await page.getAttribute('meta[name="jixiao-worker"]', 'content');
    const [js, wasm, bytes] = meta.split(' ');
    assert.match(js, /^\.\/jixiao-worker-[0-9a-f]{16}\.js$/);
    assert.match(wasm, /^\.\/jixiao-worker-[0-9a-f]{16}_bg\.wasm$/);
    assert.equal(Number(bytes), fs.statSync(path.join(DIST, wasm)).size);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('first use: the module is fetched with its progress shown; a bad file is refused in Chinese and the drafts stay as they were', async () => {
  // No service worker here: every request reaches the network, where the test holds the wasm.
  const app = await startApp({ serviceWorkers: 'block' });
  try {
    const { page } = app;
    await page.click('[data-testid="new-draft"]');
    await page.waitForSelector('[data-testid="save-status"]');
    await page.click('[data-testid="back-to-start"]');
    await page.waitForSelector('[data-testid="draft-item"]');
    const before = await stored(page);
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route(WORKER_FILE, async (route) => {
      if (route.request().url().endsWith('.wasm')) await held;
      await route.continue();
    });
    await pickWorkbook(page, '不是表格.xlsx', Buffer.from('这是一个改了扩展名的文本文件\n'));
    const progress = page.locator('[data-testid="worker-progress"]');
    await progress.waitFor();
    assert.match(await progress.innerText(), /正在(载入|启动) 文件模块/);
    // The page stays usable while the module loads.
    await page.click('[data-testid="draft-rename"]');
    await page.click('[data-testid="rename-cancel"]');
    release();
    const message = await importError(page);
    assert.match(message, /无法导入“不是表格\.xlsx”：/);
    assert.match(message, /已有的草稿没有改变/);
    assert.doesNotMatch(message, /无法载入 文件模块|无法启动/, 'the module itself must have answered');
    assert.equal(await progress.count(), 0);
    const fetched = workerFiles(app.pageRequests);
    assert.ok(fetched.some((f) => f.endsWith('.js')) && fetched.some((f) => f.endsWith('_bg.wasm')), `fetched: ${fetched}`);
    assert.deepEqual(await stored(page), before);

    // A WPS .et: told to save it as .xlsx, without a request.
    await pickWorkbook(page, '自评表.et', NATIONAL);
    await page.waitForFunction(() => document.querySelector('[data-testid="import-workbook-error"]')?.textContent.includes('自评表.et'));
    const et = await importError(page);
    assert.match(et, /WPS/);
    assert.match(et, /另存为/);
    assert.match(et, /\.xlsx/);
    assert.deepEqual(await stored(page), before);
    assert.deepEqual(app.errors, []);
    assert.deepEqual(app.otherOriginRequests(), []);
  } finally {
    await app.close();
  }
});

test('a dropped workbook is previewed (sheet, layout, cells); 取消 changes nothing, 确认导入 opens a new draft', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    const before = await stored(page);
    await dropFile(page, 'national-2020.xlsx', NATIONAL);
    const preview = page.locator('[data-testid="import-preview"]');
    await Promise.race([
      preview.waitFor({ timeout: 60_000 }),
      importError(page).then((m) => assert.fail(`the import was refused: ${m}`)),
    ]);
    assert.equal(await testIdText(page, 'import-sheet'), '自评表');
    assert.match(await testIdText(page, 'import-layout'), /财预〔2020〕10号/);
    const read = await page.locator('[data-testid="import-read"] tbody tr').allTextContents();
    assert.ok(read.some((r) => r.includes('城乡居民社会养老保险区级配套') && /自评表![A-Z]+\d+/.test(r)), read.join('\n'));
    assert.ok(read.some((r) => r.includes('371.16') && /自评表![A-Z]+\d+/.test(r)), read.join('\n'));
    await page.click('[data-testid="import-preview-cancel"]');
    assert.equal(await preview.count(), 0);
    assert.deepEqual(await stored(page), before);

    await dropFile(page, 'national-2020.xlsx', NATIONAL);
    await preview.waitFor({ timeout: 60_000 });
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="summary-total"]');
    await showSection(page, 'project');
    assert.equal(await page.inputValue('[data-path="header.name"]'), '城乡居民社会养老保险区级配套');
    await showSection(page, 'funds');
    assert.equal(await testIdText(page, 'funds-total-executed'), '371.16');
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('jixiao.draft.')));
    assert.equal(draftKeys(await stored(page)).length, draftKeys(before).length + 1);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('导出 Excel downloads <项目名称>绩效自评表.xlsx in each layout, and it imports back; 下载 Word downloads the .docx', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    const options = await page.locator('[data-testid="export-layout"] option').allInnerTexts();
    assert.equal(options.length, 3);
    assert.ok(options.some((o) => o.includes('财预〔2020〕10号')));
    /** Clicks and returns the download, or fails with the module's message. */
    const download = async (click) => {
      const refused = page.locator('[data-testid="worker-error"]');
      const [file] = await Promise.all([
        Promise.race([
          page.waitForEvent('download', { timeout: 60_000 }),
          refused.waitFor({ timeout: 60_000 }).then(async () => { throw new Error(`no download: ${await refused.innerText()}`); }),
        ]),
        page.click(click),
      ]);
      return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
    };
    const xlsx = await download('[data-testid="export-workbook"]');
    assert.equal(xlsx.name, '城乡居民社会养老保险区级配套绩效自评表.xlsx');
    assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');
    await page.selectOption('[data-testid="export-layout"]', 'sichuan');
    const sichuan = await download('[data-testid="export-workbook"]');
    assert.equal(sichuan.bytes.subarray(0, 2).toString('latin1'), 'PK');

    await showSection(page, 'report');
    const docx = await download('[data-testid="download-docx"]');
    assert.equal(docx.name, '城乡居民社会养老保险区级配套绩效评价报告.docx');
    assert.equal(docx.bytes.subarray(0, 2).toString('latin1'), 'PK');

    // The exported workbook imports back with the same figures.
    await page.click('[data-testid="back-to-start"]');
    await pickWorkbook(page, xlsx.name, xlsx.bytes);
    await page.locator('[data-testid="import-preview"]').waitFor({ timeout: 60_000 });
    await page.click('[data-testid="import-confirm"]');
    await showSection(page, 'funds');
    assert.equal(await testIdText(page, 'funds-total-executed'), '371.16');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('offline after one load, and in the standalone file, the module still starts', async () => {
  for (const opts of [{ offline: true }, { standalone: true }]) {
    const app = await startApp(opts);
    try {
      const { page } = app;
      await waitForApp(page);
      await pickWorkbook(page, '坏文件.xlsx', Buffer.from('not a workbook'));
      const message = await importError(page);
      assert.match(message, /无法导入“坏文件\.xlsx”：/, JSON.stringify(opts));
      assert.doesNotMatch(message, /无法载入 文件模块|无法启动|损坏/, `${JSON.stringify(opts)}: the module must have answered`);
      assert.deepEqual(app.errors, [], JSON.stringify(opts));
      assert.deepEqual(app.otherOriginRequests(), [], JSON.stringify(opts));
    } finally {
      await app.close();
    }
  }
});
