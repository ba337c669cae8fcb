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
//    and style), and the app's data files (the sample) as JSON data blocks.
// 3. sw.js: a cache-first service worker listing exactly the files of this build, with a
//    version derived from their contents; a new release replaces the old cache on activate.
// 4. FILE.br and FILE.gz beside each compressible FILE (brotli quality 11; gzip: the smallest of
//    Node's zlib -9, GNU gzip -9 and zopfli), which
//    tools/serve.mjs (or nginx's brotli_static / gzip_static, see README) sends to a browser
//    that accepts them.
//
// The JS is minified with terser (tools/package.json): the wasm-bindgen glue, the inlined
// service worker registration and the standalone file's script, each before its CSP hash is
// computed.
//
// Usage outside Trunk: node tools/postbuild.mjs [dir]  (dir defaults to $TRUNK_STAGING_DIR).
// Any unexpected input (a changed wasm-bindgen output format, a missing file) stops the build
// with one clear line rather than producing a broken offline app.

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { minify } from 'terser';
import { HASHED, ENCODINGS } from './serve.mjs';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;

function fail(msg) {
  console.error(`postbuild: ${msg}`);
  process.exit(1);
}

if (!dir) fail('no directory: run by Trunk (sets TRUNK_STAGING_DIR) or give one: node tools/postbuild.mjs dist');
const indexPath = path.join(dir, 'index.html');
if (!fs.existsSync(indexPath)) fail(`${indexPath} not found`);

