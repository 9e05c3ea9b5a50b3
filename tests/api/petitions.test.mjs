// petitions.test.mjs — petitions and disputes (信访调处): registering, the acceptance and reply
// time limits in calendar days, the whole life to closed with mediation sessions, declining,
// transferring, who may decide, assignees, illegal moves, the overdue list for supervision,
// the petitioner's messages in the outbox, masking and scope.
//
// Writes only petitions received by others()[5] (see helpers.mjs).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { assertError, assertFieldError, loginAs, otherTowns } from './helpers.mjs';

let town;
let mgr; // venue_manager: decides
let staff; // window_staff: registers and handles
let supervisor;

const DAY = 86400e3;
// Today in China, and n days before, as YYYY-MM-DD.
const chinaDate = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);

before(async () => {
  supervisor = await loginAs('supervisor');
  town = (await otherTowns(supervisor))[5];
  mgr = await loginAs(`mgr-${town.code}`);
  staff = await loginAs(`staff-${town.code}`);
});

function petition(overrides = {}) {
  return {
    kind: 'petition',
    channel: 'visit',
    subject: '道路硬化施工影响出行',
    content: '村道硬化施工期间未设置临时通道，群众出行困难。',
    parties: [{ name: '刘大姐', role: 'petitioner', phone: '13800007001', address: '二组' }],
    ...overrides,
  };
}

async function register(client, overrides) {
  const res = await client.post('/api/v1/petitions', petition(overrides));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function act(client, no, action, body = {}) {
  const res = await client.post(`/api/v1/petitions/${no}/${action}`, body);
  assert.equal(res.status, 200, `${action}: ${res.text}`);
  return res.json;
}

test('registering answers the petition with its number and the acceptance time limit', async () => {
  const p = await register(staff);
  assert.match(p.no, /^XF\d{8}-\d{4}$/);
  assert.equal(p.status, 'registered');
  assert.equal(p.status_label, '已登记');
  assert.equal(p.org_code, town.code);
  assert.equal(p.received_on, chinaDate(Date.now()));
  assert.equal(p.petitioner_name, '刘大姐');
  assert.equal(p.petitioner_phone, '13800007001', 'the whole record shows the number');
  assert.deepEqual(p.parties, petition().parties);
  // 15 calendar days after receipt, moved past a weekend or holiday: 15 to 24 days later.
  const days = (Date.parse(p.accept_due) - Date.parse(p.received_on)) / DAY;
  assert.ok(days >= 15 && days <= 24, `accept_due ${p.accept_due} is 15 days (+ rest days) after ${p.received_on}`);
  assert.equal(p.overdue, null);
  assert.equal(p.events.length, 1);
  assert.equal(p.events[0].action, 'petition.register');
  assert.equal(p.events[0].actor, `staff-${town.code}`);
});

test('the time limits are settings in calendar days; only the administrator changes them', async () => {
  const res = await staff.get('/api/v1/settings/petitions');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { accept_days: 15, reply_days: 60, unit: 'calendar_days' });
  assertError(await mgr.request('PUT', '/api/v1/settings/petitions', { json: { accept_days: 15, reply_days: 60 } }),
    403, 'forbidden');
  const admin = await loginAs('admin');
  assertFieldError(await admin.request('PUT', '/api/v1/settings/petitions', { json: { accept_days: 0, reply_days: 60 } }),
    400, 'invalid_field', 'accept_days');
  const same = await admin.request('PUT', '/api/v1/settings/petitions', { json: { accept_days: 15, reply_days: 60 } });
  assert.equal(same.status, 200, same.text);
});

