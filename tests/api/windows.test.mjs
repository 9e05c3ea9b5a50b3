// windows.test.mjs — windows, AB posts and duty (issue 5): the AB absence rule and its refusal,
// coverage, posts without B, live gap alerts as the test clock moves into and out of opening
// hours, scope, and the public post board without private data.
//
// Writes only to the hall of otherTowns()[1] (构朳镇 610929102) and its clerks (see
// helpers.mjs). Time travel happens on an extra server with its own freshly seeded database,
// like clock.test.mjs: moving the clock of the suite's server would disturb the other files.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, assertError, assertFieldError, freshDemoDatabase, loginAs, otherTowns, startServer,
} from './helpers.mjs';

const TOWN = '610929102';
const FAR = '2031-03'; // dates nobody else books

let supervisor, manager, hall, windows;

/** The town's hall (kind hall) as `client` sees it. */
async function hallOf(client, town) {
  const res = await client.get(`/api/v1/venues?org=${town}`);
  assert.equal(res.status, 200, res.text);
  const h = res.json.items.find((v) => v.kind === 'hall');
  assert.ok(h, `town ${town} has a hall`);
  return h;
}

async function windowsOf(client, venueId) {
  const res = await client.get(`/api/v1/venues/${venueId}/windows`);
  assert.equal(res.status, 200, res.text);
  return res.json.items;
}

const byNumber = (list, n) => list.find((w) => w.number === n);

before(async () => {
  supervisor = await loginAs('supervisor');
  assert.equal((await otherTowns(supervisor))[1].code, TOWN, 'others()[1] is 构朳镇');
  manager = await loginAs(`mgr-${TOWN}`);
  hall = await hallOf(manager, TOWN);
  windows = await windowsOf(manager, hall.id);
});

test('the demo hall has groups A/B/C and windows with A and B holders, one post without B', async () => {
  const groups = (await manager.get(`/api/v1/venues/${hall.id}/groups`)).json.items;
  assert.deepEqual(groups.map((g) => g.code), ['A', 'B', 'C']);
  assert.ok(groups.every((g) => g.items.length > 0), 'each group covers claimed items');
  assert.ok(windows.length >= 2);
  const w1 = byNumber(windows, 1);
  assert.equal(w1.kind, 'comprehensive');
  assert.ok(w1.a_user && w1.b_user, 'window 1 has A and B');
  const board = (await manager.get(`/api/v1/venues/${hall.id}/duty`)).json;
  assert.ok(board.no_b.some((w) => w.number === 4), 'window 4 has no B holder');
  const staff = (await manager.get(`/api/v1/venues/${hall.id}/staff`)).json.items;
  assert.ok(staff.some((s) => s.username === `staff2-${TOWN}`));
});

test('booking the B holder away while the A holder is away is refused naming the post and colleague', async () => {
  const w2 = byNumber(windows, 2);
  const a = w2.a_user;
  const b = w2.b_user;
  const first = await manager.post('/api/v1/absences', {
    user_id: a.id, kind: 'leave', start_date: `${FAR}-03`, end_date: `${FAR}-05`, note: '年休假',
  });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.kind_label, '休假');
  const refused = await manager.post('/api/v1/absences', {
    user_id: b.id, kind: 'training', start_date: `${FAR}-05`, end_date: `${FAR}-06`,
  });
  assertError(refused, 409, 'ab_both_absent');
  assert.match(refused.json.error.message, /2 号窗口/);
  assert.ok(refused.json.error.message.includes(a.display_name), refused.json.error.message);
  const listed = await manager.get(`/api/v1/absences?user=${b.id}&from=${FAR}-01&to=${FAR}-31`);
  assert.equal(listed.json.total, 0, 'the refused absence was not stored');
  const nextDay = await manager.post('/api/v1/absences', {
    user_id: b.id, kind: 'trip', start_date: `${FAR}-06`, end_date: `${FAR}-06`,
  });
  assert.equal(nextDay.status, 201, 'the day after is allowed');
  // Cancelling A's absence lets B's overlapping one through.
  assert.equal((await manager.delete(`/api/v1/absences/${first.json.id}`)).status, 200);
  const now = await manager.post('/api/v1/absences', {
    user_id: b.id, kind: 'training', start_date: `${FAR}-04`, end_date: `${FAR}-05`,
  });
  assert.equal(now.status, 201, now.text);
  for (const id of [nextDay.json.id, now.json.id]) {
    assert.equal((await manager.delete(`/api/v1/absences/${id}`)).status, 200);
  }
  assertError(await manager.delete(`/api/v1/absences/${now.json.id}`), 404, 'absence_not_found');
});

