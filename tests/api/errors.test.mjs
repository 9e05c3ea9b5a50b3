// errors.test.mjs — every kind of bad request gets its 4xx JSON error, with a stable code and
// a Chinese message, and changes nothing (checked by reading the record again).
//
// Writes only to the venue of otherTowns()[1] (see helpers.mjs).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Client, assertError, header, loginAs, otherTowns, rawRequest, venueOf } from './helpers.mjs';

const MiB = 1024 * 1024;
let supervisor;
let venue;
let url;

before(async () => {
  supervisor = await loginAs('supervisor');
  venue = await venueOf(supervisor, (await otherTowns(supervisor))[1].code);
  url = `/api/v1/venues/${venue.id}`;
});

async function current() {
  const res = await supervisor.get(url);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

/** Sends a raw body as a PATCH of the venue and checks the error and that nothing changed. */
async function patchFails(body, status, code) {
  const before = await current();
  const res = await supervisor.request('PATCH', url, { body, headers: { 'content-type': 'application/json' } });
  assertError(res, status, code);
  assert.deepEqual(await current(), before, `venue unchanged after ${body.slice(0, 60)}`);
  return res;
}

test('malformed JSON answers 400 invalid_json and changes nothing', async () => {
  for (const body of ['{"name": ', '{name: "x"}', "{'name': 'x'}", '{"name":"x",}', '', ' ', 'nul'])
    await patchFails(body, 400, 'invalid_json');
});

test('JSON with trailing garbage answers 400 invalid_json', async () => {
  await patchFails('{"name":"x"} {"name":"y"}', 400, 'invalid_json');
});

test('duplicate keys answer 400 invalid_json (no guessing which one counts)', async () => {
  await patchFails('{"name":"甲","name":"乙"}', 400, 'invalid_json');
});

test('a body that is not UTF-8 answers 400 invalid_json', async () => {
  const before = await current();
  const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
  const res = await supervisor.request('PATCH', url, { body, headers: { 'content-type': 'application/json' } });
  assertError(res, 400, 'invalid_json');
  assert.deepEqual(await current(), before);
});

test('JSON that is not an object answers 400 expected_object and changes nothing', async () => {
  for (const body of ['[]', '[{"name":"x"}]', '"name"', '42', 'true', 'null'])
    await patchFails(body, 400, 'expected_object');
});

test('a field of the wrong type answers 400 invalid_field and changes nothing', async () => {
  for (const patch of [{ area_m2: '120' }, { area_m2: 12.5 }, { window_count: true }, { open_to_public: 'yes' },
    { open_to_public: 1 }, { name: 42 }, { name: null }, { zones: 'handling' }, { opened_on: 20250101 }, { phone: ['x'] }])
    await patchFails(JSON.stringify(patch), 400, 'invalid_field');
});

test('a value out of range answers 400 invalid_field and changes nothing', async () => {
  for (const patch of [{ area_m2: -1 }, { area_m2: 100001 }, { window_count: 201 }, { opened_on: '2025-02-30' },
    { opened_on: '30/01/2025' }, { zones: ['handling', 'dance_floor'] }, { name: '' }, { name: '名'.repeat(65) },
    { name: 'tab\there' }])
    await patchFails(JSON.stringify(patch), 400, 'invalid_field');
});

test('a bad field after good ones changes nothing at all (the PATCH is all or nothing)', async () => {
  await patchFails(JSON.stringify({ name: '不应保存', area_m2: 77, window_count: 'many' }), 400, 'invalid_field');
});

test('an unknown field answers 400 unknown_field and changes nothing', async () => {
  await patchFails(JSON.stringify({ colour: 'red' }), 400, 'unknown_field');
  await patchFails(JSON.stringify({ name: '不应保存', id: 1 }), 400, 'unknown_field');
  await patchFails(JSON.stringify({ org_code: '610929' }), 400, 'unknown_field');
});

test('login without password or username answers 400 missing_field', async () => {
  const anon = new Client();
  assertError(await anon.post('/api/v1/session', { username: 'supervisor' }), 400, 'missing_field');
  assertError(await anon.post('/api/v1/session', { password: 'bianmin-demo' }), 400, 'missing_field');
  assertError(await anon.post('/api/v1/session', {}), 400, 'missing_field');
  assertError(await anon.post('/api/v1/session', { username: '', password: 'bianmin-demo' }), 400, 'missing_field');
  assertError(await anon.post('/api/v1/session', { username: null, password: 'bianmin-demo' }), 400, 'missing_field');
});

test('login with fields of the wrong type answers 400 invalid_field', async () => {
  const anon = new Client();
  assertError(await anon.post('/api/v1/session', { username: 42, password: 'bianmin-demo' }), 400, 'invalid_field');
  assertError(await anon.post('/api/v1/session', { username: 'supervisor', password: ['bianmin-demo'] }), 400, 'invalid_field');
  assertError(await anon.post('/api/v1/session', { username: 'supervisor', password: 12345678 }), 400, 'invalid_field');
});

test('control characters in a string field answer 400 invalid_field', async () => {
  const anon = new Client();
  assertError(await anon.post('/api/v1/session', { username: 'super\u0001visor', password: 'bianmin-demo' }), 400, 'invalid_field');
  await patchFails(JSON.stringify({ location: 'line\nbreak' }), 400, 'invalid_field');
});

test('an escaped NUL inside a string answers 400 and changes nothing', async () => {
  const res = await patchFails('{"name":"a\\u0000b"}', 400, 'invalid_json');
  assert.ok(res);
});

test('login with an unknown field answers 400 unknown_field', async () => {
  const res = await new Client().post('/api/v1/session', { username: 'supervisor', password: 'bianmin-demo', remember: true });
  assertError(res, 400, 'unknown_field');
});

test('login with malformed JSON answers 400 invalid_json and sets no cookie', async () => {
  const res = await new Client().request('POST', '/api/v1/session', { body: '{"username":"supervisor",', headers: { 'content-type': 'application/json' } });
  assertError(res, 400, 'invalid_json');
  assert.equal(header(res, 'set-cookie'), null);
});

test('a body over 1 MiB with Content-Length answers 413 body_too_large and changes nothing', async () => {
  const before = await current();
  // Sent whole, as browsers do: the server reads and discards it, then answers (a server that
  // closed while the client was still sending would reset the connection instead).
  for (let i = 0; i < 5; i++) {
    const body = JSON.stringify({ name: '太大了', equipment: 'x'.repeat(MiB) });
    const res = await supervisor.request('PATCH', url, { body, headers: { 'content-type': 'application/json' } });
    assertError(res, 413, 'body_too_large');
  }
  assert.deepEqual(await current(), before);
});

test('a declared Content-Length over 1 MiB with Expect: 100-continue is answered 413 before the body is sent', async () => {
  const before = await current();
  const res = await rawRequest({
    method: 'PATCH',
    path: url,
    headers: {
      cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf, expect: '100-continue',
      'content-type': 'application/json', 'content-length': String(MiB + 1),
    },
    headersOnly: true,
  });
  assertError(res, 413, 'body_too_large');
  assert.deepEqual(await current(), before);
});

test('a huge declared Content-Length is answered 413 at once, without reading the body', async () => {
  const res = await rawRequest({
    method: 'PATCH',
    path: url,
    headers: {
      cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf,
      'content-type': 'application/json', 'content-length': String(1024 * MiB),
    },
    headersOnly: true,
  });
  assertError(res, 413, 'body_too_large');
});

test('a chunked body over 1 MiB answers 413 body_too_large and changes nothing', async () => {
  const before = await current();
  // A valid JSON object that would change the name, were it not too large.
  const pad = ' '.repeat(64 * 1024);
  const chunks = ['{"name":"太大了"', ...Array(17).fill(pad), '}'];
  const res = await rawRequest({
    method: 'PATCH',
    path: url,
    headers: { cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf, 'content-type': 'application/json' },
    chunks,
  });
  assertError(res, 413, 'body_too_large');
  assert.deepEqual(await current(), before);
});

test('a chunked body over 1 MiB sent through fetch (streamed) answers 413', async () => {
  const before = await current();
  const piece = new TextEncoder().encode(' '.repeat(256 * 1024));
  let sent = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name":"太大了"'));
      if (sent++ < 5) controller.enqueue(piece);
      else { controller.enqueue(new TextEncoder().encode('}')); controller.close(); }
    },
  });
  const res = await fetch(supervisor.base + url, {
    method: 'PATCH',
    headers: { cookie: supervisor.cookie, 'x-csrf-token': supervisor.csrf, 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  });
  const text = await res.text();
  assertError({ status: res.status, headers: res.headers, text, json: JSON.parse(text) }, 413, 'body_too_large');
  assert.deepEqual(await current(), before);
});

