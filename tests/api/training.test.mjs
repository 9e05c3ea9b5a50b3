// training.test.mjs — business training (业务培训), black box: the demo's sessions, 现场会, plans
// and laggards; sessions CRUD by a town manager; attendance recorded by the organiser; scope
// (403 for foreign managers, 404 for staff who may not read); validation 400s that change
// nothing; yearly plans and their fulfilment; coverage shrinking as people are trained; the
// summary figures (training_org_summary) exact for 2025, a year the demo leaves empty.
//
// Runs on a server of its own (a fresh demo database, --test-clock at 2026-11-20). On it:
// 双丰镇 610929109 (mgr-/staff-/agent-) trains; 麻虎镇 610929110's manager is the foreigner.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, assertError, assertFieldError, freshDemoDatabase, loginAs, startServer,
} from './helpers.mjs';

const TOWN = '610929109';
const FOREIGN = '610929110';
let server, supervisor, manager, staff, foreignManager, hall, foreignHall, villages, agent;

const login = (username) => loginAs(username, undefined, server.url);
const put = (client, path, json) => client.request('PUT', path, { json });

async function venueId(code) {
  const res = await supervisor.get(`/api/v1/venues?org=${code}`);
  assert.equal(res.status, 200, res.text);
  return res.json.items[0].id;
}

async function sessionCount(client, query = 'year=2025') {
  const res = await client.get(`/api/v1/training/sessions?${query}`);
  assert.equal(res.status, 200, res.text);
  return res.json.total;
}