test('invalid absences and windows are refused with the field named', async () => {
  const w1 = byNumber(windows, 1);
  assertFieldError(await manager.post('/api/v1/absences', {
    user_id: w1.a_user.id, kind: 'leave', start_date: `${FAR}-10`, end_date: `${FAR}-09`,
  }), 400, 'invalid_field', 'end_date');
  assertFieldError(await manager.post('/api/v1/absences', {
    user_id: w1.a_user.id, kind: 'holiday', start_date: `${FAR}-10`, end_date: `${FAR}-10`,
  }), 400, 'invalid_field', 'kind');
  assertError(await manager.post(`/api/v1/venues/${hall.id}/windows`, {
    number: 1, name: '重复窗口', kind: 'comprehensive',
  }), 409, 'window_number_taken');
  assertFieldError(await manager.patch(`/api/v1/windows/${w1.id}`, { b_user_id: w1.a_user.id }),
    400, 'invalid_field', 'b_user_id');
});

test('coverage reports claimed items no active window serves', async () => {
  const groups = (await manager.get(`/api/v1/venues/${hall.id}/groups`)).json.items;
  const c = groups.find((g) => g.code === 'C');
  let board = (await manager.get(`/api/v1/venues/${hall.id}/duty`)).json;
  assert.equal(board.coverage.uncovered.length, 0, JSON.stringify(board.coverage));
  const off = await manager.patch(`/api/v1/groups/${c.id}`, { active: false });
  assert.equal(off.status, 200, off.text);
  try {
    board = (await manager.get(`/api/v1/venues/${hall.id}/duty`)).json;
    const codes = board.coverage.uncovered.map((u) => u.code).sort();
    assert.deepEqual(codes, c.items.map((i) => i.code).sort());
    assert.ok(board.coverage.uncovered.every((u) => u.reason === 'no_window' && u.reason_label));
    assert.equal(board.coverage.covered, board.coverage.claimed - codes.length);
  } finally {
    assert.equal((await manager.patch(`/api/v1/groups/${c.id}`, { active: true })).status, 200);
  }
});

test('scope: another town\'s manager and window staff may not change this hall', async () => {
  const foreign = await loginAs(`mgr-${(await otherTowns(supervisor))[2].code}`);
  assertError(await foreign.get(`/api/v1/venues/${hall.id}/duty`), 403, 'out_of_scope');
  assertError(await foreign.get(`/api/v1/venues/${hall.id}/windows`), 403, 'out_of_scope');
  assertError(await foreign.patch(`/api/v1/windows/${windows[0].id}`, { name: '越权' }), 403, 'out_of_scope');
  assertError(await foreign.post('/api/v1/absences', {
    user_id: windows[0].a_user.id, kind: 'leave', start_date: `${FAR}-20`, end_date: `${FAR}-20`,
  }), 403, 'out_of_scope');
  assertError(await foreign.get(`/api/v1/duty/gaps?org=${TOWN}`), 403, 'out_of_scope');
  const clerk = await loginAs(`staff-${TOWN}`);
  assertError(await clerk.post(`/api/v1/venues/${hall.id}/groups`, {
    code: 'Z', name: '越权', prefix: 'Z',
  }), 403, 'forbidden');
  assert.equal((await clerk.get(`/api/v1/venues/${hall.id}/duty`)).status, 200, 'staff may read');
});

