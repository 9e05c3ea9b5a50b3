// catalog-search.test.mjs — GET /api/v1/items: public search over names, keywords and
// materials; 1-, 2- and 3+-character Chinese queries; ranking (exact name, name prefix, name
// contains, keywords, materials, then code); filters; pagination; hostile queries.
//
// The expected answer of a query is worked out here from the documents themselves (every item's
// name, keywords and material names), so nothing about the demo catalogue is hard-coded.
// Writes: the items T-CAT-SEARCH-* (the ranking fixtures, names with 鹈鹕). Other catalogue test
// files write only items whose texts avoid the words compared on here (see itemDoc()).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  Client, assertError, assertFieldError, itemDoc, listAll, loginAs, rawRequest,
} from './helpers.mjs';

const anon = new Client();
let supervisor;
let docs; // every item's current document, by code

const SUMMARY_KEYS = ['code', 'name', 'type', 'type_label', 'category', 'implementing_body',
  'body_level', 'receive_levels', 'decide_level', 'kind', 'promised_days', 'statutory_days',
  'visits', 'online', 'fee_charged'].sort();

// The ranking fixtures, created in this order: the exact matches come last and have the highest
// codes, so only the ranking can put them first.
const RANK = [
  ['T-CAT-SEARCH-1', { name: '鹈鹕登记备案' }],                          // prefix
  ['T-CAT-SEARCH-2', { name: '申请鹈鹕登记' }],                          // name contains
  ['T-CAT-SEARCH-3', { name: '候鸟观测备案', keywords: ['鹈鹕登记'] }],  // keyword
  ['T-CAT-SEARCH-4', {
    name: '湿地巡护备案',
    materials: [{ name: '鹈鹕登记表', necessity: 'required', form: 'original', copies: 1, source: 'applicant' }],
  }],                                                                     // material
  ['T-CAT-SEARCH-5', { name: '鹈鹕登记' }],                              // exact (4 characters)
  ['T-CAT-SEARCH-6', { name: '鹈鹕' }],                                  // exact (2 characters)
];

async function search(params, client = anon) {
  const qs = new URLSearchParams(params).toString();
  return client.get(`/api/v1/items${qs ? `?${qs}` : ''}`);
}

/** All results of a search, page by page (limit 1000). */
async function searchAll(params) {
  const res = await search({ ...params, limit: 1000 });
  assert.equal(res.status, 200, `${JSON.stringify(params)}: ${res.text}`);
  assert.equal(res.json.items.length, res.json.total, 'one page holds them all');
  return res.json.items;
}

/** The rank of a document for q, as the API documents it, or -1 when it does not match. */
function rankOf(doc, q) {
  const keywords = (doc.keywords ?? []).join(' ');
  const materials = doc.materials.map((m) => m.name).join(' ');
  if (!doc.name.includes(q) && !keywords.includes(q) && !materials.includes(q)) return -1;
  if (doc.name === q) return 0;
  if (doc.name.startsWith(q)) return 1;
  if (doc.name.includes(q)) return 2;
  if (keywords.includes(q)) return 3;
  return 4;
}

