// Smoke tests: the release build starts in real headless Chromium, under / and under a sub-path,
// and the sample evaluation opens with its figures computed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ROOT, startApp, openSample, showSection, testIdText } from './harness.mjs';

/** The core's own assessment of the sample (the native CLI: `jixiao score --json`). */
function coreScoreOfSample() {
  const out = execFileSync('cargo', ['run', '--quiet', '--locked', '--bin', 'jixiao', '--',
    'score', '--json', 'samples/pension-2019.jixiao.json'], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out);
}

test('the app starts with no console error and requests nothing but its own files', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /https?:|\*/, 'the CSP allows nothing remote');
    // The start screen offers the sample.
    await page.waitForSelector('[data-testid="open-sample"]');
    assert.deepEqual(app.errors, []);
    assert.deepEqual(app.badResponses, []);
    assert.deepEqual(app.otherOriginRequests(), []);
    assert.ok(app.requests.some((u) => u.endsWith('.wasm')), 'the wasm was loaded over the network');
  } finally {
    await app.close();
  }
});

test('dist/ works under a sub-path (all URLs are relative)', async () => {
  const app = await startApp({ subPath: '/sub/path/' });
  try {
    await app.page.waitForSelector('[data-testid="open-sample"]');
    assert.deepEqual(app.errors, []);
    assert.deepEqual(app.badResponses, []);
    assert.ok(app.serverRequests.length > 0);
    for (const p of app.serverRequests) assert.ok(p.startsWith('/sub/path/'), `request outside the sub-path: ${p}`);
  } finally {
    await app.close();
  }
});

test('the sample opens with funds total 371.16 and a computed total score and grade', async () => {
  const app = await startApp();
  try {
    const { page } = app;
    await openSample(page);
    // The seed report: 2019 项目资金 371.16 万元, all of it spent.
    await showSection(page, 'funds');
    assert.equal(await testIdText(page, 'funds-total-executed'), '371.16');
    const totalText = await testIdText(page, 'summary-total');
    assert.match(totalText, /^\d{1,3}\.\d{2}$/, `summary-total is a score with two decimals: "${totalText}"`);
    // The page shows what the core computes for the same draft (scored in wasm, in the browser).
    const core = coreScoreOfSample();
    assert.equal(totalText, core.total);
    assert.equal(await testIdText(page, 'summary-grade'), core.grade);
    assert.equal(await testIdText(page, 'summary-rate'), `${core.execution_rate}%`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