test('a dispute goes from registered to closed: assigned, accepted, mediated, answered, closed', async () => {
  const p = await register(staff, {
    kind: 'dispute', channel: 'phone', subject: '宅基地边界纠纷',
    parties: [{ name: '张三', role: 'petitioner', phone: '13800007002' }, { name: '李四', role: 'respondent' }],
  });
  let q = await act(mgr, p.no, 'assign', { username: `staff-${town.code}` });
  assert.equal(q.status, 'registered');
  assert.equal(q.assignee_username, `staff-${town.code}`);
  q = await act(mgr, p.no, 'accept', { note: '属本镇职权' });
  assert.equal(q.status, 'accepted');
  assert.equal(q.accepted_on, chinaDate(Date.now()));
  const replyDays = (Date.parse(q.reply_due) - Date.parse(q.accepted_on)) / DAY;
  assert.ok(replyDays >= 60 && replyDays <= 69, `reply_due ${q.reply_due}`);
  q = await act(staff, p.no, 'mediate', { participants: '张三、李四、村调解委员会', summary: '双方同意重新测量边界', result: 'continue' });
  q = await act(staff, p.no, 'mediate', { participants: '张三、李四', summary: '按测量结果确认边界', result: 'agreed', held_on: chinaDate(Date.now()) });
  assert.equal(q.status, 'accepted');
  q = await act(staff, p.no, 'reply', { reply: '经调解双方达成一致，按重新测量的边界执行。' });
  assert.equal(q.status, 'replied');
  assert.ok(q.replied_at);
  q = await act(staff, p.no, 'close', { outcome: '调解成功，双方签订调解协议', response: 'satisfied' });
  assert.equal(q.status, 'closed');
  assert.equal(q.status_label, '已办结');
  assert.equal(q.response, 'satisfied');
  assert.deepEqual(q.events.map((e) => e.action), ['petition.register', 'petition.assign', 'petition.accept',
    'petition.mediate', 'petition.mediate', 'petition.reply', 'petition.close']);
  assert.equal(q.events[4].detail.result, 'agreed');
  assert.equal(q.events[6].from_status, 'replied');
  assert.equal(q.events[6].to_status, 'closed');
  assertError(await staff.post(`/api/v1/petitions/${p.no}/reply`, { reply: '再答复' }), 409, 'illegal_transition');

  // The petitioner was told of the acceptance and of the answer (the outbox; no webhook here).
  const outbox = await mgr.get('/api/v1/notifications?limit=1000');
  const mine = outbox.json.items.filter((n) => n.entity === 'petition' && n.entity_id === p.no);
  assert.deepEqual(mine.map((n) => n.kind).sort(), ['petition_accepted', 'petition_reply']);
  for (const n of mine) {
    assert.equal(n.phone, '13800007002');
    assert.equal(n.status, 'pending');
    assert.match(n.text, new RegExp(p.no));
  }
});

test('a petition for another unit is transferred, followed up and answered', async () => {
  const p = await register(staff, { subject: '养老保险待遇核定', channel: 'letter' });
  const q = await act(mgr, p.no, 'transfer', { unit: '白河县人力资源和社会保障局', note: '请依职权办理' });
  assert.equal(q.status, 'transferred');
  assert.equal(q.transferred_to, '白河县人力资源和社会保障局');
  assert.ok(q.reply_due, 'a transferred petition has a date for its answer');
  await act(mgr, p.no, 'assign', { username: `mgr-${town.code}` });
  const r = await act(staff, p.no, 'reply', { reply: '县人社局已核定待遇并答复。' });
  assert.equal(r.status, 'replied');
});

test('declining needs stated reasons and ends the petition', async () => {
  const p = await register(staff, { subject: '对法院判决不服' });
  assertFieldError(await mgr.post(`/api/v1/petitions/${p.no}/decline`, {}), 400, 'missing_field', 'reasons');
  const q = await act(mgr, p.no, 'decline', { reasons: '属诉讼程序处理事项，请依法申请再审。' });
  assert.equal(q.status, 'declined');
  assert.equal(q.decline_reasons, '属诉讼程序处理事项，请依法申请再审。');
  assertError(await mgr.post(`/api/v1/petitions/${p.no}/accept`, {}), 409, 'illegal_transition');
});

test('window staff may not decide acceptance; assignees must be able to see the petition', async () => {
  const p = await register(staff);
  assertError(await staff.post(`/api/v1/petitions/${p.no}/accept`, {}), 403, 'forbidden');
  assertError(await staff.post(`/api/v1/petitions/${p.no}/assign`, { username: `staff-${town.code}` }), 403, 'forbidden');
  assertFieldError(await mgr.post(`/api/v1/petitions/${p.no}/assign`, { username: 'staff-610929100' }),
    409, 'assignee_not_eligible', 'username');
  assertFieldError(await mgr.post(`/api/v1/petitions/${p.no}/assign`, { username: 'nobody-here' }),
    404, 'user_not_found', 'username');
  assertError(await mgr.post(`/api/v1/petitions/${p.no}/close`, { outcome: 'x', response: 'satisfied' }), 409, 'illegal_transition');
  assertError(await mgr.post(`/api/v1/petitions/${p.no}/escalate`, {}), 404, 'not_found');
  assertError(await mgr.post('/api/v1/petitions/XF00000000-0000/accept', {}), 404, 'petition_not_found');
});

