// The editor in headless Chromium against the release build: live scoring, paste, undo/redo,
// findings that lead to their field, unreadable numbers kept with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openSample, testIdText } from './harness.mjs';

const ACTUAL = (id) => `input[data-path="indicators.${id}.actual"]`;

async function openIndicators(page) {
  await page.click('[data-testid="nav-indicators"]');
  await page.waitForSelector('[data-testid="indicator-row"]');
}

async function findingKeys(page) {
  return page.$$eval('[data-testid="finding"]', (els) =>
    els.map((e) => `${e.getAttribute('data-code')}@${e.getAttribute('data-path')}`).sort());
}

async function rowScore(page, id) {
  return (await page.locator(`[data-testid="indicator-row"][data-id="${id}"] [data-testid="score"] .score-value`).innerText()).trim();
}

/** Types into a field and commits it like a user leaving the cell (change event). */
async function typeInto(page, selector, text) {
  await page.fill(selector, text);
  await page.press(selector, 'Tab');
}

test('changing an actual value rescores the row, the total and the findings', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    // 基础养老金养老补助发放人数: target 38200, actual 36641 — unmet, without explanation.
    const scoreBefore = await rowScore(page, 'i-basic');
    const totalBefore = await testIdText(page, 'summary-total');
    const findingsBefore = await findingKeys(page);
    assert.ok(findingsBefore.some((k) => k.startsWith('TARGET_UNMET_UNEXPLAINED@indicators.i-basic')), findingsBefore.join('\n'));

    await typeInto(page, ACTUAL('i-basic'), '38,200');
    await page.waitForFunction((before) =>
      document.querySelector('[data-testid="summary-total"]').innerText.trim() !== before, totalBefore);

    const scoreAfter = await rowScore(page, 'i-basic');
    assert.notEqual(scoreAfter, scoreBefore);
    assert.equal(Number(scoreAfter), 10, 'met target scores the full weight (10)');
    const totalAfter = await testIdText(page, 'summary-total');
    // The row gained (10 − old score); the total moves by the same amount.
    const gained = 10 - Number(scoreBefore);
    assert.ok(Math.abs(Number(totalAfter) - Number(totalBefore) - gained) < 0.011,
      `total ${totalBefore} → ${totalAfter}, row gained ${gained}`);
    const findingsAfter = await findingKeys(page);
    assert.ok(!findingsAfter.some((k) => k.startsWith('TARGET_UNMET_UNEXPLAINED@indicators.i-basic')), findingsAfter.join('\n'));
    assert.notDeepEqual(findingsAfter, findingsBefore);
    // The input shows the number as read (thousands separator gone, exact).
    assert.equal(await page.inputValue(ACTUAL('i-basic')), '38200');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('typing a number rescores at each keystroke, keeps the caret, and the typing is one undo step', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    // 基础养老金养老补助发放人数: target 38200, actual 36641 (unmet), weight 10.
    const input = ACTUAL('i-basic');
    const totalBefore = await testIdText(page, 'summary-total');
    const scoreBefore = await rowScore(page, 'i-basic');
    await page.click(input);
    await page.keyboard.press('Control+A');
    const total = () => testIdText(page, 'summary-total');
    const focusedPath = () => page.evaluate(() => document.activeElement?.getAttribute('data-path'));
    // One keystroke: "3" of 38200 — the row and the total follow before the field is left.
    await page.keyboard.type('3');
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() !== t, totalBefore);
    assert.equal(await rowScore(page, 'i-basic'), '0.00', '3 of 38200 scores 0.00 of 10');
    const afterOne = await total();
    assert.ok(Number(afterOne) < Number(totalBefore), `${totalBefore} → ${afterOne}`);
    assert.equal(await focusedPath(), 'indicators.i-basic.actual', 'the field keeps the focus');
    // The rest, key by key: at 38200 the target is met (10) without leaving the field.
    await page.keyboard.type('8200', { delay: 30 });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="indicator-row"][data-id="i-basic"] [data-testid="score"] .score-value')?.innerText.trim() === '10.00');
    const met = await total();
    assert.ok(Math.abs(Number(met) - Number(totalBefore) - (10 - Number(scoreBefore))) < 0.011, `${totalBefore} → ${met}`);
    assert.equal(await page.inputValue(input), '38200');
    assert.equal(await focusedPath(), 'indicators.i-basic.actual');
    assert.deepEqual(await page.$eval(input, (el) => [el.selectionStart, el.selectionEnd]), [5, 5], 'the caret stays at the end');
    // Text that is not yet a plain number ("38200." on the way to "38200.5") is left as typed.
    await page.keyboard.type('.');
    await page.waitForTimeout(100);
    assert.equal(await page.inputValue(input), '38200.');
    await page.keyboard.press('Backspace');
    // Leaving the field commits it; the whole typing is one undo step back to 36641.
    await page.keyboard.press('Tab');
    await page.click('[data-testid="undo"]');
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() === t, totalBefore);
    assert.equal(await page.inputValue(input), '36641');
    assert.equal(await rowScore(page, 'i-basic'), scoreBefore);
    await page.click('[data-testid="redo"]');
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() === t, met);
    assert.equal(await page.inputValue(input), '38200');
    // Ctrl+Z while still typing (the field not left): the typing so far is undone in one step.
    await page.click(input);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12', { delay: 30 });
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() !== t, met);
    await page.keyboard.press('Control+Z');
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() === t, met);
    assert.equal(await page.inputValue(input), '38200');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('pasting three TSV rows shows a preview, inserts them, and undo/redo take them back and forth', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    const rowsBefore = await page.locator('[data-testid="indicator-row"]').count();
    const tsv = [
      '一级指标\t二级指标\t三级指标\t指标性质\t年度指标值\t度量单位\t实际完成值\t分值',
      '产出指标\t数量指标\t培训人次\t≥\t500\t人次\t480\t2',
      '\t\t宣传册发放\t≥\t1,000\t册\t１２００\t2',
      '\t\t走访户数\t≥\t300\t户\t12..5\t2',
    ].join('\r\n');
    // Paste into a cell, as from Excel: a paste event carrying text/plain.
    await page.focus(ACTUAL('i-ledger'));
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, tsv);
    await page.waitForSelector('[data-testid="paste-dialog"]');
    assert.equal(await page.locator('[data-testid="paste-row"]').count(), 3);
    // The unreadable cell is named before anything is applied.
    const problems = await page.locator('[data-testid="paste-problem"]').allInnerTexts();
    assert.equal(problems.length, 1);
    assert.match(problems[0], /「12\.\.5」/);
    // Nothing changed yet.
    assert.equal(await page.locator('[data-testid="indicator-row"]').count(), rowsBefore);

    await page.click('[data-testid="paste-apply"]');
    await page.waitForSelector('[data-testid="paste-dialog"]', { state: 'detached' });
    const names = async () => page.$$eval('[data-testid="indicator-row"] [data-path$=".name"]', (els) => els.map((e) => e.value));
    assert.equal(await page.locator('[data-testid="indicator-row"]').count(), rowsBefore + 3);
    const after = await names();
    // Under 产出指标 › 数量指标, before 时效指标.
    const i = after.indexOf('培训人次');
    assert.deepEqual(after.slice(i, i + 3), ['培训人次', '宣传册发放', '走访户数']);
    assert.ok(i < after.indexOf('时效指标'));
    // The unreadable text is kept in its cell with a message.
    const keptId = await page.$$eval('[data-testid="indicator-row"]', (rows) =>
      rows.find((r) => r.querySelector('[data-path$=".name"]').value === '走访户数').getAttribute('data-id'));
    const kept = page.locator(`[data-testid="indicator-row"][data-id="${keptId}"]`);
    assert.equal(await kept.locator('[data-path$=".actual"]').inputValue(), '12..5');
    assert.match(await kept.locator('[data-testid="field-error"]').innerText(), /「12\.\.5」不是有效的数字/);

    // Undo (button) removes the three rows; redo (keyboard) brings them back.
    await page.click('[data-testid="undo"]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="indicator-row"]').length === n, rowsBefore);
    assert.ok(!(await names()).includes('培训人次'));
    await page.keyboard.press('Control+Shift+Z');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="indicator-row"]').length === n, rowsBefore + 3);
    assert.deepEqual(await names(), after);
    // And Ctrl+Z undoes again.
    await page.keyboard.press('Control+Z');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="indicator-row"]').length === n, rowsBefore);
    await page.click('[data-testid="redo"]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="indicator-row"]').length === n, rowsBefore + 3);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('undo and redo an edit restore the value, the score and the total', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    const total = await testIdText(page, 'summary-total');
    const value = await page.inputValue(ACTUAL('i-long'));
    await typeInto(page, ACTUAL('i-long'), '0');
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() !== t, total);
    const lowered = await testIdText(page, 'summary-total');
    assert.ok(Number(lowered) < Number(total));
    await page.click('[data-testid="undo"]');
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() === t, total);
    assert.equal(await page.inputValue(ACTUAL('i-long')), value);
    await page.click('[data-testid="redo"]');
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() === t, lowered);
    assert.equal(await page.inputValue(ACTUAL('i-long')), '0');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('the satisfaction rate is rounded half away from zero (四舍五入) with the rules\' decimals, as in the report', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await page.click('[data-testid="nav-survey"]');
    await page.waitForSelector('[data-testid="survey-rate"]');
    // The sample: 20 valid, 11 + 8 satisfied → 95%, shown with the rules' 2 decimals.
    assert.match(await testIdText(page, 'survey-rate'), /满意率 95\.00%$/);
    // 1 satisfied of 800 valid = 0.125 %: exactly half way, so 四舍五入 gives 0.13 (rounding
    // half to even would show 0.12).
    await typeInto(page, 'input[data-path="survey.distributed"]', '800');
    await typeInto(page, 'input[data-path="survey.valid"]', '800');
    await typeInto(page, 'input[data-path="survey.options.opt-very.count"]', '1');
    await typeInto(page, 'input[data-path="survey.options.opt-yes.count"]', '0');
    await page.waitForFunction(() => /满意人数 1，/.test(document.querySelector('[data-testid="survey-rate"]').innerText));
    assert.match(await testIdText(page, 'survey-rate'), /满意率 0\.13%$/);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('clicking a finding switches to its section, focuses and highlights its field', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    // Start elsewhere: the finding must bring the user to the indicator table.
    await page.click('[data-testid="nav-goals"]');
    const finding = page.locator('[data-testid="finding"][data-path^="indicators.i-"]').first();
    const path = await finding.getAttribute('data-path');
    await finding.locator('button').click();
    await page.waitForSelector('[data-testid="indicator-row"]');
    await page.waitForFunction((p) => {
      const el = document.activeElement;
      return el && el.getAttribute('data-path') && (el.getAttribute('data-path') === p || el.getAttribute('data-path').startsWith(p + '.') || p.startsWith(el.getAttribute('data-path')));
    }, path);
    const focused = await page.evaluate(() => ({
      path: document.activeElement.getAttribute('data-path'),
      highlighted: document.activeElement.classList.contains('highlight'),
      visible: (() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })(),
    }));
    assert.ok(focused.highlighted, JSON.stringify(focused));
    assert.ok(focused.visible, JSON.stringify(focused));
    // A funds finding goes to the funds section, if the sample has one; else a survey/header one.
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('an unreadable number shows a Chinese message at the field, keeps the typed text and scores as blank', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    const errorsBefore = Number(await testIdText(page, 'summary-errors'));
    const value = await page.inputValue(ACTUAL('i-ledger'));
    const score = await rowScore(page, 'i-ledger');
    await typeInto(page, ACTUAL('i-ledger'), '12..5');
    const row = page.locator('[data-testid="indicator-row"][data-id="i-ledger"]');
    await row.locator('[data-testid="field-error"]').waitFor();
    assert.match(await row.locator('[data-testid="field-error"]').innerText(), /「12\.\.5」不是有效的数字/);
    assert.equal(await page.inputValue(ACTUAL('i-ledger')), '12..5', 'the typed text stays in the input');
    assert.ok(await page.locator(ACTUAL('i-ledger')).evaluate((e) => e.classList.contains('has-error')));
    // What is scored is what the cell shows: nothing readable, so the row scores 0 (not the old
    // value's score); the draft now has one more error.
    assert.notEqual(score, '0.00');
    assert.equal(Number(await rowScore(page, 'i-ledger')), 0);
    assert.ok(Number(await testIdText(page, 'summary-errors')) > errorsBefore);
    // Full-width digits are read.
    await typeInto(page, ACTUAL('i-ledger'), '１２５６００');
    await row.locator('[data-testid="field-error"]').waitFor({ state: 'detached' });
    assert.equal(await page.inputValue(ACTUAL('i-ledger')), value);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('Enter and arrow keys move between cells of the indicator table', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    await page.focus(ACTUAL('i-funeral'));
    const row = Number(await page.getAttribute(ACTUAL('i-funeral'), 'data-nav-row'));
    await page.keyboard.press('Enter');
    assert.deepEqual(await page.evaluate(() => [document.activeElement.getAttribute('data-nav-row'), document.activeElement.getAttribute('data-nav-col')]), [String(row + 1), 'actual']);
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-path')), 'indicators.i-funeral.actual');
  } finally {
    await app.close();
  }
});

