// ratings.test.mjs — 好差评, black box: citizens rate with the case number and key (a wrong key
// gets the progress page's 404 and nothing is stored), one rating per case and channel, the
// 追评 window, paper forms entered by staff, a 差评's rectification task going overdue as the
// clock moves and then followed up, rectified and judged by the citizen, an appeal upheld by
// the county taking a rating out of the figures, the public figures of the venue, and a rating
// from the queue ticket's phone page naming the ticket and its window, and the throttle on
// guessing a case's phone digits.
//
// Runs on a server of its own (fresh demo database, --test-clock, November 2025): the clock
// moves. There: the hall of 麻虎镇 (610929110), staff-/mgr-610929110, the item T-RATE-ITEM.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, assertError, assertFieldError, freshDemoDatabase, itemDoc, listAll, loginAs,
  startServer,
} from './helpers.mjs';
import { queueState, takeNumber } from './queue-helpers.mjs';

const TOWN = '610929110';
const ITEM = 'T-RATE-ITEM';
const START = '2025-11-03T09:00:00+08:00'; // a Monday
let server, anon, staff, manager, supervisor, foreignStaff, hall, baseline;

const setClock = (now) => new Client(server.url).post('/api/v1/test/clock', { now });
const login = (username) => loginAs(username, undefined, server.url);

/** Moves the clock and logs everybody in again (sessions last 12 hours). */
async function moveClock(now) {
  assert.equal((await setClock(now)).status, 200);
  staff = await login(`staff-${TOWN}`);
  manager = await login(`mgr-${TOWN}`);
  supervisor = await login('supervisor');
  foreignStaff = await login('staff-610929100');
}

let serial = 0;
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + w[i] * Number(d), 0);
  return first17 + '10X98765432'[sum % 11];
}

/** A new case at the hall, received by staff-610929110: {no, key}. */
async function newCase() {
  serial++;
  const res = await staff.post('/api/v1/cases', {
    item_code: ITEM, channel: 'window', materials_received: ['申请表'],
    applicant: {
      name: `评价测试${serial}`, id_number: idNumber(`6109291990020${String(100 + serial).slice(-3)}1`),
      phone: `1390000${String(1000 + serial).slice(-4)}`,
    },
  });
  assert.equal(res.status, 201, res.text);
  const full = await staff.get(`/api/v1/cases/${res.json.no}`);
  assert.equal(full.status, 200, full.text);
  return { no: res.json.no, key: full.json.track_key, phone4: full.json.applicant.phone.slice(-4) };
}

const rate = (c, body) => anon.post('/api/v1/ratings', { no: c.no, key: c.key, ...body });

before(async () => {
  server = await startServer(['--test-clock'], await freshDemoDatabase('ratings'));
  assert.equal((await setClock(START)).status, 200);
  anon = new Client(server.url);
  await moveClock(START);
  const res = await supervisor.post('/api/v1/items', itemDoc(ITEM, { name: '评价测试事项' }));
  assert.equal(res.status, 201, res.text);
  hall = (await listAll(supervisor, `/api/v1/venues?org=${TOWN}`)).find((v) => v.kind === 'hall');
  assert.ok(hall, 'the town has a hall');
  // The demo's own history of ratings: the figures test counts on top of it.
  baseline = {
    venue: (await anon.get(`/api/v1/public/venues/${hall.id}/ratings`)).json,
    town: (await staff.get(`/api/v1/ratings/stats?org=${TOWN}`)).json,
    county: (await supervisor.get('/api/v1/ratings/stats')).json,
  };
});

after(async () => {
  await server?.stop();
});

