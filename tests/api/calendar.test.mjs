// calendar.test.mjs — GET /api/v1/calendar/add and /between: working days on the official
// calendar (holidays, make-up working days), explicit errors for years not loaded. Read-only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, DB_ARGS, assertError, bianmin } from './helpers.mjs';

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
