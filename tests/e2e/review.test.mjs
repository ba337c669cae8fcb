// 审核 (issue 19): a reviewer drops a mixed batch — good drafts, an inflated claim, a broken
// file, the same file twice — and checks the table against the CLI's `check --summary --csv`
// (the same core, run natively), a filter, the claimed-against-computed chart, sorting, an
// opinion and 已审 surviving a reload, and both exports (CSV, 审核意见书).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startApp, ROOT, testIdText } from './harness.mjs';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-review-'));

/** Runs the CLI (`jixiao <args…>`, the dev build) in `cwd`; its output even when it exits 1 or 2. */
function jixiao(cwd, ...args) {
  try {
    return execFileSync('cargo', ['run', '--quiet', '--manifest-path', path.join(ROOT, 'Cargo.toml'), '--bin', 'jixiao', '--', ...args], {
      cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20 * 60_000,
    });
  } catch (e) {
    if (typeof e.stdout === 'string' && e.stdout.length > 0) return e.stdout;
    throw e;
  }
}

/** RFC 4180 CSV (as review::to_csv writes it) → rows of cells (BOM dropped). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && s[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** The batch's files: name → bytes. */
function batchFiles() {
  const sample = JSON.parse(fs.readFileSync(path.join(ROOT, 'samples/pension-2019.jixiao.json'), 'utf8'));
  const variant = (id, implementer, total, grade) => {
    const d = structuredClone(sample);
    d.id = id;
    d.evaluation.header.implementer = implementer;
    d.evaluation.claimed.total = total;
    d.evaluation.claimed.grade = grade;
    return Buffer.from(JSON.stringify(d, null, 2));
  };
  const generated = execFileSync('cargo', ['run', '--quiet', '--bin', 'jixiao', '--', 'generate', '30', '--seed', '7'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20 * 60_000,
  });
  const dongchuan = fs.readFileSync(path.join(ROOT, 'samples/pension-2019.jixiao.json'));
  return [
    ['东川.jixiao.json', dongchuan],
    ['相符.jixiao.json', variant('r-agree', '甲县社保局', '90.7', '良')],
    ['虚报.jixiao.json', variant('r-inflated', '乙县社保局', '99', '优')],
    ['基准.jixiao.json', generated],
    ['坏文件.jixiao.json', Buffer.from('{ "format": "jixiao-draft", 这不是')],
    ['东川-副本.jixiao.json', dongchuan],
  ];
}

/** The table's rows as shown: their cells (the 15 columns of review::COLUMNS, then 已审). */
async function tableRows(page) {
  return page.locator('[data-testid="review-row"]').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
}

