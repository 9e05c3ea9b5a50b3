// csrf.test.mjs — the CSRF token and the JSON content type on state-changing requests.
//
// Writes only to the venue of otherTowns()[0] (see helpers.mjs).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Client, assertError, loginAs, otherTowns, rawRequest, venueOf } from './helpers.mjs';

let supervisor;
let venue;
let url;

before(async () => {
  supervisor = await loginAs('supervisor');
  venue = await venueOf(supervisor, (await otherTowns(supervisor))[0].code);
  url = `/api/v1/venues/${venue.id}`;
});

async function current() {
  const res = await supervisor.get(url);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

test('PATCH /api/v1/venues/{id} without X-CSRF-Token answers 403 csrf_failed and changes nothing', async () => {
  const before = await current();
  const res = await supervisor.patch(url, { phone: '0915-0000001' }, { csrf: false });
  assertError(res, 403, 'csrf_failed');
  assert.deepEqual(await current(), before);
});

test('PATCH with a wrong X-CSRF-Token answers 403 csrf_failed and changes nothing', async () => {
  const before = await current();
  const wrong = supervisor.csrf.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
  const res = await supervisor.patch(url, { phone: '0915-0000002' }, { headers: { 'x-csrf-token': wrong } });
  assertError(res, 403, 'csrf_failed');
  assert.deepEqual(await current(), before);
});

test('PATCH with an empty X-CSRF-Token answers 403 csrf_failed', async () => {
  const before = await current();
  const res = await supervisor.patch(url, { phone: '0915-0000003' }, { headers: { 'x-csrf-token': '' } });
  assertError(res, 403, 'csrf_failed');
  assert.deepEqual(await current(), before);
});

test('the CSRF token of another session does not work with this session\'s cookie', async () => {
  const other = await loginAs('supervisor');
  const before = await current();
  const res = await supervisor.patch(url, { phone: '0915-0000004' }, { headers: { 'x-csrf-token': other.csrf } });
  assertError(res, 403, 'csrf_failed');
  assert.deepEqual(await current(), before);
});

test('PATCH with the session\'s X-CSRF-Token answers 200 and the change is stored', async () => {
  const phone = `0915-${String(Date.now() % 10000000).padStart(7, '0')}`;
  const res = await supervisor.patch(url, { phone });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.phone, phone);
  assert.equal(res.json.id, venue.id);
  assert.equal((await current()).phone, phone);
});

test('PATCH without a session answers 401 unauthenticated and changes nothing', async () => {
  const before = await current();
  assertError(await new Client().patch(url, { phone: '0915-0000005' }), 401, 'unauthenticated');
  assert.deepEqual(await current(), before);
});

test('a PATCH with a non-JSON content type answers 415 unsupported_media_type and changes nothing', async () => {
  const before = await current();
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await supervisor.request('PATCH', url, {
      body: JSON.stringify({ phone: '0915-0000006' }),
      headers: { 'content-type': type },
    });
    assertError(res, 415, 'unsupported_media_type');
  }
  assert.deepEqual(await current(), before);
});

test('a PATCH with a JSON body but no content type answers 415', async () => {
  const before = await current();
  const res = await rawRequest({
    method: 'PATCH',
    path: url,
    headers: { cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf },
    body: JSON.stringify({ phone: '0915-0000007' }),
  });
  assertError(res, 415, 'unsupported_media_type');
  assert.deepEqual(await current(), before);
});

test('content types that only start like application/json (application/jsonp) answer 415', async () => {
  const before = await current();
  const res = await supervisor.request('PATCH', url, {
    body: JSON.stringify({ phone: '0915-0000008' }),
    headers: { 'content-type': 'application/jsonp' },
  });
  assertError(res, 415, 'unsupported_media_type');
  assert.deepEqual(await current(), before);
});

test('application/json with a charset parameter (any case) is accepted', async () => {
  for (const type of ['application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
    const hours = `08:30-17:30 ${type.length}`;
    const res = await supervisor.request('PATCH', url, { body: JSON.stringify({ hours }), headers: { 'content-type': type } });
    assert.equal(res.status, 200, `${type}: ${res.text}`);
    assert.equal((await current()).hours, hours);
  }
});

test('a form-encoded login (the classic cross-site form post) answers 415 and logs nobody in', async () => {
  const res = await rawRequest({
    method: 'POST',
    path: '/api/v1/session',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'username=supervisor&password=bianmin-demo',
  });
  assertError(res, 415, 'unsupported_media_type');
  assert.equal(res.headers['set-cookie'], undefined);
});
