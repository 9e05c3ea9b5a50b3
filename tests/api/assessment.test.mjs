// assessment.test.mjs — 目标责任考核 and 督查通报, black box: cases completed and rated in November
// 2025 show in the period's assessment (values, numerators, scores) and in a bulletin generated
// for it (figures, ranking, 差评 rectification), and the bulletin's Excel workbook, read back,
// holds the same numbers; `bianmin report bulletin` writes both files; the monthly bulletin is
// made once when the clock crosses into December; numbers run per year; the scoring model is
// validated, versioned and audited; scope and roles.
//
// Runs on a server of its own (fresh demo database, --test-clock, November 2025; the demo's own
// cases are dated at seeding time, a year later, so the month holds only this file's records).
// There: the hall of 双丰镇 610929109, staff-/mgr-610929109, the item T-AS-ITEM; mgr-610929100
// is the foreign manager.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import readXlsxFile from 'read-excel-file/node';
import {
  Client, assertError, assertFieldError, bianmin, freshDemoDatabase, itemDoc, listAll, loginAs,
  scratchDir, sql, startServer,
} from './helpers.mjs';

const TOWN = '610929109';
const ITEM = 'T-AS-ITEM';
const PERIOD = '2025-11';
let server, dbArgs, staff, supervisor, manager, foreignManager, anon;

const setClock = async (now) => {
  const res = await new Client(server.url).post('/api/v1/test/clock', { now });
  assert.equal(res.status, 200, res.text);
  staff = await loginAs(`staff-${TOWN}`, undefined, server.url);
  supervisor = await loginAs('supervisor', undefined, server.url);
  manager = await loginAs(`mgr-${TOWN}`, undefined, server.url);
  foreignManager = await loginAs('mgr-610929100', undefined, server.url);
};

const put = (client, urlPath, json) => client.request('PUT', urlPath, { json });

let serial = 0;
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + w[i] * Number(d), 0);
  return first17 + '10X98765432'[sum % 11];
}

async function act(no, action, body) {
  const res = await staff.post(`/api/v1/cases/${no}/${action}`, body);
  assert.equal(res.status, 200, `${action} ${no}: ${res.text}`);
  return res.json;
}

/** A case at the hall: {no, key}; accepted and completed when asked. */
async function newCase(complete) {
  serial++;
  const res = await staff.post('/api/v1/cases', {
    item_code: ITEM, channel: 'window', materials_received: ['申请表'],
    applicant: {
      name: `考核测试${serial}`, id_number: idNumber(`6109291990030${String(100 + serial).slice(-3)}1`),
      phone: `1390001${String(1000 + serial).slice(-4)}`,
    },
  });
  assert.equal(res.status, 201, res.text);
  const { no } = res.json;
  if (complete) {
    await act(no, 'accept', { materials_received: ['近期照片'] });
    await act(no, 'complete', { outcome: 'approved', result: '准予' });
  }
  const full = await staff.get(`/api/v1/cases/${no}`);
  return { no, key: full.json.track_key };
}

const cases = [];
before(async () => {
  dbArgs = await freshDemoDatabase('assessment');
  server = await startServer(['--test-clock'], dbArgs);
  anon = new Client(server.url);
  await setClock('2025-11-05T09:00:00+08:00');
  const item = await supervisor.post('/api/v1/items', itemDoc(ITEM, {
    name: '考核测试事项', decide_level: 'town', promised_days: 3,
    steps: [{ name: '受理', level: 'town', days: 1 }],
  }));
  assert.equal(item.status, 201, item.text);
  const hall = (await listAll(manager, `/api/v1/venues?org=${TOWN}`)).find((v) => v.kind === 'hall');
  const claim = await manager.post(`/api/v1/venues/${hall.id}/claims`, { item_code: ITEM });
  assert.ok([200, 201].includes(claim.status), claim.text);
  cases.push(await newCase(true), await newCase(true), await newCase(false));
  const rate = (c, level) => anon.post('/api/v1/ratings', { no: c.no, key: c.key, channel: 'online', level });
  assert.equal((await rate(cases[0], 'satisfied')).status, 201);
  assert.equal((await rate(cases[1], 'very_dissatisfied')).status, 201);
});

after(async () => {
  await server?.stop();
});

