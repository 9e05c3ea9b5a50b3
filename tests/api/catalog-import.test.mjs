// catalog-import.test.mjs — `bianmin export items` and `bianmin import items FILE` on the
// server's own database while it runs: a file with one bad row imports nothing (the message
// names the row as a spreadsheet numbers it, and the field); a good file creates and revises
// items that the API then shows; unchanged rows make no versions; export → import round-trips.
//
// Writes: the items T-CAT-IMPORT-* only (see helpers.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import {
  Client, DB_ARGS, assertError, bianmin, itemContent, itemDoc, listAll, loginAs, scratchDir,
} from './helpers.mjs';

const anon = new Client();
let supervisor;
let dir;
let header; // the exported header row
let exported; // the exported rows, as arrays

const COLUMNS = ['code', 'impl_code', 'name', 'type', 'category', 'keywords', 'implementing_body',
  'body_level', 'receive_levels', 'decide_level', 'legal_basis', 'conditions', 'materials', 'steps',
  'statutory_days', 'promised_days', 'kind', 'fee_charged', 'fee_items', 'place', 'hours',
  'consult_phone', 'complaint_phone', 'visits', 'online', 'scope', 'faq'];

// --- CSV (RFC 4180) ----------------------------------------------------------------------------

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { /* the \n ends the row */ }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function csvField(s) {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function toCsv(rows) {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** An item document as a row of the columns in `cols` (docs/catalog-csv.md). */
function docToRow(doc, cols = header) {
  const rec = (list, keys) => list.map((o) => {
    const parts = keys.map((k) => (o[k] === undefined ? '' : String(o[k])));
    while (parts.length && parts.at(-1) === '') parts.pop();
    return parts.join('|');
  }).join('\n');
  const cell = {
    keywords: (doc.keywords ?? []).join('\n'),
    receive_levels: doc.receive_levels.join('\n'),
    legal_basis: doc.legal_basis.join('\n'),
    materials: rec(doc.materials, ['name', 'necessity', 'form', 'copies', 'source', 'source_note', 'blank_form', 'sample']),
    steps: rec(doc.steps, ['name', 'level', 'days']),
    fee_charged: String(doc.fee.charged),
    fee_items: rec(doc.fee.items ?? [], ['name', 'standard', 'basis']),
    faq: rec(doc.faq ?? [], ['q', 'a']),
  };
  return cols.map((c) => (c in cell ? cell[c] : String(doc[c])));
}

function writeCsv(name, rows) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, toCsv(rows));
  return file;
}

const importItems = (file) => bianmin(['import', 'items', file, ...DB_ARGS]);
const get = (code) => anon.get(`/api/v1/items/${encodeURIComponent(code)}`);

before(async () => {
  supervisor = await loginAs('supervisor');
  dir = scratchDir('catalog-import');
  const file = path.join(dir, 'export.csv');
  const r = await bianmin(['export', 'items', '--to', file, ...DB_ARGS]);
  assert.equal(r.code, 0, `export items: ${r.stderr}`);
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  header = rows[0];
  exported = rows.slice(1);
});

test('export items writes the documented columns and every demo item', async () => {
  assert.deepEqual(header, COLUMNS);
  for (const row of exported) assert.equal(row.length, COLUMNS.length, `row of ${row[0]} has every column`);
  const codes = new Set(exported.map((r) => r[0]));
  const demo = (await listAll(anon, '/api/v1/items')).filter((s) => !s.code.startsWith('T-CAT-'));
  assert.ok(demo.length >= 60);
  for (const s of demo) assert.ok(codes.has(s.code), `${s.code} exported`);
  const low = exported.find((r) => r[0] === demo[0].code);
  assert.equal(low[COLUMNS.indexOf('name')], demo[0].name);
  assert.equal(low[COLUMNS.indexOf('type')], demo[0].type);
  // without --to it writes the same CSV to standard output
  const out = await bianmin(['export', 'items', ...DB_ARGS]);
  assert.equal(out.code, 0, out.stderr);
  assert.deepEqual(parseCsv(out.stdout)[0], COLUMNS);
});

test('a file with one invalid row (bad necessity) imports nothing; the message names row and field', async () => {
  const good = itemDoc('T-CAT-IMPORT-A1', { name: '导入测试甲' });
  const bad = itemDoc('T-CAT-IMPORT-A2', { name: '导入测试乙' });
  bad.materials[0].necessity = 'maybe';
  const file = writeCsv('bad-necessity.csv', [header, docToRow(good), docToRow(bad)]);
  const r = await importItems(file);
  assert.notEqual(r.code, 0, `import should fail: ${r.stdout}`);
  const msg = r.stderr + r.stdout;
  assert.match(msg, /第 3 行/, msg);
  assert.match(msg, /materials\[0\]\.necessity/, msg);
  assert.match(msg, /maybe/, msg);
  assertError(await get('T-CAT-IMPORT-A1'), 404, 'item_not_found');
  assertError(await get('T-CAT-IMPORT-A2'), 404, 'item_not_found');
});

