// proxy.test.mjs — behind a reverse proxy (`--trusted-proxies`, http/forwarded.h): the login
// throttle counts the client the proxy names in X-Forwarded-For, so one address's wrong
// passwords lock out that address only, not everybody behind the proxy; a peer that is not a
// trusted proxy cannot pick its address by sending the header.
//
// Runs on servers of its own over a fresh demo database: one trusting 127.0.0.1, one trusting
// nobody. Writes only there.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertError, freshDemoDatabase, rawRequest, sql, startServer } from './helpers.mjs';

const PASSWORD = 'bianmin-demo';
let dbArgs, trusting, plain;

before(async () => {
  dbArgs = await freshDemoDatabase('proxy');
  trusting = await startServer(['--trusted-proxies', '127.0.0.1, ::1'], dbArgs);
  plain = await startServer([], dbArgs);
});

after(async () => {
  await trusting?.stop();
  await plain?.stop();
});

/** POST /api/v1/session to `server`, with X-Forwarded-For when given, from `localAddress`. */
function login(server, username, password, { xff, localAddress } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (xff) headers['x-forwarded-for'] = xff;
  return rawRequest({
    base: server.url, method: 'POST', path: '/api/v1/session', headers, localAddress,
    body: JSON.stringify({ username, password }),
  });
}

const failuresOf = async (address) => Number(await sql(dbArgs,
  `SELECT COALESCE(SUM(failures), 0) FROM login_failures WHERE key = 'ip:${address}'`));

test('behind the proxy, twenty wrong passwords lock out their own address only', async () => {
  const A = '203.0.113.7';
  const B = '198.51.100.23';
  for (let i = 0; i < 20; i++) {
    // What the client wrote itself (the left entry) is not believed; the proxy's entry is.
    const res = await login(trusting, `nobody-${i}`, 'wrong', { xff: `192.0.2.99, ${A}` });
    assertError(res, 401, 'invalid_credentials');
  }
  assert.equal(await failuresOf(A), 20);
  assert.equal(await failuresOf('192.0.2.99'), 0);
  assert.equal(await failuresOf('127.0.0.1'), 0, 'not the proxy');
  assertError(await login(trusting, 'supervisor', PASSWORD, { xff: A }), 429, 'too_many_attempts');
  assert.equal((await login(trusting, 'supervisor', PASSWORD, { xff: B })).status, 201, 'B logs in');
  assert.equal((await login(trusting, 'admin', PASSWORD)).status, 201, 'the proxy itself, no header');
});

test('a peer that is not a trusted proxy keeps its own address whatever it forwards', async () => {
  // To the trusting server from 127.0.0.2: not a proxy it trusts.
  const res = await login(trusting, 'nobody-x', 'wrong', { xff: '198.51.100.50', localAddress: '127.0.0.2' });
  assertError(res, 401, 'invalid_credentials');
  assert.equal(await failuresOf('127.0.0.2'), 1);
  assert.equal(await failuresOf('198.51.100.50'), 0);
  // To the server that trusts nobody: every failure is its peer's, the header ignored.
  for (let i = 0; i < 20; i++)
    assertError(await login(plain, `nobody-p${i}`, 'wrong', { xff: `198.51.100.${i}` }), 401, 'invalid_credentials');
  assert.equal(await failuresOf('127.0.0.1'), 20);
  assertError(await login(plain, 'supervisor', PASSWORD, { xff: '198.51.100.77' }), 429, 'too_many_attempts');
});

test('a trusted_proxies value that is not a list of addresses stops the server from starting', async () => {
  await assert.rejects(startServer(['--trusted-proxies', '10.0.0.0/8'], dbArgs), /trusted-proxies/);
});