async function createSession(client, overrides = {}) {
  const res = await client.post('/api/v1/training/sessions', {
    venue_id: hall, kind: 'training', topic: '一次性告知规范', day: '2025-06-10', hours: 2.5,
    trainer: '双丰镇站长', audience: '窗口人员', ...overrides,
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function roll(client, id) {
  const res = await client.get(`/api/v1/training/sessions/${id}/attendance`);
  assert.equal(res.status, 200, res.text);
  return res.json.items;
}

before(async () => {
  const dbArgs = await freshDemoDatabase('training');
  server = await startServer(['--test-clock'], dbArgs);
  const clock = await new Client(server.url).post('/api/v1/test/clock', { now: '2026-11-20T10:00:00+08:00' });
  assert.equal(clock.status, 200, clock.text);
  supervisor = await login('supervisor');
  manager = await login(`mgr-${TOWN}`);
  staff = await login(`staff-${TOWN}`);
  foreignManager = await login(`mgr-${FOREIGN}`);
  hall = await venueId(TOWN);
  foreignHall = await venueId(FOREIGN);
  const orgs = await supervisor.get(`/api/v1/orgs?parent=${TOWN}`);
  villages = orgs.json.items.map((o) => o.code).sort();
  agent = await login(`agent-${villages[0]}`);
});

after(async () => {
  await server?.stop();
});

test('the demo: county sessions, a 现场会 at 红花社区, towns without sessions, plans for the halls', async () => {
  const year = 2026;
  const list = await supervisor.get(`/api/v1/training/sessions?year=${year}`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.total >= 8, list.text);
  const meeting = list.json.items.find((s) => s.kind === 'site_meeting');
  assert.ok(meeting, 'a 现场会');
  assert.equal(meeting.kind_label, '现场会');
  assert.match(meeting.venue_name, /红花社区/);
  for (const s of list.json.items) assert.ok(s.day.startsWith(`${year}-`) && s.day < '2026-11-26', s.day);

  const plans = await supervisor.get(`/api/v1/training/plans?year=${year}`);
  assert.equal(plans.status, 200, plans.text);
  const halls = plans.json.items.filter((p) => / 便民服务中心$|便民服务中心$/.test(p.venue_name) && p.org_code.length === 9);
  assert.equal(halls.length, 11, 'every town hall has a row');
  assert.ok(halls.every((p) => p.planned), 'every hall has a plan');
  const idle = halls.filter((p) => p.held_sessions === 0);
  assert.ok(idle.length >= 3, `some towns held nothing: ${idle.length}`);
  assert.ok(idle.every((p) => p.sessions_permille === 0));

  const coverage = await supervisor.get(`/api/v1/training/coverage?year=${year}`);
  assert.equal(coverage.status, 200, coverage.text);
  assert.ok(coverage.json.untrained > 0 && coverage.json.trained > 0, coverage.text);
  assert.equal(coverage.json.staff, coverage.json.trained + coverage.json.untrained);
  // Our town held nothing: only its manager went to the county's session.
  const ours = await supervisor.get(`/api/v1/training/coverage?year=${year}&org=${TOWN}`);
  assert.equal(ours.json.trained, 1, ours.text);
  assert.equal(halls.find((p) => p.org_code === TOWN).held_sessions, 0);
});

test('a town manager holds, changes and deletes a session; each change is audited', async () => {
  const before = await sessionCount(manager);
  const s = await createSession(manager, { topic: '临时培训' });
  assert.equal(s.hours, 2.5);
  assert.equal(s.org_code, TOWN);
  assert.equal(s.kind_label, '业务培训');
  assert.equal(await sessionCount(manager), before + 1);
  const got = await staff.get(`/api/v1/training/sessions/${s.id}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.topic, '临时培训');

  const patched = await manager.patch(`/api/v1/training/sessions/${s.id}`, { topic: '改后的主题', hours: 3 });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.topic, '改后的主题');
  assert.equal(patched.json.hours, 3);
  assert.equal(patched.json.trainer, '双丰镇站长');

  const gone = await manager.delete(`/api/v1/training/sessions/${s.id}`);
  assert.equal(gone.status, 200, gone.text);
  assertError(await manager.get(`/api/v1/training/sessions/${s.id}`), 404, 'session_not_found');
  assert.equal(await sessionCount(manager), before);
});

test('invalid sessions are refused with 400 and change nothing', async () => {
  const before = await sessionCount(supervisor);
  const base = { venue_id: hall, kind: 'training', topic: '主题', day: '2025-06-10', hours: 2, trainer: '讲师' };
  const cases = [
    [{ hours: 0 }, 'invalid_hours', 'hours'],
    [{ hours: 1.25 }, 'invalid_hours', 'hours'],
    [{ hours: '2' }, 'invalid_hours', 'hours'],
    [{ hours: 24.5 }, 'invalid_hours', 'hours'],
    [{ hours: null }, 'missing_field', 'hours'],
    [{ topic: '' }, 'invalid_field', 'topic'],
    [{ topic: undefined }, 'missing_field', 'topic'],
    [{ day: '2025-02-30' }, 'invalid_field', 'day'],
    [{ kind: 'party' }, 'invalid_field', 'kind'],
    [{ colour: 'red' }, 'unknown_field', 'colour'],
    [{ org_code: FOREIGN }, 'venue_outside_org', 'venue_id'],
  ];
  for (const [change, code, field] of cases) {
    const body = { ...base, ...change };
    // (For org_code the foreign town is outside the manager's scope too; the venue check comes
    // first.)
    assertFieldError(await manager.post('/api/v1/training/sessions', body), 400, code, field);
  }
  assertError(await manager.post('/api/v1/training/sessions', { ...base, venue_id: 999999 }), 404, 'venue_not_found');
  assertError(await manager.post('/api/v1/training/sessions', 'not an object'), 400, 'expected_object');
  const s = await createSession(manager);
  assertFieldError(await manager.patch(`/api/v1/training/sessions/${s.id}`, { hours: -1 }), 400, 'invalid_hours', 'hours');
  assertFieldError(await manager.patch(`/api/v1/training/sessions/${s.id}`, { venue_id: foreignHall }), 400, 'unknown_field', 'venue_id');
  const same = await manager.get(`/api/v1/training/sessions/${s.id}`);
  assert.equal(same.json.hours, 2.5);
  assert.equal(await sessionCount(supervisor), before + 1);
  await manager.delete(`/api/v1/training/sessions/${s.id}`);
});

test('scope: foreign managers get 403, clerks cannot hold sessions, readers outside get 404', async () => {
  const s = await createSession(manager, { topic: '辖区测试' });
  assertError(await foreignManager.post('/api/v1/training/sessions', { venue_id: hall, kind: 'training', topic: 'x', day: '2025-06-10', hours: 1, trainer: 'y' }), 403, 'out_of_scope');
  assertError(await foreignManager.patch(`/api/v1/training/sessions/${s.id}`, { topic: '越权' }), 403, 'out_of_scope');
  assertError(await foreignManager.delete(`/api/v1/training/sessions/${s.id}`), 403, 'out_of_scope');
  assertError(await put(foreignManager, `/api/v1/training/sessions/${s.id}/attendance`, { records: [{ user_id: staff.user.id, attended: true }] }), 403, 'out_of_scope');
  assertError(await staff.post('/api/v1/training/sessions', { venue_id: hall, kind: 'training', topic: 'x', day: '2025-06-10', hours: 1, trainer: 'y' }), 403, 'forbidden');
  assertError(await put(manager, `/api/v1/training/plans/${foreignHall}/2025`, { planned_sessions: 1, planned_hours: 2 }), 403, 'out_of_scope');
  assertError(await manager.get(`/api/v1/training/coverage?org=${FOREIGN}`), 403, 'out_of_scope');
  assertError(await manager.get(`/api/v1/training/summary?org=${FOREIGN}&from=2025-01-01&to=2025-12-31`), 403, 'out_of_scope');
  // The foreign manager does not see it; a village agent of the town does not either until
  // they are on its roll.
  const foreignGet = await foreignManager.get(`/api/v1/training/sessions/${s.id}`);
  assertError(foreignGet, 404, 'session_not_found');
  assertError(await agent.get(`/api/v1/training/sessions/${s.id}`), 404, 'session_not_found');
  const recorded = await put(manager, `/api/v1/training/sessions/${s.id}/attendance`, { records: [{ user_id: agent.user.id, attended: true }] });
  assert.equal(recorded.status, 200, recorded.text);
  assert.equal((await agent.get(`/api/v1/training/sessions/${s.id}`)).status, 200);
  const unchanged = await manager.get(`/api/v1/training/sessions/${s.id}`);
  assert.equal(unchanged.json.topic, '辖区测试');
  await manager.delete(`/api/v1/training/sessions/${s.id}`);
});

test('attendance: the roll, absences need a reason, outsiders and future sessions are refused', async () => {
  const s = await createSession(manager, { topic: '考勤测试' });
  const people = await roll(manager, s.id);
  assert.ok(people.some((p) => p.username === `staff-${TOWN}`));
  assert.ok(people.some((p) => p.username === `agent-${villages[0]}`));
  assert.ok(people.every((p) => p.status === 'unrecorded'));
  assert.ok(!people.some((p) => p.username === `staff-${FOREIGN}`), 'only the town\'s staff');
  const foreignStaff = (await supervisor.get(`/api/v1/training/coverage?year=2025&org=${FOREIGN}`)).json.venues[0].untrained[0];

  const bad = [
    [{ records: [{ user_id: staff.user.id, attended: false }] }, 'reason_required', 'records[0].absence_reason'],
    [{ records: [{ user_id: staff.user.id, attended: true }, { user_id: foreignStaff.user_id, attended: true }] }, 'not_trainee', 'records[1].user_id'],
    [{ records: [] }, 'invalid_field', 'records'],
    [{ records: [{ user_id: staff.user.id, attended: 'yes' }] }, 'invalid_field', 'records[0].attended'],
  ];
  for (const [body, code, field] of bad)
    assertFieldError(await put(manager, `/api/v1/training/sessions/${s.id}/attendance`, body), 400, code, field);
  assert.ok((await roll(manager, s.id)).every((p) => p.status === 'unrecorded'), 'nothing recorded');

  const ok = await put(manager, `/api/v1/training/sessions/${s.id}/attendance`, {
    records: [{ user_id: staff.user.id, attended: true }, { user_id: agent.user.id, attended: false, absence_reason: '病假' }],
  });
  assert.equal(ok.status, 200, ok.text);
  const after = Object.fromEntries(ok.json.items.map((p) => [p.user_id, p]));
  assert.equal(after[staff.user.id].status, 'attended');
  assert.equal(after[agent.user.id].status, 'absent');
  assert.equal(after[agent.user.id].absence_reason, '病假');
  const counted = await manager.get(`/api/v1/training/sessions/${s.id}`);
  assert.equal(counted.json.attended, 1);
  assert.equal(counted.json.absent, 1);

  const mine = await staff.get('/api/v1/training/attendance/mine?year=2025');
  assert.ok(mine.json.items.some((r) => r.id === s.id && r.status === 'attended'), mine.text);

  const future = await createSession(manager, { topic: '未来的培训', day: '2026-12-20' });
  assertError(await put(manager, `/api/v1/training/sessions/${future.id}/attendance`, { records: [{ user_id: staff.user.id, attended: true }] }), 409, 'session_not_held');
  assertError(await manager.patch(`/api/v1/training/sessions/${s.id}`, { day: '2026-12-21' }), 409, 'session_not_held');
  await manager.delete(`/api/v1/training/sessions/${s.id}`);
  await manager.delete(`/api/v1/training/sessions/${future.id}`);
});

test('plans: set by the manager, fulfilment counts held sessions; bad plans change nothing', async () => {
  const set = await put(manager, `/api/v1/training/plans/${hall}/2025`, { planned_sessions: 4, planned_hours: 6.5, topics: '受理规范' });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.planned_hours, 6.5);
  const bad = [
    [{ planned_sessions: 4, planned_hours: 1.25 }, 'invalid_hours', 'planned_hours'],
    [{ planned_sessions: -1, planned_hours: 2 }, 'invalid_field', 'planned_sessions'],
    [{ planned_sessions: 2 }, 'missing_field', 'planned_hours'],
  ];
  for (const [body, code, field] of bad)
    assertFieldError(await put(manager, `/api/v1/training/plans/${hall}/2025`, body), 400, code, field);
  assertError(await put(manager, `/api/v1/training/plans/${hall}/1999`, { planned_sessions: 1, planned_hours: 1 }), 400, 'invalid_year');
  assertError(await manager.get('/api/v1/training/plans?year=abc'), 400, 'invalid_query');

  const s1 = await createSession(manager, { day: '2025-03-01', hours: 2 });
  const s2 = await createSession(manager, { day: '2025-04-01', hours: 1.5 });
  const plans = await manager.get(`/api/v1/training/plans?year=2025&org=${TOWN}`);
  const row = plans.json.items.find((p) => p.venue_id === hall);
  assert.equal(row.planned_sessions, 4);
  assert.equal(row.planned_hours, 6.5);
  assert.equal(row.topics, '受理规范');
  assert.equal(row.held_sessions, 2);
  assert.equal(row.held_hours, 3.5);
  assert.equal(row.sessions_permille, 500);
  assert.equal(row.hours_permille, 538);
  await manager.delete(`/api/v1/training/sessions/${s1.id}`);
  await manager.delete(`/api/v1/training/sessions/${s2.id}`);
});

test('coverage shrinks as people are trained; the summary figures are exact', async () => {
  const cov0 = (await manager.get('/api/v1/training/coverage?year=2025')).json;
  assert.equal(cov0.trained, 0, JSON.stringify(cov0));
  const staffCount = cov0.staff;
  assert.ok(staffCount >= 5);
  const s1 = await createSession(manager, { day: '2025-05-05', hours: 2.5 });
  // A 现场会 the town organises at its first village's room.
  const room = await venueId(villages[0]);
  const s2 = await createSession(manager, { venue_id: room, org_code: TOWN, kind: 'site_meeting', day: '2025-07-07', hours: 1.5, topic: '村级现场会' });
  assert.equal(s2.org_code, TOWN);
  assert.equal(s2.kind_label, '现场会');
  const mgrId = manager.user.id;
  let res = await put(manager, `/api/v1/training/sessions/${s1.id}/attendance`, {
    records: [{ user_id: staff.user.id, attended: true }, { user_id: mgrId, attended: true }, { user_id: agent.user.id, attended: false, absence_reason: '事假' }],
  });
  assert.equal(res.status, 200, res.text);
  res = await put(manager, `/api/v1/training/sessions/${s2.id}/attendance`, {
    records: [{ user_id: staff.user.id, attended: true }, { user_id: agent.user.id, attended: true }],
  });
  assert.equal(res.status, 200, res.text);

  const cov = (await manager.get('/api/v1/training/coverage?year=2025')).json;
  assert.equal(cov.staff, staffCount);
  assert.equal(cov.trained, 3);
  assert.equal(cov.untrained, staffCount - 3);
  const untrained = cov.venues.flatMap((v) => v.untrained.map((u) => u.user_id));
  for (const id of [staff.user.id, mgrId, agent.user.id]) assert.ok(!untrained.includes(id));

  const summary = await manager.get(`/api/v1/training/summary?org=${TOWN}&from=2025-01-01&to=2025-12-31`);
  assert.equal(summary.status, 200, summary.text);
  assert.deepEqual(
    { sessions: summary.json.sessions, hours: summary.json.hours, staff: summary.json.staff, trained: summary.json.staff_trained },
    { sessions: 2, hours: 2.5 + 2.5 + 1.5 + 1.5, staff: staffCount, trained: 3 },
  );
  assert.ok(Math.abs(summary.json.hours_per_staff - 8 / staffCount) < 1e-6);
  // The village counts the 现场会 held at its room, and its agent's hours.
  const village = await supervisor.get(`/api/v1/training/summary?org=${villages[0]}&from=2025-01-01&to=2025-12-31`);
  assert.equal(village.json.sessions, 1);
  assert.equal(village.json.hours, 1.5);
  // The county over 2025: only these two sessions.
  const county = await supervisor.get('/api/v1/training/summary?org=610929&from=2025-01-01&to=2025-12-31');
  assert.equal(county.json.sessions, 2);
  assert.equal(county.json.hours, 8);
  assert.equal(county.json.staff_trained, 3);
  // The range is inclusive and checked.
  const day = await manager.get(`/api/v1/training/summary?org=${TOWN}&from=2025-05-05&to=2025-05-05`);
  assert.equal(day.json.sessions, 1);
  assert.equal(day.json.hours, 5);
  assertError(await manager.get(`/api/v1/training/summary?org=${TOWN}&from=2025-12-31&to=2025-01-01`), 400, 'invalid_day');
  assertError(await manager.get(`/api/v1/training/summary?org=${TOWN}&from=2025-13-01&to=2025-12-31`), 400, 'invalid_day');
});