/** Minified JS (terser; `module`: an ES module, else a classic script). */
async function minified(code, what, module) {
  try {
    const out = await minify(code, { module, ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    if (typeof out.code !== 'string') fail(`terser returned nothing for ${what}`);
    return out.code;
  } catch (e) {
    fail(`cannot minify ${what}: ${e.message}`);
  }
}

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
  const code = await minified(fs.readFileSync(swRegisterPath, 'utf8'), 'sw-register.js', false);
  if (/<\/script/i.test(code)) fail('sw-register.js contains "</script" — cannot inline it safely');
  html = html.replace(SW_REGISTER_TAG, () => `<script>${code}</script>`);
  fs.rmSync(swRegisterPath);
}

// The first load trimmed (issue 20): index.html without its comments (they document the
// source), the stylesheet without its comments and runs of whitespace — its integrity
// attribute then names the new bytes, as for the JS below.
if (/<!--/.test([...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]).join(''))) {
  fail('an inline script of index.html contains "<!--" — cannot strip the HTML comments safely');
}
html = html.replace(/<!--[\s\S]*?-->\s*/g, '');
// Trunk writes the preloads of the wasm and of its JS at the end of <head>, after the
// stylesheet: moved up to right after the CSP meta, so the wasm (the longest download) is
// requested first, not after the stylesheet.
{
  const preloads = [...html.matchAll(/<link\b[^>]*rel="(?:modulepreload|preload)"[^>]*>\s*/gi)].map((m) => m[0]);
  const csp = html.match(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i);
  if (preloads.length && csp) {
    for (const tag of preloads) html = html.replace(tag, '');
    const wasmFirst = [...preloads.filter((t) => /\.wasm"/.test(t)), ...preloads.filter((t) => !/\.wasm"/.test(t))];
    html = html.replace(csp[0], () => csp[0] + wasmFirst.map((t) => `\n  ${t.trim()}`).join(''));
  }
}
for (const m of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/gi)) {
  const href = (m[0].match(/href="\.\/([^"]+\.css)"/) || [])[1];
  if (!href) continue;
  const cssPath = path.join(dir, href);
  const cssMin = fs.readFileSync(cssPath, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').trim();
  if (/["']/.test(cssMin.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ''))) fail(`${href}: unbalanced quotes after stripping its comments`);
  fs.writeFileSync(cssPath, cssMin);
  if (/\bintegrity="/.test(m[0])) {
    const sri = `sha384-${crypto.createHash('sha384').update(cssMin, 'utf8').digest('base64')}`;
    html = html.replace(m[0], () => m[0].replace(/\bintegrity="[^"]*"/, `integrity="${sri}"`));
  }
}

// ---------------------------------------------------------------------------------------------
// 0b. The file-format worker (issue 17; src/bin/jixiao-worker.rs): Trunk writes its glue and
//     wasm under the binary's name without a content hash (a worker is named at run time). Here
//     tools/worker-boot.js (copied by Trunk) is appended to the glue, the glue minified, and
//     both files get a content hash in their names — like every other file of the build: an
//     immutable cache header, a service worker cache that can never hold a stale mix, and an
//     old page that never starts a newer worker. The page learns the names (and the wasm's size,
//     for the progress bar: a compressed transfer's Content-Length is not the bytes the stream
//     gives) from <meta name="jixiao-worker" content="JS WASM BYTES">. Nothing of it is fetched
//     by the first load. Run again on a dist (the offline test): the meta names the files.
const WORKER_META_RE = /<meta name="jixiao-worker" content="([^"]*)">/;
const workerGlue = path.join(dir, 'jixiao-worker.js');
const workerWasmPath = path.join(dir, 'jixiao-worker_bg.wasm');
const workerBootPath = path.join(dir, 'worker-boot.js');
let worker;
if (fs.existsSync(workerGlue)) {
  if (!fs.existsSync(workerWasmPath)) fail(`${workerWasmPath} not found (Trunk's worker build of jixiao-worker)`);
  if (!fs.existsSync(workerBootPath)) fail(`${workerBootPath} not found (index.html's copy-file of tools/worker-boot.js)`);
  const glue = fs.readFileSync(workerGlue, 'utf8');
  if (!/\bwasm_bindgen\b/.test(glue) || /(^|[;}\s])export\s*(\{|\*|default\b|(async\s+)?function\b|class\b|const\b|let\b|var\b)/.test(glue)) {
    fail('jixiao-worker.js is not wasm-bindgen --target no-modules output (the global wasm_bindgen) — tools/worker-boot.js needs that');
  }
  const code = await minified(`${glue}\n${fs.readFileSync(workerBootPath, 'utf8')}`, 'the worker glue', false);
  const wasmBytes = fs.readFileSync(workerWasmPath);
  const hash = crypto.createHash('sha256').update(code).update(wasmBytes).digest('hex').slice(0, 16);
  worker = { js: `jixiao-worker-${hash}.js`, wasm: `jixiao-worker-${hash}_bg.wasm`, bytes: wasmBytes.length };
  fs.writeFileSync(path.join(dir, worker.js), code);
  fs.renameSync(workerWasmPath, path.join(dir, worker.wasm));
  fs.rmSync(workerGlue);
  fs.rmSync(workerBootPath);
  const meta = `<meta name="jixiao-worker" content="./${worker.js} ./${worker.wasm} ${worker.bytes}">`;
  if (WORKER_META_RE.test(html)) html = html.replace(WORKER_META_RE, () => meta);
  else if (/<\/head>/i.test(html)) html = html.replace(/<\/head>/i, () => `${meta}\n</head>`);
  else fail('index.html has no </head> for the worker meta');
} else {
  const m = html.match(WORKER_META_RE);
  if (!m) fail('no jixiao-worker.js in the build and no <meta name="jixiao-worker"> in index.html (index.html must build the worker: data-bin="jixiao-worker")');
  const [js, wasm, bytes] = m[1].split(' ');
  worker = { js: js.replace(/^\.\//, ''), wasm: wasm.replace(/^\.\//, ''), bytes: Number(bytes) };
  for (const f of [worker.js, worker.wasm]) if (!fs.existsSync(path.join(dir, f))) fail(`index.html names the worker file ${f}, which is not in ${dir}`);
}

// ---------------------------------------------------------------------------------------------
// 0c. The 审核 page (issues 19, 20; src/bin/jixiao-review.rs): a third wasm, so that the
//     reviewer's page is not in the editor's first load. Trunk builds it like the worker
//     (data-type="worker": no-modules glue, no script tag, no content hash). Here
//     tools/review-boot.js (copied by Trunk) is appended to the glue, both files get a content
//     hash, and review.html is written from index.html as processed so far: the same head
//     (CSP, stylesheet, the worker's meta, the service worker registration), with Trunk's loader
//     of the editor and its preloads replaced by the review glue (a deferred classic script
//     naming its wasm in data-wasm) and a preload of that wasm. Run again on a dist (no
//     unhashed glue), review.html is kept and names the files.
const REVIEW_SCRIPT_RE = /<script src="\.\/(jixiao-review-[0-9a-f]+\.js)" data-wasm="\.\/(jixiao-review-[0-9a-f]+_bg\.wasm)" defer><\/script>/;
const reviewPath = path.join(dir, 'review.html');
const reviewGlue = path.join(dir, 'jixiao-review.js');
const reviewWasmPath = path.join(dir, 'jixiao-review_bg.wasm');
const reviewBootPath = path.join(dir, 'review-boot.js');
let review;
if (fs.existsSync(reviewGlue)) {
  if (!fs.existsSync(reviewWasmPath)) fail(`${reviewWasmPath} not found (Trunk's worker-type build of jixiao-review)`);
  if (!fs.existsSync(reviewBootPath)) fail(`${reviewBootPath} not found (index.html's copy-file of tools/review-boot.js)`);
  const glue = fs.readFileSync(reviewGlue, 'utf8');
  if (!/\bwasm_bindgen\b/.test(glue) || /(^|[;}\s])export\s*(\{|\*|default\b|(async\s+)?function\b|class\b|const\b|let\b|var\b)/.test(glue)) {
    fail('jixiao-review.js is not wasm-bindgen --target no-modules output (the global wasm_bindgen) — tools/review-boot.js needs that');
  }
  const code = await minified(`${glue}\n${fs.readFileSync(reviewBootPath, 'utf8')}`, 'the 审核 page glue', false);
  const wasmBytes = fs.readFileSync(reviewWasmPath);
  const hash = crypto.createHash('sha256').update(code).update(wasmBytes).digest('hex').slice(0, 16);
  review = { js: `jixiao-review-${hash}.js`, wasm: `jixiao-review-${hash}_bg.wasm` };
  fs.writeFileSync(path.join(dir, review.js), code);
  fs.renameSync(reviewWasmPath, path.join(dir, review.wasm));
  fs.rmSync(reviewGlue);
  fs.rmSync(reviewBootPath);

  let page = html;
  const loaders = [...page.matchAll(/<script type="module">[\s\S]*?<\/script>\s*/gi)].filter((m) => /TrunkApplicationStarted/.test(m[0]));
  if (loaders.length !== 1) fail(`index.html has ${loaders.length} Trunk loader scripts (expected 1) — cannot write review.html`);
  page = page.replace(loaders[0][0], '');
  page = page.replace(/<link\b[^>]*rel="(?:modulepreload|preload)"[^>]*href="\.\/jixiao-web-[^"]*"[^>]*>\s*/gi, '');
  if (/jixiao-web-/.test(page)) fail('review.html would still name the editor\'s files (Trunk\'s output changed?)');
  const cspMeta = page.match(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i);
  if (!cspMeta) fail('index.html has no CSP meta for review.html');
  page = page.replace(cspMeta[0], () => `${cspMeta[0]}\n  <link rel="preload" href="./${review.wasm}" crossorigin="anonymous" as="fetch" type="application/wasm">`);
  if (!/<title>[^<]*<\/title>/.test(page)) fail('index.html has no <title> for review.html');
  page = page.replace(/<title>[^<]*<\/title>/, '<title>审核 · 绩效自评 · jixiao</title>');
  page = page.replace(/<\/head>/i, () => `<script src="./${review.js}" data-wasm="./${review.wasm}" defer></script>\n</head>`);
  const pageCsp = page.match(CSP_RE);
  const pageInline = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((m) => !/\bsrc\s*=/.test(m[1]) && m[2].trim() !== '');
  page = page.replace(CSP_RE, (_, a, __, c) => a + addSources(pageCsp[2], 'script-src', pageInline.map((m) => cspHash(m[2]))) + c);
  fs.writeFileSync(reviewPath, page);
} else {
  if (!fs.existsSync(reviewPath)) fail('no jixiao-review.js in the build and no review.html (index.html must build the 审核 page: data-bin="jixiao-review")');
  const m = fs.readFileSync(reviewPath, 'utf8').match(REVIEW_SCRIPT_RE);
  if (!m) fail('review.html does not name the 审核 page\'s script and wasm');
  review = { js: m[1], wasm: m[2] };
  for (const f of [review.js, review.wasm]) if (!fs.existsSync(path.join(dir, f))) fail(`review.html names ${f}, which is not in ${dir}`);
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
// `export { initSync }` / `export default __wbg_init` (minified: `export{a as initSync,…}`), and
// `import.meta.url` (used only to find the .wasm when init() gets no argument). A classic script
// has none of these: the declarations lose `export`, the export lists become a table of the
// exported names, and initSync is called through it. Works on the glue as wasm-bindgen writes it
// and as this hook leaves it minified (the hook may run again on a dist: the offline test does).
const exportsOf = {};
const classic = js
  .replace(/(^|[;}\s])export\s*\{([^}]*)\};?/g, (_, pre, list) => {
    for (const spec of list.split(',').map((x) => x.trim()).filter(Boolean)) {
      const m = spec.match(/^([\w$]+)(?:\s+as\s+([\w$]+))?$/);
      if (!m) fail(`${jsName}: cannot read the export "${spec}"`);
      exportsOf[m[2] || m[1]] = m[1];
    }
    return pre;
  })
  .replace(/(^|[;}\s])export\s+default\s+([\w$]+)\s*;?/g, (_, pre, name) => { exportsOf.default = name; return pre + ';'; })
  .replace(/(^|[;}\s])export\s+(?=(async\s+)?function\b|class\b|const\b|let\b|var\b)/g, (_, pre) => pre)
  .replace(/\bimport\.meta\.url\b/g, 'document.baseURI');
if (/(^|[;}])\s*(import|export)\b\s*[{*\w]/m.test(classic.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""'))
  || /\bimport\.meta\b/.test(classic)) {
  fail(`${jsName} still has ES module syntax after conversion (imports of snippets?) — update tools/postbuild.mjs for this wasm-bindgen output`);
}
if (classic === js) fail(`${jsName} had no ES module exports to strip (wasm-bindgen output changed?)`);
const initSyncName = exportsOf.initSync || (/\bfunction initSync\b/.test(classic) ? 'initSync' : null);
if (!initSyncName) fail(`${jsName} has no initSync (wasm-bindgen output changed?)`);

// The glue as the page loads it: minified (an ES module; its export names stay). Trunk's
// <link rel="modulepreload" integrity="sha384-…"> in index.html names the bytes it wrote: it
// must name the minified ones, else the browser blocks the file (subresource integrity).
// Idempotent: a glue this step already minified (it starts with MINIFIED) is kept as it is —
// terser's output minified again is not byte-identical, and a file whose name did not change
// must not change (browsers cache the hashed files as immutable).
const MINIFIED = '/*jixiao:minified*/';
const jsMin = js.startsWith(MINIFIED) ? js : MINIFIED + (await minified(js, jsName, true));
fs.writeFileSync(path.join(dir, jsName), jsMin);
{
  const sri = `sha384-${crypto.createHash('sha384').update(jsMin, 'utf8').digest('base64')}`;
  let tags = 0;
  html = html.replace(/<link\b[^>]*>/gi, (tag) => {
    if (!tag.includes(`href="./${jsName}"`) || !/\bintegrity="/.test(tag)) return tag;
    tags++;
    return tag.replace(/\bintegrity="[^"]*"/, `integrity="${sri}"`);
  });
  if (/\bintegrity=/.test(html) && tags === 0) fail(`index.html has integrity attributes but none for ${jsName} (Trunk's output changed?)`);
  fs.writeFileSync(indexPath, html);
}

const cssNames = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="\.\/([^"]+\.css)"/gi)].map((m) => m[1]);
const css = cssNames.map((n) => fs.readFileSync(path.join(dir, n), 'utf8')).join('\n');
if (/url\(\s*['"]?(?!data:)/i.test(css)) {
  console.warn('postbuild: warning: the CSS refers to files with url(); they are not embedded in jixiao-offline.html');
}

// The inline script must not contain "</script"; JSON.stringify'd base64 and the bindgen JS do
// not, but check rather than assume. Minified with the base64 as a placeholder name (a global,
// which terser leaves alone), put in afterwards.
const WASM_PLACEHOLDER = '__JIXIAO_WASM_BASE64__';
const scriptMin = await minified(`(function () {
'use strict';
${classic}
(function (initSync) {
  // In a scope of its own: the glue's (minified) names are single letters too.
  var b64 = ${WASM_PLACEHOLDER};
  var bin = atob(b64);
  var bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  initSync({ module: bytes });
})(${initSyncName});
})();
`, 'the standalone script', false);
if (scriptMin.split(WASM_PLACEHOLDER).length !== 2) fail('the minified standalone script lost its wasm placeholder');
const script = scriptMin.replace(WASM_PLACEHOLDER, () => JSON.stringify(wasm.toString('base64')));
if (/<\/script/i.test(script)) fail('the standalone script would contain "</script" — cannot inline it safely');
if (/<\/style/i.test(css)) fail('the CSS contains "</style" — cannot inline it safely');

// The file-format worker, embedded: its script and wasm as base64 in two data blocks (a
// <script> of a non-JavaScript type is never run, so the CSP does not apply to it, and base64
// cannot contain "</script"). The app (src/browser/worker.rs) decodes them on first use, starts
// the worker from a blob: URL of the script and hands it the wasm bytes: from file:// there is
// no server to load it from, and a worker cannot be started from a file:// URL. In <head>: Yew
// empties <body> when it mounts the app there.
const workerBlocks = [
  `<script type="application/octet-stream" id="jixiao-worker-js">${fs.readFileSync(path.join(dir, worker.js)).toString('base64')}</script>`,
  `<script type="application/octet-stream" id="jixiao-worker-wasm">${fs.readFileSync(path.join(dir, worker.wasm)).toString('base64')}</script>`,
].join('\n');
// The app's data files that it loads on demand (the sample, *.jixiao.json beside index.html):
// from file:// nothing can be fetched, so the standalone file carries them as JSON data blocks
// in <head> (the app mounts on <body> and replaces what is there), which browser.rs's app_file
// reads (not scripts: the CSP does not apply, nothing runs).
const dataBlocks = fs.readdirSync(dir).filter((f) => f.endsWith('.jixiao.json')).sort().map((f) => {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  if (/<\/script|<!--/i.test(text)) fail(`${f} contains "</script" or "<!--" — cannot embed it in jixiao-offline.html safely`);
  return `<script type="application/json" data-file="${f}">${text}</script>\n`;
}).join('');

let offlineCsp = cspMatch[2];
offlineCsp = setDirective(offlineCsp, 'script-src', `'wasm-unsafe-eval' ${cspHash(script)}`);
// 'unsafe-inline' for styles, as in index.html (style attributes, the report preview's
// blob: iframe); with a hash listed it would be ignored, so no hash here. frame-src blob:
// (the report preview) comes from index.html's policy unchanged.
offlineCsp = setDirective(offlineCsp, 'style-src', `'unsafe-inline'`);
// From file:// there is nothing of its own to load or connect to.
offlineCsp = setDirective(offlineCsp, 'default-src', `'none'`);
offlineCsp = setDirective(offlineCsp, 'connect-src', `'none'`);
// The one worker it starts: the embedded file-format module, from a blob: URL the page makes
// of the script it carries (above). A blob: worker runs under this page's policy (no network,
// 'wasm-unsafe-eval' for its wasm). Nothing else may start a worker.
offlineCsp = setDirective(offlineCsp, 'worker-src', `blob:`);
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
${workerBlocks}
${dataBlocks}</head>
<body>
<noscript>绩效自评需要启用 JavaScript 和 WebAssembly 才能运行。</noscript>
<script>${script}</script>
</body>
</html>
`;
fs.writeFileSync(path.join(dir, 'jixiao-offline.html'), offline);

// The standalone 审核 page, jixiao-review-offline.html: the same as jixiao-offline.html for
// review.html (the editor's standalone file links to it by that name, src/browser/mod.rs
// review_page). Its glue is a classic script already (no-modules); started with initSync on
// the embedded wasm instead of review-boot.js's fetch (which returns at once without data-wasm).
{
  const reviewScriptMin = await minified(`(function () {
'use strict';
var b64 = ${WASM_PLACEHOLDER};
var bin = atob(b64);
var bytes = new Uint8Array(bin.length);
for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
wasm_bindgen.initSync({ module: bytes });
})();
`, 'the standalone 审核 script', false);
  if (reviewScriptMin.split(WASM_PLACEHOLDER).length !== 2) fail('the minified standalone 审核 script lost its wasm placeholder');
  const reviewScript = fs.readFileSync(path.join(dir, review.js), 'utf8') + '\n'
    + reviewScriptMin.replace(WASM_PLACEHOLDER, () => JSON.stringify(fs.readFileSync(path.join(dir, review.wasm)).toString('base64')));
  if (/<\/script/i.test(reviewScript)) fail('the standalone 审核 script would contain "</script" — cannot inline it safely');
  const reviewCsp = setDirective(offlineCsp, 'script-src', `'wasm-unsafe-eval' ${cspHash(reviewScript)}`);
  const reviewOffline = offline
    .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () => `<meta http-equiv="Content-Security-Policy" content="${reviewCsp}">`)
    .replace(/<title>[^<]*<\/title>/, '<title>审核 · 绩效自评 · jixiao（离线版）</title>')
    .replace(/<script>[\s\S]*<\/script>\s*<\/body>/, () => `<script>${reviewScript}</script>\n</body>`);
  if (!reviewOffline.includes(reviewScript)) fail('could not put the 审核 script into jixiao-review-offline.html');
  fs.writeFileSync(path.join(dir, 'jixiao-review-offline.html'), reviewOffline);
}

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
const isCopy = (f) => ENCODINGS.some((e) => f.endsWith(e.suffix));
const files = listFiles(dir).filter((f) => f !== 'sw.js' && !f.startsWith('.') && !isCopy(f)).sort();
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

/** The smallest gzip of a file among Node's zlib at level 9, GNU gzip -9 and zopfli (when
 *  installed: scripts/setup.sh installs Debian's zopfli). All three write standard gzip that
 *  every browser reads the same; Node's zlib (Chromium's fork, tuned for speed) is the largest:
 *  on the wasm 1.6 % more than GNU gzip -9, which is 4.4 % more than zopfli (issue 20). */
function smallestGzip(file, data) {
  let best = zlib.gzipSync(data, { level: 9 });
  for (const [cmd, args] of [['gzip', ['-9', '-n', '-c', file]], ['zopfli', ['-c', file]]]) {
    const r = spawnSync(cmd, args, { maxBuffer: data.length * 2 + 65536 });
    if (r.status === 0 && r.stdout && r.stdout.length > 0 && r.stdout.length < best.length) best = r.stdout;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// 4. The compressed copies (only where smaller; a stale copy from an earlier run goes).
const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|svg|txt|webmanifest|ico)$/;
let rawBytes = 0, brBytes = 0, gzBytes = 0;
for (const f of [...files, 'sw.js']) {
  const file = path.join(dir, f);
  for (const e of ENCODINGS) fs.rmSync(file + e.suffix, { force: true });
  if (!COMPRESSIBLE.test(f)) continue;
  const data = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(data, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_MODE]: f.endsWith('.wasm') ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
  } });
  const gz = smallestGzip(file, data);
  rawBytes += data.length;
  if (br.length < data.length) { fs.writeFileSync(file + '.br', br); brBytes += br.length; } else brBytes += data.length;
  if (gz.length < data.length) { fs.writeFileSync(file + '.gz', gz); gzBytes += gz.length; } else gzBytes += data.length;
}

console.log(`postbuild: CSP +${inlineScripts.length} script hash(es); jixiao-offline.html ${(offline.length / 1024).toFixed(0)} KiB; sw.js version ${version}, ${files.length} files; compressed copies: ${(rawBytes / 1024).toFixed(0)} KiB → brotli ${(brBytes / 1024).toFixed(0)} KiB, gzip ${(gzBytes / 1024).toFixed(0)} KiB`);
