// visits.test.mjs — door-to-door service (上门服务), black box: a town's request assigned to a
// village agent, the visit recorded with the case it led to; the agent sees the request with
// the priority population flags hidden and the phone masked; another village's agent and
// another town's staff see nothing; illegal moves and validation.
//
// Runs on a server of its own (a fresh demo database): 茅坪镇 610929104, its hall's staff and
// manager, its first two villages' agents.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, assertError, freshDemoDatabase, listAll, loginAs, startServer,
} from './helpers.mjs';

const TOWN = '610929104';
let server, staff, manager, agentA, agentB, foreignStaff, supervisor;

const request = {
  person_name: '王大爷', phone: '13912345678', address: '茅坪镇一村三组 12 号',
  flags: ['elderly', 'ill'], need: '办理高龄津贴，行动不便', urgency: 'urgent',
};

before(async () => {
  server = await startServer([], await freshDemoDatabase('visits'));
  const login = (u) => loginAs(u, undefined, server.url);
  const anon = new Client(server.url);
  const villages = (await listAll(anon, `/api/v1/public/orgs?parent=${TOWN}&level=village`))
    .sort((a, b) => a.code.localeCompare(b.code));
  staff = await login(`staff-${TOWN}`);
  manager = await login(`mgr-${TOWN}`);
  agentA = await login(`agent-${villages[0].code}`);
  agentB = await login(`agent-${villages[1].code}`);
  foreignStaff = await login('staff-610929100');
  supervisor = await login('supervisor');
});

after(async () => {
  await server?.stop();
});

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

test('a request is assigned, visited and linked to its case', async () => {
  const created = await staff.post('/api/v1/visits', request);
  assert.equal(created.status, 201, created.text);
  const v = created.json;
  assert.equal(v.status, 'open');
  assert.equal(v.org.code, TOWN);
  assert.deepEqual(v.flags, ['elderly', 'ill']);
  assert.equal(v.phone, request.phone);
  assertError(await agentA.get(`/api/v1/visits/${v.id}`), 403, 'out_of_scope');

  const assigned = await manager.post(`/api/v1/visits/${v.id}/assign`,
    { assignee_id: agentA.user.id, due_on: today() });
  assert.equal(assigned.status, 200, assigned.text);
  assert.equal(assigned.json.status, 'assigned');
  assert.equal(assigned.json.assignee.username, agentA.user.username);

  const seen = await agentA.get(`/api/v1/visits/${v.id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.json.flags, null);
  assert.equal(seen.json.flags_hidden, true);
  assert.notEqual(seen.json.phone, request.phone);
  assert.equal(seen.json.address, request.address);
  const mine = await agentA.get('/api/v1/visits?status=assigned');
  assert.ok(mine.json.items.some((x) => x.id === v.id && x.flags === null));

  const cases = await supervisor.get('/api/v1/cases?limit=1');
  assert.equal(cases.status, 200, cases.text);
  const caseNo = cases.json.items[0].no;
  assertError(await agentA.post(`/api/v1/visits/${v.id}/record`, { outcome: '已上门', case_no: 'nope' }),
    400, 'invalid_field');
  const done = await agentA.post(`/api/v1/visits/${v.id}/record`, { outcome: '已上门收件，代办', case_no: caseNo });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.status, 'done');
  assert.equal(done.json.case_no, caseNo);
  assert.ok(done.json.visited_at);
  assertError(await manager.post(`/api/v1/visits/${v.id}/cancel`, { reason: '重复申请' }), 409,
    'illegal_transition');
});

test('scope: other villages and towns see nothing; the town and county see everything', async () => {
  const v = (await staff.post('/api/v1/visits', { ...request, person_name: '李奶奶' })).json;
  assertError(await agentB.get(`/api/v1/visits/${v.id}`), 403, 'out_of_scope');
  assertError(await foreignStaff.get(`/api/v1/visits/${v.id}`), 403, 'out_of_scope');
  assertError(await foreignStaff.post(`/api/v1/visits/${v.id}/cancel`, { reason: '越权取消' }), 403,
    'out_of_scope');
  assert.ok(!(await foreignStaff.get('/api/v1/visits')).json.items.some((x) => x.id === v.id));
  const county = await supervisor.get(`/api/v1/visits/${v.id}`);
  assert.deepEqual(county.json.flags, ['elderly', 'ill']);
  assertError(await agentB.post(`/api/v1/visits/${v.id}/record`, { outcome: '未授权' }), 403, 'out_of_scope');
  // an agent files a request of their own village
  const own = await agentB.post('/api/v1/visits', { ...request, person_name: '张叔', flags: ['disabled'] });
  assert.equal(own.status, 201, own.text);
  assert.deepEqual(own.json.flags, ['disabled']);
  assertError(await agentB.post('/api/v1/visits', { ...request, org_code: TOWN }), 403, 'out_of_scope');
});

test('moves and validation', async () => {
  const v = (await staff.post('/api/v1/visits', { ...request, person_name: '赵婶', urgency: 'normal' })).json;
  assertError(await staff.post(`/api/v1/visits/${v.id}/record`, { outcome: '还没派人' }), 409, 'illegal_transition');
  assertError(await manager.post(`/api/v1/visits/${v.id}/assign`, { assignee_id: foreignStaff.user.id, due_on: today() }),
    400, 'invalid_field');
  assertError(await manager.post(`/api/v1/visits/${v.id}/assign`, { assignee_id: agentA.user.id, due_on: '2020-01-01' }),
    400, 'invalid_field');
  const cancelled = await manager.post(`/api/v1/visits/${v.id}/cancel`, { reason: '家属代为前来办理' });
  assert.equal(cancelled.json.status, 'cancelled');
  assertError(await staff.post('/api/v1/visits', { ...request, flags: ['rich'] }), 400, 'invalid_field');
  assertError(await staff.post('/api/v1/visits', { ...request, urgency: 'now' }), 400, 'invalid_field');
  assertError(await staff.post('/api/v1/visits', { ...request, phone: 'abc' }), 400, 'invalid_phone');
  assertError(await staff.post('/api/v1/visits', { ...request, item_code: 'NO-SUCH' }), 400, 'invalid_field');
  assertError(await staff.post('/api/v1/visits/99999/cancel', { reason: '不存在的' }), 404, 'visit_not_found');
  assertError(await staff.post(`/api/v1/visits/${v.id}/fly`, {}), 404, 'not_found');
});