/** What the month's records must show, county-wide and for the town. */
function assertFigures(f) {
  assert.equal(f.received, 3);
  assert.equal(f.completed, 2);
  assert.equal(f.on_time, 2);
  assert.equal(f.on_time_rate, 100);
  assert.equal(f.ratings, 2);
  assert.equal(f.satisfied, 1);
  assert.equal(f.satisfaction_rate, 50);
  assert.equal(f.bad, 1);
  assert.equal(f.rectification_rate, 0);
}

test("the period's assessment shows the town's values, how they were computed, and scores", async () => {
  const res = await supervisor.get(`/api/v1/assessment?period=${PERIOD}`);
  assert.equal(res.status, 200, res.text);
  const a = res.json;
  assert.deepEqual(a.period, { text: PERIOD, kind: 'month', from: '2025-11-01', to: '2025-11-30' });
  assert.equal(a.units.length, 11);
  const town = a.units.find((u) => u.org_code === TOWN);
  assertFigures(town.figures);
  const cell = (key) => town.indicators.find((i) => i.key === key);
  assert.deepEqual([cell('on_time_rate').numerator, cell('on_time_rate').denominator, cell('on_time_rate').value], [2, 2, 100]);
  assert.equal(cell('on_time_rate').score, 25);
  assert.equal(cell('on_time_rate').num_measure, 'on_time');
  assert.equal(cell('on_time_rate').den_measure, 'completed');
  assert.deepEqual([cell('satisfaction_rate').value, cell('satisfaction_rate').score], [50, 0]); // zero at 80 %
  assert.deepEqual([cell('rectification_rate').value, cell('rectification_rate').score], [0, 0]);
  // A town with no records: rates are null and score half their weight (the default rule).
  const other = a.units.find((u) => u.org_code === '610929100');
  const o = other.indicators.find((i) => i.key === 'satisfaction_rate');
  assert.equal(o.value, null);
  assert.equal(o.score, 10);
  // Totals add up; ranks are competition ranks in order.
  for (const u of a.units) {
    const sum = u.indicators.reduce((s, i) => s + i.score, 0);
    assert.ok(Math.abs(sum - u.total) < 0.05, `${u.org_name}: ${sum} vs ${u.total}`);
  }
  for (let i = 1; i < a.units.length; i++) {
    const [p, u] = [a.units[i - 1], a.units[i]];
    assert.ok(u.total <= p.total);
    assert.equal(u.rank, u.total === p.total ? p.rank : i + 1);
  }
  // The town's manager sees its villages; not the town ranking, not another town.
  assert.equal((await manager.get(`/api/v1/assessment?period=${PERIOD}`)).json.level, 'village');
  assertError(await manager.get(`/api/v1/assessment?period=${PERIOD}&level=town&org=610929`), 403, 'out_of_scope');
  assertError(await foreignManager.get(`/api/v1/assessment?period=${PERIOD}&org=${TOWN}`), 403, 'out_of_scope');
  assertError(await supervisor.get('/api/v1/assessment?period=2025-13'), 400, 'invalid_query');
  assertError(await supervisor.get(`/api/v1/assessment?period=${PERIOD}&level=street`), 400, 'invalid_level');
  assertError(await staff.get(`/api/v1/assessment?period=${PERIOD}`), 403, 'forbidden');
});

