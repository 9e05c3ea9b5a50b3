// queue.test.mjs — queue numbers (排队叫号): taking a number, calling at windows, the ticket's
// moves, statistics, scope, and the live event stream (SSE), on one process and — with
// PostgreSQL — across two `bianmin serve` processes on the same database.
//
// Writes only to the halls of 卡子镇 (others()[2]) and 宋家镇 (others()[4]); the daily reset
// and the daily cap move the clock, so they run on an extra server with its own database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BACKEND, BASE_URL, Client, assertError, freshDemoDatabase, loginAs, otherTowns, startServer,
  venueOf,
} from './helpers.mjs';
import { clearVenue, drainWindow, openEvents, queueState, takeNumber } from './queue-helpers.mjs';

const anon = new Client();
let sup;
let kazi; // {code, venue, staff, state}
let songjia;

async function townSetup(town, staffUser) {
  const venue = await venueOf(sup, town.code);
  const staff = await loginAs(staffUser);
  const state = await queueState(anon, venue.id);
  assert.ok(state.groups.length >= 2, `demo groups in ${town.name}: ${JSON.stringify(state.groups)}`);
  assert.ok(state.windows.length >= 2, `demo windows in ${town.name}`);
  await clearVenue(staff, venue.id); // nothing left from an earlier run on this database
  return { code: town.code, venue, staff, state };
}

const group = (town, code) => town.state.groups.find((g) => g.code === code);
const windowServing = (town, code, not) =>
  town.state.windows.find((w) => w.groups.includes(code) && w.id !== not?.id);

before(async () => {
  sup = await loginAs('supervisor');
  const others = await otherTowns(sup);
  kazi = await townSetup(others[2], `staff-${others[2].code}`);
  songjia = await townSetup(others[4], `mgr-${others[4].code}`);
});

