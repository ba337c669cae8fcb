// tools/serve.mjs (what scripts/run.sh serves the app with) on the release build: the
// post-build step's brotli and gzip copies sent as the browser's Accept-Encoding asks, the same
// bytes once decompressed; the cache headers; 404s and no way out of the served directory.
// No browser: plain HTTP requests (node:http, so that "..", %2e%2e and bad escapes reach the
// server as written).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { DIST } from './harness.mjs';
import { serveDir, HASHED, acceptedEncodings } from '../../tools/serve.mjs';

/** GET (or `method`) `rawPath` as written; resolves to { status, headers, body: Buffer }. */
function get(origin, rawPath, { acceptEncoding, method = 'GET' } = {}) {
  const { hostname, port } = new URL(origin);
  const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding };
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(res) {
  switch (res.headers['content-encoding']) {
    case undefined: return res.body;
    case 'br': return zlib.brotliDecompressSync(res.body);
    case 'gzip': return zlib.gunzipSync(res.body);
    default: throw new Error(`unexpected Content-Encoding ${res.headers['content-encoding']}`);
  }
}

/** The files of the build that the app serves (not the compressed copies). */
function builtFiles() {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `${DIST}/index.html not found — build first`);
  return fs.readdirSync(DIST).filter((f) => !/\.(br|gz)$/.test(f) && fs.statSync(path.join(DIST, f)).isFile());
}

test('Accept-Encoding is read with its q-values', () => {
  assert.deepEqual([...acceptedEncodings('gzip, deflate, br, zstd')], ['br', 'gzip']);
  assert.deepEqual([...acceptedEncodings('gzip')], ['gzip']);
  assert.deepEqual([...acceptedEncodings('br;q=0, *')], ['gzip']);
  assert.deepEqual([...acceptedEncodings('BR;q=0.5, gzip;q=0')], ['br']);
  assert.deepEqual([...acceptedEncodings('identity')], []);
  assert.deepEqual([...acceptedEncodings(undefined)], []);
});

test('each file is sent as brotli, gzip or as it is, per Accept-Encoding, with the same bytes', async () => {
  const files = builtFiles();
  const srv = await serveDir({ root: DIST });
  try {
    const cases = [
      { ae: 'gzip, deflate, br, zstd', want: 'br' },
      { ae: 'gzip, deflate', want: 'gzip' },
      { ae: 'br;q=0, gzip;q=0.8', want: 'gzip' },
      { ae: undefined, want: undefined },
      { ae: 'identity', want: undefined },
    ];
    const compressed = new Set();
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(DIST, f));
      let type = null;
      for (const { ae, want } of cases) {
        const res = await get(srv.origin, '/' + f, { acceptEncoding: ae });
        const what = `${f} with Accept-Encoding ${ae}`;
        assert.equal(res.status, 200, what);
        const enc = res.headers['content-encoding'];
        // A copy is only written where it is smaller: then the file itself is sent.
        const hasCopy = want && fs.existsSync(path.join(DIST, f + (want === 'br' ? '.br' : '.gz')));
        assert.equal(enc, hasCopy ? want : undefined, what);
        if (enc) compressed.add(`${f} ${enc}`);
        assert.equal(res.headers['content-length'], String(res.body.length), what);
        assert.equal(res.headers.vary, 'Accept-Encoding', what);
        if (enc) assert.ok(res.body.length < bytes.length, `${what}: the compressed copy is smaller`);
        assert.ok(decode(res).equals(bytes), `${what}: decompressed, the file's own bytes`);
        type ??= res.headers['content-type'];
        assert.equal(res.headers['content-type'], type, `${what}: the file's Content-Type whatever the encoding`);
      }
    }
    // The first load's files all have both copies.
    const wasm = files.find((f) => f.endsWith('_bg.wasm'));
    const js = files.find((f) => HASHED.test(f) && f.endsWith('.js'));
    const css = files.find((f) => f.endsWith('.css'));
    for (const f of ['index.html', wasm, js, css, 'sw.js', 'jixiao-offline.html']) {
      assert.ok(compressed.has(`${f} br`) && compressed.has(`${f} gzip`), `${f} is sent compressed`);
    }
    const wasmRes = await get(srv.origin, '/' + wasm, { acceptEncoding: 'br' });
    assert.equal(wasmRes.headers['content-type'], 'application/wasm');
    const page = await get(srv.origin, '/', { acceptEncoding: 'gzip' });
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.ok(decode(page).equals(fs.readFileSync(path.join(DIST, 'index.html'))));
  } finally {
    await srv.close();
  }
});