test('bad registrations are refused naming the field, and nothing is stored', async () => {
  const before = (await staff.get('/api/v1/petitions?limit=1')).json.total;
  assertFieldError(await staff.post('/api/v1/petitions', petition({ kind: 'complaint' })), 400, 'invalid_field', 'kind');
  assertFieldError(await staff.post('/api/v1/petitions', petition({ parties: [{ name: '李四', role: 'respondent' }] })),
    400, 'petitioner_required', 'parties');
  assertFieldError(await staff.post('/api/v1/petitions', petition({ parties: [{ name: '王', role: 'petitioner', phone: '123' }] })),
    400, 'invalid_phone', 'parties[0].phone');
  assertFieldError(await staff.post('/api/v1/petitions', petition({ received_on: chinaDate(Date.now() + 2 * DAY) })),
    400, 'invalid_received_on', 'received_on');
  assertFieldError(await staff.post('/api/v1/petitions', petition({ subject: '' })), 400, 'invalid_field', 'subject');
  assertFieldError(await staff.post('/api/v1/petitions', petition({ content: undefined })), 400, 'missing_field', 'content');
  assertError(await staff.post('/api/v1/petitions', petition({ org_code: '610929100' })), 403, 'out_of_scope');
  assert.equal((await staff.get('/api/v1/petitions?limit=1')).json.total, before);
});

test('petitions past their limit are listed as overdue for supervision', async () => {
  const late = await register(staff, { subject: '灌溉水渠维修', received_on: chinaDate(Date.now() - 40 * DAY) });
  assert.equal(late.overdue, 'accept');
  const list = await supervisor.get('/api/v1/petitions?view=overdue&limit=1000');
  assert.equal(list.status, 200, list.text);
  const row = list.json.items.find((p) => p.no === late.no);
  assert.ok(row, 'the county sees it among the overdue');
  assert.equal(row.overdue, 'accept');
  assert.equal(row.petitioner_phone, '138****7001', 'lists mask the number');
  for (const p of list.json.items) assert.ok(['accept', 'reply'].includes(p.overdue), JSON.stringify(p));
  const accepted = await act(mgr, late.no, 'accept', {});
  assert.equal(accepted.overdue, null, 'accepted today, its reply is not yet due');
  const after = await mgr.get('/api/v1/petitions?view=overdue&limit=1000');
  assert.ok(!after.json.items.some((p) => p.no === late.no));
  assertError(await mgr.get('/api/v1/petitions?view=late'), 400, 'invalid_query');
  assertError(await mgr.get('/api/v1/petitions?status=lost'), 400, 'invalid_query');
});

test('lists filter by view and status; mine is what is assigned to me', async () => {
  const p = await register(staff, { subject: '低保评定不公' });
  await act(mgr, p.no, 'assign', { username: `staff-${town.code}` });
  const mine = await staff.get('/api/v1/petitions?view=mine&limit=1000');
  assert.ok(mine.json.items.some((x) => x.no === p.no));
  assert.ok(mine.json.items.every((x) => x.assignee_username === `staff-${town.code}`));
  const registered = await staff.get('/api/v1/petitions?status=registered&limit=1000');
  assert.ok(registered.json.items.every((x) => x.status === 'registered'));
  const open = await staff.get('/api/v1/petitions?view=open&limit=1000');
  assert.ok(open.json.items.every((x) => !['closed', 'declined'].includes(x.status)));
  assert.ok(open.json.total >= 1);
});

test('another town neither sees nor touches these petitions', async () => {
  const p = await register(staff, { subject: '林地承包合同纠纷' });
  const other = await loginAs('mgr-610929100');
  assertError(await other.get(`/api/v1/petitions/${p.no}`), 403, 'out_of_scope');
  assertError(await other.post(`/api/v1/petitions/${p.no}/accept`, {}), 403, 'out_of_scope');
  const list = await other.get('/api/v1/petitions?limit=1000');
  assert.ok(!list.json.items.some((x) => x.no === p.no));
  const county = await supervisor.get(`/api/v1/petitions/${p.no}`);
  assert.equal(county.status, 200);
});