test('a citizen takes a number: prefix and sequence, people ahead, estimate, a key for the phone', async () => {
  const a = group(kazi, 'A');
  const first = await takeNumber(anon, kazi.venue.id, { group_id: a.id });
  assert.equal(first.status, 201, first.text);
  const t = first.json;
  assert.match(t.number, new RegExp(`^${a.prefix}\\d{3,}$`));
  assert.equal(t.status, 'waiting');
  assert.equal(t.group.code, 'A');
  assert.equal(typeof t.people_ahead, 'number');
  assert.equal(typeof t.estimated_wait_minutes, 'number');
  assert.match(t.key, /^[0-9a-f]{32}$/);
  const second = (await takeNumber(anon, kazi.venue.id, { group_id: a.id })).json;
  assert.equal(Number(second.number.slice(a.prefix.length)), Number(t.number.slice(a.prefix.length)) + 1);
  assert.equal(second.people_ahead, t.people_ahead + 1);

  const phone = await anon.get(`/api/v1/tickets/${t.id}?key=${t.key}`);
  assert.equal(phone.status, 200, phone.text);
  assert.equal(phone.json.number, t.number);
  assert.equal(phone.json.status_label, '等候中');
  assert.equal(phone.json.key, undefined, 'the phone view does not echo the key');
  assertError(await anon.get(`/api/v1/tickets/${t.id}?key=${'0'.repeat(32)}`), 404, 'ticket_not_found');
  assertError(await anon.get(`/api/v1/tickets/${t.id}`), 404, 'ticket_not_found');
  const qr = await anon.get(`/api/v1/tickets/${t.id}/qr.svg?key=${t.key}`);
  assert.equal(qr.status, 200);
  assert.match(qr.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(qr.text, /^<svg [^>]*viewBox="0 0 \d+ \d+"/);
  assertError(await anon.get(`/api/v1/tickets/${t.id}/qr.svg?key=nope`), 404, 'ticket_not_found');
  await clearVenue(kazi.staff, kazi.venue.id);
});

test('taking a number checks its input and keeps priority and appointments for staff', async () => {
  const a = group(kazi, 'A');
  assertError(await takeNumber(anon, kazi.venue.id, { group_id: 999999 }), 404, 'group_not_found');
  assertError(await takeNumber(anon, 999999, { group_id: a.id }), 404, 'group_not_found');
  assertError(await takeNumber(anon, kazi.venue.id, {}), 400, 'missing_field');
  assertError(await takeNumber(anon, kazi.venue.id, { group_id: a.id, extra: 1 }), 400, 'unknown_field');
  assertError(await takeNumber(anon, kazi.venue.id, { group_id: a.id, priority_kind: 'elderly' }), 401, 'unauthenticated');
  const foreign = group(songjia, 'A');
  assertError(await takeNumber(anon, kazi.venue.id, { group_id: foreign.id }), 404, 'group_not_found');
});

test('call order: the priority lane first, then the oldest; a window calls only its groups', async () => {
  const a = group(kazi, 'A');
  const b = group(kazi, 'B');
  const onlyA = kazi.state.windows.find((w) => w.groups.length === 1 && w.groups[0] === 'A');
  assert.ok(onlyA, 'the demo has a window serving group A only');
  const tb = (await takeNumber(anon, kazi.venue.id, { group_id: b.id })).json;
  const old = (await takeNumber(anon, kazi.venue.id, { group_id: a.id })).json;
  const prio = await kazi.staff.post(`/api/v1/venues/${kazi.venue.id}/tickets`, { group_id: a.id, priority_kind: 'elderly' });
  assert.equal(prio.status, 201, prio.text);
  assert.equal(prio.json.priority, true);
  assert.equal(prio.json.people_ahead, 0, 'priority goes to the front');
  const calls = [];
  for (let i = 0; i < 3; i++) {
    const res = await kazi.staff.post(`/api/v1/windows/${onlyA.id}/call-next`, {});
    assert.equal(res.status, 200, res.text);
    calls.push(res.json.ticket?.id ?? null);
    if (res.json.ticket) await kazi.staff.post(`/api/v1/tickets/${res.json.ticket.id}/start`, {});
    if (res.json.ticket) await kazi.staff.post(`/api/v1/tickets/${res.json.ticket.id}/finish`, {});
  }
  assert.deepEqual(calls, [prio.json.id, old.id, null], 'B is not called at an A-only window');
  const served = [];
  for (const w of kazi.state.windows) await drainWindow(kazi.staff, w.id, served);
  assert.deepEqual(served, [tb.id]);
});

test('several windows calling at once never get the same ticket', async () => {
  const taken = [];
  for (let i = 0; i < 18; i++) {
    const g = kazi.state.groups[i % kazi.state.groups.length];
    const res = await takeNumber(anon, kazi.venue.id, { group_id: g.id });
    assert.equal(res.status, 201, res.text);
    taken.push(res.json.id);
  }
  const clients = await Promise.all(kazi.state.windows.map(() => loginAs(kazi.staff.user.username)));
  const served = await Promise.all(kazi.state.windows.map((w, i) => drainWindow(clients[i], w.id)));
  const all = served.flat();
  assert.equal(new Set(all).size, all.length, `a ticket was called twice: ${JSON.stringify(served)}`);
  assert.deepEqual([...all].sort((x, y) => x - y), taken, 'every ticket was called once');
  assert.ok(served.filter((s) => s.length > 0).length >= 2, 'more than one window took part');
});

test('a window with a ticket still open cannot call the next one', async () => {
  const a = group(kazi, 'A');
  const w = windowServing(kazi, 'A');
  await takeNumber(anon, kazi.venue.id, { group_id: a.id });
  await takeNumber(anon, kazi.venue.id, { group_id: a.id });
  const first = await kazi.staff.post(`/api/v1/windows/${w.id}/call-next`, {});
  assert.equal(first.status, 200);
  assertError(await kazi.staff.post(`/api/v1/windows/${w.id}/call-next`, {}), 409, 'window_busy');
  await kazi.staff.post(`/api/v1/tickets/${first.json.ticket.id}/start`, {});
  assertError(await kazi.staff.post(`/api/v1/tickets/${first.json.ticket.id}/start`, {}), 409, 'illegal_transition');
  await kazi.staff.post(`/api/v1/tickets/${first.json.ticket.id}/finish`, { case_no: '20250926-000001' });
  const staffView = await kazi.staff.get(`/api/v1/tickets/${first.json.ticket.id}`);
  assert.equal(staffView.json.case_no, '20250926-000001');
  assert.equal(staffView.json.status, 'done');
  await clearVenue(kazi.staff, kazi.venue.id);
});

test('no-show only after 3 calls; a 4th call is refused', async () => {
  const a = group(songjia, 'A');
  const w = windowServing(songjia, 'A');
  const t = (await takeNumber(anon, songjia.venue.id, { group_id: a.id })).json;
  const call = await songjia.staff.post(`/api/v1/windows/${w.id}/call-next`, {});
  assert.equal(call.json.ticket.id, t.id);
  assertError(await songjia.staff.post(`/api/v1/tickets/${t.id}/no-show`, {}), 409, 'too_few_calls');
  for (let i = 2; i <= 3; i++) {
    const r = await songjia.staff.post(`/api/v1/tickets/${t.id}/recall`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.call_count, i);
  }
  assertError(await songjia.staff.post(`/api/v1/tickets/${t.id}/recall`, {}), 409, 'recall_limit');
  const ns = await songjia.staff.post(`/api/v1/tickets/${t.id}/no-show`, {});
  assert.equal(ns.status, 200, ns.text);
  assert.equal(ns.json.status, 'no_show');
  assertError(await songjia.staff.post(`/api/v1/tickets/${t.id}/start`, {}), 409, 'illegal_transition');
  assertError(await songjia.staff.post(`/api/v1/tickets/${t.id}/teleport`, {}), 404, 'not_found');
});

test('transfer to another group or window keeps the number, goes to the front and is recorded', async () => {
  const a = group(songjia, 'A');
  const b = group(songjia, 'B');
  const wa = songjia.state.windows.find((w) => w.groups.includes('A') && !w.groups.includes('B'));
  assert.ok(wa, 'the demo has a window serving A but not B');
  const wb = windowServing(songjia, 'B');
  const waiting = (await takeNumber(anon, songjia.venue.id, { group_id: b.id })).json;
  const t = (await takeNumber(anon, songjia.venue.id, { group_id: a.id })).json;
  const call = await songjia.staff.post(`/api/v1/windows/${wa.id}/call-next`, {});
  assert.equal(call.json.ticket.id, t.id);
  await songjia.staff.post(`/api/v1/tickets/${t.id}/start`, {});
  assertError(await songjia.staff.post(`/api/v1/tickets/${t.id}/transfer`, {}), 400, 'invalid_transfer');
  const moved = await songjia.staff.post(`/api/v1/tickets/${t.id}/transfer`, { to_group_id: b.id, note: '需社会救助窗口办理' });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.status, 'waiting');
  assert.equal(moved.json.group.code, 'B');
  assert.equal(moved.json.number, t.number, 'the citizen keeps the number');
  assert.equal(moved.json.transfers, 1);
  const next = await songjia.staff.post(`/api/v1/windows/${wb.id}/call-next`, {});
  assert.equal(next.json.ticket.id, t.id, 'the transferred ticket goes before the older B ticket');
  // ... and on to a named window
  const other = songjia.state.windows.find((w) => w.id !== wb.id);
  const sent = await songjia.staff.post(`/api/v1/tickets/${t.id}/transfer`, { to_window_id: other.id });
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.json.target_window_id, other.id);
  const there = await songjia.staff.post(`/api/v1/windows/${other.id}/call-next`, {});
  assert.equal(there.json.ticket.id, t.id);
  assert.equal(there.json.ticket.transfers, 2);
  await songjia.staff.post(`/api/v1/tickets/${t.id}/start`, {});
  await songjia.staff.post(`/api/v1/tickets/${t.id}/finish`, {});
  const rest = [];
  for (const w of songjia.state.windows) await drainWindow(songjia.staff, w.id, rest);
  assert.deepEqual(rest, [waiting.id]);
});

