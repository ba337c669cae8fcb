// Trunk post-build hook (Trunk.toml: [[hooks]] stage = "post_build"). Works on the staging
// directory ($TRUNK_STAGING_DIR) after Trunk has written every file, before it becomes dist/:
//
// 0. sw-register.js (service worker registration) inline into index.html.
// 1. CSP: adds the sha256 of each inline <script> of index.html (Trunk's module loader, the
//    service worker registration) to the Content-Security-Policy meta's script-src, so the
//    policy needs no 'unsafe-inline'.
// 2. jixiao-offline.html: the whole app in one file — the wasm-bindgen JS turned into a classic
//    script, the wasm embedded as base64 and started with initSync, the CSS inline. Runs from
//    file:// (double-click, e-mail attachment) with its own CSP (hashes of its inline script
//    and style).
// 3. sw.js: a cache-first service worker listing exactly the files of this build, with a
//    version derived from their contents; a new release replaces the old cache on activate.
//
// Usage outside Trunk: node tools/postbuild.mjs [dir]  (dir defaults to $TRUNK_STAGING_DIR).
// Any unexpected input (a changed wasm-bindgen output format, a missing file) stops the build
// with one clear line rather than producing a broken offline app.

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { HASHED } from './serve.mjs';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;

function fail(msg) {
  console.error(`postbuild: ${msg}`);
  process.exit(1);
}

if (!dir) fail('no directory: run by Trunk (sets TRUNK_STAGING_DIR) or give one: node tools/postbuild.mjs dist');
const indexPath = path.join(dir, 'index.html');
if (!fs.existsSync(indexPath)) fail(`${indexPath} not found`);

const sha256 = (data) => crypto.createHash('sha256').update(data).digest();
const cspHash = (text) => `'sha256-${sha256(Buffer.from(text, 'utf8')).toString('base64')}'`;

const CSP_RE = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;

/** Adds `sources` to the `directive` of a CSP string (after its existing sources). */
function addSources(csp, directive, sources) {
  const parts = csp.split(';').map((p) => p.trim()).filter(Boolean);
  const i = parts.findIndex((p) => p.split(/\s+/)[0] === directive);
  if (i < 0) fail(`the CSP in index.html has no ${directive} directive`);
  const have = new Set(parts[i].split(/\s+/));
  parts[i] = [parts[i], ...sources.filter((s) => !have.has(s))].join(' ');
  return parts.join('; ');
}

/** Replaces whole directives (or adds them) in a CSP string. */
function setDirective(csp, directive, value) {
  const parts = csp.split(';').map((p) => p.trim()).filter(Boolean);
  const i = parts.findIndex((p) => p.split(/\s+/)[0] === directive);
  const entry = `${directive} ${value}`;
  if (i < 0) parts.push(entry);
  else parts[i] = entry;
  return parts.join('; ');
}

// ---------------------------------------------------------------------------------------------
// 0. sw-register.js (copied by Trunk: index.html's copy-file) goes inline into index.html: one
//    request fewer on the first load, and its comments stay out of the page. Its hash joins
//    script-src below like the loader's. Already inline (this hook run again on a dist): nothing.
let html = fs.readFileSync(indexPath, 'utf8');
const SW_REGISTER_TAG = /<script src="\.\/sw-register\.js" defer><\/script>/;
const swRegisterPath = path.join(dir, 'sw-register.js');
if (SW_REGISTER_TAG.test(html)) {
  if (!fs.existsSync(swRegisterPath)) fail(`${swRegisterPath} not found (index.html's copy-file of tools/sw-register.js)`);
  // Without its leading comment lines; a classic script like the file was (it only adds a
  // load listener, so running it during parsing instead of deferred changes nothing).
  const code = fs.readFileSync(swRegisterPath, 'utf8').replace(/^(\/\/[^\n]*\n)+/, '');
  if (/<\/script/i.test(code)) fail('sw-register.js contains "</script" — cannot inline it safely');
  html = html.replace(SW_REGISTER_TAG, () => `<script>\n${code}</script>`);
  fs.rmSync(swRegisterPath);
}

// ---------------------------------------------------------------------------------------------
// 1. CSP hashes for index.html's inline scripts.
const cspMatch = html.match(CSP_RE);
if (!cspMatch) fail('index.html has no <meta http-equiv="Content-Security-Policy"> (it must: see issue 7)');
const inlineScripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
  .filter((m) => !/\bsrc\s*=/.test(m[1]) && m[2].trim() !== '');
const csp = addSources(cspMatch[2], 'script-src', inlineScripts.map((m) => cspHash(m[2])));
html = html.replace(CSP_RE, (_, a, __, c) => a + csp + c);
fs.writeFileSync(indexPath, html);

// ---------------------------------------------------------------------------------------------
// 2. The standalone file.
const loader = inlineScripts.map((m) => m[2]).join('\n');
const jsName = (loader.match(/from\s+'\.\/([^']+\.js)'/) || [])[1];
const wasmName = (loader.match(/'\.\/([^']+_bg\.wasm)'/) || [])[1];
if (!jsName || !wasmName) fail("cannot find the wasm-bindgen JS and wasm file names in Trunk's loader script of index.html");
let js = fs.readFileSync(path.join(dir, jsName), 'utf8');
const wasm = fs.readFileSync(path.join(dir, wasmName));

