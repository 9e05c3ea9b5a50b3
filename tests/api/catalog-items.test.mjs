// catalog-items.test.mjs — one item: GET /api/v1/items/{code} (public, the current version),
// its versions, and the supervisor's writes: POST (version 1), PUT (the next version, none when
// nothing changed), validation naming the field path, roles, CSRF.
//
// Writes: the items T-CAT-ITEMS-* only (see helpers.mjs). Logs in as users of otherTowns()[7]
// and 城关镇, read-only for them.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  Client, ITEM_META, assertError, assertFieldError, itemContent, itemDoc, listAll, loginAs,
  otherTowns,
} from './helpers.mjs';

const anon = new Client();
let supervisor;
let admin;
let town; // otherTowns()[7]
let village; // its first village

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TYPE_LABELS = { XK: '行政许可', GF: '行政给付', QR: '行政确认', JL: '行政奖励', CJ: '行政裁决',
  QT: '其他行政权力', GG: '公共服务', ZS: '行政征收' };
const DOC_KEYS = ['code', 'impl_code', 'name', 'type', 'category', 'keywords', 'implementing_body',
  'body_level', 'receive_levels', 'decide_level', 'legal_basis', 'conditions', 'materials', 'steps',
  'statutory_days', 'promised_days', 'kind', 'fee', 'place', 'hours', 'consult_phone',
  'complaint_phone', 'visits', 'online', 'scope', 'faq'];

before(async () => {
  supervisor = await loginAs('supervisor');
  admin = await loginAs('admin');
  town = (await otherTowns(supervisor))[7];
  const villages = await listAll(anon, `/api/v1/public/orgs?parent=${town.code}&level=village`);
  assert.ok(villages.length > 0, `${town.name} has villages`);
  village = villages[0];
});

const get = (code) => anon.get(`/api/v1/items/${encodeURIComponent(code)}`);

async function create(code, overrides) {
  const res = await supervisor.post('/api/v1/items', itemDoc(code, overrides));
  assert.equal(res.status, 201, `create ${code}: ${res.text}`);
  return res.json;
}

function put(client, code, doc, opts) {
  return client.request('PUT', `/api/v1/items/${encodeURIComponent(code)}`, { ...opts, json: doc });
}

function checkItemShape(item) {
  for (const k of Object.keys(item)) assert.ok(DOC_KEYS.includes(k) || ITEM_META.includes(k), `unexpected member ${k}`);
  for (const k of [...DOC_KEYS, ...ITEM_META]) assert.ok(k in item, `member ${k}`);
  assert.ok(Number.isInteger(item.version) && item.version >= 1, `version ${item.version}`);
  assert.match(item.effective_from, DATE);
  assert.equal(item.status, 'published');
  assert.equal(item.type_label, TYPE_LABELS[item.type], `type_label of ${item.type}`);
}

test('GET /api/v1/items/{code} is public and answers the full current document with its version', async () => {
  const summaries = await listAll(anon, '/api/v1/items');
  const demo = summaries.filter((s) => !s.code.startsWith('T-CAT-'));
  assert.ok(demo.length >= 60, `the demo catalogue has at least 60 items (${demo.length})`);
  for (const s of demo.slice(0, 20)) {
    const res = await get(s.code);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    checkItemShape(res.json);
    assert.equal(res.json.code, s.code);
    assert.equal(res.json.name, s.name);
    assert.ok(res.json.materials.every((m) => ['required', 'deferrable'].includes(m.necessity)));
    assert.ok(res.json.steps.length > 0);
  }
});

test('an unknown item answers 404 item_not_found on every item path', async () => {
  for (const p of ['/api/v1/items/T-CAT-ITEMS-NONE', '/api/v1/items/T-CAT-ITEMS-NONE/versions',
    '/api/v1/items/T-CAT-ITEMS-NONE/versions/1', '/api/v1/items/T-CAT-ITEMS-NONE/venues',
    `/api/v1/items/T-CAT-ITEMS-NONE/where?village=${village.code}`, '/api/v1/items/%27%20OR%201%3D1%20--'])
    assertError(await anon.get(p), 404, 'item_not_found');
});