test('scope: staff act only at their own venue; village agents not at all', async () => {
  const w = songjia.state.windows[0];
  assertError(await kazi.staff.post(`/api/v1/windows/${w.id}/call-next`, {}), 403, 'out_of_scope');
  const t = (await takeNumber(anon, songjia.venue.id, { group_id: group(songjia, 'A').id })).json;
  assertError(await kazi.staff.post(`/api/v1/tickets/${t.id}/transfer`, { to_group_id: group(songjia, 'B').id }), 403, 'out_of_scope');
  assertError(await kazi.staff.get(`/api/v1/tickets/${t.id}`), 403, 'out_of_scope');
  assertError(await kazi.staff.get(`/api/v1/venues/${songjia.venue.id}/queue/stats?date=2025-09-26`), 403, 'out_of_scope');
  const agent = await loginAs(`agent-${kazi.code}001`).catch(() => null);
  if (agent) assertError(await agent.post(`/api/v1/windows/${kazi.state.windows[0].id}/call-next`, {}), 403, 'forbidden');
  assertError(await anon.post(`/api/v1/windows/${w.id}/call-next`, {}), 401, 'unauthenticated');
  assertError(await kazi.staff.post('/api/v1/windows/999999/call-next', {}), 404, 'window_not_found');
  await clearVenue(songjia.staff, songjia.venue.id);
});

