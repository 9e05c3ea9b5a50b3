// calendar.test.mjs — GET /api/v1/calendar/add and /between: working days on the official
// calendar (holidays, make-up working days), explicit errors for years not loaded; what the
// calendar covers (/years, read-only on the shared server) and the administrator loading the
// next year's arrangement (POST /days, on a server of its own over a fresh demo database).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, DB_ARGS, assertError, bianmin, freshDemoDatabase, loginAs, sql, startServer,
} from './helpers.mjs';

const anon = new Client();
const add = (date, days) => anon.get(`/api/v1/calendar/add?date=${date}&days=${days}`);
const between = (from, to) => anon.get(`/api/v1/calendar/between?from=${from}&to=${to}`);

test('add: 2025-04-30 plus 1 working day is 2025-05-06 (the May Day holiday is skipped)', async () => {
  const res = await add('2025-04-30', 1);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { date: '2025-05-06' });
});

test('add: a make-up working day on a Sunday counts (2025-04-25 plus 1 is Sunday 2025-04-27)', async () => {
  assert.equal((await add('2025-04-25', 1)).json.date, '2025-04-27');
});

test('add: across National Day 2025 (2025-09-30 plus 1 is 2025-10-09)', async () => {
  assert.equal((await add('2025-09-30', 1)).json.date, '2025-10-09');
});

test('add: across the year boundary (2025-12-31 plus 1 is the make-up Sunday 2026-01-04)', async () => {
  assert.equal((await add('2025-12-31', 1)).json.date, '2026-01-04');
});

test('add: an ordinary weekend is skipped (Friday 2025-03-07 plus 1 is Monday 2025-03-10)', async () => {
  assert.equal((await add('2025-03-07', 1)).json.date, '2025-03-10');
});

test('between: working days after D1 up to and including D2', async () => {
  let res = await between('2025-04-30', '2025-05-06');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { working_days: 1 });
  res = await between('2025-03-07', '2025-03-14');
  assert.equal(res.json.working_days, 5);
});

test('the API answers as `bianmin calendar add` does', async () => {
  for (const [date, n] of [['2025-04-30', 1], ['2025-09-26', 5], ['2025-12-25', 10], ['2026-02-10', 3]]) {
    const r = await bianmin(['calendar', 'add', date, String(n), ...DB_ARGS]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await add(date, n)).json.date, r.stdout.trim(), `${date} + ${n}`);
  }
});

test('a year not loaded answers 409 calendar_year_not_loaded, not a guess', async () => {
  assertError(await add('2099-03-02', 1), 409, 'calendar_year_not_loaded');
  assertError(await between('2099-03-02', '2099-03-09'), 409, 'calendar_year_not_loaded');
});

test('adding past the last loaded year answers 409 calendar_year_not_loaded', async () => {
  assertError(await add('2026-03-02', 3650), 409, 'calendar_year_not_loaded');
});

test('bad dates or day counts answer 400 invalid_query', async () => {
  for (const q of ['date=2025-02-30&days=1', 'date=2025-13-01&days=1', 'date=20250430&days=1', 'days=1',
    'date=2025-04-30', 'date=2025-04-30&days=-1', 'date=2025-04-30&days=x', 'date=2025-04-30&days=1.5',
    'date=2025-04-30&days=3651'])
    assertError(await anon.get(`/api/v1/calendar/add?${q}`), 400, 'invalid_query');
  assertError(await between('2025-04-30', 'tomorrow'), 400, 'invalid_query');
});

test('the calendar is public: no session needed', async () => {
  assert.equal((await add('2025-04-30', 1)).status, 200);
});

// --- coverage and loading ------------------------------------------------------------------

const chinaToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const dayNumber = (date) => Date.parse(`${date}T00:00:00Z`) / 86400e3;

test('years: what the calendar covers, and whether next year is due (public)', async () => {
  const res = await anon.get('/api/v1/calendar/years');
  assert.equal(res.status, 200, res.text);
  const c = res.json;
  assert.ok(c.first_year <= 2025 && c.last_year >= 2026, res.text);
  assert.equal(c.through, `${c.last_year}-12-31`);
  const left = dayNumber(c.through) - dayNumber(chinaToday());
  assert.ok(Math.abs(c.days_left - left) <= 1, `${c.days_left} vs ${left} (a midnight in between)`);
  assert.equal(c.load_due, c.days_left < c.due_within);
  assert.equal(c.due_within, 60);
});

let own, ownDb;
before(async () => {
  ownDb = await freshDemoDatabase('calendar');
  own = await startServer([], ownDb);
});
after(async () => { await own?.stop(); });

// A made-up arrangement for a year after the bundled ones (the real one is loaded the same way).
const NEXT = 2027;
const ARRANGEMENT = `# test arrangement\n${NEXT}-01-01,off,元旦\n${NEXT}-02-06,work,春节调休\n`;

test('an administrator loads next year: all or nothing, audited, and deadlines reach into it', async () => {
  const admin = await loginAs('admin', undefined, own.url);
  const supervisor = await loginAs('supervisor', undefined, own.url);
  const years = async () => (await admin.get('/api/v1/calendar/years')).json;
  const plusOne = () => admin.get(`/api/v1/calendar/add?date=${NEXT - 1}-12-31&days=1`);
  const before = await years();
  assert.equal(before.last_year, NEXT - 1);
  assertError(await plusOne(), 409, 'calendar_year_not_loaded');

  // Only the administrator; bad input changes nothing.
  assertError(await supervisor.post('/api/v1/calendar/days', { csv: ARRANGEMENT }), 403, 'forbidden');
  assertError(await admin.post('/api/v1/calendar/days', {}), 400, 'missing_field');
  assertError(await admin.post('/api/v1/calendar/days', { csv: `${NEXT}-01-01,off,元旦\n${NEXT}-13-01,off,x\n` }),
    400, 'calendar_csv_invalid');
  assertError(await admin.post('/api/v1/calendar/days', { csv: `${NEXT + 1}-01-01,off,元旦\n` }), 409, 'calendar_year_gap');
  assert.deepEqual(await years(), before, 'nothing changed');
  assertError(await plusOne(), 409, 'calendar_year_not_loaded');

  const res = await admin.post('/api/v1/calendar/days', { csv: ARRANGEMENT });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.days_added, 2);
  assert.equal(res.json.last_year, NEXT);
  assert.equal(res.json.through, `${NEXT}-12-31`);
  // Thursday 2026-12-31 plus one working day: Friday 2027-01-01 is the holiday just loaded,
  // so Monday 2027-01-04.
  assert.deepEqual((await plusOne()).json, { date: `${NEXT}-01-04` });
  const audited = await sql(ownDb, "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.load' AND actor = 'admin'");
  assert.equal(audited, '1');
  // Loading it again adds nothing and changes nothing.
  const again = await admin.post('/api/v1/calendar/days', { csv: ARRANGEMENT });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.days_added, 0);
});
