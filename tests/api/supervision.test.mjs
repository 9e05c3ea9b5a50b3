// supervision.test.mjs — electronic supervision (电子监察) and accountability (责任追究), black
// box: a case goes 预警 → 黄牌 → 红牌 → closed by completion as the clock moves over a weekend;
// a suspended case does not escalate; a late step is a breach naming its handler; the county
// supervisor records accountability (audited) and only they may; scope, the `mine` view and the
// per-org summary; validation.
//
// Everything runs on a server of its own (a fresh demo database, --test-clock) with the clock in
// November 2025 (the loaded holiday calendar). On that server: cases at otherTowns()[1]'s hall
// (the item T-SV-ITEM); otherTowns()[2] is the foreign town for scope.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, assertError, freshDemoDatabase, itemDoc, listAll, loginAs, otherTowns, sql, startServer,
} from './helpers.mjs';

const ITEM = 'T-SV-ITEM';
let server, dbArgs, supervisor, staff, manager, foreignManager, town, foreignTown;

let serial = 0;
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + w[i] * Number(d), 0);
  return first17 + '10X98765432'[sum % 11];
}
const applicant = () => {
  serial++;
  return { name: `监察申请人${serial}`, id_number: idNumber(`6109291990020${String(100 + serial).slice(-3)}1`), phone: '13900001111' };
};

const login = (username) => loginAs(username, undefined, server.url);

/** Moves the server's clock; sessions do not survive days of idleness, so everyone logs in
 * again. */
const setClock = async (now) => {
  const res = await new Client(server.url).post('/api/v1/test/clock', { now });
  assert.equal(res.status, 200, res.text);
  if (!town) return;
  supervisor = await login('supervisor');
  staff = await login(`staff-${town.code}`);
  manager = await login(`mgr-${town.code}`);
  foreignManager = await login(`mgr-${foreignTown.code}`);
};

async function act(client, no, action, body = {}) {
  const res = await client.post(`/api/v1/cases/${no}/${action}`, body);
  assert.equal(res.status, 200, `${action} ${no}: ${res.text}`);
  return res.json;
}

async function newAcceptedCase() {
  const res = await staff.post('/api/v1/cases', { item_code: ITEM, channel: 'window', applicant: applicant(), materials_received: ['申请表'] });
  assert.equal(res.status, 201, res.text);
  return act(staff, res.json.no, 'accept', { materials_received: ['近期照片'] });
}

/** The alerts about one case (all, open and closed), as the supervisor sees them. */
async function alertsOf(no, who = supervisor) {
  return (await listAll(who, '/api/v1/supervision/alerts')).filter((a) => a.case_no === no);
}
const caseCard = async (no) => (await alertsOf(no)).find((a) => a.kind === 'case_due');

before(async () => {
  dbArgs = await freshDemoDatabase('supervision');
  server = await startServer(['--test-clock'], dbArgs);
  // Re-login after each clock move would be needed if sessions expired: keep moves within days.
  await setClock('2025-11-03T08:30:00+08:00'); // a Monday
  supervisor = await login('supervisor');
  const others = await otherTowns(supervisor);
  town = others[1];
  foreignTown = others[2];
  staff = await login(`staff-${town.code}`);
  manager = await login(`mgr-${town.code}`);
  foreignManager = await login(`mgr-${foreignTown.code}`);
  const res = await supervisor.post('/api/v1/items', itemDoc(ITEM, {
    name: '监察测试事项',
    promised_days: 3,
    steps: [{ name: '受理', level: 'town', days: 1 }, { name: '审核', level: 'town', days: 2 }],
  }));
  assert.ok([201, 409].includes(res.status), res.text);
  const claim = await manager.get(`/api/v1/venues?org=${town.code}`);
  const hall = claim.json.items.find((v) => v.kind === 'hall');
  const c = await manager.post(`/api/v1/venues/${hall.id}/claims`, { item_code: ITEM });
  assert.ok([200, 201].includes(c.status), c.text);
});

after(async () => {
  await server?.stop();
});

