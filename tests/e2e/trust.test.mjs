// Editor trust (issue 15, points 1 and 2): nothing typed is lost — every kind of field is in the
// draft and stored while the user is still typing in it, and on leaving the page — and what is
// scored is what the screen shows (text that cannot be read counts as blank, with one message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, openSample, showSection, testIdText, waitForStored } from './harness.mjs';

async function waitForStatus(page, re, timeout = 10_000) {
  await page.waitForFunction(
    (src) => new RegExp(src).test(document.querySelector('[data-testid="save-status"]')?.textContent ?? ''),
    re.source, { timeout });
}

/** Clicks into a field, goes to the end of its text and types — without leaving the field. */
async function typeAtEnd(page, selector, text) {
  const field = page.locator(selector).first();
  await field.click();
  await page.keyboard.press('End');
  if (await field.evaluate((e) => e.tagName === 'TEXTAREA')) await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** The value of a field after a reload (the draft reopens in the editor). */
async function valueAfterReload(page, section, selector) {
  await page.reload();
  await page.waitForSelector('[data-testid="summary-total"]');
  await showSection(page, section);
  await page.waitForSelector(selector);
  return page.locator(selector).first().inputValue();
}

/** Types without leaving the field, waits for 已保存 (within a second of the last keystroke),
 * checks the stored draft has the text, reloads and returns the field's value. */
async function typeWaitReload(page, section, selector, text) {
  await showSection(page, section);
  await page.waitForSelector(selector);
  const before = await page.locator(selector).first().inputValue();
  await typeAtEnd(page, selector, text);
  // The field is still focused: nothing was committed by leaving it.
  assert.ok(await page.locator(selector).first().evaluate((e) => e === document.activeElement));
  const typedAt = Date.now();
  await waitForStored(page, JSON.stringify(before + text).slice(1, -1), 3_000);
  assert.ok(Date.now() - typedAt < 1_500, `stored ${Date.now() - typedAt} ms after the last keystroke`);
  await waitForStatus(page, /^已保存$/);
  return { before, after: await valueAfterReload(page, section, selector) };
}

test('text typed into an input (项目名称) is stored while still typing and survives a reload', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    const sel = 'input[data-path="header.name"]';
    const { before, after } = await typeWaitReload(page, 'project', sel, '（续）');
    assert.equal(after, `${before}（续）`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('text typed into a textarea (绩效目标 实际完成情况) is stored while still typing and survives a reload', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    const sel = 'textarea[data-path="goals.achieved"]';
    const { before, after } = await typeWaitReload(page, 'goals', sel, '另：全年无投诉。');
    assert.equal(after, `${before}另：全年无投诉。`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('text typed into an indicator table cell (指标名称) is stored while still typing and survives a reload', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    const sel = '[data-path="indicators.i-basic.name"]';
    const { before, after } = await typeWaitReload(page, 'indicators', sel, '（区级）');
    assert.equal(after, `${before}（区级）`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('a choice in a select (指标性质) is stored at once and survives a reload', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await showSection(page, 'indicators');
    const sel = 'select[data-path="indicators.i-basic.nature"]';
    await page.waitForSelector(sel);
    assert.notEqual(await page.locator(sel).inputValue(), '≤');
    await page.locator(sel).selectOption('≤');
    await waitForStored(page, '"nature": "≤"', 3_000).catch(() => waitForStored(page, '"nature":"≤"', 3_000));
    await waitForStatus(page, /^已保存$/);
    assert.equal(await valueAfterReload(page, 'indicators', sel), '≤');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('closing the page right after typing (before the autosave) keeps the text: saved on pagehide', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await showSection(page, 'goals');
    const sel = 'textarea[data-path="goals.achieved"]';
    await page.waitForSelector(sel);
    const before = await page.locator(sel).inputValue();
    await typeAtEnd(page, sel, '立即关闭');
    // No wait: the reload hides the page at once; the typed text must be in the draft already.
    assert.equal(await valueAfterReload(page, 'goals', sel), `${before}立即关闭`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('已保存 is shown only once what was typed is stored', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await waitForStatus(page, /^已保存$/);
    await showSection(page, 'project');
    const sel = 'input[data-path="header.name"]';
    await typeAtEnd(page, sel, 'X');
    // Right after the keystroke the bar must not claim 已保存 while the text is not stored.
    const { status, stored } = await page.evaluate(() => ({
      status: document.querySelector('[data-testid="save-status"]').textContent,
      stored: Object.keys(localStorage).some((k) => (localStorage.getItem(k) || '').includes('城乡居民社会养老保险区级配套X')),
    }));
    assert.ok(stored || status !== '已保存', `status ${status} while the text is not stored`);
    await waitForStatus(page, /^已保存$/);
    assert.ok(await page.evaluate(() => Object.keys(localStorage).some((k) => (localStorage.getItem(k) || '').includes('城乡居民社会养老保险区级配套X'))));
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('text composed with an input method (拼音) is stored when the composition ends, without leaving the field', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await showSection(page, 'project');
    const sel = 'input[data-path="header.name"]';
    const before = await page.locator(sel).inputValue();
    await page.locator(sel).click();
    await page.keyboard.press('End');
    // What an IME does: a composition (compositionstart/update, input events while composing),
    // then the chosen characters committed (compositionend).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'xu', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.imeSetComposition', { text: 'xuji', selectionStart: 4, selectionEnd: 4 });
    await cdp.send('Input.insertText', { text: '续集' });
    assert.equal(await page.locator(sel).inputValue(), `${before}续集`);
    assert.ok(await page.locator(sel).evaluate((e) => e === document.activeElement), 'still in the field');
    await waitForStored(page, `${before}续集`, 3_000);
    await waitForStatus(page, /^已保存$/);
    assert.equal(await valueAfterReload(page, 'project', sel), `${before}续集`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

/** The findings list's message of the finding with this code at this path. */
async function findingMessage(page, code, path) {
  const item = page.locator(`[data-testid="finding"][data-code="${code}"][data-path="${path}"] .message`);
  await item.waitFor();
  return (await item.innerText()).trim();
}

test('text that cannot be read in 实际完成值 scores as blank — row, total and 说明 — with one message', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await showSection(page, 'indicators');
    const path = 'indicators.i-ledger.actual';
    const sel = `input[data-path="${path}"]`;
    const row = page.locator('[data-testid="indicator-row"][data-id="i-ledger"]');
    await page.waitForSelector(sel);
    assert.equal(await page.inputValue(sel), '125600');
    const scoreBefore = (await row.locator('[data-testid="score"] .score-value').innerText()).trim();
    const totalBefore = await testIdText(page, 'summary-total');
    assert.ok(Number(scoreBefore) > 0);
    // Typed, not yet left: the screen already scores what it shows.
    await page.locator(sel).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('abc');
    await row.locator('[data-testid="field-error"]').waitFor();
    assert.equal(await page.inputValue(sel), 'abc', 'the typed text stays in the cell');
    await page.waitForFunction((before) =>
      document.querySelector('[data-testid="summary-total"]').innerText.trim() !== before, totalBefore);
    assert.equal(Number((await row.locator('[data-testid="score"] .score-value').innerText()).trim()), 0);
    const totalAfter = Number(await testIdText(page, 'summary-total'));
    assert.ok(Math.abs(Number(totalBefore) - Number(scoreBefore) - totalAfter) < 0.011,
      `total ${totalBefore} − row ${scoreBefore} should be ${totalAfter}`);
    await row.locator('[data-testid="explain"]').click();
    const explanation = page.locator('[data-details-for="i-ledger"] [data-testid="explanation"]');
    assert.match(await explanation.innerText(), /缺少实际完成值/);
    // The message under the cell is the finding's, word for word; no second finding for it.
    const fieldMessage = (await row.locator('[data-testid="field-error"]').first().innerText()).trim();
    assert.equal(await findingMessage(page, 'UNREADABLE_NUMBER', path), fieldMessage);
    assert.equal(await page.locator(`[data-testid="finding"][data-path="${path}"]`).count(), 1);
    // Leaving the cell changes nothing of that.
    await page.keyboard.press('Tab');
    assert.equal(await page.inputValue(sel), 'abc');
    assert.equal(Number(await testIdText(page, 'summary-total')), totalAfter);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('an amount in 元 typed into a 万元 field counts as blank in 合计 and 执行率, and its message is the finding\'s', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await showSection(page, 'funds');
    // The stated 年度资金总额 执行数 emptied: the rate follows the sources.
    const stated = 'input[data-path="funds.total.executed"]';
    await page.fill(stated, '');
    await page.press(stated, 'Tab');
    assert.equal(await testIdText(page, 'funds-total-executed'), '371.16');
    assert.match(await testIdText(page, 'funds-execution'), /执行率：100\.00%/);
    const path = 'funds.sources.src-transfer.executed';
    const sel = `input[data-path="${path}"]`;
    await page.fill(sel, '3,711,600元');
    await page.press(sel, 'Tab');
    const cell = page.locator(sel).locator('xpath=ancestor::div[contains(@class,"field")][1]');
    await cell.locator('[data-testid="field-error"]').waitFor();
    assert.equal(await page.inputValue(sel), '3,711,600元');
    // 合计 and 执行率 no longer use the old 371.16.
    assert.equal(await testIdText(page, 'funds-total-executed'), '');
    assert.doesNotMatch(await testIdText(page, 'funds-execution'), /100\.00%/);
    const fieldMessage = (await cell.locator('[data-testid="field-error"]').innerText()).trim();
    assert.match(fieldMessage, /资金单位「万元」/);
    assert.equal(await findingMessage(page, 'UNREADABLE_NUMBER', path), fieldMessage);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
