// cases.test.mjs — cases (办件) and first inquiries (首问负责), black box: a village agency case
// through the town and the county back to the village; 一次性告知 breaches; materials checks at
// acceptance; scope (a village cannot see another village's case); the public progress view
// (a wrong phone or key gets nothing); illegal moves; validation; concurrent intakes; the
// receipt's QR code; the 容缺 expiry sweep and the due-soon/overdue lists as the clock moves.
//
// Everything runs on a server of its own (a fresh demo database, --test-clock) whose clock is
// set to November 2025: deadlines need the loaded holiday calendar, and moving the clock of the
// suite's shared server would expire everybody's sessions. The suite's server is not written.
// On that server: cases and inquiries at otherTowns()[0] (中厂镇), its first two villages'
// rooms and the county centre; the items T-CASE-*.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, assertError, assertFieldError, freshDemoDatabase, itemDoc, listAll, loginAs, otherTowns,
  startServer, venueOf,
} from './helpers.mjs';

const START = '2025-11-03T09:00:00+08:00'; // a Monday
let traveller; // {url, stop}
let anon, supervisor, town, villageA, villageB, roomA, hall, center;
let agentA, agentB, staff, countyStaff, foreignStaff;

const AGENCY_ITEM = 'T-CASE-AGENCY';
const NOTICE_ITEM = 'T-CASE-NOTICE';

/** A valid ID number (GB 11643 check digit) from 17 digits. */
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + w[i] * Number(d), 0);
  return first17 + '10X98765432'[sum % 11];
}

let serial = 0;
function applicant(phone = '13800001234') {
  serial++;
  return { name: `测试申请人${serial}`, id_number: idNumber(`6109291985010${String(100 + serial).slice(-3)}1`), phone };
}

async function createItems(client) {
  for (const [code, overrides] of [
    [AGENCY_ITEM, { name: '代办测试事项', receive_levels: ['village', 'town'], promised_days: 5 }],
    [NOTICE_ITEM, {
      name: '告知测试事项',
      materials: [
        { name: '申请表', necessity: 'required', form: 'original', copies: 1, source: 'applicant' },
        { name: '户籍证明', necessity: 'required', form: 'original', copies: 1, source: 'applicant' },
        { name: '收入证明', necessity: 'required', form: 'original', copies: 1, source: 'applicant' },
        { name: '近期照片', necessity: 'deferrable', form: 'copy', copies: 2, source: 'applicant' },
      ],
    }],
  ]) {
    const res = await client.post('/api/v1/items', itemDoc(code, overrides));
    assert.ok([201, 409].includes(res.status), `create ${code}: ${res.text}`);
  }
}

async function intake(client, body) {
  const res = await client.post('/api/v1/cases', { channel: 'window', applicant: applicant(), ...body });
  assert.equal(res.status, 201, `intake: ${res.text}`);
  return res.json;
}

async function act(client, no, action, body = {}, status = 200) {
  const res = await client.post(`/api/v1/cases/${no}/${action}`, body);
  assert.equal(res.status, status, `${action} ${no}: ${res.text}`);
  return res.json;
}

async function workingDaysAfter(date, days) {
  const res = await anon.get(`/api/v1/calendar/add?date=${date}&days=${days}`);
  assert.equal(res.status, 200, res.text);
  return res.json.date;
}

const chinaDate = (iso) => new Date(Date.parse(iso) + 8 * 3600e3).toISOString().slice(0, 10);

const setClock = (now) => new Client(traveller.url).post('/api/v1/test/clock', { now });
const login = (username) => loginAs(username, undefined, traveller.url);

before(async () => {
  traveller = await startServer(['--test-clock'], await freshDemoDatabase('cases'));
  assert.equal((await setClock(START)).status, 200);
  anon = new Client(traveller.url);
  supervisor = await login('supervisor');
  const others = await otherTowns(supervisor);
  town = others[0];
  const villages = (await listAll(anon, `/api/v1/public/orgs?parent=${town.code}&level=village`))
    .sort((a, b) => a.code.localeCompare(b.code));
  [villageA, villageB] = villages;
  roomA = await venueOf(supervisor, villageA.code);
  const venues = await listAll(supervisor, `/api/v1/venues?org=${town.code}`);
  hall = venues.find((v) => v.kind === 'hall');
  center = (await listAll(supervisor, '/api/v1/venues?org=610929')).find((v) => v.kind === 'center');
  agentA = await login(`agent-${villageA.code}`);
  agentB = await login(`agent-${villageB.code}`);
  staff = await login(`staff-${town.code}`);
  countyStaff = await login('staff-610929');
  foreignStaff = await login(`staff-${others[1].code}`);
  await createItems(supervisor);
});

