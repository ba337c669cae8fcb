// A new evaluation (issue 15, point 5): an empty form is not a bad form. What is merely not
// filled in yet is shown as still to fill (还需填写 N 项 per section), not as errors, until the
// user works on that part or asks for 全面检查; no 总分 / 等级 before the form can be scored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, testIdText } from './harness.mjs';

async function newEvaluation(page) {
  await page.click('[data-testid="new-draft"]');
  await page.waitForSelector('[data-testid="summary-total"]');
}

/** The 还需填写 text of a section's tab, or null when it has none. */
async function toFill(page, key) {
  const el = page.locator(`[data-testid="to-fill-${key}"]`);
  return (await el.count()) ? (await el.innerText()).trim() : null;
}

/** The findings listed, by severity (错误 / 待填写 / 警告 / 提示). */
async function findingsBySeverity(page) {
  return page.$$eval('[data-testid="finding"]', (els) => {
    const out = {};
    for (const e of els) {
      const s = e.getAttribute('data-severity') || e.querySelector('.sev')?.textContent.trim();
      (out[s] ||= []).push(`${e.getAttribute('data-code')}@${e.getAttribute('data-path')}`);
    }
    return out;
  });
}

test('a new evaluation shows what is still to fill per section, no errors and no grade', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await newEvaluation(page);
    // No error count, no 0.00 and no 差.
    assert.equal(await testIdText(page, 'summary-errors'), '0');
    assert.equal(await testIdText(page, 'summary-total'), '—');
    assert.equal(await testIdText(page, 'summary-grade'), '—');
    const bar = await page.locator('.summary-bar').innerText();
    assert.ok(!bar.includes('差') && !bar.includes('0.00'), bar);
    assert.match(await testIdText(page, 'summary-unscorable'), /尚不能评分/);
    // 还需填写 N 项 on the tabs of the sections that wait for something.
    assert.equal(await toFill(page, 'project'), '还需填写 2 项'); // 项目名称, 年度
    assert.equal(await toFill(page, 'funds'), '还需填写 2 项'); // 全年预算数, 全年执行数
    assert.match(await toFill(page, 'indicators') ?? '', /^还需填写 \d+ 项$/);
    assert.equal(await toFill(page, 'goals'), null);
    // No tab carries an error badge; the template's headings are not errors.
    assert.equal(await page.locator('.section-nav .badge').count(), 0);
    const by = await findingsBySeverity(page);
    assert.deepEqual(by['错误'] ?? [], []);
    assert.ok((by['待填写'] ?? []).some((k) => k.startsWith('INDICATOR_HEADING_EMPTY@')), JSON.stringify(by));
    // The indicator table: the template's rows, none marked as an error.
    await page.click('[data-testid="nav-indicators"]');
    await page.waitForSelector('[data-testid="indicator-row"]');
    assert.ok(await page.locator('[data-testid="indicator-row"]').count() > 0);
    assert.equal(await page.locator('.indicator-row.row-has-error').count(), 0);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('working on a section turns its blanks into errors; 全面检查 turns all of them', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await newEvaluation(page);
    await page.click('[data-testid="nav-funds"]');
    const budget = 'input[data-path="funds.sources.s1.budget_full"]';
    await page.fill(budget, '100');
    await page.press(budget, 'Tab');
    // 资金 is worked on: its blank 全年执行数 is an error now, nothing there is 待填写.
    await page.waitForFunction(() => document.querySelector('[data-testid="summary-errors"]').innerText.trim() === '1');
    assert.equal(await toFill(page, 'funds'), null);
    const by = await findingsBySeverity(page);
    assert.deepEqual(by['错误'], ['FUNDS_TOTAL_MISSING@funds.sources.s1.executed']);
    // The others are untouched: still to fill.
    assert.equal(await toFill(page, 'project'), '还需填写 2 项');
    assert.match(await toFill(page, 'indicators') ?? '', /^还需填写 \d+ 项$/);
    const stillToFill = Number((await testIdText(page, 'summary-to-fill')).replace(/\D/g, ''));
    assert.ok(stillToFill > 2, `${stillToFill}`);
    // 全面检查: every 待填写 is an error.
    await page.click('[data-testid="full-check"]');
    await page.waitForFunction((n) =>
      Number(document.querySelector('[data-testid="summary-errors"]').innerText.trim()) > n, 1);
    for (const key of ['project', 'funds', 'indicators']) assert.equal(await toFill(page, key), null, key);
    const after = await findingsBySeverity(page);
    assert.deepEqual(after['待填写'] ?? [], []);
    // The errors now: the one of 资金 and every one that was to fill, except the standard-split
    // warnings (警告 when checked) and the template's unused 二级 headings (提示 when checked:
    // INDICATOR_HEADING_UNUSED).
    const errors = Number(await testIdText(page, 'summary-errors'));
    assert.equal(errors, after['错误'].length);
    const unused = (after['提示'] ?? []).filter((k) => k.startsWith('INDICATOR_HEADING_UNUSED@'));
    assert.ok(unused.length > 0, JSON.stringify(after));
    assert.equal(errors + (after['警告'] ?? []).length + unused.length, 1 + stillToFill);
    assert.ok(after['错误'].includes('HEADER_NAME_MISSING@header.name'), JSON.stringify(after));
    assert.equal(await page.locator('[data-testid="full-check"]').count(), 0);
    // Still no grade: nothing can be scored yet.
    assert.equal(await testIdText(page, 'summary-grade'), '—');
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
