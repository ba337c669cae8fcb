// Paste from Excel / WPS and 添加指标行 (issue 15, point 6), in headless Chromium against the
// release build: the preview counts exactly what is inserted (三级 rows and the headings
// created) and the notice after applying says the same; a 定性 band in 实际完成值 is read and
// scored; a row that is not an indicator row is shown as 未识别 and not inserted; a value off by
// ×100 is warned in the preview and found after applying; a new row goes after the row in use,
// under a heading in use.
//
// JIXIAO_SHOTS=<dir> saves a screenshot of the preview at 1366×768 there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, openSample, testIdText } from './harness.mjs';

async function openIndicators(page) {
  await page.click('[data-testid="nav-indicators"]');
  await page.waitForSelector('[data-testid="indicator-row"]');
}

/** Pastes `text` into the focused cell as Excel does: a paste event carrying text/plain. */
async function pasteInto(page, selector, text) {
  await page.focus(selector);
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForSelector('[data-testid="paste-dialog"]');
}

/** The table's rows as [id, level, name], in order. */
function tableRows(page) {
  return page.$$eval('[data-testid="indicator-row"]', (rows) => rows.map((r) =>
    [r.getAttribute('data-id'), Number(r.getAttribute('data-level')), r.querySelector('[data-path$=".name"]').value]));
}

const TSV = [
  '一级指标\t二级指标\t三级指标\t指标性质\t年度指标值\t度量单位\t实际完成值\t分值\t得分',
  // Under the sample's 产出指标 › 数量指标: one 三级 row, no heading created.
  '产出指标\t数量指标\t培训人次\t≥\t500\t人次\t480\t1\t',
  // A new 二级 heading (质量指标) under 产出指标; 0.97 against 95%: off by ×100.
  '产出指标\t质量指标\t合格率\t≥\t95\t%\t0.97\t1\t',
  // A new 二级 heading (经济效益指标) under 效益指标; a 定性 row whose 实际完成值 is its band.
  '效益指标\t经济效益指标\t增收效果\t定性\t明显增收\t\t达成年度指标\t2\t1.8',
  // Not an indicator row: a line of text.
  '以上数据由财务科提供，仅供参考',
].join('\r\n');