test('a body of exactly 1 MiB is accepted', async () => {
  const name = `一兆字节 ${Date.now() % 1000}`;
  const head = JSON.stringify({ name }).slice(0, -1);
  const body = head + ' '.repeat(MiB - Buffer.byteLength(head) - 1) + '}';
  assert.equal(Buffer.byteLength(body), MiB);
  const res = await supervisor.request('PATCH', url, { body, headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 200, res.text.slice(0, 200));
  assert.equal((await current()).name, name);
});

test('an oversized login body answers 413 and logs nobody in', async () => {
  const body = JSON.stringify({ username: 'supervisor', password: 'bianmin-demo', x: 'y'.repeat(MiB) });
  const res = await new Client().request('POST', '/api/v1/session', { body, headers: { 'content-type': 'application/json' } });
  assertError(res, 413, 'body_too_large');
  assert.equal(header(res, 'set-cookie'), null);
});

test('unknown paths answer 404 not_found', async () => {
  for (const p of ['/api/v1/nothing', '/api/v2/orgs', '/api/v1/orgs/610929/extra', '/api/v1/venues/', '/api/v1',
    '/api/', '/api/v1/session/x', '/api/v1/ORGS', '/api/v1//orgs'])
    assertError(await supervisor.get(p), 404, 'not_found');
});

test('unknown paths answer 404 for every method, without a session too', async () => {
  const anon = new Client();
  for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
    assertError(await anon.request(m, '/api/v1/nothing', m === 'GET' ? {} : { json: {} }), 404, 'not_found');
});

test('an unknown or malformed venue id answers 404 venue_not_found', async () => {
  for (const id of ['999999999', '0', '-1', 'abc', '1e3', '12abc'])
    assertError(await supervisor.get(`/api/v1/venues/${id}`), 404, 'venue_not_found');
});

test('a wrong method answers 405 method_not_allowed with an Allow header listing the right ones', async () => {
  const cases = [
    ['PUT', url, ['GET', 'PATCH']],
    ['DELETE', url, ['GET', 'PATCH']],
    ['POST', url, ['GET', 'PATCH']],
    ['PUT', '/api/v1/session', ['DELETE', 'GET', 'POST']],
    ['POST', '/api/v1/orgs', ['GET']],
    ['DELETE', '/api/v1/orgs/610929', ['GET']],
    ['POST', '/healthz', ['GET']],
    ['POST', '/api/v1/calendar/add', ['GET']],
  ];
  for (const [method, p, allowed] of cases) {
    const res = await supervisor.request(method, p, { json: {} });
    assertError(res, 405, 'method_not_allowed');
    const allow = (header(res, 'allow') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    for (const m of allowed) assert.ok(allow.includes(m), `${method} ${p}: Allow "${allow}" includes ${m}`);
    assert.ok(!allow.includes(method), `${method} ${p}: Allow does not include ${method}`);
  }
});

test('a wrong method changes nothing', async () => {
  const before = await current();
  const res = await supervisor.request('PUT', url, { json: { name: '不应保存' } });
  assertError(res, 405, 'method_not_allowed');
  assert.deepEqual(await current(), before);
});

test('invalid query parameters answer 400 invalid_query', async () => {
  assertError(await supervisor.get('/api/v1/orgs?level=province'), 400, 'invalid_query');
  assertError(await supervisor.get('/api/v1/venues?limit=ten'), 400, 'invalid_query');
});