test('a file missing a column imports nothing; the message names the header row and the column', async () => {
  const cols = header.filter((c) => c !== 'scope');
  const file = writeCsv('missing-column.csv', [cols, docToRow(itemDoc('T-CAT-IMPORT-B1', { name: '导入测试丙' }), cols)]);
  const r = await importItems(file);
  assert.notEqual(r.code, 0, r.stdout);
  const msg = r.stderr + r.stdout;
  assert.match(msg, /第 1 行/, msg);
  assert.match(msg, /scope/, msg);
  assertError(await get('T-CAT-IMPORT-B1'), 404, 'item_not_found');
});

test('rows are numbered as the spreadsheet numbers them (a cell with line breaks is still one row)', async () => {
  const multi = itemDoc('T-CAT-IMPORT-C1', {
    name: '导入测试丁', keywords: ['甲', '乙', '丙'], conditions: '第一条，含逗号。\n第二条，含"引号"。',
    faq: [{ q: '问一', a: '答一' }, { q: '问二', a: '答二，含逗号' }],
  });
  const fine = itemDoc('T-CAT-IMPORT-C2', { name: '导入测试戊' });
  const bad = itemDoc('T-CAT-IMPORT-C3', { name: '导入测试己', promised_days: 20 }); // over statutory 10
  const file = writeCsv('numbering.csv', [header, docToRow(multi), docToRow(fine), docToRow(bad)]);
  const r = await importItems(file);
  assert.notEqual(r.code, 0);
  const msg = r.stderr + r.stdout;
  assert.match(msg, /第 4 行/, msg);
  assert.match(msg, /promised_days/, msg);
  for (const code of ['T-CAT-IMPORT-C1', 'T-CAT-IMPORT-C2', 'T-CAT-IMPORT-C3'])
    assertError(await get(code), 404, 'item_not_found');
});

test('a bad row also stops the revision of existing items in the same file', async () => {
  const created = await supervisor.post('/api/v1/items', itemDoc('T-CAT-IMPORT-D1', { name: '导入测试庚' }));
  assert.equal(created.status, 201, created.text);
  const revised = itemDoc('T-CAT-IMPORT-D1', { name: '导入测试庚（修订）' });
  const bad = itemDoc('T-CAT-IMPORT-D2', { name: '导入测试辛', type: 'XX' });
  const r = await importItems(writeCsv('revise-bad.csv', [header, docToRow(revised), docToRow(bad)]));
  assert.notEqual(r.code, 0);
  assert.match(r.stderr + r.stdout, /第 3 行.*type/s);
  assert.deepEqual((await get('T-CAT-IMPORT-D1')).json, created.json);
  assertError(await get('T-CAT-IMPORT-D2'), 404, 'item_not_found');
});

test('other bad rows: too few record parts, a bad boolean, a bad number — each stops the import', async () => {
  const cases = [
    ['materials', (row) => { row[COLUMNS.indexOf('materials')] = '申请表|required'; }, /materials\[0\]/],
    ['online', (row) => { row[COLUMNS.indexOf('online')] = 'perhaps'; }, /online/],
    ['visits', (row) => { row[COLUMNS.indexOf('visits')] = '两次'; }, /visits/],
    ['steps', (row) => { row[COLUMNS.indexOf('steps')] = '受理|town|x'; }, /steps\[0\]/],
  ];
  for (const [i, [what, change, field]] of cases.entries()) {
    const ok = itemDoc(`T-CAT-IMPORT-E${i}A`, { name: '导入测试壬' });
    const row = docToRow(itemDoc(`T-CAT-IMPORT-E${i}B`, { name: '导入测试癸' }));
    change(row);
    const r = await importItems(writeCsv(`bad-${what}.csv`, [header, docToRow(ok), row]));
    assert.notEqual(r.code, 0, `${what}: ${r.stdout}`);
    assert.match(r.stderr + r.stdout, /第 3 行/, `${what}: ${r.stderr}`);
    assert.match(r.stderr + r.stdout, field, `${what}: ${r.stderr}`);
    assertError(await get(`T-CAT-IMPORT-E${i}A`), 404, 'item_not_found');
  }
});