after(async () => {
  await traveller?.stop();
});

test('a village agency case goes to the town, on to the county and back to the village', async () => {
  const c = await intake(agentA, {
    item_code: AGENCY_ITEM, channel: 'village_agency', materials_received: ['申请表'],
    applicant: applicant('13800005678'),
  });
  assert.match(c.no, /^\d{8}-\d{6}$/);
  assert.equal(c.status, 'draft');
  assert.equal(c.origin_venue.id, roomA.id);
  assert.equal(c.receiver.username, `agent-${villageA.code}`);
  assert.equal(c.due_date, null);
  const today = chinaDate(c.created_at);

  // The agent hands it over to the town hall: a hand-over step due in 3 working days.
  let v = await act(agentA, c.no, 'forward', { to_venue_id: hall.id });
  assert.equal(v.status, 'forwarded');
  assert.equal(v.current_venue.id, hall.id);
  const handover = v.steps.find((s) => s.kind === 'handover');
  assert.equal(handover.due_date, await workingDaysAfter(today, 3));
  assert.equal(handover.finished_at, null);

  // The town accepts: the clock starts, the hand-over is done, the first process step opens.
  v = await act(staff, c.no, 'accept', { materials_received: ['近期照片'] });
  assert.equal(v.status, 'accepted');
  assert.equal(v.due_date, await workingDaysAfter(today, 5));
  assert.ok(v.steps.find((s) => s.kind === 'handover').finished_at);
  const process = v.steps.filter((s) => s.kind === 'process');
  assert.deepEqual(process.map((s) => s.name), ['受理', '审核']);
  assert.ok(process[0].started_at && !process[0].finished_at);
  assert.equal(process[0].due_date, await workingDaysAfter(today, 1));
  const acceptedAt = v.accepted_at;

  // 转报 to the county centre; the county takes it up without moving any date.
  v = await act(staff, c.no, 'forward', { to_venue_id: center.id, note: '需县级审核' });
  assert.equal(v.status, 'forwarded');
  assert.equal(v.steps.filter((s) => s.kind === 'forward').length, 1);
  v = await act(countyStaff, c.no, 'accept');
  assert.equal(v.status, 'accepted');
  assert.equal(v.accepted_at, acceptedAt);
  assert.equal(v.due_date, await workingDaysAfter(today, 5));
  const audit = v.steps.find((s) => s.name === '审核');
  assert.ok(audit.started_at, 'the county step opened');
  assert.equal(audit.venue.id, center.id);

  // Completed at the county; the result travels back to the village room for delivery.
  v = await act(countyStaff, c.no, 'complete', { outcome: 'approved', result: '准予', documents: ['批复'] });
  assert.equal(v.status, 'completed');
  assert.equal(v.current_venue.id, roomA.id);
  assert.deepEqual(v.documents, ['批复']);
  assert.equal(v.actionable, false, 'the completed case went back to the village room');
  assert.equal((await countyStaff.get(`/api/v1/cases/${c.no}`)).json.actionable, false);
  assert.equal((await agentA.get(`/api/v1/cases/${c.no}`)).json.actionable, true);
  assertError(await countyStaff.post(`/api/v1/cases/${c.no}/deliver`, { method: 'post' }), 403, 'out_of_scope');
  v = await act(agentA, c.no, 'deliver', { method: 'to_village' });
  assert.equal(v.status, 'delivered');
  assert.equal(v.delivery, 'to_village');
  assert.deepEqual(v.events.map((e) => e.action),
    ['intake', 'forward', 'accept', 'forward', 'accept', 'complete', 'deliver']);
  assert.deepEqual(v.breaches, []);

  // The public view: progress, and nothing personal.
  const t = await anon.get(`/api/v1/track/${c.no}?phone4=5678`);
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.status, 'delivered');
  assert.ok(t.json.steps.length >= 4);
  for (const secret of [v.applicant.name, v.applicant.id_number, v.applicant.phone, v.track_key]) {
    assert.ok(!t.text.includes(secret), `the public view leaks ${secret}`);
  }
  const byKey = await anon.get(`/api/v1/track/${c.no}?key=${v.track_key}`);
  assert.equal(byKey.status, 200);
  assert.deepEqual(byKey.json, t.json);
});

