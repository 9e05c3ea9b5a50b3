// lists.test.mjs — list endpoints: {"items","total"}, limit (default 100, at most 1000),
// offset, and the org filters. Read-only.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { assertError, listAll, loginAs } from './helpers.mjs';

const LISTS = ['/api/v1/orgs', '/api/v1/venues'];
let supervisor;

before(async () => {
  supervisor = await loginAs('supervisor');
});

test('list endpoints answer {"items":[...],"total":N} and nothing else', async () => {
  for (const p of LISTS) {
    const res = await supervisor.get(p);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.json).sort(), ['items', 'total'], p);
    assert.ok(Array.isArray(res.json.items), p);
    assert.ok(Number.isInteger(res.json.total) && res.json.total >= res.json.items.length, p);
  }
});

test('limit defaults to 100', async () => {
  for (const p of LISTS) {
    const res = await supervisor.get(p);
    assert.equal(res.json.items.length, Math.min(res.json.total, 100), p);
    // Ids and codes only: other test files may be changing venue profiles meanwhile.
    const key = (x) => x.code ?? x.id;
    const explicit = await supervisor.get(`${p}?limit=100`);
    assert.deepEqual(explicit.json.items.map(key), res.json.items.map(key), `${p}: no limit is limit=100`);
    assert.equal(explicit.json.total, res.json.total);
  }
});

test('limit=1000 is accepted and returns up to 1000 items', async () => {
  for (const p of LISTS) {
    const res = await supervisor.get(`${p}?limit=1000`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.items.length, Math.min(res.json.total, 1000), p);
  }
});

test('limit=1001 answers 400 invalid_query', async () => {
  for (const p of LISTS) assertError(await supervisor.get(`${p}?limit=1001`), 400, 'invalid_query');
});

test('limit of 0, negative, fractional or not a number answers 400 invalid_query', async () => {
  for (const p of LISTS)
    for (const v of ['0', '-1', '2.5', 'ten', '', '1e2', '99999999999999999999'])
      assertError(await supervisor.get(`${p}?limit=${v}`), 400, 'invalid_query');
});

test('a negative or non-numeric offset answers 400 invalid_query', async () => {
  for (const p of LISTS)
    for (const v of ['-1', 'x', ''])
      assertError(await supervisor.get(`${p}?offset=${v}`), 400, 'invalid_query');
});

test('limit=1 returns one item and the full total', async () => {
  for (const p of LISTS) {
    const all = await supervisor.get(`${p}?limit=1000`);
    const one = await supervisor.get(`${p}?limit=1`);
    assert.equal(one.json.items.length, Math.min(1, all.json.total));
    assert.equal(one.json.total, all.json.total);
    assert.deepEqual(one.json.items.map((x) => x.code ?? x.id), all.json.items.slice(0, 1).map((x) => x.code ?? x.id));
  }
});

test('offset pages through the list with no gaps and no repeats', async () => {
  for (const p of ['/api/v1/orgs', '/api/v1/venues']) {
    const all = (await supervisor.get(`${p}?limit=1000`)).json.items;
    const key = (x) => (p.endsWith('orgs') ? x.code : x.id);
    const paged = [];
    for (let offset = 0; offset < all.length; offset += 7) {
      const res = await supervisor.get(`${p}?limit=7&offset=${offset}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.total, all.length);
      paged.push(...res.json.items);
    }
    assert.deepEqual(paged.map(key), all.map(key), p);
  }
});

test('an offset past the end gives no items and the same total', async () => {
  for (const p of LISTS) {
    const total = (await supervisor.get(p)).json.total;
    const res = await supervisor.get(`${p}?offset=${total + 10}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.items, []);
    assert.equal(res.json.total, total);
  }
});

test('org JSON has code, name, level, kind and parent_code', async () => {
  const orgs = await listAll(supervisor, '/api/v1/orgs');
  const codes = new Set(orgs.map((o) => o.code));
  for (const o of orgs) {
    assert.match(o.code, /^\d{6}(\d{3}(\d{3})?)?$/, 'statistical division code');
    assert.ok(o.name);
    assert.ok(['county', 'town', 'village'].includes(o.level), o.level);
    assert.ok(o.kind);
    if (o.level === 'county') assert.ok(o.parent_code == null);
    else assert.ok(codes.has(o.parent_code), `${o.code}'s parent ${o.parent_code} is listed`);
  }
});

test('GET /api/v1/orgs?level= filters by level, and the levels add up to the whole list', async () => {
  const total = (await supervisor.get('/api/v1/orgs')).json.total;
  let sum = 0;
  for (const level of ['county', 'town', 'village']) {
    const items = await listAll(supervisor, `/api/v1/orgs?level=${level}`);
    assert.ok(items.every((o) => o.level === level), level);
    sum += items.length;
  }
  assert.equal(sum, total);
});

test('GET /api/v1/orgs?parent= lists the children of an org', async () => {
  const all = await listAll(supervisor, '/api/v1/orgs');
  const county = all.find((o) => o.level === 'county');
  const children = await listAll(supervisor, `/api/v1/orgs?parent=${county.code}`);
  assert.deepEqual(children.map((o) => o.code).sort(),
    all.filter((o) => o.parent_code === county.code).map((o) => o.code).sort());
  assert.ok(children.length > 0);
});

test('GET /api/v1/venues?org= narrows to one org, and the orgs add up to the whole list', async () => {
  const all = await listAll(supervisor, '/api/v1/venues');
  const byOrg = new Map();
  for (const v of all) byOrg.set(v.org_code, (byOrg.get(v.org_code) ?? 0) + 1);
  for (const [code, n] of byOrg) {
    const res = await supervisor.get(`/api/v1/venues?org=${code}`);
    assert.equal(res.json.total, n, code);
    assert.ok(res.json.items.every((v) => v.org_code === code));
  }
});

test('venue JSON has id, org_code, level, name, area_m2, window_count and open_to_public', async () => {
  const venues = await listAll(supervisor, '/api/v1/venues');
  assert.ok(venues.length > 0, 'the demo has venues');
  for (const v of venues) {
    assert.ok(Number.isInteger(v.id) && v.id > 0);
    assert.ok(typeof v.org_code === 'string' && v.org_code);
    assert.ok(['county', 'town', 'village'].includes(v.level), v.level);
    assert.ok(typeof v.name === 'string' && v.name);
    assert.ok(Number.isInteger(v.area_m2) && v.area_m2 >= 0);
    assert.ok(Number.isInteger(v.window_count) && v.window_count >= 0);
    assert.equal(typeof v.open_to_public, 'boolean');
  }
});

test('GET /api/v1/venues/{id} answers the same record as the list', async () => {
  const venues = (await supervisor.get('/api/v1/venues?limit=5')).json.items;
  for (const v of venues) {
    const one = (await supervisor.get(`/api/v1/venues/${v.id}`)).json;
    // Same fields; the stable ones equal (other test files may be editing profiles meanwhile).
    assert.deepEqual(Object.keys(one).sort(), Object.keys(v).sort());
    for (const k of ['id', 'org_code', 'level', 'kind']) assert.deepEqual(one[k], v[k], k);
  }
});