/** The codes a search for q must answer, in order. */
function expectedCodes(q, filter = () => true) {
  return [...docs.values()]
    .filter((d) => filter(d))
    .map((d) => ({ code: d.code, rank: rankOf(d, q) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((x) => x.code);
}

async function loadDocs() {
  const all = await listAll(anon, '/api/v1/items');
  const out = new Map();
  for (const s of all) {
    const res = await anon.get(`/api/v1/items/${encodeURIComponent(s.code)}`);
    assert.equal(res.status, 200, res.text);
    out.set(s.code, res.json);
  }
  return out;
}

before(async () => {
  supervisor = await loginAs('supervisor');
  for (const [code, overrides] of RANK) {
    const res = await supervisor.post('/api/v1/items', itemDoc(code, overrides));
    assert.equal(res.status, 201, `create ${code}: ${res.text}`);
  }
  docs = await loadDocs();
});

test('search is public: no cookie, 200 {"items","total"} with summaries', async () => {
  const res = await anon.get(`/api/v1/items?q=${encodeURIComponent('证')}`);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Object.keys(res.json).sort(), ['items', 'total']);
  assert.ok(res.json.total > 0 && res.json.items.length > 0);
  for (const s of res.json.items) {
    assert.deepEqual(Object.keys(s).sort(), SUMMARY_KEYS, `summary of ${s.code}`);
    const d = docs.get(s.code);
    assert.ok(d, `${s.code} is an item`);
    for (const k of SUMMARY_KEYS.filter((k) => !['type_label', 'fee_charged'].includes(k)))
      assert.deepEqual(s[k], d[k], `${s.code}.${k} agrees with the document`);
    assert.equal(s.type_label, d.type_label);
    assert.equal(s.fee_charged, d.fee.charged);
  }
});

test('the one-character query "证" finds every item with 证 in name, keywords or materials, ranked', async () => {
  const want = expectedCodes('证');
  assert.ok(want.length > 1, 'the demo has items with 证');
  assert.deepEqual((await searchAll({ q: '证' })).map((s) => s.code), want);
});

test('the two-character query "低保" finds the 低保 items, ranked', async () => {
  const want = expectedCodes('低保');
  assert.ok(want.length >= 1, 'the demo has a 低保 item');
  const got = await searchAll({ q: '低保' });
  assert.deepEqual(got.map((s) => s.code), want);
  assert.ok(got.some((s) => s.name.includes('最低生活保障')), '最低生活保障 is found by 低保');
});

test('longer queries ("最低生活保障", "户口", "户口簿", "身份证") answer exactly the items containing them', async () => {
  for (const q of ['最低生活保障', '户口', '户口簿', '身份证', '居民身份证']) {
    const want = expectedCodes(q);
    assert.ok(want.length > 0, `the demo has items with ${q}`);
    assert.deepEqual((await searchAll({ q })).map((s) => s.code), want, q);
  }
});

test('an exact name match ranks first (2-, 4- and 1-character queries on the fixtures)', async () => {
  const codes = async (q) => (await searchAll({ q })).map((s) => s.code);
  assert.deepEqual(await codes('鹈鹕'),
    ['T-CAT-SEARCH-6', 'T-CAT-SEARCH-1', 'T-CAT-SEARCH-5', 'T-CAT-SEARCH-2', 'T-CAT-SEARCH-3', 'T-CAT-SEARCH-4']);
  assert.deepEqual(await codes('鹈鹕登记'),
    ['T-CAT-SEARCH-5', 'T-CAT-SEARCH-1', 'T-CAT-SEARCH-2', 'T-CAT-SEARCH-3', 'T-CAT-SEARCH-4']);
  assert.deepEqual(await codes('鹕'),
    ['T-CAT-SEARCH-1', 'T-CAT-SEARCH-2', 'T-CAT-SEARCH-5', 'T-CAT-SEARCH-6', 'T-CAT-SEARCH-3', 'T-CAT-SEARCH-4']);
});

test('every demo item is items[0] when searched by its exact name', async () => {
  const demo = [...docs.values()].filter((d) => !d.code.startsWith('T-CAT-'));
  assert.ok(demo.length > 10);
  for (const d of demo) {
    const res = await search({ q: d.name, limit: 3 });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json.items.length > 0, `${d.name} finds something`);
    assert.equal(res.json.items[0].name, d.name, `"${d.name}" ranks its own item first`);
  }
});

test('no result answers exactly {"items":[],"total":0}', async () => {
  for (const q of ['查无此事', '鸮', 'zzzzqqq']) {
    const res = await search({ q });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { items: [], total: 0 }, q);
  }
});

