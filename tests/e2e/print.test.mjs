// The report printed and as Word, to the 公文 rules (issue 18). For the sample and a large
// generated draft (300 indicators) the CLI writes the HTML report and the .docx
// (`jixiao report FILE [--format docx] -o OUT`); Chromium prints the HTML to PDF (A4, the
// report's own @page rules), LibreOffice Writer (headless, its own profile) converts the .docx
// to PDF without error. Then, in both PDFs (poppler's pdfinfo / pdftotext):
// - the page counts are within one of each other;
// - every page carries its number "— N —" at the foot;
// - no page but the last is mostly blank (less than a third of the median page's text);
// - every figure of the 自评表 (total, grade, budget rate and score, each indicator's score and
//   weight) is in the text.
// In the app: 打印 in the 报告 tab and Ctrl+P there print the preview's document (the report
// alone), never the app's own window.
// Needs soffice and pdftotext: `scripts/setup.sh --browser` installs them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ROOT, CHROMIUM, CHROMIUM_ARGS, startApp, waitForApp, openSample, showSection } from './harness.mjs';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-print-'));

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20 * 60_000, ...opts });
}

/** Runs the CLI: `jixiao <args…>`. */
function jixiao(...args) {
  return run('cargo', ['run', '--quiet', '--bin', 'jixiao', '--', ...args], { cwd: ROOT });
}

function pageCount(pdf) {
  const m = run('pdfinfo', [pdf]).match(/^Pages:\s+(\d+)/m);
  assert.ok(m, `pdfinfo reads ${pdf}`);
  return Number(m[1]);
}

/** The text of each page of a PDF. */
function pageTexts(pdf) {
  const text = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
  const pages = text.split('\f');
  if (pages.at(-1).trim() === '') pages.pop();
  return pages;
}

/** The .docx converted by LibreOffice Writer, headless, with a profile of its own. */
function docxToPdf(docx) {
  const profile = pathToFileURL(path.join(TMP, 'lo-profile')).href;
  const out = run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', TMP, docx]);
  const pdf = docx.replace(/\.docx$/, '.pdf');
  assert.ok(fs.existsSync(pdf), `LibreOffice wrote ${pdf}: ${out}`);
  assert.doesNotMatch(out, /error/i, out);
  return pdf;
}

let browser;

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  fs.rmSync(TMP, { recursive: true, force: true });
});

/** The HTML report printed by Chromium (Page.printToPDF with the report's @page rules). */
async function htmlToPdf(html) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    const pdf = html.replace(/\.html$/, '-html.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    return pdf;
  } finally {
    await context.close();
  }
}

/** A weight or a count as the report shows it: without trailing zeros ("100.00" → "100"). */
const plain = (x) => (x.includes('.') ? x.replace(/0+$/, '').replace(/\.$/, '') : x);

/** The 自评表's figures, from `jixiao score --json`. */
function formFigures(draft) {
  const s = JSON.parse(jixiao('score', draft, '--json'));
  const figures = new Set([s.total, s.grade, `${s.budget.rate}%`, s.budget.score, plain(s.max_total)]);
  for (const i of s.indicators) {
    figures.add(i.dropped ? '不适用' : i.score);
    if (i.weight) figures.add(plain(i.weight));
  }
  return [...figures];
}

function checkPdf(what, pages, figures) {
  // Page numbers "— N —" at the foot of every page.
  pages.forEach((p, n) => {
    assert.ok(p.replace(/\s+/g, '').includes(`—${n + 1}—`), `${what}: page ${n + 1} is numbered`);
  });
  // No mostly blank page (the last may be short).
  const sizes = pages.map((p) => p.replace(/\s+/g, '').length);
  const median = [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)];
  sizes.slice(0, -1).forEach((n, i) => {
    assert.ok(n >= median / 3, `${what}: page ${i + 1} is mostly blank (${n} characters, median ${median})`);
  });
  const all = pages.join('\n').replace(/\s+/g, '');
  for (const f of figures) assert.ok(all.includes(f), `${what}: the 自评表's figure ${f}`);
}

for (const [name, make] of [
  ['the sample', (f) => jixiao('sample', '-o', f)],
  ['a generated draft of 300 indicators', (f) => jixiao('generate', '300', '-o', f)],
]) {
  test(`${name}: the HTML print and the Word document follow the rules and agree`, async () => {
    const base = path.join(TMP, name.replace(/\W+/g, '_') || 'draft');
    const draft = `${base}.jixiao.json`;
    make(draft);
    jixiao('report', draft, '-o', `${base}.html`);
    jixiao('report', draft, '--format', 'docx', '-o', `${base}.docx`);
    const docx = fs.readFileSync(`${base}.docx`);
    assert.equal(docx.subarray(0, 2).toString('latin1'), 'PK', 'a zip package');

    const htmlPdf = await htmlToPdf(`${base}.html`);
    const wordPdf = docxToPdf(`${base}.docx`);
    const [h, w] = [pageCount(htmlPdf), pageCount(wordPdf)];
    assert.ok(Math.abs(h - w) <= 1, `page counts within one: HTML ${h}, Word ${w}`);

    const figures = formFigures(draft);
    assert.ok(figures.length >= 5);
    checkPdf(`${name} (HTML)`, pageTexts(htmlPdf), figures);
    checkPdf(`${name} (Word)`, pageTexts(wordPdf), figures);
  });
}

test('打印 and Ctrl+P in the 报告 tab print the report alone, not the app', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await waitForApp(page);
    await openSample(page);
    await showSection(page, 'report');
    const iframe = await page.waitForSelector('iframe[data-testid="report-preview"]');
    const frame = await iframe.contentFrame();
    await frame.waitForLoadState('load');
    // Record print() calls on the app's window and on the preview's (same origin).
    await page.evaluate(() => {
      window.__prints = [];
      window.print = () => window.__prints.push('app');
      const f = document.querySelector('iframe[data-testid="report-preview"]');
      f.contentWindow.print = () => window.__prints.push(`report:${f.contentDocument.querySelector('h1').textContent}`);
    });
    await page.click('[data-testid="print-report"]');
    await page.keyboard.press('Control+P');
    const prints = await page.evaluate(() => window.__prints);
    assert.equal(prints.length, 2, `two prints: ${prints}`);
    assert.ok(prints.every((p) => p.startsWith('report:') && p.endsWith('项目支出绩效评价报告')), prints.join());
    // The report prints whole: no element of it is hidden for print.
    const hidden = await frame.evaluate(() => {
      const print = [...document.styleSheets].flatMap((s) => [...s.cssRules]).filter((r) => r.media && r.media.mediaText.includes('print'));
      return print.flatMap((r) => [...r.cssRules]).filter((r) => /display:\s*none|visibility:\s*hidden/.test(r.cssText)).map((r) => r.cssText);
    });
    assert.deepEqual(hidden, []);
  } finally {
    await app.close();
  }
});