test('a manual score stays marked as manual, needs a reason, and its finding opens the row details', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    const row = page.locator('[data-testid="indicator-row"][data-id="i-ledger"]');
    await row.locator('[data-testid="explain"]').click();
    // The explanation of the computed score is shown on demand.
    await page.waitForSelector('[data-details-for="i-ledger"] [data-testid="explanation"]');
    await typeInto(page, 'input[data-path="indicators.i-ledger.manual.score"]', '6');
    await page.waitForFunction(() => document.querySelector('[data-id="i-ledger"] [data-testid="score"] .score-value').innerText.trim() === '6.00');
    assert.equal(await row.locator('.tag.manual').innerText(), '人工');
    const finding = page.locator('[data-testid="finding"][data-path="indicators.i-ledger.manual.reason"]');
    await finding.waitFor();
    // Close the details, go elsewhere, then follow the finding.
    await row.locator('[data-testid="explain"]').click();
    await page.waitForSelector('[data-details-for="i-ledger"]', { state: 'detached' });
    await page.click('[data-testid="nav-project"]');
    await finding.locator('button').click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-path') === 'indicators.i-ledger.manual.reason');
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains('highlight')));
    await page.keyboard.type('发现记账差错，扣2分');
    await page.keyboard.press('Tab');
    await finding.waitFor({ state: 'detached' });
    assert.equal(await row.locator('.tag.manual').innerText(), '人工');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