test('a citizen rates with the number and key; a wrong key or number is refused and stores nothing', async () => {
  const c = await newCase();
  for (const wrong of [{ key: 'x'.repeat(24) }, { key: undefined, phone4: '0000' }, { key: undefined }]) {
    assertError(await rate(c, { channel: 'online', level: 'satisfied', ...wrong }), 404, 'case_not_found');
  }
  assertError(await anon.post('/api/v1/ratings', { no: '19990101-000001', key: c.key, channel: 'online', level: 'satisfied' }),
    404, 'case_not_found');
  assertFieldError(await rate(c, { channel: 'online', level: 'great' }), 400, 'invalid_field', 'level');
  assertFieldError(await rate(c, { channel: 'online', level: 'satisfied', scores: { attitude: 6 } }),
    400, 'invalid_field', 'scores.attitude');
  assertFieldError(await rate(c, { channel: 'fax', level: 'satisfied' }), 400, 'invalid_field', 'channel');
  assert.equal((await staff.get(`/api/v1/ratings?case=${c.no}`)).json.total, 0, 'nothing stored');

  const res = await rate(c, {
    channel: 'online', level: 'satisfied', comment: '办理很快', scores: { attitude: 5, efficiency: 4 },
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.level_label, '满意');
  assert.equal(res.json.rectification_due, null);
  assert.equal(res.json.comment, undefined, 'the citizen gets the short form');

  const listed = await staff.get(`/api/v1/ratings?case=${c.no}`);
  assert.equal(listed.json.total, 1);
  const r = listed.json.items[0];
  assert.equal(r.venue_id, hall.id);
  assert.equal(r.item_code, ITEM);
  assert.equal(r.attitude, 5);
  assert.equal(r.integrity, null);
  assert.equal(r.bad, false);
  assert.equal(r.channel, 'online');
});

test('one rating per case and channel; one 追评 within the period', async () => {
  const c = await newCase();
  assert.equal((await rate(c, { channel: 'onsite', level: 'very_satisfied' })).status, 201);
  assertError(await rate(c, { channel: 'onsite', level: 'satisfied' }), 409, 'rating_exists');
  // Another channel is another rating; the phone's last four digits do as well as the key.
  const byPhone = await anon.post('/api/v1/ratings', { no: c.no, phone4: c.phone4, channel: 'online', level: 'basic' });
  assert.equal(byPhone.status, 201, byPhone.text);
  const other = await newCase();
  assertError(await rate(other, { channel: 'online', level: 'basic', supplementary: true }), 409, 'no_first_rating');
  const extra = await rate(c, { channel: 'online', level: 'satisfied', supplementary: true });
  assert.equal(extra.status, 201, extra.text);
  assert.equal(extra.json.supplementary, true);
  assertError(await rate(c, { channel: 'onsite', level: 'satisfied', supplementary: true }), 409, 'rating_exists');
  assert.equal((await staff.get(`/api/v1/ratings?case=${c.no}`)).json.total, 3);
});

test('staff enter paper forms of their own cases only, with their session', async () => {
  const c = await newCase();
  assertError(await anon.post('/api/v1/ratings', { no: c.no, channel: 'paper', level: 'satisfied' }), 401, 'unauthenticated');
  assertError(await staff.post('/api/v1/ratings', { no: c.no, channel: 'paper', level: 'satisfied' }, { csrf: false }),
    403, 'csrf_failed');
  assertError(await foreignStaff.post('/api/v1/ratings', { no: c.no, channel: 'paper', level: 'satisfied' }),
    403, 'out_of_scope');
  const res = await staff.post('/api/v1/ratings', { no: c.no, channel: 'paper', level: 'satisfied' });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.channel, 'paper');
  assert.ok(res.json.entered_by, 'a paper form names the clerk who entered it');
  assert.ok(!(await listAll(foreignStaff, '/api/v1/ratings')).some((r) => r.case_no === c.no), 'scoped');
});