test('POST /api/v1/items as supervisor creates version 1 (201), readable by anyone', async () => {
  const doc = itemDoc('T-CAT-ITEMS-NEW', { name: '新建测试事项', keywords: ['新建'], faq: [{ q: '多久办结？', a: '五个工作日。' }] });
  const res = await supervisor.post('/api/v1/items', doc);
  assert.equal(res.status, 201, res.text);
  checkItemShape(res.json);
  assert.equal(res.json.version, 1);
  assert.equal(res.json.effective_to, null);
  assert.deepEqual(itemContent(res.json), doc);
  assert.deepEqual((await get('T-CAT-ITEMS-NEW')).json, res.json);
  const versions = await anon.get('/api/v1/items/T-CAT-ITEMS-NEW/versions');
  assert.equal(versions.status, 200);
  assert.equal(versions.json.total, 1);
  assert.equal(versions.json.items[0].version, 1);
  // found by search at once
  const found = await anon.get(`/api/v1/items?q=${encodeURIComponent('新建测试事项')}`);
  assert.equal(found.json.items[0]?.code, 'T-CAT-ITEMS-NEW');
});

test('an admin may create items too', async () => {
  const res = await admin.post('/api/v1/items', itemDoc('T-CAT-ITEMS-ADMIN', { name: '管理员建的事项' }));
  assert.equal(res.status, 201, res.text);
});

test('a duplicate code answers 409 item_exists and changes nothing', async () => {
  const first = await create('T-CAT-ITEMS-DUP', { name: '原来的名称' });
  const res = await supervisor.post('/api/v1/items', itemDoc('T-CAT-ITEMS-DUP', { name: '重复的名称' }));
  assertFieldError(res, 409, 'item_exists');
  assert.deepEqual((await get('T-CAT-ITEMS-DUP')).json, first);
  assert.equal((await anon.get('/api/v1/items/T-CAT-ITEMS-DUP/versions')).json.total, 1);
});

test('PUT with changes makes the next version; the old one stays readable with its old content', async () => {
  const v1 = await create('T-CAT-ITEMS-VER', { name: '版本测试事项' });
  const changed = itemDoc('T-CAT-ITEMS-VER', {
    name: '版本测试事项（修订）',
    promised_days: 3,
    materials: [...itemDoc('X').materials, { name: '补充说明', necessity: 'deferrable', form: 'electronic', copies: 0, source: 'other' }],
  });
  const res = await put(supervisor, 'T-CAT-ITEMS-VER', changed);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.version, 2);
  assert.deepEqual(itemContent(res.json), changed);
  const cur = (await get('T-CAT-ITEMS-VER')).json;
  assert.equal(cur.version, 2);
  assert.equal(cur.name, '版本测试事项（修订）');
  assert.equal(cur.effective_to, null);

  const old = await anon.get('/api/v1/items/T-CAT-ITEMS-VER/versions/1');
  assert.equal(old.status, 200, old.text);
  assert.equal(old.json.version, 1);
  assert.deepEqual(itemContent(old.json), itemContent(v1), 'version 1 keeps its content');
  assert.match(old.json.effective_to, DATE, 'version 1 has ended');
  const two = await anon.get('/api/v1/items/T-CAT-ITEMS-VER/versions/2');
  assert.deepEqual(two.json, cur);

  const versions = await anon.get('/api/v1/items/T-CAT-ITEMS-VER/versions');
  assert.equal(versions.json.total, 2);
  assert.deepEqual(versions.json.items.map((v) => v.version), [2, 1], 'newest first');
  assert.deepEqual(versions.json.items.map((v) => v.name), ['版本测试事项（修订）', '版本测试事项']);
  for (const v of versions.json.items) assert.match(v.effective_from, DATE);

  // the search index follows the new version
  const byNew = await anon.get(`/api/v1/items?q=${encodeURIComponent('版本测试事项（修订）')}`);
  assert.equal(byNew.json.items[0]?.code, 'T-CAT-ITEMS-VER');
  assert.equal(byNew.json.items[0]?.promised_days, 3);
  for (const bad of ['0', '3', '-1', 'abc', '1.5'])
    assertError(await anon.get(`/api/v1/items/T-CAT-ITEMS-VER/versions/${bad}`), 404, 'item_not_found');
});

