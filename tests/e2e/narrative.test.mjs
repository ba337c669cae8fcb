// The narrative check (issue 21) in headless Chromium against the release build: the sample
// with its 关键数据 removed (the report's text as printed, the figures gone) still shows the
// seed's two contradictions, read from the text; and 改为 {自评得分} on a stated score turns the
// number into the placeholder, after which the finding is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startApp, openSample, showSection } from './harness.mjs';

const SAMPLE = new URL('../../samples/pension-2019.jixiao.json', import.meta.url);

/** The sample as its report prints it, without the 关键数据 (as tests/narrative.rs makes it). */
function sampleWithoutKeyFigures() {
  const draft = JSON.parse(readFileSync(SAMPLE, 'utf8'));
  const ev = draft.evaluation;
  const figures = ev.figures;
  ev.figures = [];
  const written = (name, nth) => {
    const f = figures.filter((x) => x.name === name)[nth];
    return f ? `${f.value}${f.unit}` : null;
  };
  for (const key of Object.keys(ev.narrative)) {
    ev.narrative[key] = ev.narrative[key].replace(/\{([^{}\n]+)\}/g, (all, name) => {
      const nth = (key === 'main_performance' && name === '参保人数') || (key === 'cost_effects' && name === '系统记账人次') ? 1 : 0;
      return written(name, nth) ?? all;
    });
  }
  draft.id = `${draft.id}-no-figures`;
  return draft;
}

test('the sample without its 关键数据 still shows its contradictions, read from the text', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    const draft = sampleWithoutKeyFigures();
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'sample-no-figures.jixiao.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(draft)),
    });
    await page.waitForSelector('[data-testid="summary-total"]');
    const conflicts = page.locator('[data-testid="finding"][data-code="NARRATIVE_CONFLICT"]');
    await conflicts.first().waitFor();
    const texts = await conflicts.allInnerTexts();
    assert.equal(texts.length, 2, texts.join('\n'));
    assert.ok(texts.some((t) => t.includes('16.80万人') && t.includes('16.6万人')), texts.join('\n'));
    assert.ok(texts.some((t) => t.includes('125599人次') && t.includes('125600人次')), texts.join('\n'));
    assert.equal(await page.locator('[data-testid="finding"][data-code="FIGURE_CONFLICT"]').count(), 0);
    assert.deepEqual(app.otherOriginRequests(), []);
  } finally {
    await app.close();
  }
});

test('改为 {自评得分} turns a stated score into the placeholder and the finding goes', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await showSection(page, 'narrative');
    const area = 'textarea[data-path="narrative.conclusion_result"]';
    await page.fill(area, '自评小组逐项打分。自评分为 97分。');
    await page.press(area, 'Tab');
    const finding = page.locator('[data-testid="finding"][data-code="NARRATIVE_SCORE_MISMATCH"]');
    await finding.waitFor();
    // textContent: the findings list renders offscreen items lazily (content-visibility: auto),
    // and innerText of a not-yet-rendered item is empty.
    assert.match(await finding.textContent(), /自评分97分/);
    await finding.locator('[data-testid="use-placeholder"]').click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.value === '自评小组逐项打分。自评分为 {自评得分}分。', area);
    await finding.waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-testid="finding"][data-code^="NARRATIVE_"]:not([data-code="NARRATIVE_UNKNOWN_FIGURE"])').count(), 0);
  } finally {
    await app.close();
  }
});

test('a section left empty shows the report\'s default text as its placeholder, written by the file module', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    await showSection(page, 'narrative');
    const area = 'textarea[data-path="narrative.problems"]';
    await page.fill(area, '');
    // The module writes the default texts (loaded on first use); until then the placeholder says so.
    await page.waitForFunction((sel) => document.querySelector(sel)?.placeholder.startsWith('（留空则使用默认文字：）'), area, { timeout: 20_000 });
    const placeholder = await page.getAttribute(area, 'placeholder');
    const text = placeholder.split('\n').slice(1).join('\n').trim();
    assert.ok(text.length > 10, placeholder);
    // The report prints that text where the section is left empty.
    await showSection(page, 'report');
    const frame = await (await page.waitForSelector('iframe[data-testid="report-preview"]')).contentFrame();
    await frame.waitForSelector('body');
    const body = await frame.innerText('body');
    for (const line of text.split('\n').filter((l) => l.trim())) {
      assert.ok(body.includes(line.trim().replace(/「/g, '“').replace(/」/g, '”')), `not in the report: ${line}`);
    }
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
