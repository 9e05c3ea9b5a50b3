// calls.test.mjs — the telephone service: logging calls with an answer, a case number or a
// promised callback, the callback list (due / overdue, soonest first), marking a callback done,
// validation, and scope (another town sees nothing; the county sees the phone masked).
//
// Writes only calls at the hall of others()[5] (see helpers.mjs).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { assertError, assertFieldError, loginAs, otherTowns, venueOf } from './helpers.mjs';

let town; // others()[5]
let staff; // staff-<town>
let mgr; // mgr-<town>
let supervisor;
let hall;

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

before(async () => {
  supervisor = await loginAs('supervisor');
  town = (await otherTowns(supervisor))[5];
  staff = await loginAs(`staff-${town.code}`);
  mgr = await loginAs(`mgr-${town.code}`);
  hall = await venueOf(supervisor, town.code);
});

test('a call answered on the phone is logged at the staff member\'s own venue', async () => {
  const res = await staff.post('/api/v1/calls', {
    caller_name: '陈大爷', phone: '13800006001', question: '高龄补贴需要带什么材料？',
    answer: '带身份证和户口本到镇便民服务中心办理。',
  });
  assert.equal(res.status, 201, res.text);
  const c = res.json;
  assert.equal(c.venue_id, hall.id);
  assert.equal(c.org_code, town.code);
  assert.equal(c.staff_username, `staff-${town.code}`);
  assert.equal(c.phone, '13800006001', 'the own venue sees the full number');
  assert.equal(c.callback_state, null);
  assert.equal(c.answer, '带身份证和户口本到镇便民服务中心办理。');
  assert.match(c.called_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  const again = await staff.get(`/api/v1/calls/${c.id}`);
  assert.equal(again.status, 200);
  assert.deepEqual(again.json, c);
});

test('a case opened by phone is recorded by its number, and an item by its code', async () => {
  const items = await supervisor.get('/api/v1/items?limit=1');
  const item = items.json.items[0];
  const res = await staff.post('/api/v1/calls', {
    phone: '0915-7806001', question: '电话申请办理', case_no: '20250926-000123', item_code: item.code,
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.case_no, '20250926-000123');
  assert.equal(res.json.item_code, item.code);
  assert.equal(res.json.item_name, item.name);
});

test('a call must end in an answer, a case number or a promised callback', async () => {
  assertFieldError(await staff.post('/api/v1/calls', { phone: '13800006002', question: '咨询' }),
    400, 'call_outcome_required', 'answer');
});

test('bad numbers, case numbers, times, items and venues are refused and nothing is stored', async () => {
  const before = (await staff.get('/api/v1/calls?limit=1')).json.total;
  const base = { phone: '13800006003', question: '咨询', answer: '已答复' };
  assertFieldError(await staff.post('/api/v1/calls', { ...base, phone: '12345' }), 400, 'invalid_phone', 'phone');
  assertFieldError(await staff.post('/api/v1/calls', { ...base, case_no: 'ABC' }), 400, 'invalid_case_no', 'case_no');
  assertFieldError(await staff.post('/api/v1/calls', { ...base, called_at: iso(Date.now() + 3600e3) }),
    400, 'invalid_field', 'called_at');
  assertFieldError(await staff.post('/api/v1/calls', { ...base, callback_due_at: iso(Date.now() - 3600e3) }),
    400, 'invalid_field', 'callback_due_at');
  assertFieldError(await staff.post('/api/v1/calls', { ...base, callback_due_at: '明天' }),
    400, 'invalid_field', 'callback_due_at');
  assertFieldError(await staff.post('/api/v1/calls', { ...base, item_code: 'NO-SUCH-ITEM' }),
    400, 'item_not_found', 'item_code');
  assertFieldError(await staff.post('/api/v1/calls', { ...base, extra: 1 }), 400, 'unknown_field');
  assertFieldError(await staff.post('/api/v1/calls', { ...base, question: '' }), 400, 'invalid_field', 'question');
  const foreign = await venueOf(supervisor, '610929100');
  assertError(await staff.post('/api/v1/calls', { ...base, venue_id: foreign.id }), 403, 'out_of_scope');
  assertError(await staff.post('/api/v1/calls', { ...base, venue_id: 99999999 }), 404, 'venue_not_found');
  assert.equal((await staff.get('/api/v1/calls?limit=1')).json.total, before);
});

test('the callback list shows open callbacks soonest first, overdue ones marked', async () => {
  const now = Date.now();
  const overdue = await staff.post('/api/v1/calls', {
    phone: '13800006004', question: '低保复核进度', called_at: iso(now - 3 * 3600e3),
    callback_due_at: iso(now - 3600e3),
  });
  assert.equal(overdue.status, 201, overdue.text);
  assert.equal(overdue.json.callback_state, 'overdue');
  const due = await mgr.post('/api/v1/calls', {
    phone: '13800006005', question: '医保转移', venue_id: hall.id, callback_due_at: iso(now + 2 * 3600e3),
  });
  assert.equal(due.status, 201, due.text);
  assert.equal(due.json.callback_state, 'due');

  const list = await staff.get(`/api/v1/calls?view=callbacks&venue=${hall.id}`);
  assert.equal(list.status, 200, list.text);
  const ids = list.json.items.map((c) => c.id);
  assert.ok(ids.includes(overdue.json.id) && ids.includes(due.json.id), JSON.stringify(ids));
  assert.ok(ids.indexOf(overdue.json.id) < ids.indexOf(due.json.id), 'soonest due first');
  for (const c of list.json.items) {
    assert.ok(['due', 'overdue'].includes(c.callback_state), c.callback_state);
    assert.equal(c.callback_done_at, null);
  }
  assertError(await staff.get('/api/v1/calls?view=everything'), 400, 'invalid_query');
  assertError(await staff.get('/api/v1/calls?venue=abc'), 400, 'invalid_query');
});

test('a callback is marked done once, with what was said; a call without one cannot be', async () => {
  const now = Date.now();
  const call = await staff.post('/api/v1/calls', {
    phone: '13800006006', question: '残疾证换证', callback_due_at: iso(now + 3600e3),
  });
  assert.equal(call.status, 201, call.text);
  assertFieldError(await staff.post(`/api/v1/calls/${call.json.id}/callback-done`, {}), 400, 'missing_field', 'note');
  const done = await staff.post(`/api/v1/calls/${call.json.id}/callback-done`, { note: '已电话告知办理时间' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.callback_state, 'done');
  assert.equal(done.json.callback_by, `staff-${town.code}`);
  assert.equal(done.json.callback_note, '已电话告知办理时间');
  assert.ok(done.json.callback_done_at);
  assertError(await staff.post(`/api/v1/calls/${call.json.id}/callback-done`, { note: '再次' }), 409, 'callback_already_done');
  const list = await staff.get(`/api/v1/calls?view=callbacks&venue=${hall.id}&limit=1000`);
  assert.ok(!list.json.items.some((c) => c.id === call.json.id), 'no longer on the list');

  const plain = await staff.post('/api/v1/calls', { phone: '13800006007', question: '咨询', answer: '已答复' });
  assertError(await staff.post(`/api/v1/calls/${plain.json.id}/callback-done`, { note: '无' }), 409, 'no_callback');
  assertError(await staff.post('/api/v1/calls/99999999/callback-done', { note: '无' }), 404, 'call_not_found');
  assertError(await staff.post('/api/v1/calls/abc/callback-done', { note: '无' }), 404, 'call_not_found');
});

test('another town sees none of these calls; the county sees them with the number masked', async () => {
  const call = await staff.post('/api/v1/calls', { phone: '13800006008', question: '咨询', answer: '已答复' });
  const other = await loginAs('mgr-610929100');
  assertError(await other.get(`/api/v1/calls/${call.json.id}`), 403, 'out_of_scope');
  const theirs = await other.get('/api/v1/calls?limit=1000');
  assert.ok(!theirs.json.items.some((c) => c.id === call.json.id));
  assertError(await other.post(`/api/v1/calls/${call.json.id}/callback-done`, { note: 'x' }), 403, 'out_of_scope');

  const county = await supervisor.get(`/api/v1/calls/${call.json.id}`);
  assert.equal(county.status, 200, county.text);
  assert.equal(county.json.phone, '138****6008');
  const listed = await supervisor.get(`/api/v1/calls?venue=${hall.id}&limit=1000`);
  assert.ok(listed.json.items.some((c) => c.id === call.json.id && c.phone === '138****6008'));
});