test('statistics per venue, group, window and hour', async () => {
  const today = (await queueState(anon, songjia.venue.id)).date;
  const res = await songjia.staff.get(`/api/v1/venues/${songjia.venue.id}/queue/stats?date=${today}`);
  assert.equal(res.status, 200, res.text);
  const s = res.json;
  assert.ok(s.venue.taken >= 4, JSON.stringify(s.venue));
  assert.ok(s.venue.served >= 2);
  assert.ok(s.venue.no_show >= 1);
  assert.equal(typeof s.venue.mean_wait_seconds, 'number');
  assert.ok(s.groups.some((g) => g.name === group(songjia, 'A').name));
  assert.ok(s.windows.every((w) => typeof w.number === 'number'));
  assert.ok(s.hours.length >= 1 && s.hours.every((h) => h.hour >= 0 && h.hour < 24));
  assertError(await songjia.staff.get(`/api/v1/venues/${songjia.venue.id}/queue/stats?date=yesterday`), 400, 'invalid_query');
});

test('SSE: a display connected to /events receives a call within a second, with id and retry', async () => {
  const state = await queueState(anon, kazi.venue.id);
  const display = await openEvents(BASE_URL, kazi.venue.id);
  try {
    assert.equal(display.status, 200);
    assert.match(display.headers.get('content-type'), /^text\/event-stream/);
    const t = (await takeNumber(anon, kazi.venue.id, { group_id: group(kazi, 'A').id })).json;
    const w = windowServing(kazi, 'A');
    const started = Date.now();
    const call = await kazi.staff.post(`/api/v1/windows/${w.id}/call-next`, {});
    assert.equal(call.json.ticket.id, t.id);
    const e = await display.next('call', (x) => x.json?.ticket?.id === t.id, 1000);
    assert.ok(Date.now() - started < 1000);
    assert.equal(e.json.ticket.number, t.number);
    assert.equal(e.json.ticket.window_number, w.number);
    assert.ok(e.id > state.last_event_id);
    assert.equal(typeof e.json.waiting.A, 'number');
    // A page that reconnects with Last-Event-ID gets what it missed.
    const again = await openEvents(BASE_URL, kazi.venue.id, { headers: { 'last-event-id': String(state.last_event_id) } });
    const replayed = await again.next('call', (x) => x.id === e.id, 1000);
    assert.equal(replayed.json.ticket.number, t.number);
    again.close();
  } finally {
    display.close();
  }
  await clearVenue(kazi.staff, kazi.venue.id);
  assertError(await anon.get('/api/v1/venues/999999/events'), 404, 'venue_not_found');
});

