// stats.test.mjs — the maintained statistics (issue 8), black box: cases registered and
// completed on time and late, a case gone overdue, ratings (one excluded by an upheld appeal), a
// 差评 rectified on time, petitions registered and declined; then the summary, the series and
// the records behind each figure agree with those events and with each other, and the
// maintained counters equal a rebuild from the base tables (`bianmin stats check`). Scope and
// validation.
//
// Runs on a server of its own (a fresh demo database, --test-clock, November 2025). There
// others()[3]'s hall, the item T-ST-ITEM; others()[4]'s manager is the foreign one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, assertError, bianmin, freshDemoDatabase, itemDoc, loginAs, otherTowns, startServer,
} from './helpers.mjs';
import { idNumber } from '../e2e/case-helpers.mjs';

const ITEM = 'T-ST-ITEM';
const RANGE = 'from=2025-11-01&to=2025-11-30';
let server, dbArgs, supervisor, staff, manager, foreignManager, town, foreignTown;

let serial = 0;

const login = (username) => loginAs(username, undefined, server.url);

async function setClock(now) {
  const res = await new Client(server.url).post('/api/v1/test/clock', { now });
  assert.equal(res.status, 200, res.text);
  supervisor = await login('supervisor');
  if (!town) return;
  staff = await login(`staff-${town.code}`);
  manager = await login(`mgr-${town.code}`);
  foreignManager = await login(`mgr-${foreignTown.code}`);
}

async function ok(promise, status = 200) {
  const res = await promise;
  assert.equal(res.status, status, res.text);
  return res.json;
}

async function newCase() {
  serial++;
  const c = await ok(staff.post('/api/v1/cases', {
    item_code: ITEM, channel: 'window', materials_received: ['申请表'],
    applicant: {
      name: `统计测试${serial}`, id_number: idNumber(`6109291990030${String(100 + serial).slice(-3)}1`),
      phone: `1390000${String(2000 + serial).slice(-4)}`,
    },
  }), 201);
  const full = await ok(staff.get(`/api/v1/cases/${c.no}`));
  return { no: c.no, key: full.track_key };
}
const act = (no, action, body = {}) => ok(staff.post(`/api/v1/cases/${no}/${action}`, body));
const rate = (c, level) => ok(new Client(server.url).post('/api/v1/ratings',
  { no: c.no, key: c.key, channel: 'online', level }), 201);
const summary = async (who = supervisor, query = `org=${town.code}&${RANGE}`) =>
  ok(who.get(`/api/v1/stats/summary?${query}`));

let base; // the town's figures before the test's events
const cases = {};

before(async () => {
  dbArgs = await freshDemoDatabase('stats');
  server = await startServer(['--test-clock'], dbArgs);
  await setClock('2025-11-03T08:30:00+08:00'); // a Monday
  const others = await otherTowns(supervisor);
  town = others[3];
  foreignTown = others[4];
  await setClock('2025-11-03T08:30:00+08:00');
  const res = await supervisor.post('/api/v1/items', itemDoc(ITEM, { name: '统计测试事项', promised_days: 3 }));
  assert.ok([201, 409].includes(res.status), res.text);
  const hall = (await ok(manager.get(`/api/v1/venues?org=${town.code}`))).items.find((v) => v.kind === 'hall');
  const claim = await manager.post(`/api/v1/venues/${hall.id}/claims`, { item_code: ITEM });
  assert.ok([200, 201].includes(claim.status), claim.text);
  base = (await summary()).total;

  // Monday: A accepted and completed at once; B accepted (due Thursday 11-06); C only registered.
  cases.a = await newCase();
  await act(cases.a.no, 'accept', { materials_received: ['近期照片'] });
  await act(cases.a.no, 'complete', { outcome: 'approved', result: '准予' });
  cases.b = await newCase();
  await act(cases.b.no, 'accept', { materials_received: ['近期照片'] });
  cases.c = await newCase();
  await rate(cases.a, 'very_satisfied');
  await rate(cases.c, 'dissatisfied');
  const rc = (await ok(staff.get(`/api/v1/ratings?case=${cases.c.no}`))).items[0];
  const appeal = await ok(staff.post(`/api/v1/ratings/${rc.id}/appeal`, { reason_kind: 'malicious', reason: '恶意差评' }), 201);
  await ok(supervisor.post(`/api/v1/appeals/${appeal.id}/decide`, { decision: 'upheld', reason: '属实' }));
  const petition = (subject) => ({
    kind: 'petition', channel: 'visit', subject, content: '统计测试的信访件。',
    parties: [{ name: '赵统计', role: 'petitioner', phone: '13800007002', address: '一组' }],
  });
  const p1 = await ok(staff.post('/api/v1/petitions', petition('统计一')), 201);
  await ok(staff.post('/api/v1/petitions', petition('统计二')), 201);
  await ok(manager.post(`/api/v1/petitions/${p1.no}/decline`, { reasons: '不属于信访事项。' }));

  // Friday 11-07: B is overdue (黄牌), then completed late and rated badly; the 差评 is
  // followed up and rectified the same day.
  await setClock('2025-11-07T09:00:00+08:00');
  await act(cases.b.no, 'complete', { outcome: 'approved', result: '准予' });
  await rate(cases.b, 'very_dissatisfied');
  const task = (await ok(staff.get('/api/v1/rectifications?view=open'))).items
    .find((t) => t.case_no === cases.b.no);
  await ok(staff.post(`/api/v1/rectifications/${task.id}/follow-up`, { note: '已回访' }));
  await ok(manager.post(`/api/v1/rectifications/${task.id}/rectify`, { outcome: '已整改' }));
});

