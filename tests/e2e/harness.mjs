// Browser test harness: node:test + playwright-core driving Debian's Chromium (/usr/bin/chromium)
// against the release build in dist/ (built by scripts/test.sh). Each test gets a fresh browser
// with a new empty user-data-dir and its own static server on 127.0.0.1:<random port>.
//
//   const app = await startApp();              // served at http://127.0.0.1:<port>/
//   const app = await startApp({ subPath: '/sub/path/' });
//   const app = await startApp({ offline: true });    // loaded once, then the network is off
//   const app = await startApp({ standalone: true }); // dist/jixiao-offline.html from file://
//   ... app.page ... ; assert.deepEqual(app.errors, []); await app.close();

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDir } from '../../tools/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.resolve(process.env.JIXIAO_DIST || path.join(ROOT, 'dist'));
export const CHROMIUM = process.env.JIXIAO_CHROMIUM || '/usr/bin/chromium';

// The flags every run uses: without the background-networking ones Chromium tries to reach
// Google's hosts at start, which a closed network refuses (and which would count as requests
// leaving the page's origin).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

function checkPrerequisites(file) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM} — install it: apt-get install -y chromium chromium-driver (or run ./scripts/test.sh)`);
  }
  if (!fs.existsSync(file)) {
    throw new Error(`${file} not found — build the app first: ./scripts/test.sh (or trunk build --release)`);
  }
}

/** Waits until the Yew app has rendered something into <body>. */
export async function waitForApp(page, timeout = 20_000) {
  await page.waitForFunction(
    () => document.body && [...document.body.children].some(
      (e) => !['SCRIPT', 'NOSCRIPT'].includes(e.tagName) && e.getAttribute('data-testid') !== 'update-banner'),
    null,
    { timeout },
  );
}

/** Waits until a service worker controls the page (its cache is then complete: it has activated). */
export async function waitForServiceWorker(page, timeout = 20_000) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout });
}

/**
 * Starts a browser on the built app. Options:
 * - subPath: serve dist/ under this path (default '/'), to prove that its URLs are relative;
 * - offline: load the app once, wait for its service worker, then turn the network off and
 *   stop the static server too, and reload;
 * - standalone: open dist/jixiao-offline.html from file:// (no server);
 * - waitForStart: wait for the app to render (default true);
 * - root: the directory to serve (default dist/, or $JIXIAO_DIST);
 * - serviceWorkers: 'allow' (default) or 'block' (no service worker: every request reaches the
 *   network, where page.route sees it).
 * Returns { browser, context, page, url, origin, errors, requests, badResponses, server,
 * serverRequests, otherOriginRequests(), close() }. The context is persistent (its own new
 * user-data-dir), so `browser` is null: use `context`. `errors` collects console errors and uncaught page errors;
 * `requests` every request URL seen by the browser context (pages and service worker),
 * `pageRequests` those the pages made (not the service worker's precache);
 * `badResponses` every response with status >= 400.
 */
export async function startApp({ subPath = '/', offline = false, standalone = false, waitForStart = true, root = DIST, serviceWorkers = 'allow' } = {}) {
  checkPrerequisites(path.join(root, standalone ? 'jixiao-offline.html' : 'index.html'));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-e2e-'));
  const serverRequests = [];
  const server = standalone ? null : await serveDir({ root, subPath, onRequest: (p) => serverRequests.push(p) });
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      serviceWorkers,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  } catch (err) {
    await server?.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const errors = [];
  const requests = [];
  const badResponses = [];
  const watch = (page) => {
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  };
  context.on('page', watch);
  context.pages().forEach(watch);
  const pageRequests = [];
  context.on('request', (req) => {
    requests.push(req.url());
    if (!req.serviceWorker()) pageRequests.push(req.url());
  });
  context.on('response', (res) => { if (res.status() >= 400) badResponses.push(`${res.status()} ${res.url()}`); });
  const page = context.pages()[0] || await context.newPage();

  const url = standalone ? pathToFileURL(path.join(root, 'jixiao-offline.html')).href : server.url;
  const origin = standalone ? 'file://' : server.origin;

  const app = {
    browser: context.browser(),
    context,
    page,
    url,
    origin,
    server,
    serverRequests,
    errors,
    requests,
    pageRequests,
    badResponses,
    /** Request URLs that went anywhere but the app's own origin (file:// and data:/blob: for the standalone file). */
    otherOriginRequests() {
      return requests.filter((u) => {
        if (u.startsWith('data:') || u.startsWith('blob:')) return false;
        return standalone ? !u.startsWith('file://') : new URL(u).origin !== origin;
      });
    },
    async close() {
      await context.close().catch(() => {});
      await server?.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };

  try {
    await page.goto(url);
    if (waitForStart || offline) await waitForApp(page);
    if (offline) {
      await waitForServiceWorker(page);
      await context.setOffline(true);
      await server.close(); // and nothing answers any more, whatever the emulation covers
      await page.reload();
      if (waitForStart) await waitForApp(page);
    }
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}

/** Shows an editor section (project, funds, goals, …) through its navigation tab. */
export async function showSection(page, key) {
  const tab = page.locator(`[data-testid="nav-${key}"]`);
  if (await tab.count()) await tab.first().click();
}

/** Waits until some localStorage value contains `text` (the app saved it). */
export async function waitForStored(page, text, timeout = 10_000) {
  await page.waitForFunction((t) => {
    for (let i = 0; i < localStorage.length; i++) {
      if ((localStorage.getItem(localStorage.key(i)) || '').includes(t)) return true;
    }
    return false;
  }, text, { timeout });
}

/** Clicks 打开示例 on the start screen and waits for the editor's summary bar. */
export async function openSample(page) {
  await page.click('[data-testid="open-sample"]');
  await page.waitForSelector('[data-testid="summary-total"]');
}

/** The text of the element with this data-testid (trimmed). */
export async function testIdText(page, id) {
  return (await page.locator(`[data-testid="${id}"]`).first().innerText()).trim();
}