test('a case goes 预警 → 黄牌 → 红牌 and is closed by its completion; a late step is a breach', async () => {
  const c = await newAcceptedCase(); // accepted Monday 11-03: due Thursday 11-06
  const paused = await newAcceptedCase();
  assert.equal(c.due_date, '2025-11-06');
  assert.equal(await caseCard(c.no), undefined, 'three working days ahead: nothing yet');

  await setClock('2025-11-05T09:00:00+08:00'); // one working day before
  let card = await caseCard(c.no);
  assert.equal(card.level, 'warning');
  assert.equal(card.level_label, '预警');
  assert.equal(card.responsible_name !== null, true);
  assert.equal(card.org_code, town.code);
  assert.equal(card.open, true);
  // The open first step (受理, due 11-04) is overdue already: a yellow step card.
  const step = (await alertsOf(c.no)).find((a) => a.kind === 'step_due');
  assert.equal(step.level, 'yellow');

  // 补正: the second case is suspended before its due date and does not escalate.
  await act(staff, paused.no, 'suspend', { reason_kind: 'supplement', reason: '补正材料' });

  await setClock('2025-11-07T09:00:00+08:00'); // Friday: overdue
  card = await caseCard(c.no);
  assert.equal(card.level, 'yellow');
  assert.ok(card.yellow_at);
  assert.equal((await caseCard(paused.no)).level, 'warning', 'a paused case does not escalate');

  // The step finishes late: a breach naming the handler.
  await act(staff, c.no, 'advance', { outcome: '受理完成' });
  const alerts = await alertsOf(c.no);
  const breach = alerts.find((a) => a.kind === 'late_step');
  assert.equal(breach.level, 'breach');
  assert.equal(breach.open, true);
  const closedStep = alerts.find((a) => a.kind === 'step_due' && a.id === step.id);
  assert.equal(closedStep.open, false);
  assert.equal(closedStep.closed_by_fix, true);

  // Three working days of grace (Fri 11-07, Mon 11-10, Tue 11-11, over the weekend); still not
  // done on the fourth → red (Wednesday 11-12).
  await setClock('2025-11-11T17:00:00+08:00');
  assert.equal((await caseCard(c.no)).level, 'yellow', 'three working days of grace');
  await setClock('2025-11-12T09:00:00+08:00');
  card = await caseCard(c.no);
  assert.equal(card.level, 'red');
  assert.equal(card.level_label, '红牌');
  assert.ok(card.red_at);

  // The red card shows in the summary (town row) and on the responsible person's worklist.
  const summary = await supervisor.get('/api/v1/supervision/summary');
  assert.equal(summary.status, 200, summary.text);
  assert.ok(summary.json.items.find((r) => r.code === town.code).red >= 1);
  assert.ok(summary.json.total.red >= 1);
  const mine = await listAll(staff, '/api/v1/supervision/alerts?view=mine&open=1');
  assert.ok(mine.some((a) => a.id === card.id), 'the responsible person sees their card');

  // Completion closes it: closed by the fix, not deleted.
  await act(staff, c.no, 'advance', { outcome: '审核完成' });
  await act(staff, c.no, 'complete', { outcome: 'approved', result: '准予', documents: ['批复'] });
  card = await caseCard(c.no);
  assert.equal(card.open, false);
  assert.equal(card.closed_by_fix, true);
  assert.equal(card.level, 'red', 'the record keeps how far it went');
  const open = await listAll(supervisor, `/api/v1/supervision/alerts?open=1&org=${town.code}`);
  assert.ok(!open.some((a) => a.id === card.id));
});

test('accountability: the county supervisor turns a card into a record, audited; nobody else may', async () => {
  const [card] = await listAll(supervisor, `/api/v1/supervision/alerts?org=${town.code}&kind=late_step&open=1`);
  assert.ok(card, 'the late-step breach of the first test');
  const body = { measure: 'talk', decision: '约谈窗口负责人，限期整改' };
  assertError(await manager.post(`/api/v1/supervision/alerts/${card.id}/accountability`, body), 403, 'forbidden');
  assertError(await supervisor.post(`/api/v1/supervision/alerts/${card.id}/accountability`, { measure: 'fine', decision: 'x' }), 400, 'invalid_field');
  assertError(await supervisor.post('/api/v1/supervision/alerts/999999/accountability', body), 404, 'alert_not_found');
  const res = await supervisor.post(`/api/v1/supervision/alerts/${card.id}/accountability`, body);
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.measure_label, '约谈');
  assert.equal(res.json.person_id, card.responsible_id);
  assert.equal(res.json.decided_by, 'supervisor');
  const audited = await sql(dbArgs, `SELECT COUNT(*) FROM audit_log WHERE action = 'accountability.create' AND entity_id = '${res.json.id}'`);
  assert.equal(audited, '1');
  // The breach is dealt with; the record lists per person and per org.
  const after = (await supervisor.get(`/api/v1/supervision/alerts/${card.id}`)).json;
  assert.equal(after.open, false);
  assert.equal(after.closed_by_fix, false);
  assert.equal(after.accountability_count, 1);
  const perPerson = await listAll(supervisor, `/api/v1/accountability?person=${card.responsible_id}`);
  assert.ok(perPerson.some((r) => r.id === res.json.id));
  const perOrg = await listAll(manager, `/api/v1/accountability?org=${town.code}`);
  assert.ok(perOrg.some((r) => r.id === res.json.id));
});