test('PUT of unchanged content makes no new version (also when optional members are left out or null)', async () => {
  const v1 = await create('T-CAT-ITEMS-SAME', { name: '不变测试事项' });
  const same = itemDoc('T-CAT-ITEMS-SAME', { name: '不变测试事项' });
  let res = await put(supervisor, 'T-CAT-ITEMS-SAME', same);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.version, 1);
  // the same content, differently spelled: key order, optional empty lists left out, nulls
  const spelled = Object.fromEntries(Object.entries(same).reverse());
  delete spelled.keywords;
  delete spelled.faq;
  spelled.fee = { charged: false };
  spelled.materials = same.materials.map((m) => ({ ...m, blank_form: null }));
  res = await put(supervisor, 'T-CAT-ITEMS-SAME', spelled);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.version, 1);
  assert.deepEqual((await get('T-CAT-ITEMS-SAME')).json, v1);
  assert.equal((await anon.get('/api/v1/items/T-CAT-ITEMS-SAME/versions')).json.total, 1);
});

test('PUT whose body code differs from the path answers 400 and changes neither item', async () => {
  const a = await create('T-CAT-ITEMS-MA', { name: '编码甲' });
  const b = await create('T-CAT-ITEMS-MB', { name: '编码乙' });
  assertFieldError(await put(supervisor, 'T-CAT-ITEMS-MA', itemDoc('T-CAT-ITEMS-MB', { name: '被改' })), 400, 'invalid_field');
  const noCode = itemDoc('T-CAT-ITEMS-MA', { name: '被改' });
  delete noCode.code;
  const res = await put(supervisor, 'T-CAT-ITEMS-MA', noCode);
  assert.equal(res.status, 400, res.text);
  assert.deepEqual((await get('T-CAT-ITEMS-MA')).json, a);
  assert.deepEqual((await get('T-CAT-ITEMS-MB')).json, b);
});

test('PUT of an item that does not exist answers 404 item_not_found and creates nothing', async () => {
  assertFieldError(await put(supervisor, 'T-CAT-ITEMS-GHOST', itemDoc('T-CAT-ITEMS-GHOST')), 404, 'item_not_found');
  assertError(await get('T-CAT-ITEMS-GHOST'), 404, 'item_not_found');
});

// Invalid documents: [what, change to the document, code, field path].
const INVALID = [
  ['a bad material necessity', (d) => { d.materials[1].necessity = 'maybe'; }, 'invalid_field', 'materials[1].necessity'],
  ['a bad material form', (d) => { d.materials[0].form = 'fax'; }, 'invalid_field', 'materials[0].form'],
  ['a bad material source', (d) => { d.materials[1].source = 'moon'; }, 'invalid_field', 'materials[1].source'],
  ['copies out of range', (d) => { d.materials[0].copies = 21; }, 'invalid_field', 'materials[0].copies'],
  ['a material without a name', (d) => { delete d.materials[1].name; }, 'missing_field', 'materials[1].name'],
  ['no name', (d) => { delete d.name; }, 'missing_field', 'name'],
  ['no steps', (d) => { delete d.steps; }, 'missing_field', 'steps'],
  ['no fee.charged', (d) => { d.fee = { items: [] }; }, 'missing_field', 'fee.charged'],
  ['a bad type', (d) => { d.type = 'XX'; }, 'invalid_field', 'type'],
  ['a bad level in receive_levels', (d) => { d.receive_levels = ['town', 'province']; }, 'invalid_field', 'receive_levels[1]'],
  ['visits out of range', (d) => { d.visits = 6; }, 'invalid_field', 'visits'],
  ['visits as text', (d) => { d.visits = '1'; }, 'invalid_field', 'visits'],
  ['a fractional step', (d) => { d.steps[1].days = 1.5; }, 'invalid_field', 'steps[1].days'],
  ['online as text', (d) => { d.online = 'yes'; }, 'invalid_field', 'online'],
  ['a bad step level', (d) => { d.steps[0].level = 'galaxy'; }, 'invalid_field', 'steps[0].level'],
  ['a one-character name', (d) => { d.name = '证'; }, 'invalid_field', 'name'],
  ['a bad scope', (d) => { d.scope = 'world'; }, 'invalid_field', 'scope'],
  ['a bad kind', (d) => { d.kind = 'slow'; }, 'invalid_field', 'kind'],
  ['an incomplete fee item', (d) => { d.fee = { charged: true, items: [{ name: '工本费', standard: '10元' }] }; }, 'missing_field', 'fee.items[0].basis'],
];