test('tracking with a wrong phone, key or number gets the same 404 and nothing else', async () => {
  const c = await intake(staff, { item_code: AGENCY_ITEM, applicant: applicant('13800009999') });
  const wrong = [
    `/api/v1/track/${c.no}?phone4=9998`,
    `/api/v1/track/${c.no}?phone4=99`,
    `/api/v1/track/${c.no}?key=${'0'.repeat(24)}`,
    `/api/v1/track/${c.no}`,
    '/api/v1/track/19990101-000001?phone4=9999',
  ];
  const bodies = new Set();
  for (const path of wrong) {
    const res = await anon.get(path);
    assertError(res, 404, 'case_not_found');
    bodies.add(res.text);
  }
  assert.equal(bodies.size, 1, 'every miss answers the same');
  assert.equal((await anon.get(`/api/v1/track/${c.no}?phone4=9999`)).status, 200);
});

test('scope: a village cannot see another village\'s case, nor another town; the town and county can', async () => {
  const c = await intake(agentA, { item_code: AGENCY_ITEM, channel: 'village_agency' });
  assertError(await agentB.get(`/api/v1/cases/${c.no}`), 404, 'case_not_found');
  assertError(await agentB.post(`/api/v1/cases/${c.no}/terminate`, { reason: '测试' }), 404, 'case_not_found');
  assertError(await foreignStaff.get(`/api/v1/cases/${c.no}`), 404, 'case_not_found');
  assert.ok(!(await listAll(agentB, '/api/v1/cases')).some((s) => s.no === c.no));
  assert.ok((await listAll(agentA, '/api/v1/cases?view=mine')).some((s) => s.no === c.no));
  // q finds by number, applicant name or item name; LIKE's wildcards are plain characters.
  for (const q of [c.no, c.applicant.name, '代办测试']) {
    const found = await listAll(agentA, `/api/v1/cases?q=${encodeURIComponent(q)}`);
    assert.ok(found.some((s) => s.no === c.no), `q=${q}`);
  }
  assert.deepEqual(await listAll(agentA, '/api/v1/cases?q=%25'), []);
  assert.deepEqual(await listAll(agentA, '/api/v1/cases?q=_'), []);

  // The town sees its village's case but cannot act on it while it is in the village room.
  const seen = await staff.get(`/api/v1/cases/${c.no}`);
  assert.equal(seen.status, 200, seen.text);
  assertError(await staff.post(`/api/v1/cases/${c.no}/accept`, {}), 403, 'out_of_scope');
  // The ID number is in full only where the case has been; the supervisor sees it masked.
  assert.equal(seen.json.applicant.id_number.includes('*'), true);
  const own = await agentA.get(`/api/v1/cases/${c.no}`);
  assert.equal(own.json.applicant.id_number.includes('*'), false);
  const sup = await supervisor.get(`/api/v1/cases/${c.no}`);
  assert.equal(sup.status, 200);
  assert.match(sup.json.applicant.id_number, /^\d{6}\*{8}[\dX]{4}$/);
  // A supervisor oversees but does not handle cases.
  assertError(await supervisor.post('/api/v1/cases', { item_code: AGENCY_ITEM, channel: 'window', applicant: applicant() }), 403, 'forbidden');
});