test('SQL, FTS and LIKE syntax in q is taken literally: no error, exactly the literal matches, nothing changed', async () => {
  // (the other catalogue tests revise their own T-CAT-* items meanwhile)
  const demoBefore = (await searchAll({})).filter((s) => !s.code.startsWith('T-CAT-'));
  const hostile = [
    "'", '"', "''", '""', '"""', "' OR 1=1 --", "' OR '1'='1", "1' OR '1'='1' --", "'; DROP TABLE items; --",
    '"; DROP TABLE item_search; --', "低保' OR 1=1 --", '"a" OR b*', 'a OR b', '低保 OR 证', 'NOT 低保',
    'NEAR(a b)', 'NEAR(低保 证)', '低保*', '"低保"', '"低保', '低保"', 'name:低保', 'code:610929',
    '{name}: 低保', '^低保', '低保 AND 证', '-低保', '+低保', '(', ')', '()', '*', ':', '^', '%', '_', '%%',
    '%低保%', '_保', '低_', '\\', '\\%', '[', ']', '[低保]', '/*', '*/', '--', ';', '1; SELECT 1',
    'UNION SELECT summary FROM item_search', '\u0000', '低\u0000保', 'a\tb', '\n', '低保\r\n',
    '😀', '🏠户口', '\u200b', '\ufeff低保',
  ];
  for (const q of hostile) {
    const res = await search({ q, limit: 1000 });
    assert.equal(res.status, 200, `q=${JSON.stringify(q)}: ${res.text}`);
    assert.deepEqual(Object.keys(res.json).sort(), ['items', 'total']);
    assert.equal(res.json.items.length, res.json.total, `q=${JSON.stringify(q)}`);
    if (q.includes('\u0000')) continue; // a NUL ends the query string on the server: no literal rule
    if (q.trim() === '') continue;
    assert.deepEqual(res.json.items.map((s) => s.code), expectedCodes(q), `q=${JSON.stringify(q)} answers its literal matches`);
  }
  // Nothing changed: every item is still there, with the same summary.
  const after = new Map((await searchAll({})).map((s) => [s.code, s]));
  for (const s of demoBefore) assert.deepEqual(after.get(s.code), s, `${s.code} unchanged`);
  const res = await anon.get('/api/v1/items/610929-GF-0001');
  if (docs.has('610929-GF-0001')) assert.deepEqual(res.json, docs.get('610929-GF-0001'));
});

test('q over 200 bytes answers 400 invalid_query; 200 bytes is still a search', async () => {
  assertError(await search({ q: 'a'.repeat(201) }), 400, 'invalid_query');
  assertError(await search({ q: '证'.repeat(67) }), 400, 'invalid_query'); // 201 bytes
  assertError(await search({ q: "' OR 1=1 -- ".repeat(100) }), 400, 'invalid_query');
  assertError(await search({ q: '证'.repeat(1000) }), 400, 'invalid_query'); // a 9 KB URL
  const ok = await search({ q: 'a'.repeat(200) });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json, { items: [], total: 0 });
  assert.equal((await search({ q: '证'.repeat(66) })).status, 200); // 198 bytes
});

test('q that is not UTF-8 answers 400 invalid_query', async () => {
  for (const raw of ['%FF', '%E8%AF', 'a%C0%AFb', '%ED%A0%80']) {
    const res = await anon.get(`/api/v1/items?q=${raw}`);
    assertError(res, 400, 'invalid_query');
  }
});

test('filter level: every result is received at that level; with q it is exactly the matching items', async () => {
  for (const level of ['village', 'town', 'county']) {
    const all = await searchAll({ level });
    assert.ok(all.length > 0, `items received at ${level}`);
    for (const s of all) assert.ok(s.receive_levels.includes(level), `${s.code} is received at ${level}`);
    const want = expectedCodes('证', (d) => d.receive_levels.includes(level));
    assert.deepEqual((await searchAll({ q: '证', level })).map((s) => s.code), want, `证 at ${level}`);
  }
});

