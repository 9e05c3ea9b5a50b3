// headers.test.mjs — /healthz and the security headers every response carries. Read-only.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Client, header, loginAs, rawRequest } from './helpers.mjs';

let supervisor;
before(async () => {
  supervisor = await loginAs('supervisor');
});

function assertSecurityHeaders(res, what) {
  const csp = header(res, 'content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/, `${what}: CSP default-src`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP frame-ancestors`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: no unsafe CSP sources`);
  assert.equal(header(res, 'x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(header(res, 'x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
}

test('GET /healthz answers 200 {"status":"ok"} as JSON', async () => {
  const res = await new Client().get('/healthz');
  assert.equal(res.status, 200);
  assert.match(header(res, 'content-type'), /^application\/json/);
  assert.deepEqual(res.json, { status: 'ok' });
});

test('HEAD /healthz answers 200 without a body', async () => {
  const res = await new Client().request('HEAD', '/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.text, '');
});

test('API responses carry CSP, nosniff and frame denial, success and error alike', async () => {
  const anon = new Client();
  const cases = [
    ['healthz', await anon.get('/healthz')],
    ['session 401', await anon.get('/api/v1/session')],
    ['orgs 200', await supervisor.get('/api/v1/orgs')],
    ['venues 200', await supervisor.get('/api/v1/venues')],
    ['404', await anon.get('/api/v1/nothing')],
    ['405', await anon.request('PUT', '/api/v1/orgs', { json: {} })],
    ['400', await anon.post('/api/v1/session', {})],
    ['415', await anon.request('POST', '/api/v1/session', { body: 'x', headers: { 'content-type': 'text/plain' } })],
    ['calendar', await anon.get('/api/v1/calendar/add?date=2025-04-30&days=1')],
  ];
  for (const [what, res] of cases) assertSecurityHeaders(res, what);
});

test('API responses are never cached (Cache-Control: no-store)', async () => {
  const anon = new Client();
  for (const res of [await anon.get('/healthz'), await supervisor.get('/api/v1/session'),
    await supervisor.get('/api/v1/orgs'), await anon.get('/api/v1/nothing'), await anon.get('/api/v1/session')])
    assert.match(header(res, 'cache-control') ?? '', /no-store/);
});

test('the login answer (it carries the CSRF token) is not cached', async () => {
  const res = await new Client().login('supervisor');
  assert.equal(res.status, 201);
  assert.match(res.headers.get('cache-control') ?? '', /no-store/);
});

test('a 413 answered before the body is read carries the security headers too', async () => {
  const res = await rawRequest({
    method: 'POST', path: '/api/v1/session',
    headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024 * 1024) },
    headersOnly: true,
  });
  assert.equal(res.status, 413);
  assertSecurityHeaders(res, '413');
  assert.match(header(res, 'cache-control') ?? '', /no-store/);
});

test('static files and their 404s carry the security headers', async () => {
  const anon = new Client();
  assertSecurityHeaders(await anon.get('/'), 'index');
  assertSecurityHeaders(await anon.get('/app.js'), 'app.js');
  assertSecurityHeaders(await anon.get('/no-such-file.html'), 'static 404');
});

test('JSON answers declare UTF-8 and Chinese text arrives intact', async () => {
  const res = await supervisor.get('/api/v1/session');
  assert.match(header(res, 'content-type'), /charset=utf-8/i);
  assert.equal(res.json.user.org_name, '白河县');
});