after(async () => {
  await server?.stop();
});

test('the summary counts the events of the month for the town', async () => {
  const s = await summary();
  const d = (k) => s.total[k] - base[k];
  assert.equal(d('received'), 3);
  assert.equal(d('completed'), 2);
  assert.equal(d('on_time'), 1);
  assert.equal(d('late'), 1);
  assert.ok(d('overdue') >= 1, 'B went overdue');
  assert.ok(d('yellow_cards') >= d('overdue'));
  assert.equal(d('ratings'), 2, 'the excluded rating does not count');
  assert.equal(d('satisfied'), 1);
  assert.equal(d('bad'), 1);
  assert.equal(d('bad_rectified_on_time'), 1);
  assert.equal(d('petitions'), 2);
  assert.equal(d('petitions_closed'), 1);
  assert.equal(d('petitions_on_time'), 1);
  assert.equal(s.org.code, town.code);
  // Rates follow the counters; a zero denominator is null.
  const t = s.total;
  assert.equal(t.on_time_rate, Math.round((1000 * t.on_time) / t.completed) / 1000);
  const empty = await summary(supervisor, `org=${town.code}&from=2025-01-01&to=2025-01-31`);
  assert.equal(empty.total.completed, 0);
  assert.equal(empty.total.on_time_rate, null);
  assert.equal(empty.total.satisfaction_rate, null);
  // The county's summary has one item per town, the town's among them with the same figures.
  const county = await summary(supervisor, RANGE);
  const mine = county.items.find((i) => i.org_code === town.code);
  assert.equal(mine.received, s.total.received);
  assert.equal(mine.on_time, s.total.on_time);
  assert.ok(county.total.received >= s.total.received);
});

test('the records behind each figure are exactly as many, and late lists B', async () => {
  const s = (await summary()).total;
  for (const measure of ['received', 'completed', 'on_time', 'late', 'overdue', 'ratings', 'satisfied', 'bad',
    'bad_rectified_on_time', 'warnings', 'yellow_cards', 'red_cards', 'petitions', 'petitions_on_time', 'window_gaps']) {
    const r = await ok(supervisor.get(`/api/v1/stats/records?measure=${measure}&org=${town.code}&${RANGE}&limit=200`));
    assert.equal(r.total, s[measure], measure);
    assert.equal(r.items.length, r.total, measure);
  }
  const late = await ok(manager.get(`/api/v1/stats/records?measure=late&org=${town.code}&${RANGE}`));
  assert.deepEqual(late.items.map((i) => i.no), [cases.b.no]);
  assert.equal(late.items[0].kind, 'case');
  assert.equal(late.items[0].day, '2025-11-07');
  assert.equal(late.items[0].due_date, '2025-11-06');
  const overdue = await ok(manager.get(`/api/v1/stats/records?measure=overdue&org=${town.code}&${RANGE}`));
  assert.ok(overdue.items.some((i) => i.no === cases.b.no));
});

