// clock.test.mjs — POST /api/v1/test/clock: only under --test-clock, and it really moves the
// server's "now" (session expiry, the login-throttling window).
//
// Moving the clock of a server on the suite's database would expire everybody's sessions (a
// login on a server living 13 hours ahead deletes sessions it sees as expired), so time travel
// happens on an extra server with its own freshly seeded database. On the suite's server the
// clock is only ever set to the real time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, DEMO_PASSWORD, assertError, freshDemoDatabase, rawLogin, startServer,
} from './helpers.mjs';

const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

let traveller; // {url, stop}: a --test-clock server on its own database
before(async () => {
  traveller = await startServer(['--test-clock'], await freshDemoDatabase('clock'));
});
after(async () => {
  await traveller?.stop();
});

async function setClock(base, now) {
  return new Client(base).post('/api/v1/test/clock', { now });
}

test('with --test-clock, POST /api/v1/test/clock sets the server\'s now and answers it', async () => {
  const now = Date.now();
  const res = await setClock(undefined, rfc3339(now)); // the suite's server, to the real time
  assert.equal(res.status, 200, res.text);
  assert.match(res.json.now, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  const answered = Date.parse(res.json.now);
  assert.ok(answered >= Math.floor(now / 1000) * 1000 && answered - now < 3000, `${res.json.now} is the time set`);
});

test('the test clock accepts an offset and answers in China time', async () => {
  const res = await setClock(traveller.url, '2025-09-26T09:00:00+08:00');
  assert.equal(res.status, 200, res.text);
  assert.ok(Math.abs(Date.parse(res.json.now) - Date.parse('2025-09-26T09:00:00+08:00')) < 3000, res.json.now);
  assert.match(res.json.now, /^2025-09-26T09:00:0\d\+08:00$/);
});

test('a session expires when the test clock passes its 12-hour lifetime', async () => {
  assert.equal((await setClock(traveller.url, rfc3339(Date.now()))).status, 200);
  const c = new Client(traveller.url);
  assert.equal((await c.login('supervisor')).status, 201);
  assert.equal((await c.get('/api/v1/session')).status, 200);
  assert.equal((await setClock(traveller.url, rfc3339(Date.now() + 13 * 3600e3))).status, 200);
  assertError(await c.get('/api/v1/session'), 401, 'unauthenticated');
});

test('the login throttle lifts once the test clock has moved past the 15-minute window', async () => {
  const t0 = Date.now() + 2 * 86400e3; // a day nobody else on this server has used
  assert.equal((await setClock(traveller.url, rfc3339(t0))).status, 200);
  const user = 'mgr-610929101';
  const opts = { base: traveller.url };
  for (let i = 0; i < 5; i++) {
    const res = await rawLogin(user, 'wrong', '127.0.0.41', opts);
    assertError(res, 401, 'invalid_credentials');
  }
  assertError(await rawLogin(user, DEMO_PASSWORD, '127.0.0.41', opts), 429, 'too_many_attempts');
  assert.equal((await setClock(traveller.url, rfc3339(t0 + 14 * 60e3))).status, 200);
  assertError(await rawLogin(user, DEMO_PASSWORD, '127.0.0.41', opts), 429, 'too_many_attempts');
  assert.equal((await setClock(traveller.url, rfc3339(t0 + 16 * 60e3))).status, 200);
  assert.equal((await rawLogin(user, DEMO_PASSWORD, '127.0.0.41', opts)).status, 201);
});

test('without --test-clock, POST /api/v1/test/clock is 404 not_found and changes nothing', async () => {
  const plain = await startServer([]);
  try {
    const res = await setClock(plain.url, '2030-01-01T00:00:00Z');
    assertError(res, 404, 'not_found');
    const anyMethod = await new Client(plain.url).get('/api/v1/test/clock');
    assertError(anyMethod, 404, 'not_found');
    // The clock did not move: a fresh session still works there.
    const c = new Client(plain.url);
    assert.equal((await c.login('supervisor')).status, 201);
    assert.equal((await c.get('/api/v1/session')).status, 200);
  } finally {
    await plain.stop();
  }
});

test('the test clock refuses a malformed time with 400 invalid_field', async () => {
  for (const now of ['yesterday', '2025-09-26', '2025-09-26T09:00:00', '2025-09-26T09:00:00.5Z',
    '2025-02-30T09:00:00Z', '2025-09-26T25:00:00Z', '2025-09-26T09:00:00+8'])
    assertError(await setClock(undefined, now), 400, 'invalid_field');
});

test('the test clock validates its body like every endpoint', async () => {
  const anon = new Client();
  assertError(await anon.post('/api/v1/test/clock', {}), 400, 'missing_field');
  assertError(await anon.post('/api/v1/test/clock', { now: 5 }), 400, 'invalid_field');
  assertError(await anon.post('/api/v1/test/clock', { now: rfc3339(Date.now()), speed: 2 }), 400, 'unknown_field');
  assertError(await anon.request('POST', '/api/v1/test/clock', { body: '{', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  assertError(await anon.request('POST', '/api/v1/test/clock', { body: '{}', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
});