test('the public post board shows windows, who is on duty and their items, and nothing private', async () => {
  const res = await new Client().get(`/api/v1/public/venues/${hall.id}/posts`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.venue.name, hall.name);
  assert.ok(res.json.windows.length >= 2);
  const w1 = res.json.windows.find((w) => w.number === 1);
  assert.equal(w1.kind_label, '综合窗口');
  assert.ok(w1.items.length > 0 && w1.items[0].name);
  assert.ok(['on_duty', 'vacant'].includes(w1.status));
  if (w1.on_duty) assert.deepEqual(Object.keys(w1.on_duty).sort(), ['name', 'post']);
  const posts = JSON.stringify(res.json.windows);
  for (const word of ['username', 'user_id', '"id"', 'staff-', 'absence', '休假', '病假']) {
    assert.ok(!posts.includes(word), `no ${word} on the public board`);
  }
  assertError(await new Client().get('/api/v1/public/venues/999999/posts'), 404, 'venue_not_found');
});

// --- time travel on a server of its own -------------------------------------------------------

let traveller;
before(async () => {
  traveller = await startServer(['--test-clock'], await freshDemoDatabase('windows'));
});
after(async () => {
  await traveller?.stop();
});

async function setClock(now) {
  const res = await new Client(traveller.url).post('/api/v1/test/clock', { now });
  assert.equal(res.status, 200, res.text);
}

test('gap alerts follow the test clock into and out of opening hours', async () => {
  // Wednesday 2025-09-24, an ordinary working day; the hall opens 08:30-12:00 and 14:30-17:30.
  await setClock('2025-09-24T10:00:00+08:00');
  const sup = await loginAs('supervisor', undefined, traveller.url);
  const mgr = await loginAs(`mgr-${TOWN}`, undefined, traveller.url);
  const h = await hallOf(mgr, TOWN);
  const w4 = byNumber(await windowsOf(mgr, h.id), 4);
  assert.equal(w4.b_user, null, 'window 4 has no B holder');
  const gaps = async () => (await sup.get(`/api/v1/duty/gaps?org=${TOWN}`)).json.items;
  assert.deepEqual(await gaps(), [], 'everyone is in at 10:00');

  const away = await mgr.post('/api/v1/absences', {
    user_id: w4.a_user.id, kind: 'sick', start_date: '2025-09-24', end_date: '2025-09-24',
  });
  assert.equal(away.status, 201, away.text);
  let list = await gaps();
  assert.equal(list.length, 1);
  assert.equal(list[0].window.number, 4);
  assert.equal(list[0].venue.id, h.id);
  assert.match(list[0].since, /^2025-09-24T10:00:0\d\+08:00$/);
  const mine = (await mgr.get('/api/v1/duty/gaps')).json.items;
  assert.equal(mine.length, 1, 'the town manager sees the alert too');

  await setClock('2025-09-24T12:30:00+08:00');
  assert.deepEqual(await gaps(), [], 'closed over lunch: no gap');
  let board = (await mgr.get(`/api/v1/venues/${h.id}/duty`)).json;
  assert.equal(board.open_now, false);

  await setClock('2025-09-24T15:00:00+08:00');
  list = await gaps();
  assert.equal(list.length, 1, 'open again in the afternoon');
  assert.equal(list[0].since, '2025-09-24T14:30:00+08:00', 'the gap restarts at opening');
  board = (await mgr.get(`/api/v1/venues/${h.id}/duty`)).json;
  assert.equal(byNumber(board.windows, 4).gap, true);

  await setClock('2025-09-24T20:00:00+08:00');
  assert.deepEqual(await gaps(), [], 'closed in the evening');
  const history = (await mgr.get(`/api/v1/venues/${h.id}/duty/history?from=2025-09-24&to=2025-09-24`)).json;
  const gapRows = history.items.filter((r) => r.gap);
  assert.equal(gapRows.length, 2, JSON.stringify(gapRows));
  assert.equal(gapRows[1].ended_at, '2025-09-24T17:30:00+08:00');
  assert.ok(history.gap_minutes >= 119 + 180, `gap minutes ${history.gap_minutes}`);

  await setClock('2025-09-25T10:00:00+08:00');
  const next = await loginAs('supervisor', undefined, traveller.url); // a day later: new session
  assert.deepEqual((await next.get(`/api/v1/duty/gaps?org=${TOWN}`)).json.items, [],
    'the next day the clerk is back');
});