test('the paste preview counts what is inserted, reads the band, flags the garbage row and warns of ×100', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await page.setViewportSize({ width: 1366, height: 768 });
    await openSample(page);
    await openIndicators(page);
    const before = await tableRows(page);
    await pasteInto(page, 'input[data-path="indicators.i-ledger.actual"]', TSV);

    // Row for row: four pasted rows, the last 未识别 with its reason.
    const status = await page.$$eval('[data-testid="paste-row"]', (rows) => rows.map((r) => r.getAttribute('data-status')));
    assert.deepEqual(status, ['insert', 'insert', 'insert', 'unrecognised']);
    const unrecognised = await page.locator('[data-testid="paste-unrecognised"]').allInnerTexts();
    assert.equal(unrecognised.length, 1);
    assert.match(unrecognised[0], /^未识别：.+/);
    const becomes = await page.locator('[data-testid="paste-becomes"]').allInnerTexts();
    assert.deepEqual(becomes.map((t) => t.replace(/\s+/g, ' ').trim()), [
      '三级指标',
      '新建二级指标「质量指标」 三级指标',
      '新建二级指标「经济效益指标」 三级指标',
      '未识别',
    ]);
    // What will be inserted: 5 rows, 3 of them 三级; the garbage row is left out.
    const summary = await testIdText(page, 'paste-summary');
    assert.equal(summary, '将插入 5 行：3 个三级指标，新建 2 个一级/二级指标；1 行未识别，不插入');
    // The band is read as the band.
    const actuals = await page.locator('[data-testid="paste-actual"]').allInnerTexts();
    assert.equal(actuals[2].trim(), '达成年度指标');
    // 0.97 against 95%: warned on its row, nothing else.
    const warnings = await page.locator('[data-testid="paste-warning"]').allInnerTexts();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /0\.97/);
    assert.match(warnings[0], /改填 97/);
    assert.equal(await page.locator('[data-testid="paste-problem"]').count(), 0);

    if (process.env.JIXIAO_SHOTS) {
      fs.mkdirSync(process.env.JIXIAO_SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(process.env.JIXIAO_SHOTS, 'paste-preview-1366x768.png') });
    }

    await page.click('[data-testid="paste-apply"]');
    await page.waitForSelector('[data-testid="paste-dialog"]', { state: 'detached' });
    // The notice counts the same rows in the same words, and the table grew by exactly that.
    const notice = await testIdText(page, 'notice');
    assert.ok(notice.includes('已粘贴 5 行：3 个三级指标，新建 2 个一级/二级指标；1 行未识别，不插入'), notice);
    assert.ok(notice.includes(summary.replace(/^将插入 /, '').replace(/，不插入$/, '')), `${summary} / ${notice}`);
    const after = await tableRows(page);
    assert.equal(after.length, before.length + 5);
    const names = after.map((r) => r[2]);
    assert.ok(!names.some((n) => n.includes('财务科')), names.join(' '));
    // Placed in their groups: 质量指标 › 合格率 inside 产出指标, 经济效益指标 › 增收效果 inside 效益指标.
    const at = (name) => names.indexOf(name);
    assert.ok(at('培训人次') > at('数量指标') && at('培训人次') < at('时效指标'));
    assert.ok(at('质量指标') < at('合格率') && at('合格率') < at('效益指标'));
    assert.ok(at('效益指标') < at('经济效益指标') && at('增收效果') === at('经济效益指标') + 1 && at('增收效果') < at('满意度指标'));

    // The band row keeps its band and scores in it (1.8 of 2), not 0.
    const bandId = after[at('增收效果')][0];
    const band = await page.$eval(`select[data-path="indicators.${bandId}.band"]`, (el) => el.options[el.selectedIndex].text);
    assert.equal(band, '达成年度指标');
    const score = await page.locator(`[data-testid="indicator-row"][data-id="${bandId}"] [data-testid="score"] .score-value`).innerText();
    assert.equal(score.trim(), '1.80');

    // The ×100 row: kept as pasted, and a finding (a warning) at its 实际完成值.
    const slipId = after[at('合格率')][0];
    assert.equal(await page.inputValue(`input[data-path="indicators.${slipId}.actual"]`), '0.97');
    const finding = page.locator(`[data-testid="finding"][data-code="ACTUAL_HUNDREDFOLD"][data-path="indicators.${slipId}.actual"]`);
    assert.equal(await finding.count(), 1);
    assert.match(await finding.innerText(), /改填 97/);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('a paste of text that is no table offers nothing to insert', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    const before = await tableRows(page);
    await pasteInto(page, 'input[data-path="indicators.i-ledger.actual"]', '会议纪要\n请各科室于周五前报送材料\n');
    assert.equal(await page.locator('[data-testid="paste-unrecognised"]').count(), 2);
    assert.equal(await testIdText(page, 'paste-summary'), '没有可插入的行；2 行未识别，不插入');
    assert.ok(await page.locator('[data-testid="paste-apply"]').isDisabled());
    await page.click('[data-testid="paste-cancel"]');
    await page.waitForSelector('[data-testid="paste-dialog"]', { state: 'detached' });
    assert.deepEqual(await tableRows(page), before);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('添加指标行 adds after the row in use, and under a heading in use', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    const add = async (fromId) => {
      await page.click(`[data-path="indicators.${fromId}.name"]`);
      const before = await tableRows(page);
      await page.click('[data-testid="add-indicator"]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="indicator-row"]').length === n, before.length + 1);
      const rows = await tableRows(page);
      const fresh = rows.find((r) => !before.some((b) => b[0] === r[0]));
      // The new row has the focus (its name), ready to type.
      await page.waitForFunction((id) => document.activeElement?.getAttribute('data-path') === `indicators.${id}.name`, fresh[0]);
      return { rows, index: rows.indexOf(fresh), level: fresh[1] };
    };
    // A 三级 row in use: the new 三级 row right below it (not at the end of the table).
    let r = await add('i-funeral');
    assert.equal(r.rows[r.index - 1][0], 'i-funeral');
    assert.equal(r.level, 3);
    // A 二级 heading in use (时效指标): its first child, a 三级 row above 养老金按月发放及时性.
    r = await add('l2-time');
    assert.equal(r.rows[r.index - 1][0], 'l2-time');
    assert.equal(r.rows[r.index + 1][0], 'i-monthly');
    assert.equal(r.level, 3);
    // A 一级 heading in use (效益指标): its first child at its children's level, 二级.
    r = await add('l1-benefit');
    assert.equal(r.rows[r.index - 1][0], 'l1-benefit');
    assert.equal(r.rows[r.index + 1][0], 'l2-social');
    assert.equal(r.level, 2);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