test('a 差评 opens a rectification task that becomes overdue; follow-up, rectify, citizen view', async () => {
  const c = await newCase();
  const res = await rate(c, { channel: 'onsite', level: 'dissatisfied', comment: '等了很久' });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.rectification_due, '2025-11-10', '5 working days after Monday 3 November');
  const rating = (await staff.get(`/api/v1/ratings?case=${c.no}`)).json.items[0];
  assert.equal(rating.bad, true);
  let task = (await listAll(staff, '/api/v1/rectifications?view=open')).find((t) => t.rating_id === rating.id);
  assert.ok(task, 'the task is on the open list');
  assert.equal(task.status, 'open');
  assert.equal(task.overdue, false);
  assert.equal(task.responsible_name, staff.user.display_name);
  assert.ok(!(await listAll(staff, '/api/v1/rectifications?view=overdue')).some((t) => t.id === task.id));
  assertError(await staff.get('/api/v1/rectifications?view=late'), 400, 'invalid_query');
  assert.ok(!(await listAll(foreignStaff, '/api/v1/rectifications')).some((t) => t.id === task.id), 'scoped');

  // Order: the fix needs the follow-up first, the citizen's view needs the fix.
  assertError(await staff.post(`/api/v1/rectifications/${task.id}/rectify`, { outcome: '已整改' }), 409, 'follow_up_first');
  assertError(await staff.post(`/api/v1/rectifications/${task.id}/citizen-view`, { view: 'satisfied' }), 409, 'not_rectified');
  assertFieldError(await staff.post(`/api/v1/rectifications/${task.id}/follow-up`, {}), 400, 'missing_field', 'note');

  await moveClock('2025-11-11T09:00:00+08:00');
  task = (await listAll(staff, '/api/v1/rectifications?view=overdue')).find((t) => t.id === task.id);
  assert.ok(task, 'past its due date the task is overdue');
  assert.equal(task.overdue, true);

  let t = await staff.post(`/api/v1/rectifications/${task.id}/follow-up`, { note: '已电话回访，群众反映排队久' });
  assert.equal(t.status, 200, t.text);
  assert.ok(t.json.followed_up_at);
  assertError(await staff.post(`/api/v1/rectifications/${task.id}/follow-up`, { note: '再次' }), 409, 'task_closed');
  t = await manager.post(`/api/v1/rectifications/${task.id}/rectify`, { outcome: '增开高峰时段窗口' });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.status, 'rectified');
  assert.equal(t.json.overdue, false);
  t = await staff.post(`/api/v1/rectifications/${task.id}/citizen-view`, { view: 'satisfied', note: '认可' });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.citizen_view, 'satisfied');
  assertError(await staff.post(`/api/v1/rectifications/${task.id}/nonsense`, {}), 404, 'not_found');
  assert.ok(!(await listAll(staff, '/api/v1/rectifications?view=open')).some((x) => x.id === task.id));
});

test('an upheld appeal excludes the rating from the figures and cancels its task', async () => {
  await moveClock('2025-11-12T09:00:00+08:00');
  const before = (await anon.get(`/api/v1/public/venues/${hall.id}/ratings`)).json;
  const c = await newCase();
  assert.equal((await rate(c, { channel: 'online', level: 'very_dissatisfied', comment: '乱写的' })).status, 201);
  const mid = (await anon.get(`/api/v1/public/venues/${hall.id}/ratings`)).json;
  assert.equal(mid.counted, before.counted + 1);
  assert.equal(mid.bad, before.bad + 1);
  assert.equal(mid.open_rectifications, before.open_rectifications + 1);

  const rating = (await staff.get(`/api/v1/ratings?case=${c.no}`)).json.items[0];
  assertFieldError(await staff.post(`/api/v1/ratings/${rating.id}/appeal`, { reason_kind: 'spite', reason: '恶意' }),
    400, 'invalid_field', 'reason_kind');
  assertError(await foreignStaff.post(`/api/v1/ratings/${rating.id}/appeal`, { reason_kind: 'malicious', reason: '恶意' }),
    404, 'rating_not_found');
  const appeal = await staff.post(`/api/v1/ratings/${rating.id}/appeal`, {
    reason_kind: 'malicious', reason: '评价人与办件无关，系恶意差评',
  });
  assert.equal(appeal.status, 201, appeal.text);
  assert.equal(appeal.json.status, 'pending');
  assertError(await staff.post(`/api/v1/ratings/${rating.id}/appeal`, { reason_kind: 'mistaken', reason: '再诉' }),
    409, 'appeal_exists');
  // The county decides, not the town.
  assertError(await manager.post(`/api/v1/appeals/${appeal.json.id}/decide`, { decision: 'upheld', reason: '同意' }),
    403, 'forbidden');
  assert.ok((await listAll(supervisor, '/api/v1/appeals?status=pending')).some((a) => a.id === appeal.json.id));
  const decided = await supervisor.post(`/api/v1/appeals/${appeal.json.id}/decide`, {
    decision: 'upheld', reason: '经核查属恶意评价，不计入考核',
  });
  assert.equal(decided.status, 200, decided.text);
  assert.equal(decided.json.status, 'upheld');
  assertError(await supervisor.post(`/api/v1/appeals/${appeal.json.id}/decide`, { decision: 'rejected', reason: '改判' }),
    409, 'appeal_decided');

  const after = (await anon.get(`/api/v1/public/venues/${hall.id}/ratings`)).json;
  assert.equal(after.counted, before.counted, 'the excluded rating is not counted');
  assert.equal(after.bad, before.bad);
  assert.equal(after.excluded, before.excluded + 1);
  assert.equal(after.open_rectifications, before.open_rectifications);
  const r = (await staff.get(`/api/v1/ratings?case=${c.no}`)).json.items[0];
  assert.equal(r.excluded, true);
  assert.equal(r.excluded_reason, '经核查属恶意评价，不计入考核');
  assert.equal(r.rectification_status, 'cancelled');
  assertError(await staff.post(`/api/v1/rectifications/${r.rectification_id}/follow-up`, { note: '回访' }), 409, 'task_closed');
});