let made;
test('a bulletin generated for the period holds the figures of the records, and its Excel file the same numbers', async () => {
  const res = await supervisor.post('/api/v1/bulletins', { period: PERIOD });
  assert.equal(res.status, 201, res.text);
  made = res.json;
  assert.match(made.number, /^白河督通〔2025〕\d+号$/);
  assert.equal(made.generated_by, 'supervisor');
  assert.equal(made.scheduled, false);
  const c = made.content;
  assertFigures(c.figures);
  const town = c.ranking.units.find((u) => u.org_code === TOWN);
  assert.equal(c.ranking.level, 'town');
  assert.equal(c.ranking.units.length, 11);
  assertFigures(town.figures);
  assert.equal(c.rectification.total, 1);
  assert.equal(c.rectification.items[0].case_no, cases[1].no);
  assert.equal(c.rectification.items[0].status, 'open');
  assert.equal(c.rectification.open, 1);
  assert.deepEqual(c.cards.items.length, c.cards.red + c.cards.yellow);

  const again = await supervisor.get(`/api/v1/bulletins/${made.id}`);
  assert.deepEqual(again.json, made, 'kept as generated');

  const x = await fetch(`${server.url}/api/v1/bulletins/${made.id}.xlsx`, { headers: { Cookie: supervisor.cookie } });
  assert.equal(x.status, 200);
  assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(x.headers.get('content-disposition'), /^attachment; filename="bulletin-2025-11\.xlsx"$/);
  const sheets = await readXlsxFile(Buffer.from(await x.arrayBuffer()));
  assert.deepEqual(sheets.map((s) => s.sheet), ['概况', '排名', '红黄牌', '整改']);
  const sheet = (name) => sheets.find((s) => s.sheet === name).data;
  const overview = Object.fromEntries(sheet('概况').map(([k, v]) => [k, v]));
  assert.equal(overview['通报编号'], made.number);
  assert.equal(overview['受理件数'], 3);
  assert.equal(overview['办结件数'], 2);
  assert.equal(overview['按时办结率（%）'], 100);
  assert.equal(overview['满意率（%）'], 50);
  assert.equal(overview['差评数'], 1);
  const [head, ...rows] = sheet('排名');
  const row = rows.find((r) => r[1] === town.org_name);
  assert.equal(row[head.indexOf('受理')], 3);
  assert.equal(row[head.indexOf('总分')], town.total);
  assert.equal(row[head.indexOf('名次')], town.rank);
  assert.equal(sheet('红黄牌').length, 1 + c.cards.items.length);
  const tasks = sheet('整改');
  assert.deepEqual(tasks[0].slice(0, 2), ['差评整改任务', 1]);
  assert.ok(tasks.some((r) => r[0] === cases[1].no && r.includes('整改中')));
});

test('bulletins: validation, roles and scope', async () => {
  assertFieldError(await supervisor.post('/api/v1/bulletins', { period: '2025-13' }), 400, 'invalid_field', 'period');
  assertFieldError(await supervisor.post('/api/v1/bulletins', { period: PERIOD, extra: 1 }), 400, 'unknown_field', 'extra');
  assertError(await manager.post('/api/v1/bulletins', { period: PERIOD }), 403, 'forbidden');
  assertError(await supervisor.post('/api/v1/bulletins', { period: PERIOD, org: '610929999' }), 404, 'org_not_found');
  assertError(await foreignManager.get(`/api/v1/bulletins/${made.id}`), 404, 'bulletin_not_found');
  assertError(await supervisor.get('/api/v1/bulletins/999999'), 404, 'bulletin_not_found');
  assertError(await supervisor.get('/api/v1/bulletins/abc.xlsx'), 404, 'bulletin_not_found');
  assert.ok(!(await listAll(foreignManager, '/api/v1/bulletins')).some((b) => b.org_code === '610929'));
  // A town's bulletin ranks its villages; its manager reads it.
  const res = await supervisor.post('/api/v1/bulletins', { period: PERIOD, org: TOWN });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.content.ranking.level, 'village');
  assertFigures(res.json.content.figures);
  assert.equal((await manager.get(`/api/v1/bulletins/${res.json.id}`)).status, 200);
});

test('the CLI writes the printable HTML (with its charts) and the workbook, and keeps the record', async () => {
  const dir = scratchDir('bulletin');
  const r = await bianmin(['report', 'bulletin', '--period', PERIOD, ...dbArgs, '--out', dir]);
  assert.equal(r.code, 0, r.stderr);
  const html = fs.readFileSync(path.join(dir, `bulletin-${PERIOD}.html`), 'utf8');
  assert.match(html, /督查通报/);
  assert.match(html, /<svg[^>]*>/);
  assert.doesNotMatch(html, /<script/);
  const sheets = await readXlsxFile(fs.readFileSync(path.join(dir, `bulletin-${PERIOD}.xlsx`)));
  const overview = Object.fromEntries(sheets[0].data.map(([k, v]) => [k, v]));
  assert.equal(overview['受理件数'], 3);
  const kept = await listAll(supervisor, '/api/v1/bulletins');
  assert.ok(kept.some((b) => b.generated_by === 'cli' && b.period === PERIOD));
  const bad = await bianmin(['report', 'bulletin', '--period', 'soon', ...dbArgs]);
  assert.equal(bad.code, 2);
});