test('一次性告知: a later request for a material the notice did not list is a breach', async () => {
  const c = await intake(staff, { item_code: NOTICE_ITEM, materials_received: ['申请表'] });
  let v = await act(staff, c.no, 'notice', { materials: ['户籍证明'] });
  assert.equal(v.status, 'notified');
  assert.equal(v.notices.length, 1);
  assert.deepEqual(v.notices[0].materials.map((m) => m.name), ['户籍证明']);
  assert.ok(v.notices[0].legal_basis.length > 0 && v.notices[0].time_limit && v.notices[0].conditions);
  assert.deepEqual(v.breaches, []);
  // Asking again for what was listed is no breach; asking for more is one (and still made).
  v = await act(staff, c.no, 'notice', { materials: ['户籍证明'] });
  assert.deepEqual(v.breaches, []);
  v = await act(staff, c.no, 'notice', { materials: ['收入证明'] });
  assert.equal(v.notices.length, 3);
  assert.equal(v.breaches.length, 1);
  assert.equal(v.breaches[0].kind, 'notice_not_listed');
  assert.match(v.breaches[0].detail, /收入证明/);
  // The default notice lists every material still missing.
  const d = await intake(staff, { item_code: NOTICE_ITEM, materials_received: ['申请表'] });
  v = await act(staff, d.no, 'notice');
  assert.deepEqual(v.notices[0].materials.map((m) => m.name), ['户籍证明', '收入证明', '近期照片']);
  assert.ok((await listAll(staff, '/api/v1/cases?view=waiting_materials')).some((s) => s.no === d.no));
});

test('acceptance checks materials: required missing 409, 容缺 needs a promise and a date within the limit', async () => {
  const c = await intake(staff, { item_code: NOTICE_ITEM, materials_received: ['申请表'] });
  let res = await staff.post(`/api/v1/cases/${c.no}/accept`, {});
  assertError(res, 409, 'materials_missing');
  assert.match(res.json.error.message, /户籍证明/);
  res = await staff.post(`/api/v1/cases/${c.no}/accept`, { materials_received: ['户籍证明', '收入证明'] });
  assertError(res, 409, 'deferred_promise_required');
  const today = chinaDate(c.created_at);
  const late = await workingDaysAfter(today, 6);
  res = await staff.post(`/api/v1/cases/${c.no}/accept`, {
    materials_received: ['户籍证明', '收入证明'], deferred: { promise: '承诺补齐', supply_date: late },
  });
  assertFieldError(res, 400, 'invalid_supply_date', 'deferred.supply_date');
  const supply = await workingDaysAfter(today, 2);
  const v = await act(staff, c.no, 'accept', {
    materials_received: ['户籍证明', '收入证明'], deferred: { promise: '承诺补齐', supply_date: supply },
  });
  assert.equal(v.status, 'accepted');
  assert.deepEqual(v.deferred.materials, ['近期照片']);
  assert.equal(v.deferred.supply_date, supply);
  assert.equal(v.deferred.supplied_at, null);
  // Approval waits for the 容缺 materials; once they are in, it may go ahead.
  assertError(await staff.post(`/api/v1/cases/${c.no}/complete`, { outcome: 'approved', result: '准予' }), 409, 'deferred_materials_outstanding');
  const m = await staff.post(`/api/v1/cases/${c.no}/materials`, { received: ['近期照片'] });
  assert.equal(m.status, 200, m.text);
  assert.ok(m.json.deferred.supplied_at);
  assert.equal((await staff.post(`/api/v1/cases/${c.no}/complete`, { outcome: 'approved', result: '准予' })).status, 200);
});

test('an illegal move is 409 illegal_transition and changes nothing', async () => {
  const c = await intake(staff, { item_code: AGENCY_ITEM });
  for (const [action, body] of [['deliver', { method: 'post' }], ['complete', { outcome: 'approved', result: '准予' }],
    ['resume', {}], ['suspend', { reason_kind: 'hearing', reason: '听证' }]]) {
    const res = await staff.post(`/api/v1/cases/${c.no}/${action}`, body);
    assertError(res, 409, 'illegal_transition');
  }
  const v = await staff.get(`/api/v1/cases/${c.no}`);
  assert.equal(v.json.status, 'draft');
  assert.equal(v.json.events.length, 1);
  assertError(await staff.post(`/api/v1/cases/${c.no}/fly`, {}), 404, 'not_found');
  assertError(await staff.post(`/api/v1/cases/${c.no}/reject`, {}), 400, 'reasons_required');
  const r = await act(staff, c.no, 'reject', { reasons: '不属于本事项受理范围' });
  assert.equal(r.status, 'rejected_at_intake');
  assertError(await staff.post(`/api/v1/cases/${c.no}/accept`, {}), 409, 'illegal_transition');
});