test('window duty time gives the coverage and attendance rates, and its records add up', async () => {
  const s = (await summary()).total;
  assert.ok(s.open_post_seconds > 0, 'the hall had windows open between 11-03 and 11-07');
  assert.ok(s.a_post_seconds <= s.staffed_seconds && s.staffed_seconds <= s.open_post_seconds);
  const rate = (num) => Math.round((1000 * num) / s.open_post_seconds) / 1000;
  assert.equal(s.coverage_rate, rate(s.staffed_seconds));
  assert.equal(s.attendance_rate, rate(s.a_post_seconds));
  const expected = {
    open_post_seconds: s.open_post_seconds,
    staffed_seconds: s.staffed_seconds,
    a_post_seconds: s.a_post_seconds,
    gap_seconds: s.open_post_seconds - s.staffed_seconds,
    not_a_post_seconds: s.open_post_seconds - s.a_post_seconds,
  };
  for (const [measure, seconds] of Object.entries(expected)) {
    const items = [];
    for (let total = 1; items.length < total;) {
      const page = await ok(supervisor.get(
        `/api/v1/stats/records?measure=${measure}&org=${town.code}&${RANGE}&limit=100&offset=${items.length}`));
      total = page.total;
      if (!page.items.length) break;
      items.push(...page.items);
    }
    assert.ok(items.every((i) => i.kind === 'duty' && Number.isInteger(i.seconds)), measure);
    assert.equal(items.reduce((n, i) => n + i.seconds, 0), seconds, measure);
  }
});

test('the series adds up to the summary, per day, week and month', async () => {
  const s = (await summary(supervisor, RANGE)).items.find((i) => i.org_code === town.code);
  for (const by of ['day', 'week', 'month']) {
    const series = await ok(supervisor.get(`/api/v1/stats/series?${RANGE}&by=${by}&level=town`));
    assert.equal(series.by, by);
    const line = series.series.find((l) => l.org_code === town.code);
    assert.equal(line.values.length, series.buckets.length);
    for (const k of ['received', 'completed', 'on_time', 'ratings', 'bad', 'petitions'])
      assert.equal(line.values.reduce((n, v) => n + v[k], 0), s[k], `${by} ${k}`);
  }
  const days = await ok(supervisor.get(`/api/v1/stats/series?${RANGE}&by=day&org=${town.code}&level=town`));
  assert.equal(days.buckets.length, 30);
  assert.equal(days.buckets[6], '2025-11-07');
  const line = days.series.find((l) => l.org_code === town.code);
  assert.equal(line.values[6].late, 1);
  assert.ok(line.values[2].received >= 3, 'Monday 11-03');
});

test('the maintained counters equal a rebuild from the base tables', async () => {
  const r = await bianmin(['stats', 'check', ...dbArgs]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /一致/);
});

test('scope: supervisors everything, managers their subtree, others 403; bad input 400', async () => {
  const mine = await manager.get(`/api/v1/stats/summary?${RANGE}`);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.org.code, town.code, 'a manager sees their own org by default');
  assertError(await foreignManager.get(`/api/v1/stats/summary?org=${town.code}&${RANGE}`), 403, 'out_of_scope');
  assertError(await foreignManager.get(`/api/v1/stats/records?measure=late&org=${town.code}&${RANGE}`), 403, 'out_of_scope');
  assertError(await staff.get(`/api/v1/stats/series?${RANGE}`), 403, 'forbidden');
  assertError(await supervisor.get(`/api/v1/stats/records?measure=volume&${RANGE}`), 400, 'unknown_measure');
  assertError(await supervisor.get('/api/v1/stats/summary?from=2025-11-31&to=2025-12-01'), 400, 'invalid_date');
  assertError(await supervisor.get('/api/v1/stats/summary?from=2025-12-01&to=2025-11-01'), 400, 'invalid_range');
  assertError(await supervisor.get(`/api/v1/stats/series?${RANGE}&by=year`), 400, 'invalid_query');
  assertError(await supervisor.get(`/api/v1/stats/series?${RANGE}&level=county`), 400, 'invalid_query');
  assertError(await supervisor.get(`/api/v1/stats/summary?org=999999&${RANGE}`), 404, 'org_not_found');
  assertError(await new Client(server.url).get(`/api/v1/stats/summary?${RANGE}`), 401, 'unauthenticated');
});