// wasm-bindgen `--target web` output is an ES module: `export function/class/const`, a final
// `export { initSync }` / `export default __wbg_init`, and `import.meta.url` (used only to find
// the .wasm when init() gets no argument). A classic script has none of these.
const before = js;
js = js
  .replace(/^export\s+\{[^}]*\};?\s*$/gm, '')
  .replace(/^export\s+default\s+[\w$]+;?\s*$/gm, '')
  .replace(/^export\s+(?=(async\s+)?function\b|class\b|const\b|let\b|var\b)/gm, '')
  .replace(/\bimport\.meta\.url\b/g, 'document.baseURI');
if (/^\s*import\s/m.test(js) || /^\s*export\s/m.test(js) || /\bimport\.meta\b/.test(js)) {
  fail(`${jsName} still has ES module syntax after conversion (imports of snippets?) — update tools/postbuild.mjs for this wasm-bindgen output`);
}
if (!/\bfunction initSync\b/.test(js)) fail(`${jsName} has no initSync (wasm-bindgen output changed?)`);
if (before === js) fail(`${jsName} had no ES module exports to strip (wasm-bindgen output changed?)`);

const cssNames = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="\.\/([^"]+\.css)"/gi)].map((m) => m[1]);
const css = cssNames.map((n) => fs.readFileSync(path.join(dir, n), 'utf8')).join('\n');
if (/url\(\s*['"]?(?!data:)/i.test(css)) {
  console.warn('postbuild: warning: the CSS refers to files with url(); they are not embedded in jixiao-offline.html');
}

// The inline script must not contain "</script"; JSON.stringify'd base64 and the bindgen JS do
// not, but check rather than assume.
const script = `(function () {
'use strict';
${js}
var b64 = ${JSON.stringify(wasm.toString('base64'))};
var bin = atob(b64);
var bytes = new Uint8Array(bin.length);
for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
initSync({ module: bytes });
})();
`;
if (/<\/script/i.test(script)) fail('the standalone script would contain "</script" — cannot inline it safely');
if (/<\/style/i.test(css)) fail('the CSS contains "</style" — cannot inline it safely');

let offlineCsp = cspMatch[2];
offlineCsp = setDirective(offlineCsp, 'script-src', `'wasm-unsafe-eval' ${cspHash(script)}`);
// 'unsafe-inline' for styles, as in index.html (style attributes, the report preview's
// blob: iframe); with a hash listed it would be ignored, so no hash here. frame-src blob:
// (the report preview) comes from index.html's policy unchanged.
offlineCsp = setDirective(offlineCsp, 'style-src', `'unsafe-inline'`);
// From file:// there is nothing of its own to load or connect to.
offlineCsp = setDirective(offlineCsp, 'default-src', `'none'`);
offlineCsp = setDirective(offlineCsp, 'connect-src', `'none'`);
offlineCsp = setDirective(offlineCsp, 'worker-src', `'none'`);
offlineCsp = setDirective(offlineCsp, 'img-src', `data: blob:`);
offlineCsp = setDirective(offlineCsp, 'font-src', `'none'`);
const title = (html.match(/<title>([^<]*)<\/title>/) || [, 'jixiao'])[1];
const offline = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${offlineCsp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="jixiao-offline" content="1">
<title>${title}（离线版）</title>
<style>${css}</style>
</head>
<body>
<noscript>绩效自评需要启用 JavaScript 和 WebAssembly 才能运行。</noscript>
<script>${script}</script>
</body>
</html>
`;
fs.writeFileSync(path.join(dir, 'jixiao-offline.html'), offline);

// ---------------------------------------------------------------------------------------------
// 3. The service worker.
function listFiles(root, rel = '') {
  const out = [];
  for (const ent of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) out.push(...listFiles(root, r));
    else if (ent.isFile()) out.push(r);
  }
  return out;
}
const files = listFiles(dir).filter((f) => f !== 'sw.js' && !f.startsWith('.')).sort();
const digest = crypto.createHash('sha256');
for (const f of files) digest.update(f + '\0').update(sha256(fs.readFileSync(path.join(dir, f)))).update('\0');
const version = digest.digest('hex').slice(0, 16);

const sw = `// Generated by tools/postbuild.mjs at build time — do not edit.
// Cache-first service worker: every file of this build is cached on install; a new build
// (new version) replaces the old cache on activate, and the page shows an update banner.
'use strict';
const VERSION = ${JSON.stringify(version)};
const FILES = ${JSON.stringify(files, null, 2)};
const PREFIX = 'jixiao:' + self.registration.scope + ':';
const CACHE = PREFIX + VERSION;
const HASHED = ${HASHED};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      // A file with a content hash in its name cannot be stale: take it from the HTTP cache
      // (the page has just loaded it) instead of downloading it a second time. The others
      // (index.html, jixiao-offline.html) are fetched from the server.
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: HASHED.test(f) ? 'default' : 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const scope = self.registration.scope;
  const url = new URL(req.url);
  if (url.origin !== location.origin || !url.href.startsWith(scope)) return;
  let rel = url.pathname.slice(new URL(scope).pathname.length);
  if (rel === '') rel = 'index.html';
  if (!FILES.includes(rel)) return;
  event.respondWith(
    caches.open(CACHE)
      .then((cache) => cache.match(new URL(rel, scope).href))
      .then((hit) => hit || fetch(req)),
  );
});
`;
fs.writeFileSync(path.join(dir, 'sw.js'), sw);

console.log(`postbuild: CSP +${inlineScripts.length} script hash(es); jixiao-offline.html ${(offline.length / 1024).toFixed(0)} KiB; sw.js version ${version}, ${files.length} files`);