// Errors of rules across fields, and unknown members: the field is expected in error.field too
// (docs/api.md), which the server does not do yet (reported) — see the todo test below.
const INVALID_RULES = [
  ['promised over statutory', (d) => { d.promised_days = 11; }, 'invalid_field', 'promised_days'],
  ['an instant item with promised days', (d) => { d.kind = 'instant'; }, 'invalid_field', 'promised_days'],
  ['a promised item without promised days', (d) => { d.promised_days = 0; }, 'invalid_field', 'promised_days'],
  ['a charged item without fee items', (d) => { d.fee = { charged: true, items: [] }; }, 'invalid_field', 'fee.items'],
  ['fee items on a free item', (d) => { d.fee = { charged: false, items: [{ name: '工本费', standard: '10元', basis: '某文件' }] }; }, 'invalid_field', 'fee.items'],
  ['a step at a level that neither receives nor decides', (d) => { d.steps[0].level = 'village'; }, 'invalid_field', 'steps[0].level'],
  ['a lower-case code', (d) => { d.code = d.code.toLowerCase(); }, 'invalid_field', 'code'],
  ['an unknown member', (d) => { d.colour = 'red'; }, 'unknown_field', 'colour'],
  ['an unknown member of a material', (d) => { d.materials[1].colour = 'red'; }, 'unknown_field', 'materials[1].colour'],
];

test('invalid documents answer 400 with error.field naming the path, and create nothing', async () => {
  for (const [i, [, change, code, field]] of INVALID.entries()) {
    const itemCode = `T-CAT-ITEMS-BAD${i}`;
    const doc = itemDoc(itemCode);
    change(doc);
    assertFieldError(await supervisor.post('/api/v1/items', doc), 400, code, field);
    assertError(await get(itemCode), 404, 'item_not_found');
  }
  for (const [i, [, change, code]] of INVALID_RULES.entries()) {
    const itemCode = `T-CAT-ITEMS-RULE${i}`;
    const doc = itemDoc(itemCode);
    change(doc);
    assertFieldError(await supervisor.post('/api/v1/items', doc), 400, code);
    assertError(await get(doc.code), 404, 'item_not_found');
  }
});

test('the message of a validation error names the field path in Chinese', async () => {
  const doc = itemDoc('T-CAT-ITEMS-MSG');
  doc.materials[1].necessity = 'maybe';
  const res = await supervisor.post('/api/v1/items', doc);
  assert.match(res.json.error.message, /materials\[1\]\.necessity/);
  assert.match(res.json.error.message, /maybe/);
});

test('rule and unknown-member errors name the field in error.field too', async () => {
  for (const [i, [what, change, code, field]] of INVALID_RULES.entries()) {
    const doc = itemDoc(`T-CAT-ITEMS-RULEF${i}`);
    change(doc);
    const res = await supervisor.post('/api/v1/items', doc);
    assertFieldError(res, 400, code);
    assert.equal(res.json.error.field, field, `${what}: ${res.text}`);
  }
});

