// appointments.test.mjs — appointments (预约服务), black box: the bookable slots of a town hall;
// many concurrent bookings of one slot never exceed its capacity (the windows serving the
// group that someone staffs that day: a window whose holders are away takes no bookings);
// cancelling with phone + code frees the place; per-person limits; check-in by staff
// and by a kiosk with the code turns the booking into an appointment ticket of the queue; the
// venue manager closes slots and the citizens are told; the day's list for staff and its scope;
// repeated no-shows block booking.
//
// Runs on a server of its own (a fresh demo database, --test-clock) set to Monday 2025-11-03
// 09:00 China time: the clock is moved for the no-show rule. There: 茅坪镇 610929104's hall.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Client, assertError, freshDemoDatabase, listAll, loginAs, startServer,
} from './helpers.mjs';

const TOWN = '610929104';
const START = '2025-11-03T09:00:00+08:00';
let server, anon, staff, manager, foreignStaff, hall, groupA, groupB;

const setClock = (now) => new Client(server.url).post('/api/v1/test/clock', { now });

let phoneSerial = 0;
const newPhone = () => `1390000${String(1000 + phoneSerial++).slice(-4)}`;

async function slots(group) {
  const res = await anon.get(`/api/v1/venues/${hall.id}/appointment-slots?group=${group.id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

function book(group, slotStart, phone = newPhone(), name = '预约测试') {
  return anon.post('/api/v1/appointments', {
    venue_id: hall.id, group_id: group.id, slot_start: slotStart, name, phone,
  }, { csrf: false });
}

async function booked(group, slotStart, phone = newPhone()) {
  const res = await book(group, slotStart, phone);
  assert.equal(res.status, 201, res.text);
  assert.match(res.json.code, /^[A-Z2-9]{8}$/);
  return { ...res.json, phone };
}

const slotOf = (days, date, time) =>
  days.days.find((d) => d.date === date)?.slots.find((s) => s.start === `${date}T${time}:00+08:00`);

before(async () => {
  server = await startServer(['--test-clock'], await freshDemoDatabase('appointments'));
  assert.equal((await setClock(START)).status, 200);
  anon = new Client(server.url);
  const login = (u) => loginAs(u, undefined, server.url);
  staff = await login(`staff-${TOWN}`);
  manager = await login(`mgr-${TOWN}`);
  foreignStaff = await login('staff-610929100');
  hall = (await listAll(staff, `/api/v1/venues?org=${TOWN}`)).find((v) => v.kind === 'hall');
  const queue = await anon.get(`/api/v1/venues/${hall.id}/queue`);
  [groupA, groupB] = queue.json.groups;
});

after(async () => {
  await server?.stop();
});

test('slots follow the opening hours: weekdays only, no lunch break, capacity = windows', async () => {
  const days = await slots(groupA);
  assert.equal(days.capacity, 2); // 综合受理窗口 and the group's own window
  const dates = days.days.map((d) => d.date);
  assert.ok(!dates.includes('2025-11-08') && !dates.includes('2025-11-09'), 'weekend closed');
  assert.ok(dates.includes('2025-11-10'), 'seven days ahead');
  assert.ok(!dates.includes('2025-11-11'), 'not beyond the booking window');
  const tuesday = days.days.find((d) => d.date === '2025-11-04').slots.map((s) => s.start.slice(11, 16));
  assert.deepEqual(tuesday, ['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30',
    '14:30', '15:00', '15:30', '16:00', '16:30', '17:00']);
  const today = days.days.find((d) => d.date === '2025-11-03').slots.map((s) => s.start.slice(11, 16));
  assert.ok(!today.includes('09:30') && today.includes('10:30'), 'closes an hour before');
});

test('concurrent bookings of one slot never exceed its capacity', async () => {
  const start = '2025-11-04T09:00:00+08:00';
  const results = await Promise.all(Array.from({ length: 12 }, () => book(groupA, start)));
  const ok = results.filter((r) => r.status === 201);
  assert.equal(ok.length, 2, results.map((r) => r.status).join(','));
  for (const r of results.filter((x) => x.status !== 201)) assertError(r, 409, 'slot_full');
  assert.deepEqual(slotOf(await slots(groupA), '2025-11-04', '09:00').left, 0);
});

test('cancelling with phone and code frees the place; a wrong code finds nothing', async () => {
  const start = '2025-11-04T09:30:00+08:00';
  const phone = newPhone();
  const mine = await booked(groupA, start, phone);
  await booked(groupA, start);
  assertError(await book(groupA, start), 409, 'slot_full');
  assertError(await anon.get(`/api/v1/appointments/mine?phone=${phone}&code=AAAAAAAA`), 404,
    'appointment_not_found');
  const seen = await anon.get(`/api/v1/appointments/mine?phone=${phone}&code=${mine.code}`);
  assert.equal(seen.status, 200, seen.text);
  assert.equal(seen.json.status, 'booked');
  assert.equal(seen.json.phone.includes('****') || !seen.json.phone.includes(phone.slice(3, 7)), true);
  const cancel = await anon.request('DELETE', `/api/v1/appointments/mine?phone=${phone}&code=${mine.code}`,
    { csrf: false });
  assert.equal(cancel.status, 200, cancel.text);
  assert.equal(cancel.json.status, 'cancelled');
  assertError(await anon.request('DELETE', `/api/v1/appointments/mine?phone=${phone}&code=${mine.code}`,
    { csrf: false }), 409, 'appointment_not_open');
  assert.equal(slotOf(await slots(groupA), '2025-11-04', '09:30').left, 1);
  await booked(groupA, start);
});

test('per-person limits, slots not offered, validation', async () => {
  const phone = newPhone();
  await booked(groupB, '2025-11-05T08:30:00+08:00', phone);
  assertError(await book(groupB, '2025-11-05T09:00:00+08:00', phone), 409, 'daily_limit');
  await booked(groupB, '2025-11-06T08:30:00+08:00', phone);
  await booked(groupB, '2025-11-07T08:30:00+08:00', phone);
  assertError(await book(groupB, '2025-11-10T08:30:00+08:00', phone), 409, 'open_limit');
  assertError(await book(groupB, '2025-11-05T12:30:00+08:00'), 409, 'slot_not_offered');
  assertError(await book(groupB, '2025-11-08T08:30:00+08:00'), 409, 'slot_not_offered');
  assertError(await book(groupB, '2025-11-03T09:30:00+08:00'), 409, 'booking_too_late');
  assertError(await book(groupB, '2025-11-12T08:30:00+08:00'), 409, 'booking_too_early');
  assertError(await book(groupB, '2025-11-05T10:00:00+08:00', '0915-1234567'), 400, 'invalid_field');
  assertError(await book(groupB, '2025-11-05T10:00:00+08:00', '12345678901'), 400, 'invalid_phone');
  const res = await anon.post('/api/v1/appointments', { venue_id: hall.id, group_id: groupB.id }, { csrf: false });
  assertError(res, 400, 'missing_field');
});

test('a window whose holders are away takes no bookings that day (AB岗)', async () => {
  const groupC = (await anon.get(`/api/v1/venues/${hall.id}/queue`)).json.groups.find((g) => g.code === 'C');
  const windows = (await manager.get(`/api/v1/venues/${hall.id}/windows`)).json.items;
  const lone = windows.find((w) => !w.b_user && w.a_user && w.groups.some((g) => g.id === groupC.id));
  assert.ok(lone, 'the demo hall has a window of group C without a B holder');
  const before = slotOf(await slots(groupC), '2025-11-07', '08:30');
  const away = await manager.post('/api/v1/absences', {
    user_id: lone.a_user.id, kind: 'leave', start_date: '2025-11-07', end_date: '2025-11-07',
  });
  assert.equal(away.status, 201, away.text);
  const after = slotOf(await slots(groupC), '2025-11-07', '08:30');
  assert.equal(after.capacity, before.capacity - 1, 'one window fewer on the day of the absence');
  assert.equal(slotOf(await slots(groupC), '2025-11-06', '08:30').capacity, before.capacity, 'other days keep it');
  for (let i = 0; i < after.capacity; i++) await booked(groupC, '2025-11-07T08:30:00+08:00');
  assertError(await book(groupC, '2025-11-07T08:30:00+08:00'), 409, 'slot_full');
});

test('check-in makes an appointment ticket; by staff, or by a kiosk with the code', async () => {
  const a = await booked(groupA, '2025-11-03T11:00:00+08:00');
  const b = await booked(groupA, '2025-11-03T11:00:00+08:00');
  assertError(await anon.post(`/api/v1/appointments/${a.id}/check-in`, {}, { csrf: false }), 401,
    'unauthenticated');
  assertError(await foreignStaff.post(`/api/v1/appointments/${a.id}/check-in`, {}), 403, 'out_of_scope');
  const byStaff = await staff.post(`/api/v1/appointments/${a.id}/check-in`, {});
  assert.equal(byStaff.status, 200, byStaff.text);
  assert.equal(byStaff.json.appointment.status, 'checked_in');
  assert.equal(byStaff.json.ticket.source, 'appointment');
  assert.equal(byStaff.json.appointment.ticket_id, byStaff.json.ticket.id);
  assertError(await staff.post(`/api/v1/appointments/${a.id}/check-in`, {}), 409, 'appointment_not_open');
  assertError(await anon.post(`/api/v1/appointments/${b.id}/check-in`, { code: 'AAAAAAAA' },
    { csrf: false }), 404, 'appointment_not_found');
  const kiosk = await anon.post(`/api/v1/appointments/${b.id}/check-in`, { code: b.code }, { csrf: false });
  assert.equal(kiosk.status, 200, kiosk.text);
  assert.equal(kiosk.json.ticket.source, 'appointment');
  const later = await booked(groupA, '2025-11-05T11:00:00+08:00');
  assertError(await staff.post(`/api/v1/appointments/${later.id}/check-in`, {}), 409,
    'appointment_not_today');
});

test('staff see the day per group with its windows; others are out of scope', async () => {
  const res = await staff.get(`/api/v1/venues/${hall.id}/appointments?date=2025-11-04`);
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.items.length >= 5);
  assert.ok(res.json.items.every((a) => a.service_date === '2025-11-04' && a.windows.length === 2));
  const one = await staff.get(`/api/v1/venues/${hall.id}/appointments?date=2025-11-04&group=${groupB.id}`);
  assert.equal(one.json.items.length, 0);
  assertError(await foreignStaff.get(`/api/v1/venues/${hall.id}/appointments`), 403, 'out_of_scope');
  assertError(await anon.get(`/api/v1/venues/${hall.id}/appointments`), 401, 'unauthenticated');
});

test('the manager closes slots: bookings closed, citizens told, slots gone', async () => {
  const a = await booked(groupA, '2025-11-06T14:30:00+08:00');
  const body = { group_id: groupA.id, starts_at: '2025-11-06T14:00:00+08:00',
    ends_at: '2025-11-06T15:30:00+08:00', reason: '停电' };
  assertError(await staff.post(`/api/v1/venues/${hall.id}/appointment-closures`, body), 403, 'forbidden');
  const res = await manager.post(`/api/v1/venues/${hall.id}/appointment-closures`, body);
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.closed, 1);
  const seen = await anon.get(`/api/v1/appointments/mine?phone=${a.phone}&code=${a.code}`);
  assert.equal(seen.json.status, 'closed');
  const day = (await slots(groupA)).days.find((d) => d.date === '2025-11-06').slots.map((s) => s.start.slice(11, 16));
  assert.ok(!day.includes('14:30') && !day.includes('15:00') && day.includes('15:30'));
  assertError(await book(groupA, '2025-11-06T15:00:00+08:00'), 409, 'slot_closed');
  const messages = await listAll(manager, '/api/v1/notifications');
  const kinds = messages.filter((m) => m.entity === 'appointment' && String(m.entity_id) === String(a.id))
    .map((m) => m.kind).sort();
  assert.deepEqual(kinds, ['appointment_changed', 'appointment_reminder']);
});

test('repeated no-shows block new bookings', async () => {
  const phone = newPhone();
  await booked(groupB, '2025-11-04T15:00:00+08:00', phone);
  await booked(groupB, '2025-11-05T15:00:00+08:00', phone);
  await booked(groupB, '2025-11-06T15:00:00+08:00', phone);
  assert.equal((await setClock('2025-11-07T09:00:00+08:00')).status, 200);
  const res = await book(groupB, '2025-11-10T15:00:00+08:00', phone);
  assertError(res, 409, 'noshow_blocked');
  assert.equal((await setClock('2026-02-06T09:00:00+08:00')).status, 200);
  const again = await book(groupB, '2026-02-09T15:00:00+08:00', phone);
  assert.equal(again.status, 201, again.text);
});

test('the manager sets the booking rules; slots follow them', async () => {
  // the clock moved months ahead: log in again
  staff = await loginAs(`staff-${TOWN}`, undefined, server.url);
  manager = await loginAs(`mgr-${TOWN}`, undefined, server.url);
  const rules = (await anon.get(`/api/v1/venues/${hall.id}/appointment-rules`)).json;
  assert.deepEqual(rules, { slot_minutes: 30, buffer_minutes: 0, open_days: 7, close_minutes: 60,
    per_day: 1, open_max: 3, noshow_limit: 3, noshow_days: 90 });
  const hourly = { ...rules, slot_minutes: 45, buffer_minutes: 15, open_days: 14 };
  assertError(await staff.request('PUT', `/api/v1/venues/${hall.id}/appointment-rules`, { json: hourly }), 403, 'forbidden');
  assertError(await manager.request('PUT', `/api/v1/venues/${hall.id}/appointment-rules`, { json: { ...hourly, slot_minutes: 1 } }),
    400, 'invalid_field');
  const res = await manager.request('PUT', `/api/v1/venues/${hall.id}/appointment-rules`, { json: hourly });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.slot_minutes, 45);
  const days = await slots(groupA);
  const tuesday = days.days.find((d) => d.date === '2026-02-10').slots.map((s) => `${s.start.slice(11, 16)}-${s.end.slice(11, 16)}`);
  assert.deepEqual(tuesday, ['08:30-09:15', '09:30-10:15', '10:30-11:15', '14:30-15:15', '15:30-16:15', '16:30-17:15']);
  assert.ok(days.days.some((d) => d.date === '2026-02-13'), 'open_days 14 reaches further');
});
