// scope.test.mjs — roles and org scope: a town sees its subtree, the county sees all, window
// staff may read but not change venues.
//
// The subtree of 城关镇 is derived from the supervisor's view (parent_code links), never from
// counts written here: the demo data grows. Writes: the venue of 城关镇 (mgr-610929100's own).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  Client, DB_ARGS, assertError, listAll, loginAs, otherTowns, sql, venueOf,
} from './helpers.mjs';

const HOME = '610929100'; // 城关镇
let supervisor;
let mgr;
let allOrgs;
let allVenues;
let subtree; // Set of org codes under 城关镇, itself included
let foreignTown;
let foreignVenue;

function descendants(orgs, root) {
  const children = new Map();
  for (const o of orgs) {
    if (!children.has(o.parent_code)) children.set(o.parent_code, []);
    children.get(o.parent_code).push(o.code);
  }
  const out = new Set([root]);
  const queue = [root];
  while (queue.length) for (const c of children.get(queue.shift()) ?? []) if (!out.has(c)) { out.add(c); queue.push(c); }
  return out;
}

before(async () => {
  supervisor = await loginAs('supervisor');
  mgr = await loginAs(`mgr-${HOME}`);
  allOrgs = await listAll(supervisor, '/api/v1/orgs');
  allVenues = await listAll(supervisor, '/api/v1/venues');
  subtree = descendants(allOrgs, HOME);
  const others = await otherTowns(supervisor);
  foreignTown = others[2];
  foreignVenue = await venueOf(supervisor, foreignTown.code);
});

test('the county supervisor sees every org in the database', async () => {
  const inDb = Number(await sql(DB_ARGS, 'SELECT COUNT(*) FROM orgs'));
  const res = await supervisor.get('/api/v1/orgs');
  assert.equal(res.json.total, inDb);
  assert.equal(allOrgs.length, inDb);
  assert.ok(allOrgs.some((o) => o.level === 'county'), 'the county itself');
});

test('the county supervisor sees every venue in the database', async () => {
  const inDb = Number(await sql(DB_ARGS, 'SELECT COUNT(*) FROM venues'));
  assert.ok(inDb > 0, 'the demo has venues');
  const res = await supervisor.get('/api/v1/venues');
  assert.equal(res.json.total, inDb);
  assert.equal(allVenues.length, inDb);
});

test('the county supervisor may read any town\'s org and venue', async () => {
  assert.equal((await supervisor.get(`/api/v1/orgs/${foreignTown.code}`)).status, 200);
  assert.equal((await supervisor.get(`/api/v1/venues/${foreignVenue.id}`)).status, 200);
});

test('mgr-610929100 (城关镇) sees exactly 城关镇 and its villages in GET /api/v1/orgs', async () => {
  const mine = await listAll(mgr, '/api/v1/orgs');
  assert.deepEqual(new Set(mine.map((o) => o.code)), subtree);
  const res = await mgr.get('/api/v1/orgs');
  assert.equal(res.json.total, subtree.size);
});

test('mgr-610929100 sees exactly the venues of his subtree in GET /api/v1/venues', async () => {
  const mine = await listAll(mgr, '/api/v1/venues');
  const expected = allVenues.filter((v) => subtree.has(v.org_code)).map((v) => v.id).sort();
  assert.ok(expected.length > 0, '城关镇 has a venue');
  assert.deepEqual(mine.map((v) => v.id).sort(), expected);
  assert.equal((await mgr.get('/api/v1/venues')).json.total, expected.length);
});

test('mgr-610929100 gets 403 out_of_scope for another town\'s org', async () => {
  assertError(await mgr.get(`/api/v1/orgs/${foreignTown.code}`), 403, 'out_of_scope');
});

test('mgr-610929100 gets 403 out_of_scope for the county org above him', async () => {
  const county = allOrgs.find((o) => o.level === 'county');
  assertError(await mgr.get(`/api/v1/orgs/${county.code}`), 403, 'out_of_scope');
});

test('mgr-610929100 gets 403 out_of_scope for another town\'s venue', async () => {
  assertError(await mgr.get(`/api/v1/venues/${foreignVenue.id}`), 403, 'out_of_scope');
});