test('an invalid PUT answers 400 with the field and leaves the current version as it was', async () => {
  const v1 = await create('T-CAT-ITEMS-PUTBAD', { name: '修订失败测试' });
  for (const [, change, code, field] of INVALID) {
    const doc = itemDoc('T-CAT-ITEMS-PUTBAD', { name: '修订失败测试（不应保存）' });
    change(doc);
    assertFieldError(await put(supervisor, 'T-CAT-ITEMS-PUTBAD', doc), 400, code, field);
  }
  assert.deepEqual((await get('T-CAT-ITEMS-PUTBAD')).json, v1);
  assert.equal((await anon.get('/api/v1/items/T-CAT-ITEMS-PUTBAD/versions')).json.total, 1);
});

test('malformed bodies answer 400 invalid_json / expected_object and create nothing', async () => {
  for (const [body, code] of [['{"code":', 'invalid_json'], ['', 'invalid_json'], ['[]', 'expected_object'], ['"x"', 'expected_object']]) {
    const res = await supervisor.request('POST', '/api/v1/items', { body, headers: { 'content-type': 'application/json' } });
    assertFieldError(res, 400, code);
  }
});

test('window staff, venue managers and village agents get 403 forbidden; nothing changes', async () => {
  const v1 = await create('T-CAT-ITEMS-ROLES', { name: '角色测试事项' });
  for (const user of [`staff-${town.code}`, `mgr-${town.code}`, `agent-${village.code}`, 'mgr-610929100']) {
    const c = await loginAs(user);
    assertError(await c.post('/api/v1/items', itemDoc('T-CAT-ITEMS-ROLE-NEW')), 403, 'forbidden');
    assertError(await put(c, 'T-CAT-ITEMS-ROLES', itemDoc('T-CAT-ITEMS-ROLES', { name: '越权修改' })), 403, 'forbidden');
  }
  assertError(await get('T-CAT-ITEMS-ROLE-NEW'), 404, 'item_not_found');
  assert.deepEqual((await get('T-CAT-ITEMS-ROLES')).json, v1);
});

test('without a session: 401 unauthenticated; without the CSRF token: 403 csrf_failed; nothing changes', async () => {
  const v1 = await create('T-CAT-ITEMS-CSRF', { name: '校验测试事项' });
  assertError(await anon.post('/api/v1/items', itemDoc('T-CAT-ITEMS-ANON')), 401, 'unauthenticated');
  assertError(await put(anon, 'T-CAT-ITEMS-CSRF', itemDoc('T-CAT-ITEMS-CSRF', { name: '匿名修改' })), 401, 'unauthenticated');
  assertError(await supervisor.post('/api/v1/items', itemDoc('T-CAT-ITEMS-NOCSRF'), { csrf: false }), 403, 'csrf_failed');
  assertError(await put(supervisor, 'T-CAT-ITEMS-CSRF', itemDoc('T-CAT-ITEMS-CSRF', { name: '无令牌修改' }), { csrf: false }), 403, 'csrf_failed');
  assertError(await supervisor.post('/api/v1/items', itemDoc('T-CAT-ITEMS-BADCSRF'), { headers: { 'x-csrf-token': 'forged' } }), 403, 'csrf_failed');
  for (const code of ['T-CAT-ITEMS-ANON', 'T-CAT-ITEMS-NOCSRF', 'T-CAT-ITEMS-BADCSRF'])
    assertError(await get(code), 404, 'item_not_found');
  assert.deepEqual((await get('T-CAT-ITEMS-CSRF')).json, v1);
});

test('error bodies stay JSON when the input is cut in the middle of a character', async () => {
  const long = itemDoc('T-CAT-ITEMS-UTF8');
  long.materials[1].necessity = '值'.repeat(100);
  assertFieldError(await supervisor.post('/api/v1/items', long), 400, 'invalid_field', 'materials[1].necessity');
  const key = itemDoc('T-CAT-ITEMS-UTF8');
  key['键'.repeat(30)] = 1;
  assertFieldError(await supervisor.post('/api/v1/items', key), 400, 'unknown_field');
  assertFieldError(await anon.get(`/api/v1/items/${encodeURIComponent('事'.repeat(14))}/where?village=${village.code}`), 404, 'item_not_found');
});