test('suspend and resume on the same day pause nothing; advance finishes one process step and opens the next', async () => {
  const c = await intake(staff, { item_code: AGENCY_ITEM });
  let v = await act(staff, c.no, 'accept', { materials_received: ['申请表', '近期照片'] });
  const due = v.due_date;
  v = await act(staff, c.no, 'suspend', { reason_kind: 'supplement', reason: '补正材料' });
  assert.equal(v.status, 'suspended');
  v = await act(staff, c.no, 'resume');
  assert.equal(v.status, 'accepted');
  assert.equal(v.due_date, due);
  assert.equal(v.suspensions[0].paused_days, 0);
  v = await act(staff, c.no, 'advance', { outcome: '受理完成' });
  const steps = v.steps.filter((s) => s.kind === 'process');
  assert.ok(steps[0].finished_at && steps[1].started_at);
  assertError(await staff.post(`/api/v1/cases/${c.no}/suspend`, { reason_kind: 'nap', reason: 'x' }), 400, 'invalid_field');
});

test('validation errors are 400 and name the field', async () => {
  const good = { item_code: AGENCY_ITEM, channel: 'window', applicant: applicant() };
  assertFieldError(await staff.post('/api/v1/cases', { ...good, applicant: { ...good.applicant, id_number: '610929198501011235' } }),
    400, 'invalid_id_number', 'applicant.id_number');
  assertFieldError(await staff.post('/api/v1/cases', { ...good, applicant: { ...good.applicant, phone: '12345' } }),
    400, 'invalid_field', 'applicant.phone');
  assertFieldError(await staff.post('/api/v1/cases', { ...good, channel: 'pigeon' }), 400, 'invalid_field', 'channel');
  assertFieldError(await staff.post('/api/v1/cases', { ...good, materials_received: ['申请表', '护照'] }),
    400, 'unknown_material', 'materials_received[1]');
  assertError(await staff.post('/api/v1/cases', { ...good, applicant: { phone: '13800001234', id_number: good.applicant.id_number } }),
    400, 'missing_field');
  assertError(await staff.post('/api/v1/cases', { ...good, colour: 'red' }), 400, 'unknown_field');
  assertFieldError(await staff.post('/api/v1/cases', { ...good, item_code: 'T-CASE-NONE' }), 404, 'item_not_found', 'item_code');
  assertFieldError(await staff.post('/api/v1/cases', { ...good, venue_id: center.id }), 403, 'out_of_scope', 'venue_id');
  assertError(await staff.get('/api/v1/cases?view=everything'), 400, 'invalid_query');
});

test('concurrent intakes get distinct numbers', async () => {
  const all = await Promise.all(Array.from({ length: 16 }, () =>
    staff.post('/api/v1/cases', { item_code: AGENCY_ITEM, channel: 'window', applicant: applicant() })));
  for (const r of all) assert.equal(r.status, 201, r.text);
  const nos = all.map((r) => r.json.no);
  assert.equal(new Set(nos).size, nos.length);
});

