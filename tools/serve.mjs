// A tiny static file server for the built app (dist/), used by scripts/run.sh and by the browser
// test harness (tests/e2e/harness.mjs). No dependencies; serves only files under `root`, with the
// right Content-Type (application/wasm for .wasm, so streaming compilation works), optionally
// under a sub-path (e.g. /sub/path/) to prove that dist/ uses relative URLs only.
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
 * `onRequest(urlPath)` is called for every request (the harness counts them).
 */
export function serveDir({ root, port = 0, host = '127.0.0.1', subPath = '/', onRequest } = {}) {
  const base = normaliseSubPath(subPath);
  const absRoot = path.resolve(root);
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
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
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': st.size, 'Cache-Control': cache });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
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