test('the figures: counts per level, satisfaction and rectification rates, public and staff', async () => {
  const pub = await anon.get(`/api/v1/public/venues/${hall.id}/ratings`);
  assert.equal(pub.status, 200, pub.text);
  const f = pub.json;
  // Earlier tests at this hall, on top of the demo's history (baseline): online 满意; onsite
  // 非常满意 + online 基本满意 + 追评 满意; paper 满意; 不满意 (rectified late); 非常不满意
  // (excluded by the appeal).
  const b = baseline.venue;
  const added = { very_satisfied: 1, satisfied: 3, basic: 1, dissatisfied: 1, very_dissatisfied: 0 };
  assert.deepEqual(f.counts, Object.fromEntries(Object.entries(b.counts).map(([k, n]) => [k, n + added[k]])));
  const rate3 = (num, den) => Math.round((num / den) * 1000) / 1000;
  assert.equal(f.counted, b.counted + 6);
  assert.equal(f.excluded, b.excluded + 1);
  assert.equal(f.total, b.total + 7);
  assert.equal(f.satisfied, b.satisfied + 5);
  assert.equal(f.satisfaction_rate, rate3(b.satisfied + 5, b.counted + 6));
  assert.equal(f.bad, b.bad + 1);
  assert.equal(f.rectified_on_time, b.rectified_on_time, 'rectified after its due date');
  assert.equal(f.rectification_rate, rate3(b.rectified_on_time, b.bad + 1));
  assert.equal(f.labels.basic, '基本满意');

  const town = await staff.get(`/api/v1/ratings/stats?org=${TOWN}`);
  assert.equal(town.status, 200, town.text);
  assert.equal(town.json.counted, baseline.town.counted + 6);
  const county = await supervisor.get('/api/v1/ratings/stats');
  assert.equal(county.json.counted, baseline.county.counted + 6);
  assert.equal((await staff.get(`/api/v1/ratings/stats?venue=${hall.id}`)).json.counted, b.counted + 6);
  assertError(await foreignStaff.get(`/api/v1/ratings/stats?org=${TOWN}`), 403, 'out_of_scope');
  assertError(await foreignStaff.get(`/api/v1/ratings/stats?venue=${hall.id}`), 404, 'venue_not_found');
  assertError(await anon.get('/api/v1/public/venues/999999/ratings'), 404, 'venue_not_found');
  assertError(await staff.get('/api/v1/ratings?level=good'), 400, 'invalid_query');
  assertError(await staff.get('/api/v1/ratings?venue=abc'), 400, 'invalid_query');
  const bad = await staff.get('/api/v1/ratings?level=dissatisfied');
  assert.ok(bad.json.items.every((r) => r.level === 'dissatisfied' && r.level_label === '不满意'));
});