test('a reviewer checks a mixed batch: table, filter, chart, opinion across a reload, exports', async () => {
  const files = batchFiles();
  for (const [name, bytes] of files) fs.writeFileSync(path.join(TMP, name), bytes);
  // What the core says of the readable files, natively (same order as dropped).
  const readable = ['东川.jixiao.json', '相符.jixiao.json', '虚报.jixiao.json', '基准.jixiao.json'];
  const cli = parseCsv(jixiao(TMP, 'check', '--summary', '--csv', ...readable));
  const [headings, ...expected] = cli;
  assert.equal(expected.length, 4);
  const col = (name) => headings.indexOf(name);
  const inflated = expected.find((r) => r[0] === '虚报.jixiao.json');
  assert.match(inflated[col('差额')], /^\+\d/, 'the CLI sees the inflated claim too');

  const app = await startApp();
  try {
    const { page } = app;
    await page.click('[data-testid="open-review"]');
    await page.waitForSelector('[data-testid="review-page"]');
    // 审核 is its own page with its own wasm (review.html), not part of the editor's first load.
    assert.match(page.url(), /\/review\.html$/);
    await page.setInputFiles('[data-testid="review-files"]', files.map(([name, buffer]) => ({ name, mimeType: 'application/json', buffer })));
    await page.waitForFunction(() => /共 5 份/.test(document.querySelector('[data-testid="review-count"]')?.textContent ?? ''));
    await page.waitForSelector('[data-testid="review-progress"]', { state: 'detached' });
    assert.match(await testIdText(page, 'review-count'), /共 5 份，可评分 4 份，无法读取 1 份，已审 0 份/);

    // The same file twice is said so; the broken one is listed with a Chinese message.
    assert.match(await testIdText(page, 'review-duplicate'), /“东川-副本\.jixiao\.json”与已加入的“东川\.jixiao\.json”是同一个文件/);
    const bad = page.locator('[data-testid="bad-file"]');
    assert.equal(await bad.count(), 1);
    assert.equal(await bad.getAttribute('data-file'), '坏文件.jixiao.json');
    assert.match(await bad.innerText(), /坏文件\.jixiao\.json：.*[\u4e00-\u9fff]{4}/);

    // The table: one row per readable file, in the batch's order, each cell as the core writes it.
    const shown = await tableRows(page);
    assert.deepEqual(shown.map((r) => r.slice(0, 15)), expected);
    assert.deepEqual(shown.map((r) => r[15]), ['', '', '', '']);
    assert.deepEqual(headings.slice(1, 15), ['单位', '项目', '年度', '全年预算数', '全年执行数', '执行率', '原报自评分', '计算得分', '差额',
      '原报等级', '计算等级', '错误', '警告', '最严重的问题']);

    // Filters: 原报≠计算 and 等级有变化 keep exactly the rows the core's cells say.
    await page.click('[data-testid="filter-claim"]');
    const claimRows = (await tableRows(page)).map((r) => r[0]);
    assert.deepEqual(claimRows, expected.filter((r) => r[col('原报自评分')] !== r[col('计算得分')]).map((r) => r[0]));
    assert.ok(claimRows.includes('虚报.jixiao.json') && !claimRows.includes('相符.jixiao.json'));
    await page.click('[data-testid="filter-grade"]');
    assert.deepEqual((await tableRows(page)).map((r) => r[0]), ['相符.jixiao.json']);
    // 有错误: the rows whose 错误 count is not 0.
    await page.click('[data-testid="filter-errors"]');
    const errorRows = expected.filter((r) => Number(r[col('错误')]) > 0).map((r) => r[0]);
    assert.ok(errorRows.length > 0 && errorRows.length < expected.length, `${errorRows}`);
    assert.deepEqual((await tableRows(page)).map((r) => r[0]), errorRows);
    await page.click('[data-testid="filter-all"]');
    // Search by unit.
    await page.fill('[data-testid="review-search"]', '乙县');
    assert.deepEqual((await tableRows(page)).map((r) => r[0]), ['虚报.jixiao.json']);
    await page.fill('[data-testid="review-search"]', '');
    // Sorting by 差额: descending puts the largest inflation first, blanks last.
    const diff = col('差额');
    await page.click(`[data-testid="sort-${diff}"]`);
    await page.click(`[data-testid="sort-${diff}"]`);
    const byDiff = (await tableRows(page)).map((r) => r[diff]);
    const diffs = expected.map((r) => r[diff]).filter((d) => d !== '').map(Number).sort((a, b) => b - a);
    assert.deepEqual(byDiff.slice(0, diffs.length).map(Number), diffs);
    assert.equal(byDiff[byDiff.length - 1], '');

    // The claimed-against-computed chart: a point per row with both scores, above the diagonal
    // exactly for the inflated claims; its title names the unit.
    const points = await page.locator('[data-testid="point"]').evaluateAll((cs) => cs.map((c) => ({
      file: c.getAttribute('data-file'), above: c.classList.contains('above'), title: c.querySelector('title').textContent,
      cx: Number(c.getAttribute('cx')), cy: Number(c.getAttribute('cy')) })));
    const both = expected.filter((r) => r[col('原报自评分')] !== '' && r[col('计算得分')] !== '');
    assert.deepEqual(points.map((p) => p.file).sort(), both.map((r) => r[0]).sort());
    for (const p of points) {
      const r = expected.find((x) => x[0] === p.file);
      assert.equal(p.above, Number(r[col('原报自评分')]) > Number(r[col('计算得分')]), p.file);
      // Above the diagonal on screen too: SVG y grows downwards, the diagonal is x = y in scores.
      const [x1, y1, x2, y2] = await page.locator('[data-testid="diagonal"]').evaluate((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(l.getAttribute(a))));
      const yOnDiagonal = y1 + (p.cx - x1) * (y2 - y1) / (x2 - x1);
      assert.equal(p.cy < yOnDiagonal - 0.01, p.above, `${p.file}: point against the diagonal`);
      assert.ok(p.title.includes(r[col('单位')]) && p.title.includes(r[col('原报自评分')]), p.title);
    }
    // The histogram counts every scorable row; the grade chart every computed grade.
    const counted = await page.locator('[data-testid="histogram"] rect.bar').evaluateAll((rs) => rs.reduce((n, r) => n + Number(r.dataset.count), 0));
    assert.equal(counted, expected.filter((r) => r[col('计算得分')] !== '').length);

    // Open the inflated one: read-only, its findings; write an opinion and mark it 已审.
    await page.click('[data-testid="review-row"][data-file="虚报.jixiao.json"]');
    await page.waitForSelector('[data-testid="submission"]');
    assert.equal(await page.locator('[data-testid="submission-figures"] td[data-col="差额"]').innerText(), inflated[diff]);
    assert.equal(await page.locator('[data-testid="submission-findings"] li').count() > 0, true);
    const opinion = '原报自评分 99 分高于核算的得分，请核减并说明理由。\n第二行 <b>不是标记</b>';
    await page.fill('[data-testid="opinion"]', opinion);
    await page.check('[data-testid="reviewed"]');
    await page.waitForFunction(() => /已保存在浏览器中/.test(document.querySelector('[data-testid="review-stored"]')?.textContent ?? ''));
    await page.reload();
    await page.waitForSelector('[data-testid="review-page"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="review-row"]').length === 4);
    assert.match(await testIdText(page, 'review-count'), /已审 1 份/);
    const afterReload = await tableRows(page);
    assert.deepEqual(afterReload.map((r) => r.slice(0, 15)), expected, 'the same table after the reload');
    assert.equal(afterReload.find((r) => r[0] === '虚报.jixiao.json')[15], '✓');
    await page.click('[data-testid="review-row"][data-file="虚报.jixiao.json"]');
    assert.equal(await page.locator('[data-testid="opinion"]').inputValue(), opinion);
    assert.equal(await page.locator('[data-testid="reviewed"]').isChecked(), true);
    // Typed just before closing (before the autosave's delay): stored when the page goes.
    const more = `${opinion}\n复核：已电话确认。`;
    await page.fill('[data-testid="opinion"]', more);
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="review-row"]').length === 4);
    await page.click('[data-testid="review-row"][data-file="虚报.jixiao.json"]');
    assert.equal(await page.locator('[data-testid="opinion"]').inputValue(), more);
    await page.fill('[data-testid="opinion"]', opinion);
    await page.waitForFunction(() => /已保存在浏览器中/.test(document.querySelector('[data-testid="review-stored"]')?.textContent ?? ''));

    // Export: the CSV is the core's, for the rows shown.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="review-csv"]')]);
    assert.equal(csvDownload.suggestedFilename(), '审核汇总表.csv');
    const csv = fs.readFileSync(await csvDownload.path(), 'utf8');
    assert.ok(csv.startsWith('\uFEFF'), 'a BOM for Excel');
    assert.deepEqual(parseCsv(csv), cli);
    // The 审核意见书: the claim, the computed score, the findings and the opinion (escaped).
    const [letter] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-opinion"]')]);
    assert.equal(letter.suggestedFilename(), `审核意见书-${inflated[col('项目')]}.html`);
    const html = fs.readFileSync(await letter.path(), 'utf8');
    assert.ok(html.includes(`data-testid="claimed-total">${inflated[col('原报自评分')]}<`));
    assert.ok(html.includes(`data-testid="computed-total">${inflated[col('计算得分')]}<`));
    assert.ok(html.includes(inflated[col('最严重的问题')]));
    assert.ok(html.includes('第二行 &lt;b&gt;不是标记&lt;/b&gt;') && html.includes('审核状态：已审'));

    // The batch file carries the opinion to another machine.
    const [batchDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="review-save-batch"]')]);
    const batch = JSON.parse(fs.readFileSync(await batchDownload.path(), 'utf8'));
    assert.equal(batch.format, 'jixiao-review-batch/1');
    assert.equal(batch.submissions.length, 5);
    assert.equal(batch.submissions.find((s) => s.file === '虚报.jixiao.json').opinion, opinion);
    assert.deepEqual(app.errors, []);

    // …and opens there (a browser profile of its own) with 打开批次…: the table, the opinion, 已审.
    const other = await startApp();
    try {
      await other.page.click('[data-testid="open-review"]');
      await other.page.waitForSelector('[data-testid="review-page"]');
      await other.page.setInputFiles('[data-testid="review-open-batch"]', await batchDownload.path());
      await other.page.waitForFunction(() => document.querySelectorAll('[data-testid="review-row"]').length === 4);
      assert.deepEqual((await tableRows(other.page)).map((r) => r.slice(0, 15)), expected);
      assert.match(await testIdText(other.page, 'review-count'), /已审 1 份/);
      await other.page.click('[data-testid="review-row"][data-file="虚报.jixiao.json"]');
      assert.equal(await other.page.locator('[data-testid="opinion"]').inputValue(), opinion);
      assert.equal(await other.page.locator('[data-testid="reviewed"]').isChecked(), true);
      assert.deepEqual(other.errors, []);
    } finally {
      await other.close();
    }
  } finally {
    await app.close();
  }
});