test('the receipt QR code is an SVG for the public progress page', async () => {
  const c = await intake(staff, { item_code: AGENCY_ITEM });
  const res = await staff.get(`/api/v1/cases/${c.no}/qr.svg`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(res.text, /^<svg [^>]*viewBox="0 0 \d+ \d+"/);
  assertError(await agentB.get(`/api/v1/cases/${c.no}/qr.svg`), 404, 'case_not_found');
  assertError(await anon.get(`/api/v1/cases/${c.no}/qr.svg`), 401, 'unauthenticated');
});

test('首问: an inquiry handed from the village to the town keeps its first responder into the case', async () => {
  let res = await agentA.post('/api/v1/inquiries', { question: '代办测试事项怎么办？', citizen_name: '王五', phone: '13700002468', item_code: AGENCY_ITEM });
  assert.equal(res.status, 201, res.text);
  const first = res.json;
  assert.equal(first.responder.username, `agent-${villageA.code}`);
  res = await agentA.post(`/api/v1/inquiries/${first.id}/hand-over`, { to_venue_id: hall.id, note: '引导到镇大厅' });
  assert.equal(res.status, 201, res.text);
  const hop = res.json;
  assert.equal(hop.venue.id, hall.id);
  assert.equal(hop.responder.username, `agent-${villageA.code}`);
  assert.deepEqual(hop.chain.map((q) => q.status), ['handed_over', 'open']);
  assert.ok((await listAll(staff, '/api/v1/inquiries?view=open')).some((q) => q.id === hop.id));
  assertError(await agentA.post(`/api/v1/inquiries/${first.id}/answer`, { answer: '已转' }), 409, 'inquiry_closed');
  const c = await intake(staff, { item_code: AGENCY_ITEM, inquiry_id: hop.id });
  assert.equal(c.first_responder.username, `agent-${villageA.code}`);
  assert.equal(c.receiver.username, `staff-${town.code}`);
  const after = await staff.get(`/api/v1/inquiries/${hop.id}`);
  assert.equal(after.json.status, 'accepted');
  assert.equal(after.json.case_no, c.no);
  assertError(await agentB.get(`/api/v1/inquiries/${first.id}`), 404, 'inquiry_not_found');
  // Another village cannot pick up (and so close) a hop it cannot see.
  assertFieldError(await agentB.post('/api/v1/inquiries', { question: '转来的', handed_from: first.id }),
    404, 'inquiry_not_found', 'handed_from');
  // A question answered on the spot closes it.
  res = await staff.post('/api/v1/inquiries', { question: '营业时间？' });
  const answered = await staff.post(`/api/v1/inquiries/${res.json.id}/answer`, { answer: '工作日 8:30-17:30' });
  assert.equal(answered.status, 200, answered.text);
  assert.equal(answered.json.status, 'answered');
});

// ---- time travel (last: it moves the clock) ---------------------------------------------

test('容缺: a case whose supply date passes unmet is terminated by the system when the clock moves; due soon and overdue lists follow the clock', async () => {
  assert.equal((await setClock('2025-09-26T09:00:00+08:00')).status, 200);
  let s = await login(`staff-${town.code}`);
  const c = (await s.post('/api/v1/cases', {
    item_code: NOTICE_ITEM, channel: 'window', applicant: applicant(),
    materials_received: ['申请表', '户籍证明', '收入证明'],
  })).json;
  const running = (await s.post('/api/v1/cases', {
    item_code: NOTICE_ITEM, channel: 'window', applicant: applicant(),
    materials_received: ['申请表', '户籍证明', '收入证明', '近期照片'],
  })).json;
  assert.equal((await s.post(`/api/v1/cases/${running.no}/accept`, {})).status, 200);
  let res = await s.post(`/api/v1/cases/${c.no}/accept`, { deferred: { promise: '国庆后补交照片', supply_date: '2025-09-30' } });
  assert.equal(res.status, 200, res.text);
  // Accepted Friday 2025-09-26 with 5 working days: Sunday 09-28 is a make-up working day and
  // 10-01..10-08 are off, so the due date is 2025-10-10.
  assert.equal(res.json.due_date, '2025-10-10');
  assert.equal((await setClock('2025-09-30T17:00:00+08:00')).status, 200); // the day itself: still running
  s = await login(`staff-${town.code}`);
  assert.equal((await s.get(`/api/v1/cases/${c.no}`)).json.status, 'accepted');
  assert.equal((await setClock('2025-10-09T09:00:00+08:00')).status, 200);
  s = await login(`staff-${town.code}`);
  const v = (await s.get(`/api/v1/cases/${c.no}`)).json;
  assert.equal(v.status, 'terminated');
  const last = v.events.at(-1);
  assert.equal(last.action, 'terminate');
  assert.equal(last.actor, 'system');
  assert.match(last.note, /容缺/);
  // The other case is due 10-10: due soon on 10-09, overdue on 10-13 (Saturday 10-11 is worked).
  const soon = (await listAll(s, '/api/v1/cases?view=due_soon')).find((x) => x.no === running.no);
  assert.equal(soon.urgency, 'due_soon');
  assert.equal(soon.working_days_left, 1);
  assert.equal((await setClock('2025-10-13T09:00:00+08:00')).status, 200);
  s = await login(`staff-${town.code}`);
  const late = (await listAll(s, '/api/v1/cases?view=overdue')).find((x) => x.no === running.no);
  assert.equal(late.urgency, 'overdue');
  assert.equal(late.working_days_left, -2);
  assert.ok(!(await listAll(s, '/api/v1/cases?view=overdue')).some((x) => x.no === c.no), 'a terminated case is not overdue');
});