test('a 追评 after the period is refused; the periods are settings', async () => {
  const c = await newCase();
  assert.equal((await rate(c, { channel: 'online', level: 'satisfied' })).status, 201);
  const admin = await login('admin');
  const put = await admin.request('PUT', '/api/v1/settings/ratings', { json: { supplement_days: 3, rectify_days: 7 } });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(put.json, { supplement_days: 3, rectify_days: 7 });
  assertError(await staff.request('PUT', '/api/v1/settings/ratings', { json: { supplement_days: 3, rectify_days: 7 } }),
    403, 'forbidden');
  await moveClock('2025-11-16T09:00:00+08:00');
  assertError(await rate(c, { channel: 'online', level: 'satisfied', supplementary: true }), 409, 'supplement_closed');
});

test('the ticket that led to a case rates it from the phone: its window is named; another ticket is refused', async () => {
  const state = await queueState(anon, hall.id);
  const w = state.windows.find((x) => x.groups.length > 0);
  assert.ok(w, 'the hall has a window serving a group');
  const g = state.groups.find((x) => x.code === w.groups[0]);
  const taken = await takeNumber(anon, hall.id, { group_id: g.id });
  assert.equal(taken.status, 201, taken.text);
  const called = await staff.post(`/api/v1/windows/${w.id}/call-next`, {});
  assert.equal(called.status, 200, called.text);
  const ticketId = called.json.ticket.id;
  assert.equal((await staff.post(`/api/v1/tickets/${ticketId}/start`, {})).status, 200);
  const phonePage = () => anon.get(`/api/v1/tickets/${ticketId}?key=${taken.json.key}`);
  assert.equal((await phonePage()).json.rating, null, 'nothing to rate before the ticket is done');
  const c = await newCase();
  assert.equal((await staff.post(`/api/v1/tickets/${ticketId}/finish`, { case_no: c.no })).status, 200);
  const proof = (await phonePage()).json.rating;
  assert.deepEqual(proof, { case_no: c.no, key: c.key }, 'the phone page carries the rating proof');

  const other = await newCase();
  assertFieldError(await anon.post('/api/v1/ratings', { no: other.no, key: other.key, channel: 'onsite', level: 'satisfied', ticket_id: ticketId }),
    400, 'invalid_field', 'ticket_id');
  assert.equal((await staff.get(`/api/v1/ratings?case=${other.no}`)).json.total, 0, 'the refused rating stored nothing');

  const res = await anon.post('/api/v1/ratings', { no: proof.case_no, key: proof.key, channel: 'onsite', level: 'very_satisfied', ticket_id: ticketId });
  assert.equal(res.status, 201, res.text);
  const [stored] = (await staff.get(`/api/v1/ratings?case=${c.no}`)).json.items;
  assert.equal(stored.ticket_id, ticketId);
  assert.equal(stored.window_id, w.id, 'the window that served the ticket is the one rated');
});

test('guessing the phone digits of a case is throttled; the receipt key still works', async () => {
  const c = await newCase();
  const wrong = c.phone4 === '0000' ? '0001' : '0000';
  for (let i = 0; i < 10; i++)
    assertError(await anon.get(`/api/v1/track/${c.no}?phone4=${wrong}`), 404, 'case_not_found');
  assertError(await anon.get(`/api/v1/track/${c.no}?phone4=${c.phone4}`), 429, 'too_many_attempts');
  assertError(await anon.post('/api/v1/ratings', { no: c.no, phone4: c.phone4, channel: 'online', level: 'satisfied' }),
    429, 'too_many_attempts');
  assert.equal((await staff.get(`/api/v1/ratings?case=${c.no}`)).json.total, 0, 'the refused rating stored nothing');
  const byKey = await anon.get(`/api/v1/track/${c.no}?key=${c.key}`);
  assert.equal(byKey.status, 200, 'the receipt QR code keeps working');
  assert.equal((await rate(c, { channel: 'online', level: 'satisfied' })).status, 201);
  const other = await newCase();
  assert.equal((await anon.get(`/api/v1/track/${other.no}?phone4=${other.phone4}`)).status, 200, 'other cases are not locked');
});
