// session.test.mjs — logging in and out, login throttling, disabled accounts.
//
// Deliberate failed logins come from their own loopback source addresses (127.0.0.x), so the
// per-address throttle (20 failures) never locks the rest of the suite out of 127.0.0.1.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  Client, DB_ARGS, DEMO_PASSWORD, assertError, bianmin, loginAs, rawLogin, setCookies, towns,
} from './helpers.mjs';

let townList;
before(async () => {
  townList = await towns(await loginAs('supervisor'));
});

test('login with the right password answers 201 with the user and a CSRF token', async () => {
  const c = new Client();
  const res = await c.login('mgr-610929100');
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.user.username, 'mgr-610929100');
  assert.equal(res.json.user.role, 'venue_manager');
  assert.equal(res.json.user.org_code, '610929100');
  assert.equal(res.json.user.org_name, '城关镇');
  assert.equal(typeof res.json.csrf_token, 'string');
  assert.ok(res.json.csrf_token.length >= 32, 'CSRF token long enough');
  assert.equal(res.json.password, undefined);
  assert.doesNotMatch(res.text, /password|argon2/i, 'no password material in the answer');
});

test('the session cookie is HttpOnly, SameSite=Strict and for the whole site', async () => {
  const res = await new Client().login('supervisor');
  assert.equal(res.status, 201);
  const cookie = res.setCookie.find((c) => c.startsWith('bm_session='));
  assert.ok(cookie, `a bm_session cookie: ${res.setCookie}`);
  const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), cookie);
  assert.ok(attrs.includes('samesite=strict'), cookie);
  assert.ok(attrs.includes('path=/'), cookie);
  assert.match(cookie, /^bm_session=[0-9a-f]{32,};/, 'an unguessable token');
});

test('two logins get two different session tokens', async () => {
  const a = await loginAs('supervisor');
  const b = await loginAs('supervisor');
  assert.notEqual(a.cookie, b.cookie);
  assert.notEqual(a.csrf, b.csrf);
});

test('GET /api/v1/session returns the logged-in user', async () => {
  const c = await loginAs('staff-610929100');
  const res = await c.get('/api/v1/session');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.user.username, 'staff-610929100');
  assert.equal(res.json.user.role, 'window_staff');
  assert.equal(res.json.user.org_code, '610929100');
  assert.equal(res.json.csrf_token, c.csrf);
});

test('GET /api/v1/session without a cookie answers 401 unauthenticated', async () => {
  assertError(await new Client().get('/api/v1/session'), 401, 'unauthenticated');
});

test('GET /api/v1/session with a made-up cookie answers 401 unauthenticated', async () => {
  const c = new Client();
  c.cookie = `bm_session=${'ab'.repeat(32)}`;
  assertError(await c.get('/api/v1/session'), 401, 'unauthenticated');
});

test('logout ends the session: the old cookie no longer works and the cookie is cleared', async () => {
  const c = await loginAs('mgr-610929100');
  const res = await c.delete('/api/v1/session');
  assert.equal(res.status, 200, res.text);
  const cleared = setCookies(res.headers).find((x) => x.startsWith('bm_session='));
  assert.ok(cleared, 'logout sets the cookie again');
  assert.match(cleared, /Max-Age=0/i, 'and expires it');
  assertError(await c.get('/api/v1/session'), 401, 'unauthenticated');
  assertError(await c.get('/api/v1/orgs'), 401, 'unauthenticated');
});

test('logout ends only that session, not the same user\'s other sessions', async () => {
  const a = await loginAs('mgr-610929100');
  const b = await loginAs('mgr-610929100');
  assert.equal((await a.delete('/api/v1/session')).status, 200);
  assert.equal((await b.get('/api/v1/session')).status, 200);
});

test('logout without the CSRF token is refused (403 csrf_failed) and the session stays', async () => {
  const c = await loginAs('mgr-610929100');
  assertError(await c.delete('/api/v1/session', { csrf: false }), 403, 'csrf_failed');
  assert.equal((await c.get('/api/v1/session')).status, 200);
});

test('wrong password answers 401 invalid_credentials and sets no cookie', async () => {
  const res = await rawLogin('supervisor', 'not-the-password', '127.0.0.21');
  assertError(res, 401, 'invalid_credentials');
  assert.equal(res.headers['set-cookie'], undefined);
});