test('scope: a town manager sees only their subtree; staff need the mine view; bad queries are 400', async () => {
  const foreign = await listAll(foreignManager, '/api/v1/supervision/alerts');
  assert.ok(foreign.every((a) => a.org_code.startsWith(foreignTown.code)));
  assert.ok(!foreign.some((a) => a.org_code === town.code), 'nothing of another town');
  assertError(await foreignManager.get(`/api/v1/supervision/alerts?org=${town.code}`), 403, 'out_of_scope');
  assertError(await foreignManager.get(`/api/v1/accountability?org=${town.code}`), 403, 'out_of_scope');
  const [any] = await listAll(supervisor, `/api/v1/supervision/alerts?org=${town.code}`);
  assertError(await foreignManager.get(`/api/v1/supervision/alerts/${any.id}`), 404, 'alert_not_found');
  assertError(await staff.get('/api/v1/supervision/alerts'), 403, 'forbidden');
  assertError(await supervisor.get('/api/v1/supervision/alerts?level=purple'), 400, 'invalid_query');
  assertError(await supervisor.get('/api/v1/supervision/alerts?open=2'), 400, 'invalid_query');
  assertError(await supervisor.get('/api/v1/supervision/alerts?kind=nope'), 400, 'invalid_query');
  // The county map: one row per town.
  const summary = await supervisor.get('/api/v1/supervision/summary');
  assert.equal(summary.json.org.code, '610929');
  assert.equal(summary.json.items.filter((r) => r.level === 'town').length, 11);
  const townSummary = await manager.get('/api/v1/supervision/summary');
  assert.equal(townSummary.json.org.code, town.code);
  assert.ok(townSummary.json.items.every((r) => r.level === 'village'));
});

test('a 差评 not rectified in time gets a card that turns red; rectifying closes it by the fix', async () => {
  await setClock('2025-11-12T10:00:00+08:00'); // Wednesday
  const res = await staff.post('/api/v1/cases', { item_code: ITEM, channel: 'window', applicant: applicant(), materials_received: ['申请表'] });
  assert.equal(res.status, 201, res.text);
  const key = (await staff.get(`/api/v1/cases/${res.json.no}`)).json.track_key;
  const rated = await new Client(server.url).post('/api/v1/ratings', { no: res.json.no, key, channel: 'online', level: 'very_dissatisfied', comment: '态度差' });
  assert.equal(rated.status, 201, rated.text);
  assert.equal(rated.json.rectification_due, '2025-11-19');
  const card = async () => (await alertsOf(res.json.no)).find((a) => a.kind === 'rectification_due');

  await setClock('2025-11-18T10:00:00+08:00');
  assert.equal((await card()).level, 'warning');
  await setClock('2025-11-20T10:00:00+08:00');
  assert.equal((await card()).level, 'yellow');
  await setClock('2025-11-25T10:00:00+08:00'); // four working days after the due date
  const red = await card();
  assert.equal(red.level, 'red');
  assert.equal(red.responsible_name, staff.user?.display_name ?? red.responsible_name);

  const task = (await listAll(staff, '/api/v1/rectifications?view=open')).find((t) => t.case_no === res.json.no || t.rating_id === rated.json.id);
  assert.ok(task, 'the rectification task');
  let r = await staff.post(`/api/v1/rectifications/${task.id}/follow-up`, { note: '已电话回访' });
  assert.equal(r.status, 200, r.text);
  r = await staff.post(`/api/v1/rectifications/${task.id}/rectify`, { outcome: '已约谈窗口人员并整改' });
  assert.equal(r.status, 200, r.text);
  await setClock('2025-11-25T10:01:00+08:00'); // the next pass (every minute, or on a clock move)
  const closed = await card();
  assert.equal(closed.open, false);
  assert.equal(closed.closed_by_fix, true);
});