test('a good file imports: new items at version 1, changed rows as new versions, as the API shows', async () => {
  const existing = await supervisor.post('/api/v1/items', itemDoc('T-CAT-IMPORT-F0', { name: '导入测试原有' }));
  assert.equal(existing.status, 201, existing.text);
  const docs = [
    itemDoc('T-CAT-IMPORT-F1', { name: '导入测试新甲', keywords: ['导入'], fee: { charged: true, items: [{ name: '费', standard: '1元', basis: '某规定' }] } }),
    itemDoc('T-CAT-IMPORT-F2', {
      name: '导入测试新乙', kind: 'instant', promised_days: 0, statutory_days: 0, steps: [{ name: '当场办结', level: 'town', days: 0 }],
      materials: [{ name: '申请表', necessity: 'required', form: 'original', copies: 1, source: 'applicant', source_note: '现场填写', blank_form: '/forms/a.pdf', sample: '/forms/a-sample.pdf' }],
    }),
    itemDoc('T-CAT-IMPORT-F0', { name: '导入测试原有（修订）', visits: 2 }),
  ];
  const file = writeCsv('good.csv', [header, ...docs.map((d) => docToRow(d))]);
  const r = await importItems(file);
  assert.equal(r.code, 0, `import: ${r.stderr}`);
  assert.match(r.stdout, /新增 2 项/, r.stdout);
  assert.match(r.stdout, /更新（新版本）1 项/, r.stdout);

  for (const d of docs) {
    const res = await get(d.code);
    assert.equal(res.status, 200, `${d.code}: ${res.text}`);
    assert.deepEqual(itemContent(res.json), d, `${d.code} as imported`);
  }
  assert.equal((await get('T-CAT-IMPORT-F1')).json.version, 1);
  assert.equal((await get('T-CAT-IMPORT-F0')).json.version, 2);
  const v1 = await anon.get('/api/v1/items/T-CAT-IMPORT-F0/versions/1');
  assert.equal(v1.json.name, '导入测试原有');
  const found = await anon.get(`/api/v1/items?q=${encodeURIComponent('导入测试新甲')}`);
  assert.equal(found.json.items[0]?.code, 'T-CAT-IMPORT-F1', 'the search index has the imported item');

  // the same file again: every row unchanged, no new versions
  const again = await importItems(file);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /未变 3 项/, again.stdout);
  assert.equal((await anon.get('/api/v1/items/T-CAT-IMPORT-F0/versions')).json.total, 2);
  assert.equal((await anon.get('/api/v1/items/T-CAT-IMPORT-F1/versions')).json.total, 1);
});

test('an exported row imports back unchanged (export and import round-trip)', async () => {
  const doc = itemDoc('T-CAT-IMPORT-RT', {
    name: '往返测试事项',
    keywords: ['往返', '导出'],
    conditions: '条件一，含逗号；\n条件二含"引号"和|竖线。',
    legal_basis: ['《甲法》第一条', '《乙条例》第二条'],
    materials: [
      { name: '申请表', necessity: 'required', form: 'original', copies: 1, source: 'applicant', source_note: '现场填写', blank_form: '/forms/rt.pdf', sample: '/forms/rt-sample.pdf' },
      { name: '镇上出具的材料', necessity: 'deferrable', form: 'original_and_copy', copies: 3, source: 'town' },
    ],
    fee: { charged: true, items: [{ name: '工本费', standard: '每份2元', basis: '《收费文件》' }] },
    faq: [{ q: '要多久？', a: '五个工作日，含"承诺"。' }],
    online: true,
    scope: 'county',
  });
  const created = await supervisor.post('/api/v1/items', doc);
  assert.equal(created.status, 201, created.text);
  const file = path.join(dir, 'rt-export.csv');
  const ex = await bianmin(['export', 'items', '--to', file, ...DB_ARGS]);
  assert.equal(ex.code, 0, ex.stderr);
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  const row = rows.find((r) => r[0] === 'T-CAT-IMPORT-RT');
  assert.ok(row, 'the new item is exported');
  assert.deepEqual(row, docToRow(doc, rows[0]), 'exported as documented');
  const r = await importItems(writeCsv('rt.csv', [rows[0], row]));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /未变 1 项/, r.stdout);
  assert.deepEqual((await get('T-CAT-IMPORT-RT')).json, created.json);
});

test('import items without a file, or with a missing file, fails with usage or a message', async () => {
  const none = await bianmin(['import', 'items', ...DB_ARGS]);
  assert.notEqual(none.code, 0);
  const missing = await importItems(path.join(dir, 'no-such-file.csv'));
  assert.notEqual(missing.code, 0);
  assert.ok((missing.stderr + missing.stdout).length > 0);
  const empty = await importItems(writeCsv('empty.csv', []));
  assert.notEqual(empty.code, 0);
});