test('a batch with a 自评表 workbook: it is read by the file-format module and summarised like a draft; a WPS .et is refused in Chinese', async () => {
  const xlsx = fs.readFileSync(path.join(ROOT, 'tests/e2e/fixtures/national-2020.xlsx'));
  fs.writeFileSync(path.join(TMP, '单位自评表.xlsx'), xlsx);
  fs.writeFileSync(path.join(TMP, '东川.jixiao.json'), fs.readFileSync(path.join(ROOT, 'samples/pension-2019.jixiao.json')));
  // The CLI reads the same workbook (the same reader, natively).
  const [, ...expected] = parseCsv(jixiao(TMP, 'check', '--summary', '--csv', '单位自评表.xlsx', '东川.jixiao.json'));
  assert.equal(expected.length, 2);

  const app = await startApp();
  try {
    const { page } = app;
    await page.click('[data-testid="open-review"]');
    await page.waitForSelector('[data-testid="review-page"]');
    await page.setInputFiles('[data-testid="review-files"]', [
      { name: '单位自评表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx },
      { name: '东川.jixiao.json', mimeType: 'application/json', buffer: fs.readFileSync(path.join(TMP, '东川.jixiao.json')) },
      { name: '旧表.et', mimeType: 'application/octet-stream', buffer: Buffer.from('not really an .et') },
    ]);
    await page.waitForFunction(() => /共 3 份/.test(document.querySelector('[data-testid="review-count"]')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="review-progress"]', { state: 'detached' });
    assert.match(await testIdText(page, 'review-count'), /共 3 份，可评分 2 份，无法读取 1 份/);
    const shown = await tableRows(page);
    assert.deepEqual(shown.map((r) => r.slice(0, 15)), expected);
    const bad = page.locator('[data-testid="bad-file"]');
    assert.equal(await bad.getAttribute('data-file'), '旧表.et');
    assert.match(await bad.innerText(), /另存为 Excel 工作簿/);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

/** A zip of `files` (path → bytes) made by Python's zipfile (not jixiao's own writer). */
function makeZip(zipPath, files) {
  const dir = fs.mkdtempSync(path.join(TMP, 'zip-'));
  const list = files.map(([name, bytes], i) => {
    const p = path.join(dir, String(i));
    fs.writeFileSync(p, bytes);
    return [p, name];
  });
  execFileSync('python3', ['-c', `import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for src, name in json.loads(sys.argv[2]): z.write(src, name)`, zipPath, JSON.stringify(list)]);
  return fs.readFileSync(zipPath);
}

/** A sample draft with another unit and claim. */
function variant(id, implementer, total) {
  const d = JSON.parse(fs.readFileSync(path.join(ROOT, 'samples/pension-2019.jixiao.json'), 'utf8'));
  d.id = id;
  d.evaluation.header.implementer = implementer;
  d.evaluation.claimed.total = total;
  return Buffer.from(JSON.stringify(d, null, 2));
}

/** Reads an .xlsx with openpyxl: the first sheet's rows (numbers as numbers), its freeze pane and filter. */
function readXlsx(file) {
  return JSON.parse(execFileSync('python3', ['-c', `import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(json.dumps({"rows": [[c.value for c in r] for r in ws.iter_rows()], "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref}, ensure_ascii=False))`, file], { encoding: 'utf8' }));
}

test('a mixed batch with a .zip and a folder: rows by path, bad entries listed, the .xlsx and a .docx letter, the opinion across a reload', async () => {
  const dongchuan = fs.readFileSync(path.join(ROOT, 'samples/pension-2019.jixiao.json'));
  const workbook = fs.readFileSync(path.join(ROOT, 'tests/e2e/fixtures/national-2020.xlsx'));
  const dir = fs.mkdtempSync(path.join(TMP, 'mixed-'));
  const inner = makeZip(path.join(dir, 'inner.zip'), [['a.jixiao.json', dongchuan]]);
  const zip = makeZip(path.join(dir, '批次.zip'), [
    ['甲县/养老.jixiao.json', dongchuan],
    ['乙县/虚报.jixiao.json', variant('z-inflated', '乙县社保局', '99')],
    ['乙县/自评表.xlsx', workbook],
    ['乙县/坏.jixiao.json', Buffer.from('{ "format": "jixiao-draft", 坏')],
    ['旧批次.zip', inner],
    // Named in GBK without the UTF-8 flag, as a Chinese Windows zips: patched in below.
    ['XXXXXX.jixiao.json', variant('z-gbk', '庚县社保局', '90.7')],
  ]);
  // "自评表" in GBK, in both of the zip's headers (names are outside the CRC).
  const gbk = Buffer.from([0xD7, 0xD4, 0xC6, 0xC0, 0xB1, 0xED]);
  for (let at = zip.indexOf('XXXXXX'); at >= 0; at = zip.indexOf('XXXXXX', at + 6)) gbk.copy(zip, at);
  const broken = zip.subarray(0, Math.floor(zip.length / 2));
  // A folder: one new unit, and the same draft as the zip's 甲县 (recognised by its content).
  const folder = path.join(dir, '丙县材料');
  fs.mkdirSync(path.join(folder, '丙县'), { recursive: true });
  fs.writeFileSync(path.join(folder, '丙县', '相符.jixiao.json'), variant('f-agree', '丙县社保局', '90.7'));
  fs.writeFileSync(path.join(folder, '东川-又一份.jixiao.json'), dongchuan);
  // What the core says of the readable ones, natively.
  fs.writeFileSync(path.join(dir, '虚报.jixiao.json'), variant('z-inflated', '乙县社保局', '99'));
  fs.writeFileSync(path.join(dir, '自评表.xlsx'), workbook);
  const [headings, ...cli] = parseCsv(jixiao(dir, 'check', '--summary', '--csv', '虚报.jixiao.json', '自评表.xlsx'));
  const col = (name) => headings.indexOf(name);

  const app = await startApp();
  try {
    const { page } = app;
    await page.click('[data-testid="open-review"]');
    await page.waitForSelector('[data-testid="review-page"]');
    await page.setInputFiles('[data-testid="review-files"]', [
      { name: '批次.zip', mimeType: 'application/zip', buffer: zip },
      { name: '坏.zip', mimeType: 'application/zip', buffer: broken },
    ]);
    await page.waitForFunction(() => /共 7 份/.test(document.querySelector('[data-testid="review-count"]')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="review-progress"]', { state: 'detached' });
    await page.setInputFiles('[data-testid="review-folder"]', folder);
    await page.waitForFunction(() => /共 8 份/.test(document.querySelector('[data-testid="review-count"]')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="review-progress"]', { state: 'detached' });
    assert.match(await testIdText(page, 'review-count'), /共 8 份，可评分 5 份，无法读取 3 份/);

    // Rows named by their path inside the zip or the folder.
    const rows = await tableRows(page);
    assert.deepEqual(rows.map((r) => r[0]), ['批次.zip/甲县/养老.jixiao.json', '批次.zip/乙县/虚报.jixiao.json', '批次.zip/乙县/自评表.xlsx', '批次.zip/自评表.jixiao.json', '丙县材料/丙县/相符.jixiao.json']);
    assert.equal(rows[3][1], '庚县社保局', 'the GBK-named file read, its name decoded');
    // Each as the core reads the same file dropped alone.
    assert.deepEqual(rows[1].slice(1, 15), cli[0].slice(1, 15));
    assert.deepEqual(rows[2].slice(1, 15), cli[1].slice(1, 15));
    // The bad ones, each with its message; the batch went on.
    const bad = Object.fromEntries(await page.locator('[data-testid="bad-file"]').evaluateAll((ls) => ls.map((l) => [l.dataset.file, l.textContent])));
    assert.deepEqual(Object.keys(bad).sort(), ['坏.zip', '批次.zip/乙县/坏.jixiao.json', '批次.zip/旧批次.zip'].sort());
    assert.match(bad['坏.zip'], /无法打开压缩包“坏\.zip”：不是有效的 \.zip 压缩包/);
    assert.match(bad['批次.zip/旧批次.zip'], /压缩包中的压缩包不会打开/);
    assert.match(bad['批次.zip/乙县/坏.jixiao.json'], /[\u4e00-\u9fff]{4}/);
    // The same draft in the zip and in the folder: recognised, not added twice.
    assert.match(await page.locator('[data-testid="review-notices"]').innerText(), /“丙县材料\/东川-又一份\.jixiao\.json”与已加入的“批次\.zip\/甲县\/养老\.jixiao\.json”是同一个文件/);

    // A folder dropped: its files read recursively through the entries API (Chromium's entries
    // for a real drag cannot be scripted: the same calls are answered by a stand-in tree here).
    await page.evaluate(async (draft) => {
      const file = (name, text) => new File([text], name, { type: 'application/json' });
      const fileEntry = (dirPath, f) => ({ isFile: true, isDirectory: false, name: f.name, fullPath: `${dirPath}/${f.name}`, file: (ok) => setTimeout(() => ok(f)) });
      const dirEntry = (fullPath, children) => ({
        isFile: false, isDirectory: true, name: fullPath.split('/').pop(), fullPath,
        // Two entries per call, as a browser may give them in several calls.
        createReader: () => { let at = 0; return { readEntries: (ok) => setTimeout(() => { ok(children.slice(at, at + 2)); at += 2; }) }; },
      });
      const d1 = JSON.parse(draft); d1.id = 'drop-1'; d1.evaluation.header.implementer = '丁县社保局';
      const d2 = JSON.parse(draft); d2.id = 'drop-2'; d2.evaluation.header.implementer = '戊县社保局';
      const d3 = JSON.parse(draft); d3.id = 'drop-3'; d3.evaluation.header.implementer = '己县社保局';
      const root = dirEntry('/拖入', [
        fileEntry('/拖入', file('丁.jixiao.json', JSON.stringify(d1))),
        { isFile: true, isDirectory: false, name: '.DS_Store', fullPath: '/拖入/.DS_Store', file: (ok) => ok(new File(['x'], '.DS_Store')) },
        dirEntry('/拖入/下级', [fileEntry('/拖入/下级', file('戊.jixiao.json', JSON.stringify(d2))), fileEntry('/拖入/下级', file('己.jixiao.json', JSON.stringify(d3)))]),
      ]);
      const transfer = new DataTransfer();
      transfer.items.add(new File(['x'], '拖入'));
      DataTransferItem.prototype.webkitGetAsEntry = function () { return root; };
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, dongchuan.toString('utf8'));
    await page.waitForFunction(() => /共 11 份/.test(document.querySelector('[data-testid="review-count"]')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.waitForSelector('[data-testid="review-progress"]', { state: 'detached' });
    assert.deepEqual((await tableRows(page)).slice(5).map((r) => r[0]), ['拖入/丁.jixiao.json', '拖入/下级/戊.jixiao.json', '拖入/下级/己.jixiao.json']);

    // The summary as .xlsx, read by openpyxl: the CSV's table with numbers as numbers.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="review-csv"]')]);
    const csv = parseCsv(fs.readFileSync(await csvDownload.path(), 'utf8'));
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-testid="review-xlsx"]')]);
    assert.equal(xlsxDownload.suggestedFilename(), '审核汇总表.xlsx');
    // (openpyxl goes by the file's extension.)
    await xlsxDownload.saveAs(path.join(dir, '审核汇总表.xlsx'));
    const xlsx = readXlsx(path.join(dir, '审核汇总表.xlsx'));
    assert.equal(xlsx.freeze, 'A2');
    assert.equal(xlsx.filter, `A1:O${csv.length}`);
    assert.deepEqual(xlsx.rows[0], csv[0]);
    assert.equal(xlsx.rows.length, csv.length);
    for (const [n, line] of csv.slice(1).entries()) {
      const got = xlsx.rows[n + 1];
      for (const [c, text] of line.entries()) {
        const v = got[c];
        if (text === '') assert.ok(v === null || v === '', `${csv[0][c]} blank`);
        else if (c === col('执行率')) assert.equal(Number((v * 100).toFixed(6)), Number(text.replace('%', '')), csv[0][c]);
        else if ([col('全年预算数'), col('全年执行数'), col('原报自评分'), col('计算得分'), col('差额'), col('错误'), col('警告')].includes(c)) {
          assert.equal(typeof v, 'number', `${csv[0][c]} of ${line[0]} is a number`);
          assert.equal(v, Number(text), `${csv[0][c]} of ${line[0]}`);
        } else assert.equal(v, text, `${csv[0][c]} of ${line[0]}`);
      }
    }

    // Open the zip's inflated one: its form read-only in the editor's sections beside its findings.
    await page.click('[data-testid="review-row"][data-file="批次.zip/乙县/虚报.jixiao.json"]');
    await page.waitForSelector('[data-testid="review-form"]');
    assert.equal(await page.locator('[data-testid="review-form-body"]').evaluate((f) => f.disabled), true);
    assert.ok(await page.locator('[data-testid="review-form-body"] [data-testid="indicator-row"], [data-testid="review-form-body"] tbody tr').count() > 0);
    await page.click('[data-testid="review-tab-project"]');
    const implementer = await page.locator('[data-testid="review-form-body"] input').evaluateAll((is) => is.map((i) => i.value));
    assert.ok(implementer.includes('乙县社保局'), 'the unit shown in its field');
    assert.equal(await page.locator('[data-testid="review-form-body"] input').first().isEditable(), false);
    const opinion = '压缩包中的这份：原报 99 分偏高，请核减。';
    await page.fill('[data-testid="opinion"]', opinion);
    await page.waitForFunction(() => /已保存在浏览器中/.test(document.querySelector('[data-testid="review-stored"]')?.textContent ?? ''));
    // The drafts of the user's own are untouched by the review.
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('jixiao.draft')).length), 0);

    // The 审核意见书 as .docx: a Word package with the opinion and the claim.
    const [docx] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-testid="download-opinion-docx"]')]);
    assert.equal(docx.suggestedFilename(), `审核意见书-${cli[0][col('项目')]}.docx`);
    const text = execFileSync('python3', ['-c', `import re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode('utf-8')
print(''.join(re.findall(r'<w:t[^>]*>([^<]*)</w:t>', x)))`, await docx.path()], { encoding: 'utf8' });
    assert.ok(text.includes(opinion), 'the opinion');
    assert.ok(text.includes('原报自评分高于计算得分') && text.includes(cli[0][col('差额')]), 'the claim against the computed score');

    // The opinion survives a reload, with the rows named by their paths.
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="review-row"]').length === 8);
    await page.click('[data-testid="review-row"][data-file="批次.zip/乙县/虚报.jixiao.json"]');
    assert.equal(await page.locator('[data-testid="opinion"]').inputValue(), opinion);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test("审核 is its own page: the editor's first load fetches none of it; the old #review address, 首页 and the standalone files lead between the two", async () => {
  const sample = fs.readFileSync(path.join(ROOT, 'samples/pension-2019.jixiao.json'));
  const app = await startApp();
  try {
    const { page } = app;
    await page.waitForSelector('[data-testid="open-review"]');
    assert.deepEqual(app.pageRequests.filter((u) => /jixiao-review|review\.html/.test(u)), [], 'the editor loads nothing of the 审核 page');
    // The address of the page before it had its own (bookmarks, links in e-mails).
    await page.goto('about:blank');
    await page.goto(`${app.url}#review`);
    await page.waitForSelector('[data-testid="review-page"]');
    assert.match(page.url(), /\/review\.html$/);
    assert.ok(app.pageRequests.some((u) => /jixiao-review-[0-9a-f]+_bg\.wasm$/.test(u)));
    const sinceReview = app.pageRequests.slice(app.pageRequests.findIndex((u) => /\/review\.html$/.test(u)));
    assert.ok(!sinceReview.some((u) => /jixiao-web-[0-9a-f]+/.test(u)), 'review.html does not load the editor');
    await page.click('[data-testid="review-back"]');
    await page.waitForSelector('[data-testid="open-review"]');
    assert.ok(!/review/.test(page.url()), page.url());
    assert.deepEqual(app.errors, []);
    assert.deepEqual(app.badResponses, []);
  } finally {
    await app.close();
  }

  // The standalone file (file://) opens the standalone 审核 file beside it, and back.
  const offline = await startApp({ standalone: true });
  try {
    const { page } = offline;
    await page.click('[data-testid="open-review"]');
    await page.waitForSelector('[data-testid="review-page"]');
    assert.match(page.url(), /\/jixiao-review-offline\.html$/);
    await page.setInputFiles('[data-testid="review-files"]', [{ name: '东川.jixiao.json', mimeType: 'application/json', buffer: sample }]);
    await page.waitForFunction(() => /共 1 份，可评分 1 份/.test(document.querySelector('[data-testid="review-count"]')?.textContent ?? ''));
    await page.click('[data-testid="review-back"]');
    await page.waitForSelector('[data-testid="open-review"]');
    assert.match(page.url(), /\/jixiao-offline\.html$/);
    assert.deepEqual(offline.otherOriginRequests(), []);
    assert.deepEqual(offline.errors, []);
  } finally {
    await offline.close();
  }
});