// ---- A big table (1,000 indicators): only the rows near the view are in the page ----------

/** Opens the sample and pastes `n` more 三级指标 rows (指标0 … 指标n-1) into its table;
 *  `actual(i)` gives each row's 实际完成值 (target 100, weight 0.05). */
async function openBigTable(page, n, actual = () => '100') {
  await openSample(page);
  await openIndicators(page);
  const lines = ['一级指标\t二级指标\t三级指标\t指标性质\t年度指标值\t度量单位\t实际完成值\t分值'];
  for (let i = 0; i < n; i++) lines.push(`产出指标\t数量指标\t指标${i}\t≥\t100\t人\t${actual(i)}\t0.05`);
  await page.focus(ACTUAL('i-ledger'));
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, lines.join('\n'));
  await page.waitForSelector('[data-testid="paste-dialog"]', { timeout: 60_000 });
  await page.click('[data-testid="paste-apply"]');
  await page.waitForSelector('[data-testid="paste-dialog"]', { state: 'detached', timeout: 60_000 });
}

/** The rendered row whose name is `name` (null when it is not in the page). */
function rowIdByName(page, name) {
  return page.evaluate((name) => {
    const input = [...document.querySelectorAll('[data-testid="indicator-row"] [data-path$=".name"]')].find((e) => e.value === name);
    return input ? input.closest('[data-testid="indicator-row"]').getAttribute('data-id') : null;
  }, name);
}