test('mgr-610929100 gets 403 out_of_scope for GET /api/v1/venues?org=<another town>', async () => {
  assertError(await mgr.get(`/api/v1/venues?org=${foreignTown.code}`), 403, 'out_of_scope');
});

test('mgr-610929100 filtering orgs by another town as parent sees nothing of it', async () => {
  const res = await mgr.get(`/api/v1/orgs?parent=${foreignTown.code}`);
  if (res.status === 200) {
    assert.equal(res.json.total, 0);
    assert.deepEqual(res.json.items, []);
  } else {
    assertError(res, 403, 'out_of_scope');
  }
});

test('mgr-610929100 PATCHing another town\'s venue gets 403 out_of_scope and changes nothing', async () => {
  const before = (await supervisor.get(`/api/v1/venues/${foreignVenue.id}`)).json;
  const res = await mgr.patch(`/api/v1/venues/${foreignVenue.id}`, { name: '越权修改' });
  assertError(res, 403, 'out_of_scope');
  assert.deepEqual((await supervisor.get(`/api/v1/venues/${foreignVenue.id}`)).json, before);
});

test('mgr-610929100 may read and PATCH his own town\'s venue', async () => {
  const own = await venueOf(supervisor, HOME);
  assert.equal((await mgr.get(`/api/v1/venues/${own.id}`)).status, 200);
  const res = await mgr.patch(`/api/v1/venues/${own.id}`, { window_count: own.window_count === 7 ? 8 : 7 });
  assert.equal(res.status, 200, res.text);
  assert.equal((await supervisor.get(`/api/v1/venues/${own.id}`)).json.window_count, res.json.window_count);
});

test('mgr-610929100 may read the villages under his town', async (t) => {
  const villages = allOrgs.filter((o) => subtree.has(o.code) && o.code !== HOME);
  if (!villages.length) return t.skip('the demo has no villages under 城关镇 yet');
  for (const v of villages.slice(0, 5)) assert.equal((await mgr.get(`/api/v1/orgs/${v.code}`)).status, 200);
});

test('window staff may read his town\'s venue, but PATCH answers 403 forbidden and changes nothing', async () => {
  const town = (await otherTowns(supervisor))[3];
  const staff = await loginAs(`staff-${town.code}`);
  const venue = await venueOf(supervisor, town.code);
  const before = (await staff.get(`/api/v1/venues/${venue.id}`));
  assert.equal(before.status, 200, before.text);
  assertError(await staff.patch(`/api/v1/venues/${venue.id}`, { area_m2: 999 }), 403, 'forbidden');
  assert.deepEqual((await staff.get(`/api/v1/venues/${venue.id}`)).json, before.json);
});

test('a village agent sees only his own village and its venue', async (t) => {
  const village = allOrgs.find((o) => o.level === 'village' && subtree.has(o.code));
  if (!village) return t.skip('the demo has no villages under 城关镇 yet');
  const agent = await loginAs(`agent-${village.code}`);
  const orgs = await listAll(agent, '/api/v1/orgs');
  assert.deepEqual(orgs.map((o) => o.code), [village.code]);
  const venues = await listAll(agent, '/api/v1/venues');
  assert.ok(venues.every((v) => v.org_code === village.code), 'only his village\'s venues');
  assertError(await agent.get(`/api/v1/orgs/${HOME}`), 403, 'out_of_scope');
  const townVenue = await venueOf(supervisor, HOME);
  assertError(await agent.get(`/api/v1/venues/${townVenue.id}`), 403, 'out_of_scope');
});

test('an unknown org answers 404 org_not_found, to any role', async () => {
  assertError(await mgr.get('/api/v1/orgs/999999999999'), 404, 'org_not_found');
  assertError(await supervisor.get('/api/v1/orgs/999999999999'), 404, 'org_not_found');
});

test('lists and records need a session: 401 unauthenticated without one', async () => {
  const anon = new Client();
  for (const p of ['/api/v1/orgs', `/api/v1/orgs/${HOME}`, '/api/v1/venues', `/api/v1/venues/${foreignVenue.id}`])
    assertError(await anon.get(p), 401, 'unauthenticated');
});