test('hashed files are cached for good, the page, sw.js and the standalone file are revalidated', async () => {
  const files = builtFiles();
  const srv = await serveDir({ root: DIST });
  try {
    const hashed = files.filter((f) => HASHED.test(f));
    assert.ok(hashed.some((f) => f.endsWith('.wasm')) && hashed.some((f) => f.endsWith('.js')), `hashed: ${hashed}`);
    for (const f of hashed) {
      for (const ae of ['br', undefined]) {
        const res = await get(srv.origin, '/' + f, { acceptEncoding: ae });
        assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', f);
      }
    }
    for (const p of ['/', '/index.html', '/sw.js', '/jixiao-offline.html']) {
      const res = await get(srv.origin, p, { acceptEncoding: 'br, gzip' });
      assert.equal(res.status, 200, p);
      assert.equal(res.headers['cache-control'], 'no-cache', p);
    }
    // HEAD: the same headers as GET, no body.
    const head = await get(srv.origin, '/index.html', { acceptEncoding: 'br', method: 'HEAD' });
    const full = await get(srv.origin, '/index.html', { acceptEncoding: 'br' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const h of ['content-type', 'content-length', 'content-encoding', 'cache-control', 'vary']) {
      assert.equal(head.headers[h], full.headers[h], h);
    }
  } finally {
    await srv.close();
  }
});

test('the service worker lists the files of the build, not the compressed copies', () => {
  const files = builtFiles();
  const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const listed = JSON.parse(sw.match(/const FILES = (\[[\s\S]*?\]);/)[1]);
  assert.ok(listed.length > 0);
  assert.deepEqual(listed.filter((f) => /\.(br|gz)$/.test(f)), []);
  assert.deepEqual([...listed].sort(), files.filter((f) => f !== 'sw.js').sort());
});

test('missing files are 404, nothing outside the served directory is reachable, bad paths are refused', async () => {
  // A site directory with a secret beside it.
  const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-serve-'));
  const site = path.join(outer, 'site');
  fs.mkdirSync(site);
  fs.writeFileSync(path.join(site, 'index.html'), '<!DOCTYPE html><title>t</title>');
  fs.writeFileSync(path.join(outer, 'secret.txt'), 'SECRET');
  fs.writeFileSync(path.join(outer, 'site-other.txt'), 'SECRET');
  const srv = await serveDir({ root: site });
  const sub = await serveDir({ root: site, subPath: '/app/' });
  try {
    assert.equal((await get(srv.origin, '/index.html')).status, 200);
    const missing = await get(srv.origin, '/nothing-here.js', { acceptEncoding: 'br' });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['content-encoding'], undefined);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%2F..%2Fsecret.txt',
      '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/../site-other.txt', '/..%2fsite-other.txt', '//../secret.txt', '/%2e%2e%2f%2e%2e%2fetc/passwd']) {
      const res = await get(srv.origin, p);
      assert.ok([400, 403, 404].includes(res.status), `${p}: ${res.status}`);
      assert.ok(!res.body.toString().includes('SECRET'), `${p} leaked the file outside`);
    }
    const bad = await get(srv.origin, '/%zz');
    assert.equal(bad.status, 400, 'a malformed escape');
    assert.equal((await get(srv.origin, '/a%00b')).status, 400, 'a NUL byte');
    // The server is still up after them.
    assert.equal((await get(srv.origin, '/')).status, 200);
    // Under a sub-path: outside it is 404, the sub-path without its slash redirects.
    assert.equal((await get(sub.origin, '/index.html')).status, 404);
    assert.equal((await get(sub.origin, '/app/index.html')).status, 200);
    const redirect = await get(sub.origin, '/app');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, '/app/');
    assert.equal((await get(sub.origin, '/app/../secret.txt')).status, 404);
    assert.equal((await get(srv.origin, '/index.html', { method: 'POST' })).status, 405);
  } finally {
    await srv.close();
    await sub.close();
    fs.rmSync(outer, { recursive: true, force: true });
  }
});

test('compress: false sends every file as it is (the benchmark\'s uncompressed line)', async () => {
  const srv = await serveDir({ root: DIST, compress: false });
  try {
    for (const f of builtFiles()) {
      const res = await get(srv.origin, '/' + f, { acceptEncoding: 'gzip, deflate, br' });
      assert.equal(res.headers['content-encoding'], undefined, f);
      assert.ok(res.body.equals(fs.readFileSync(path.join(DIST, f))), f);
    }
  } finally {
    await srv.close();
  }
});

test('the integrity hashes in index.html are those of the files as served (minified)', () => {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const tags = [...html.matchAll(/<(?:link|script)\b[^>]*\bintegrity="(sha\d+)-([^"]+)"[^>]*>/gi)];
  assert.ok(tags.length > 0, 'Trunk writes integrity attributes');
  for (const [tag, alg, digest] of tags) {
    const file = (tag.match(/\b(?:href|src)="\.\/([^"]+)"/) || [])[1];
    assert.ok(file, tag);
    const actual = crypto.createHash(alg).update(fs.readFileSync(path.join(DIST, file))).digest('base64');
    assert.equal(actual, digest, `${file}: its integrity attribute`);
  }
});