/** Scrolls down the page half a screen at a time until the row named `name` is rendered. */
async function scrollUntilRendered(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let i = 0; i < 300; i++) {
    const id = await rowIdByName(page, name);
    if (id) return id;
    await page.evaluate(() => new Promise((r) => { window.scrollBy(0, innerHeight / 2); requestAnimationFrame(() => requestAnimationFrame(r)); }));
  }
  throw new Error(`row ${name} never rendered`);
}

const inView = (page) => page.evaluate(() => {
  const r = document.activeElement.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
});

test('with 1,000 indicators only rows near the view are rendered; a row far down is edited and rescored', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openBigTable(page, 1000);
    const rendered = await page.locator('[data-testid="indicator-row"]').count();
    assert.ok(rendered > 10 && rendered < 200, `rendered rows: ${rendered}`);
    assert.equal(await rowIdByName(page, '指标990'), null, 'a row far down is not in the page');
    // Scrolling down renders it.
    const id = await scrollUntilRendered(page, '指标990');
    assert.equal(await rowScore(page, id), '0.05');
    const total = await testIdText(page, 'summary-total');
    await typeInto(page, ACTUAL(id), '0');
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() !== t, total);
    assert.equal(Number(await rowScore(page, id)), 0);
    assert.ok(Number(await testIdText(page, 'summary-total')) < Number(total));
    assert.equal(await page.locator('[data-testid="indicator-row"]').count() < 200, true);
    // Undo (Ctrl+Z, which leaves the page where it is) brings it back, on the row in view.
    await page.keyboard.press('Control+Z');
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() === t, total);
    assert.equal(await page.inputValue(ACTUAL(id)), '100');
    // Text typed in a cell (not yet committed) whose row is scrolled out of the page is kept:
    // the cell is committed as it leaves.
    await page.fill(ACTUAL(id), '0');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction((t) => document.querySelector('[data-testid="summary-total"]').innerText.trim() !== t, total);
    assert.equal(await rowIdByName(page, '指标990'), null);
    assert.equal(await scrollUntilRendered(page, '指标990'), id);
    assert.equal(await page.inputValue(ACTUAL(id)), '0');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('with 1,000 indicators a finding on a row not rendered focuses and highlights its field', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    // 指标900 misses its target without a reason: a finding on that row.
    await openBigTable(page, 1000, (i) => (i === 900 ? '50' : '100'));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => window.scrollY === 0);
    assert.equal(await rowIdByName(page, '指标900'), null);
    const finding = page.locator('[data-testid="finding"]', { hasText: '指标900' }).first();
    const path = await finding.getAttribute('data-path');
    assert.match(path, /^indicators\./);
    await finding.locator('button').click();
    await page.waitForFunction((p) => {
      const el = document.activeElement;
      const at = el && el.getAttribute('data-path');
      return at && (at === p || at.startsWith(p + '.') || p.startsWith(at));
    }, path);
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains('highlight')));
    assert.ok(await inView(page), 'the focused field is in view');
    const id = path.split('.')[1];
    assert.equal(await rowIdByName(page, '指标900'), id);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('with 1,000 indicators Ctrl+F opens the find box, which goes to rows not rendered', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openBigTable(page, 1000);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(() => window.scrollY === 0);
    assert.equal(await rowIdByName(page, '指标777'), null, 'a row far down is not in the page');
    // Ctrl+F (the browser's find cannot see that row) focuses the find box instead.
    await page.focus(ACTUAL(await rowIdByName(page, '指标0')));
    await page.keyboard.press('Control+f');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-testid')), 'indicator-find');
    // 指标777 and nothing else (指标7770… do not exist).
    await page.keyboard.type('指标777');
    await page.waitForFunction(() => /共 1 项/.test(document.querySelector('[data-testid="indicator-find-status"]').innerText));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const el = document.activeElement;
      return el && el.value === '指标777' && /\.name$/.test(el.getAttribute('data-path') || '');
    });
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains('highlight')));
    assert.ok(await inView(page), 'the found row is in view');
    assert.match(await testIdText(page, 'indicator-find-status'), /第 1 \/ 1 项/);
    // Several matches: Enter goes through them in table order, Shift+Enter back; 指标1, 指标10…
    // 指标19, 指标100… 指标199: 111 rows. Ctrl+F again returns to the box with its query.
    await page.keyboard.press('Control+f');
    await page.fill('[data-testid="indicator-find"]', '指标1');
    await page.waitForFunction(() => /共 111 项/.test(document.querySelector('[data-testid="indicator-find-status"]').innerText));
    const focusedName = () => page.evaluate(() => document.activeElement.value);
    await page.press('[data-testid="indicator-find"]', 'Enter');
    await page.waitForFunction(() => document.activeElement.value === '指标1');
    await page.click('[data-testid="indicator-find-next"]');
    await page.waitForFunction(() => document.activeElement.value === '指标10');
    await page.click('[data-testid="indicator-find-previous"]');
    await page.click('[data-testid="indicator-find-previous"]');
    // Back past the first: the last match, far down the table.
    await page.waitForFunction(() => document.activeElement.value === '指标199');
    assert.equal(await focusedName(), '指标199');
    assert.match(await testIdText(page, 'indicator-find-status'), /第 111 \/ 111 项/);
    // A name nobody has says so.
    await page.fill('[data-testid="indicator-find"]', '不存在的指标');
    await page.waitForFunction(() => /没有名称含“不存在的指标”的指标/.test(document.querySelector('[data-testid="indicator-find-status"]').innerText));
    assert.ok(await page.locator('[data-testid="indicator-find-next"]').isDisabled());
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('with a small table Ctrl+F is left to the browser', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await openIndicators(page);
    await page.focus(ACTUAL('i-basic'));
    await page.keyboard.press('Control+f');
    // Every row is in the page, so the browser's find sees them all: the key is not taken.
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-path')), 'indicators.i-basic.actual');
    // The find box still works by hand.
    await page.fill('[data-testid="indicator-find"]', '参保');
    await page.press('[data-testid="indicator-find"]', 'Enter');
    await page.waitForFunction(() => /参保/.test(document.activeElement.value || '') && /\.name$/.test(document.activeElement.getAttribute('data-path') || ''));
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('with 1,000 indicators ↓ and ↑ move cell by cell past the rows rendered at first', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openBigTable(page, 1000);
    const first = await rowIdByName(page, '指标0');
    await page.focus(ACTUAL(first));
    const start = Number(await page.evaluate(() => document.activeElement.getAttribute('data-nav-row')));
    const rendered = await page.locator('[data-testid="indicator-row"]').count();
    const steps = rendered + 20;
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
    const at = await page.evaluate(() => ({ row: document.activeElement.getAttribute('data-nav-row'), path: document.activeElement.getAttribute('data-path') }));
    assert.equal(Number(at.row), start + steps, JSON.stringify(at));
    assert.equal(at.path, ACTUAL(await rowIdByName(page, `指标${steps}`)).match(/"(.*)"/)[1]);
    assert.ok(await inView(page), 'the focused cell is in view');
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-path')), `indicators.${first}.actual`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('with 1,000 indicators printing renders every row, and afterwards only the rows near the view again', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openBigTable(page, 1000);
    const total = await page.evaluate(() => Number(document.querySelector('.indicator-table').getAttribute('aria-rowcount')) - 1);
    assert.ok(total > 1000, `rows in the draft: ${total}`);
    // The app's own afterprint handler runs first and only schedules its re-render: at that
    // moment the page still shows what was printed.
    await page.evaluate(() => {
      window.__printed = null;
      addEventListener('afterprint', () => { window.__printed = document.querySelectorAll('[data-testid="indicator-row"]').length; });
    });
    await page.pdf({ format: 'A4' });
    assert.equal(await page.evaluate(() => window.__printed), total);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="indicator-row"]').length < 200);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
