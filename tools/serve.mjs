// A tiny static file server for the built app (dist/), used by scripts/run.sh and by the browser
// test harness (tests/e2e/harness.mjs). No dependencies; serves only files under `root`, with the
// right Content-Type (application/wasm for .wasm, so streaming compilation works), optionally
// under a sub-path (e.g. /sub/path/) to prove that dist/ uses relative URLs only.
//
// Compressed as the browser asks (Accept-Encoding: br before gzip before none): the post-build
// step (tools/postbuild.mjs) writes FILE.br and FILE.gz beside each compressible FILE, and this
// server sends the copy instead of the file, with Content-Encoding, the file's own Content-Type
// and Vary: Accept-Encoding. Nothing is compressed on the fly. Hashed files (Trunk's filehash)
// are sent as immutable for a year; the others (index.html, sw.js, jixiao-offline.html) with
// no-cache. tests/e2e/serve.test.mjs checks all of it.
//
//   node tools/serve.mjs [dir=dist] [port=8080] [host=127.0.0.1] [subPath=/]

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Trunk's hashed file names (filehash), e.g. jixiao-web-e4fdb4e6fcf893bc_bg.wasm,
 * app-82b6c78d357bdbfe.css: such a file never changes. The one rule for "hashed": this server's
 * caching headers, the service worker's install (tools/postbuild.mjs) and the offline test.
 * Trunk writes the 64-bit hash in hex without leading zeros (`{hash:x}`): 16 digits or fewer
 * (jixiao-web-df8940b4cc73d68.js, one build in 16 has 15).
 */
export const HASHED = /-[0-9a-f]{1,16}(_bg)?\.[a-z]+$/;

/** The encodings of the post-build step's copies, most preferred first, with their suffixes. */
export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
];

/**
 * The content codings an Accept-Encoding header accepts (q > 0), e.g. "gzip, deflate, br" →
 * {br, gzip, deflate}; "br;q=0, *" → everything but br. Names are lower case.
 */
export function acceptedEncodings(header) {
  const q = new Map();
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = p.match(/^q\s*=\s*([0-9.]+)$/);
      if (m) weight = Number(m[1]);
    }
    q.set(name, weight);
  }
  const ok = (name) => (q.has(name) ? q.get(name) > 0 : (q.get('*') || 0) > 0);
  return new Set(ENCODINGS.map((e) => e.name).filter(ok));
}

/** Normalises a sub-path to "/" or "/a/b/". */
function normaliseSubPath(subPath) {
  let p = subPath || '/';
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
}

/**
 * Starts serving `root` on host:port (port 0 = random free port) under `subPath`.
 * Resolves to { server, port, origin, url, close() } where `url` is the app's address.
 * `onRequest(urlPath)` is called for every request (the harness counts them). `compress: false`
 * never sends the compressed copies, `compress: ['gzip']` only those (the benchmark's
 * comparison lines).
 */
export function serveDir({ root, port = 0, host = '127.0.0.1', subPath = '/', onRequest, compress = true } = {}) {
  const base = normaliseSubPath(subPath);
  const absRoot = path.resolve(root);
  const allowed = compress === true ? ENCODINGS.map((e) => e.name) : compress || [];
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      urlPath = null; // a malformed %-escape
    }
    if (urlPath === null || urlPath.includes('\0')) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('bad request');
    }
    if (onRequest) onRequest(urlPath);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      return res.end();
    }
    if (urlPath === base.slice(0, -1) && base !== '/') {
      res.writeHead(301, { Location: base });
      return res.end();
    }
    if (!urlPath.startsWith(base)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('not found (the app is served under ' + base + ')');
    }
    let rel = urlPath.slice(base.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(absRoot, rel);
    if (file !== absRoot && !file.startsWith(absRoot + path.sep)) {
      res.writeHead(403);
      return res.end();
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        return res.end('not found: ' + urlPath);
      }
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      // The page, the service worker and the other unhashed files must always be revalidated
      // so that a new release is seen; a file with a content hash in its name (Trunk's
      // filehash) never changes, so the browser may keep it — and the service worker's install
      // then takes it from the HTTP cache instead of downloading it again (tools/postbuild.mjs).
      const cache = HASHED.test(path.basename(file)) ? 'public, max-age=31536000, immutable' : 'no-cache';
      const headers = { 'Content-Type': type, 'Cache-Control': cache, Vary: 'Accept-Encoding' };
      // The most preferred copy the browser accepts (a file changed after the build needs
      // its copies written again: node tools/postbuild.mjs DIR).
      const accepted = acceptedEncodings(req.headers['accept-encoding']);
      for (const e of ENCODINGS) if (!allowed.includes(e.name)) accepted.delete(e.name);
      let send = file, size = st.size;
      for (const e of ENCODINGS) {
        if (!accepted.has(e.name)) continue;
        let cst = null;
        try { cst = fs.statSync(file + e.suffix); } catch { /* no such copy */ }
        if (cst && cst.isFile()) {
          send = file + e.suffix;
          size = cst.size;
          headers['Content-Encoding'] = e.name;
          break;
        }
      }
      headers['Content-Length'] = size;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(send).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      const origin = `http://${host}:${actual}`;
      resolve({
        server,
        port: actual,
        origin,
        url: origin + base,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

// Command-line use: node tools/serve.mjs [dir] [port] [host] [subPath]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', port = '8080', host = '127.0.0.1', subPath = '/'] = process.argv.slice(2);
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`serve: ${dir}/index.html not found — build first (./scripts/run.sh does)`);
    process.exit(1);
  }
  serveDir({ root: dir, port: Number(port), host, subPath }).then(
    ({ url }) => console.log(`jixiao is served at ${url}  (Ctrl-C to stop)`),
    (err) => {
      console.error(`serve: cannot listen on ${host}:${port}: ${err.message}` +
        (err.code === 'EADDRINUSE' ? ` — the port is in use; stop the other server or set JIXIAO_PORT` : ''));
      process.exit(1);
    },
  );
}