test('an unknown username answers exactly like a wrong password', async () => {
  const wrong = await rawLogin('supervisor', 'not-the-password', '127.0.0.22');
  const unknown = await rawLogin('no-such-user', 'not-the-password', '127.0.0.22');
  assertError(unknown, 401, 'invalid_credentials');
  assert.equal(unknown.text, wrong.text);
});

test('after 5 failed logins for one username the next attempt answers 429 too_many_attempts, even with the right password', async () => {
  const user = 'staff-610929105';
  for (let i = 1; i <= 5; i++)
    assertError(await rawLogin(user, `wrong-${i}`, '127.0.0.23'), 401, 'invalid_credentials');
  assertError(await rawLogin(user, DEMO_PASSWORD, '127.0.0.23'), 429, 'too_many_attempts');
  // The username is what is throttled, wherever the next attempt comes from.
  assertError(await rawLogin(user, DEMO_PASSWORD, '127.0.0.24'), 429, 'too_many_attempts');
  const c = new Client();
  assertError(await c.login(user), 429, 'too_many_attempts');
});

test('a throttled username does not lock other users out', async () => {
  const user = 'no-such-user-throttled';
  for (let i = 1; i <= 5; i++)
    assertError(await rawLogin(user, `wrong-${i}`, '127.0.0.25'), 401, 'invalid_credentials');
  assertError(await rawLogin(user, `wrong-6`, '127.0.0.25'), 429, 'too_many_attempts');
  const res = await rawLogin('supervisor', DEMO_PASSWORD, '127.0.0.25');
  assert.equal(res.status, 201, res.text);
});

test('after 20 failed logins from one address, every login from it answers 429; other addresses are unaffected', async () => {
  const from = '127.0.0.26';
  // 4 failures each for 5 usernames: no single username reaches its own limit of 5.
  for (let u = 0; u < 5; u++)
    for (let i = 0; i < 4; i++)
      assertError(await rawLogin(`ip-throttle-${u}`, 'wrong', from), 401, 'invalid_credentials');
  assertError(await rawLogin('supervisor', DEMO_PASSWORD, from), 429, 'too_many_attempts');
  assert.equal((await rawLogin('supervisor', DEMO_PASSWORD, '127.0.0.27')).status, 201);
});

test('a successful login does not reset the failure count of the address', async () => {
  // Otherwise an attacker holding one valid account could guess others' passwords unthrottled.
  const from = '127.0.0.28';
  for (let u = 0; u < 5; u++)
    for (let i = 0; i < 4; i++) {
      if (i === 2) assert.equal((await rawLogin('supervisor', DEMO_PASSWORD, from)).status, 201);
      assertError(await rawLogin(`ip-reset-${u}`, 'wrong', from), 401, 'invalid_credentials');
    }
  assertError(await rawLogin('supervisor', DEMO_PASSWORD, from), 429, 'too_many_attempts');
});

test('a disabled user (bianmin user disable) cannot log in (403 account_disabled) and his session ends', async () => {
  const user = `staff-${townList.at(-1).code}`;
  const c = await loginAs(user);
  const r = await bianmin(['user', 'disable', user, ...DB_ARGS]);
  assert.equal(r.code, 0, r.stderr);
  assertError(await c.get('/api/v1/session'), 401, 'unauthenticated');
  assertError(await new Client().login(user), 403, 'account_disabled');
});

test('a disabled user with a wrong password gets 401 invalid_credentials (no hint that the account exists)', async () => {
  const user = `staff-${townList.at(-2).code}`;
  const r = await bianmin(['user', 'disable', user, ...DB_ARGS]);
  assert.equal(r.code, 0, r.stderr);
  assertError(await rawLogin(user, 'not-the-password', '127.0.0.29'), 401, 'invalid_credentials');
});

test('a re-enabled user (bianmin user disable --enable) can log in again', async () => {
  const user = `mgr-${townList.at(-2).code}`;
  assert.equal((await bianmin(['user', 'disable', user, ...DB_ARGS])).code, 0);
  assertError(await new Client().login(user), 403, 'account_disabled');
  const r = await bianmin(['user', 'disable', user, '--enable', ...DB_ARGS]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await new Client().login(user)).status, 201);
});