test('PostgreSQL: a call through one server reaches a display connected to another', { skip: BACKEND !== 'pg' }, async () => {
  const second = await startServer();
  try {
    const display = await openEvents(second.url, kazi.venue.id);
    const t = (await takeNumber(anon, kazi.venue.id, { group_id: group(kazi, 'A').id })).json;
    const w = windowServing(kazi, 'A');
    const started = Date.now();
    await kazi.staff.post(`/api/v1/windows/${w.id}/call-next`, {});
    const e = await display.next('call', (x) => x.json?.ticket?.id === t.id, 1000);
    assert.ok(Date.now() - started < 1000);
    assert.equal(e.json.ticket.number, t.number);
    // and the other way: a number taken on the second server reaches the suite's server
    const mine = await openEvents(BASE_URL, kazi.venue.id);
    const u = (await takeNumber(new Client(second.url), kazi.venue.id, { group_id: group(kazi, 'B').id })).json;
    await mine.next('take', (x) => x.json?.ticket?.id === u.id, 1000);
    mine.close();
    display.close();
  } finally {
    await second.stop();
  }
  await clearVenue(kazi.staff, kazi.venue.id);
});

describeTravel();

// The daily sequence and the daily cap, on a server of its own whose clock may move.
function describeTravel() {
  let traveller;
  before(async () => {
    traveller = await startServer(['--test-clock'], await freshDemoDatabase('queue'));
  });
  after(async () => {
    await traveller?.stop();
  });

  test('numbers restart each day, and the daily cap answers 409', async () => {
    const base = traveller.url;
    const clock = (now) => new Client(base).post('/api/v1/test/clock', { now });
    assert.equal((await clock('2025-09-26T09:00:00+08:00')).status, 200);
    const mgrSup = await loginAs('supervisor', undefined, base);
    const venue = await venueOf(mgrSup, kazi.code);
    const mgr = await loginAs(`mgr-${kazi.code}`, undefined, base);
    const g = await mgr.post(`/api/v1/venues/${venue.id}/groups`, { code: 'Q', name: '测试取号', prefix: 'Q', daily_cap: 2 });
    assert.equal(g.status, 201, g.text);
    const c = new Client(base);
    const n1 = await takeNumber(c, venue.id, { group_id: g.json.id });
    const n2 = await takeNumber(c, venue.id, { group_id: g.json.id });
    assert.deepEqual([n1.json.number, n2.json.number], ['Q001', 'Q002']);
    assertError(await takeNumber(c, venue.id, { group_id: g.json.id }), 409, 'daily_cap_reached');
    assert.equal((await clock('2025-09-27T08:30:00+08:00')).status, 200);
    const next = await takeNumber(c, venue.id, { group_id: g.json.id });
    assert.equal(next.status, 201, next.text);
    assert.equal(next.json.number, 'Q001');
    assert.equal(next.json.service_date, '2025-09-27');
    assert.equal(next.json.people_ahead, 0, "yesterday's waiting tickets are not ahead");
    const mgrNextDay = await loginAs(`mgr-${kazi.code}`, undefined, base); // sessions last 12 hours
    assertError(await mgrNextDay.post(`/api/v1/tickets/${n1.json.id}/transfer`, { to_group_id: g.json.id }), 409, 'ticket_not_today');
  });
}
