#!/usr/bin/env node
// Benchmark of the 审核 page (issue 19): a batch of N submissions of M indicators each
// (default 1,000 × 30; `jixiao generate M --seed k`, each given a claimed total) dropped on the
// page in headless Chromium against the release build ($JIXIAO_DIST, default dist/).
//
//   node bench/review.mjs [--files N] [--indicators M] [--runs R] [--zip 1]
//
// With --zip 1 the same files are handed over as one .zip (made by Python's zipfile): unpacked
// by the file-format module in its worker (loaded on first use: its download and start are in
// the figures), then read file by file as when dropped alone.
//
// Figures (timed inside the page):
//   summarise  the User Timing measure "review-batch" (src/ui/review.rs: from the files handed to
//              the page to the last one read, parsed, assessed and in the table), and from the
//              input's change event to the table's count saying 共 N 份 painted
//   responsive the longest gap between animation frames meanwhile (how long the page could not
//              paint or answer a click) and how many different progress texts (读取中 k/N) were
//              painted
// Prints a JSON line per run and a summary; docs/benchmarks.md (section 审核) records the
// figures by hand. The CLI is $JIXIAO_CLI (default $CARGO_TARGET_DIR/debug/jixiao).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { DIST, ROOT, CHROMIUM, CHROMIUM_ARGS, waitForApp } from '../tests/e2e/harness.mjs';
import { serveDir } from '../tools/serve.mjs';

const require = createRequire(path.join(ROOT, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const argv = process.argv.slice(2);
const opt = { files: 1000, indicators: 30, runs: 3, zip: 0 };
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opt)) throw new Error(`unknown option ${argv[i]}`);
  opt[key] = Number(argv[i + 1]);
}
const CLI = process.env.JIXIAO_CLI || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'debug/jixiao');

// The batch, cached by size in the temp directory (generating 1,000 drafts takes a while).
const cache = path.join(os.tmpdir(), `jixiao-review-bench-${opt.files}x${opt.indicators}`);
if (!fs.existsSync(path.join(cache, 'done'))) {
  fs.mkdirSync(cache, { recursive: true });
  for (let k = 1; k <= opt.files; k++) {
    const d = JSON.parse(execFileSync(CLI, ['generate', String(opt.indicators), '--seed', String(k)], { encoding: 'utf8' }));
    d.evaluation.header.implementer = `第${k}单位`;
    d.evaluation.claimed.total = String(70 + (k * 7) % 30);
    fs.writeFileSync(path.join(cache, `${String(k).padStart(4, '0')}.jixiao.json`), JSON.stringify(d));
  }
  fs.writeFileSync(path.join(cache, 'done'), '');
}
const names = fs.readdirSync(cache).filter((f) => f.endsWith('.json')).sort();
const megabytes = names.reduce((n, f) => n + fs.statSync(path.join(cache, f)).size, 0) / 1024 / 1024;
let files = names.map((name) => ({ name, mimeType: 'application/json', buffer: fs.readFileSync(path.join(cache, name)) }));
const count = files.length;
if (opt.zip) {
  const zip = path.join(cache, 'batch.zip.tmp');
  if (!fs.existsSync(zip)) {
    execFileSync('python3', ['-c', `import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for n in sorted(os.listdir(sys.argv[2])):
        if n.endswith('.json'): z.write(os.path.join(sys.argv[2], n), '批次/' + n)`, zip, cache]);
  }
  files = [{ name: '批次.zip', mimeType: 'application/zip', buffer: fs.readFileSync(zip) }];
  console.error(`as one .zip of ${(files[0].buffer.length / 1024 / 1024).toFixed(1)} MB`);
}
console.error(`batch: ${count} files, ${megabytes.toFixed(1)} MB`);

const server = await serveDir({ root: DIST, subPath: '/' });
const results = [];
try {
  for (let run = 0; run < opt.runs; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-'));
    const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'zh-CN' });
    try {
      const page = context.pages()[0] || await context.newPage();
      await page.goto(`${server.url}review.html`); // the 审核 page (its own wasm)
      await waitForApp(page);
      await page.waitForSelector('[data-testid="review-page"]');
      await page.evaluate((n) => {
        const w = window;
        w.__bench = { gaps: [], texts: new Set(), t0: null, t1: null };
        document.querySelector('[data-testid="review-files"]').addEventListener('change', () => {
          w.__bench.t0 = performance.now();
          let last = performance.now();
          const frame = () => {
            const now = performance.now();
            w.__bench.gaps.push(now - last);
            last = now;
            const p = document.querySelector('[data-testid="review-progress"]');
            if (p) w.__bench.texts.add(p.textContent.trim());
            const count = document.querySelector('[data-testid="review-count"]')?.textContent ?? '';
            if (count.includes(`共 ${n} 份`) && !p) { w.__bench.t1 = now; return; }
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }, { capture: true });
      }, count);
      await page.setInputFiles('[data-testid="review-files"]', files);
      await page.waitForFunction(() => window.__bench.t1 !== null, null, { timeout: 600_000 });
      const r = await page.evaluate(() => ({
        measure: performance.getEntriesByName('review-batch').at(-1)?.duration,
        painted: window.__bench.t1 - window.__bench.t0,
        longestFrameGap: Math.max(...window.__bench.gaps),
        progressTexts: window.__bench.texts.size,
        stored: document.querySelector('[data-testid="review-stored"]')?.textContent.trim(),
      }));
      // The store's outcome comes 400 ms after the last file.
      await page.waitForFunction(() => (document.querySelector('[data-testid="review-stored"]')?.textContent ?? '').trim() !== '', null, { timeout: 60_000 });
      r.stored = (await page.locator('[data-testid="review-stored"]').innerText()).trim();
      console.log(JSON.stringify({ run, ...r }));
      results.push(r);
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await server.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({
  files: count, zip: Boolean(opt.zip), indicators: opt.indicators, megabytes: Number(megabytes.toFixed(1)), runs: results.length,
  measure_ms_median: Math.round(median(results.map((r) => r.measure))),
  painted_ms_median: Math.round(median(results.map((r) => r.painted))),
  longest_frame_gap_ms_max: Math.round(Math.max(...results.map((r) => r.longestFrameGap))),
  progress_texts_min: Math.min(...results.map((r) => r.progressTexts)),
  stored: results.at(-1)?.stored,
}));