test('filter type: every result has that type; with q it is exactly the matching items', async () => {
  const types = new Set([...docs.values()].map((d) => d.type));
  assert.ok(types.size > 1);
  for (const type of types) {
    const all = await searchAll({ type });
    assert.ok(all.length > 0);
    for (const s of all) assert.equal(s.type, type);
    assert.deepEqual((await searchAll({ q: '证', type })).map((s) => s.code),
      expectedCodes('证', (d) => d.type === type), `证 of type ${type}`);
  }
  assert.deepEqual((await searchAll({ type: 'JL', q: '鹈鹕' })).length, 6, 'the fixtures are type JL');
});

test('filter category: every result has that category', async () => {
  const res = await searchAll({ category: '测试分类', q: '鹈鹕' });
  assert.equal(res.length, 6);
  for (const s of await searchAll({ category: '社会救助' })) assert.equal(s.category, '社会救助');
  assert.deepEqual(await searchAll({ category: '没有这个分类' }), []);
});

test('filter venue: exactly the venue\'s claimed items (as GET /venues/{id}/items), with and without q', async () => {
  const venues = await listAll(anon, '/api/v1/public/venues?level=county');
  const center = venues.find((v) => v.kind === 'center') ?? venues[0];
  const claimed = await listAll(anon, `/api/v1/venues/${center.id}/items`);
  assert.ok(claimed.length > 0, 'the county centre handles items');
  const got = await searchAll({ venue: center.id });
  assert.deepEqual(new Set(got.map((s) => s.code)), new Set(claimed.map((s) => s.code)));
  const inVenue = new Set(claimed.map((s) => s.code));
  assert.deepEqual((await searchAll({ venue: center.id, q: '证' })).map((s) => s.code),
    expectedCodes('证', (d) => inVenue.has(d.code)));
  assert.deepEqual(await search({ venue: 99999999 }).then((r) => r.json), { items: [], total: 0 });
});

test('filters combine: level and type and q', async () => {
  const want = expectedCodes('证', (d) => d.type === 'GG' && d.receive_levels.includes('village'));
  assert.deepEqual((await searchAll({ q: '证', type: 'GG', level: 'village' })).map((s) => s.code), want);
});

test('pagination: limit/offset pages concatenate to the whole answer, total on every page', async () => {
  const whole = (await searchAll({ q: '证' })).map((s) => s.code);
  assert.ok(whole.length > 12, 'enough results to page through');
  const pages = [];
  for (let offset = 0; offset < whole.length; offset += 5) {
    const res = await search({ q: '证', limit: 5, offset });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.total, whole.length, `total at offset ${offset}`);
    assert.ok(res.json.items.length <= 5);
    pages.push(...res.json.items.map((s) => s.code));
  }
  assert.deepEqual(pages, whole);
  const past = await search({ q: '证', offset: whole.length + 10 });
  assert.deepEqual(past.json, { items: [], total: whole.length });
  const dflt = await search({ q: '证' });
  assert.equal(dflt.json.items.length, Math.min(100, whole.length), 'default limit 100');
});

test('bad paging or filter parameters answer 400 invalid_query', async () => {
  const bad = [{ limit: 0 }, { limit: 1001 }, { limit: 'abc' }, { limit: -1 }, { offset: -1 }, { offset: 'x' },
    { level: 'city' }, { level: 'Town' }, { level: '' }, { type: 'xk' }, { type: 'ZZ' }, { type: "GF' OR 1=1" },
    { venue: 0 }, { venue: -3 }, { venue: 'abc' }, { venue: '1 OR 1=1' }];
  for (const p of bad) {
    const res = await search({ q: '证', ...p });
    assertFieldError(res, 400, 'invalid_query');
  }
});

test('other methods on /api/v1/items answer 405 method_not_allowed with Allow', async () => {
  for (const method of ['DELETE', 'PATCH', 'PUT']) {
    const res = await rawRequest({ method, path: '/api/v1/items?q=%E8%AF%81' });
    assertError(res, 405, 'method_not_allowed');
    assert.match(res.headers.allow ?? '', /\bGET\b/);
  }
});
