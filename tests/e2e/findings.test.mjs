// The findings list (核对结果) in headless Chromium against the release build: in the order of
// the form, a weight sum pinned to the heading whose rows do not add up (a click focuses that
// heading's 分值), one finding per conflicting key figure, scores written as the summary writes
// them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openSample, testIdText } from './harness.mjs';

// The editor's sections in the order of the form, by the first segment of a finding's path.
const SECTIONS = ['header', 'notes', 'funds', 'goals', 'indicators', 'survey', 'figures', 'narrative', 'rules', 'claimed'];

/** The findings as listed: { code, path, text }. */
async function listedFindings(page) {
  return page.$$eval('[data-testid="finding"]', (els) => els.map((e) => ({
    code: e.getAttribute('data-code'),
    path: e.getAttribute('data-path'),
    text: e.innerText,
  })));
}

test('findings follow the form; a weight sum goes to its heading; one finding per key-figure conflict', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await page.click('[data-testid="nav-indicators"]');
    await page.waitForSelector('[data-testid="indicator-row"]');
    // 新参续保保费收缴系统记账人次 (under 产出指标 50 / 数量指标) from 8 to 10: 产出's rows now
    // add up to 52, the total weight to 102.
    const weight = 'input[data-path="indicators.i-ledger.weight"]';
    await page.fill(weight, '10');
    await page.press(weight, 'Tab');
    await page.waitForSelector('[data-testid="finding"][data-code="WEIGHT_LEVEL_SUM"]');

    const findings = await listedFindings(page);
    const summary = findings.map((f) => `${f.code}@${f.path}`).join('\n');

    // The order of the form: sections in the editor's order, the indicator table's findings
    // in the order of its rows.
    const rows = await page.$$eval('[data-testid="indicator-row"]', (els) => els.map((e) => e.getAttribute('data-id')));
    const rank = (p) => {
      const [section, id] = p.split('.');
      const s = SECTIONS.indexOf(section);
      return [s < 0 ? SECTIONS.length : s, section === 'indicators' ? rows.indexOf(id) : 0];
    };
    for (let k = 1; k < findings.length; k++) {
      const [a, b] = [rank(findings[k - 1].path), rank(findings[k].path)];
      assert.ok(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]),
        `${findings[k - 1].path} is listed before ${findings[k].path}:\n${summary}`);
    }

    // Every weight-sum finding is on 产出指标's 分值 (the heading whose rows do not add up),
    // none on a row the user did not touch.
    const sums = findings.filter((f) => f.code === 'WEIGHT_LEVEL_SUM' || f.code === 'WEIGHT_TOTAL');
    assert.deepEqual(sums.map((f) => f.path), ['indicators.l1-output.weight', 'indicators.l1-output.weight'], summary);
    const total = sums.find((f) => f.code === 'WEIGHT_TOTAL');
    assert.match(total.text, /「产出指标」下三级指标分值之和为 52/);

    // One finding per conflicting key figure, naming both statements.
    const conflicts = findings.filter((f) => f.code === 'FIGURE_CONFLICT');
    assert.equal(conflicts.length, 2, summary);
    assert.match(conflicts[0].text, /16\.80万人.*与 16\.6万人/);

    // Scores written as the summary bar writes them ("92.70", not "92.7").
    const totalScore = await testIdText(page, 'summary-total');
    const claimed = findings.find((f) => f.code === 'CLAIMED_TOTAL_MISMATCH');
    assert.ok(claimed.text.includes(`计算为 ${totalScore} 分`), `${totalScore} in: ${claimed.text}`);

    // A click on the total's finding focuses the heading's 分值 in its row.
    await page.click('[data-testid="nav-goals"]');
    await page.locator('[data-testid="finding"][data-code="WEIGHT_TOTAL"] button').click();
    await page.waitForFunction(() => document.activeElement
      && document.activeElement.getAttribute('data-path') === 'indicators.l1-output.weight');
    const row = await page.evaluate(() => document.activeElement.closest('[data-testid="indicator-row"]').getAttribute('data-id'));
    assert.equal(row, 'l1-output');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
