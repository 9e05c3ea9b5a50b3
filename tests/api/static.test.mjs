// static.test.mjs — files under the web root: content types, caching, directory index, and
// no way out of the root.
//
// run.sh serves a fixture web root (WEB_ROOT) and puts secret.txt next to it, outside; the
// fixture also holds a hidden file and a symbolic link pointing out of the root.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Client, WEB_ROOT, header, rawRequest } from './helpers.mjs';

const SECRET = fs.readFileSync(path.join(WEB_ROOT, '..', 'secret.txt'), 'utf8').trim();
const file = (p) => fs.readFileSync(path.join(WEB_ROOT, p), 'utf8');

test('/ serves index.html as text/html', async () => {
  const res = await new Client().get('/');
  assert.equal(res.status, 200);
  assert.match(header(res, 'content-type'), /^text\/html; charset=utf-8/i);
  assert.equal(res.text, file('index.html'));
});

test('static files are served with the right content type', async () => {
  const types = {
    '/index.html': /^text\/html/,
    '/app.js': /^(text|application)\/javascript/,
    '/module.mjs': /^(text|application)\/javascript/,
    '/style.css': /^text\/css/,
    '/data.json': /^application\/json/,
    '/logo.svg': /^image\/svg\+xml/,
    '/notes.txt': /^text\/plain/,
    '/blob.bin': /^application\/octet-stream/,
  };
  for (const [p, type] of Object.entries(types)) {
    const res = await new Client().get(p);
    assert.equal(res.status, 200, p);
    assert.match(header(res, 'content-type') ?? '', type, p);
    assert.equal(res.text, file(p.slice(1)), p);
  }
});

test('a directory serves its index.html', async () => {
  const res = await new Client().get('/sub/');
  assert.equal(res.status, 200);
  assert.match(header(res, 'content-type'), /^text\/html/);
  assert.equal(res.text, file('sub/index.html'));
});

test('a directory named without its slash redirects there, keeping the query', async () => {
  const res = await new Client().get('/sub?q=%E8%AF%81&x');
  assert.equal(res.status, 301);
  assert.equal(header(res, 'location'), '/sub/?q=%E8%AF%81&x');
});

test('a missing static file answers 404 with the JSON error', async () => {
  const res = await new Client().get('/no-such-page.html');
  assert.equal(res.status, 404);
  assert.equal(res.json.error.code, 'not_found');
});

test('static files carry an ETag and answer If-None-Match with 304', async () => {
  const first = await new Client().get('/app.js');
  const etag = header(first, 'etag');
  assert.ok(etag, 'an ETag');
  const again = await new Client().get('/app.js', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
});

test('vendor files may be cached for long, the app\'s own files must be revalidated', async () => {
  assert.match(header(await new Client().get('/vendor/lib.js'), 'cache-control'), /max-age=\d+/);
  assert.match(header(await new Client().get('/app.js'), 'cache-control'), /no-cache/);
});

test('HEAD on a static file answers 200 with its content type and no body', async () => {
  const res = await new Client().request('HEAD', '/style.css');
  assert.equal(res.status, 200);
  assert.match(header(res, 'content-type'), /^text\/css/);
  assert.equal(res.text, '');
});

test('hidden files under the web root are not served', async () => {
  for (const p of ['/.hidden', '/sub/.hidden', '/%2ehidden']) {
    const res = await rawRequest({ path: p });
    assert.equal(res.status, 404, p);
    assert.ok(!res.text.includes('FIXTURE-HIDDEN'), `${p} leaked the hidden file`);
  }
});

test('a symbolic link pointing out of the web root is not followed', async () => {
  const res = await rawRequest({ path: '/link.txt' });
  assert.equal(res.status, 404);
  assert.ok(!res.text.includes(SECRET));
});

const TRAVERSALS = [
  '/../secret.txt',
  '/../../../../../../etc/passwd',
  '/sub/../../secret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E/secret.txt',
  '/%2e%2e%2fsecret.txt',
  '/..%2fsecret.txt',
  '/..%2Fsecret.txt',
  '/sub/%2e%2e/%2e%2e/secret.txt',
  '/sub%2f..%2f..%2fsecret.txt',
  '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/..\\secret.txt',
  '/..%5csecret.txt',
  '/%252e%252e/secret.txt',
  '/%252e%252e%252fsecret.txt',
  '/%c0%ae%c0%ae/secret.txt',
  '/%c0%af..%c0%afsecret.txt',
  '/.%2e/secret.txt',
  '/%2e./secret.txt',
  '/....//secret.txt',
  '//etc/passwd',
  '/%2fetc%2fpasswd',
  '/sub/..%00/secret.txt',
  '/vendor/../../secret.txt',
];

test('path traversal attempts (/../, %2e%2e, encoded slashes and backslashes) answer 404, never a file', async () => {
  for (const p of TRAVERSALS) {
    const res = await rawRequest({ path: p });
    assert.equal(res.status, 404, `${p}: ${res.status}`);
    assert.ok(!res.text.includes(SECRET), `${p} leaked secret.txt`);
    assert.ok(!/root:.*:0:0:/.test(res.text), `${p} leaked /etc/passwd`);
  }
});

test('path traversal through the API prefix does not reach files either', async () => {
  for (const p of ['/api/../secret.txt', '/api/v1/%2e%2e/%2e%2e/secret.txt', '/api/v1/orgs/..%2f..%2f..%2fsecret.txt']) {
    const res = await rawRequest({ path: p });
    assert.ok([400, 404].includes(res.status), `${p}: ${res.status}`);
    assert.ok(!res.text.includes(SECRET), `${p} leaked secret.txt`);
  }
});