test('the monthly bulletin is made once when the clock crosses into the next month; numbers run per year', async () => {
  const scheduled = async (period) => (await listAll(supervisor, '/api/v1/bulletins'))
    .filter((b) => b.scheduled && b.period === period);
  assert.equal((await scheduled('2025-10')).length, 1, 'made when the clock moved into November');
  await setClock('2025-11-30T23:58:00+08:00');
  assert.equal((await scheduled(PERIOD)).length, 0);
  await setClock('2025-12-01T00:05:00+08:00');
  await setClock('2025-12-01T00:06:00+08:00');
  await setClock('2025-12-02T09:00:00+08:00');
  const made11 = await scheduled(PERIOD);
  assert.equal(made11.length, 1, 'exactly one');
  assert.equal(made11[0].generated_by, 'schedule');
  const full = await supervisor.get(`/api/v1/bulletins/${made11[0].id}`);
  assertFigures(full.json.content.figures);
  const numbers = (await listAll(supervisor, '/api/v1/bulletins'))
    .filter((b) => b.period.startsWith('2025')).map((b) => Number(/〔2025〕(\d+)号/.exec(b.number)[1]))
    .sort((x, y) => x - y);
  assert.deepEqual(numbers, numbers.map((_, i) => i + 1), 'one sequence for 2025, no gaps');
});

test('the scoring model is validated, versioned and audited; only the county edits it', async () => {
  const got = await supervisor.get('/api/v1/assessment/models/quarter');
  assert.equal(got.status, 200);
  assert.equal(got.json.version, 0);
  assert.equal(got.json.indicators.reduce((s, i) => s + i.weight, 0), 100);
  const body = {
    version: 0,
    indicators: [
      { key: 'speed', label: '按时', source: 'on_time_rate', weight: 60, full_at: 100, zero_at: 80 },
      { key: 'joy', label: '满意', source: 'satisfaction_rate', weight: 40, full_at: 100, zero_at: 0, on_null: 'full' },
    ],
    commend: { top: 1 },
    name: { below_score: 50 },
  };
  assertError(await put(supervisor, '/api/v1/assessment/models/quarter', { ...body, indicators: body.indicators.slice(0, 1) }), 400, 'weights_not_100');
  assertFieldError(await put(supervisor, '/api/v1/assessment/models/quarter', {
    ...body, indicators: [body.indicators[0], { ...body.indicators[1], zero_at: 100 }],
  }), 400, 'invalid_field', 'indicators[1].zero_at');
  assertFieldError(await put(supervisor, '/api/v1/assessment/models/quarter', {
    ...body, indicators: [body.indicators[0], { ...body.indicators[1], source: 'luck' }],
  }), 400, 'invalid_field', 'indicators[1].source');
  assertError(await put(manager, '/api/v1/assessment/models/quarter', body), 403, 'forbidden');
  assertError(await supervisor.get('/api/v1/assessment/models/week'), 404, 'model_not_found');
  const saved = await put(supervisor, '/api/v1/assessment/models/quarter', body);
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json.version, 1);
  assert.equal(saved.json.updated_by, 'supervisor');
  assertError(await put(supervisor, '/api/v1/assessment/models/quarter', body), 409, 'version_conflict');
  assert.equal(await sql(dbArgs, "SELECT COUNT(*) FROM audit_log WHERE action = 'assessment.model'"), '1',
    'one audited change; refused ones log nothing');
  assert.ok(Number(await sql(dbArgs, "SELECT COUNT(*) FROM audit_log WHERE action = 'bulletin.create'")) >= 4);
  // The quarter now scores with it: 100 % on time -> 60, 50 % satisfied -> 20.
  const a = (await supervisor.get('/api/v1/assessment?period=2025-Q4')).json;
  assert.equal(a.model_version, 1);
  const town = a.units.find((u) => u.org_code === TOWN);
  assert.equal(town.total, 80);
  assert.equal(town.rank, 1);
  assert.equal(town.commended, true);
  const quiet = a.units.find((u) => u.org_code === '610929100');
  assert.equal(quiet.total, 70, 'no records: half of 60 plus the full 40 of on_null "full"');
  assert.equal(quiet.named, false, 'not below 50');
});
