// standard.test.mjs — venue standardisation (标准化) and the county survey report, black box.
//
// Runs on a server of its own with a fresh demo database: the figures are exact (the survey's
// 11 / 5 / 6 / 121 / 104 / 17) and the checklist edits change every venue's score, which the
// shared database must not see. There: the checklists, the 城关镇 hall and 红花社区's room, a
// pilot flag on 茅坪镇's hall, mgr-610929100 and mgr-610929101 for scope.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertError, assertFieldError, bianmin, Client, freshDemoDatabase, loginAs, startServer, venueOf,
} from './helpers.mjs';

let server, dbArgs, supervisor, admin, manager, staff;
const put = (client, path, json) => client.request('PUT', path, { json });

before(async () => {
  dbArgs = await freshDemoDatabase('standard');
  server = await startServer([], dbArgs);
  supervisor = await loginAs('supervisor', undefined, server.url);
  admin = await loginAs('admin', undefined, server.url);
  manager = await loginAs('mgr-610929100', undefined, server.url);
  staff = await loginAs('staff-610929100', undefined, server.url);
});

after(async () => {
  await server?.stop();
});

/** The covered venues of a query, all pages. */
async function scores(client, query = '') {
  const res = await client.get(`/api/v1/standard/scores?limit=200${query}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

const named = (list, name) => list.items.find((v) => v.name === name);

test('`bianmin report survey` prints the same report as the API', async () => {
  const api = (await supervisor.get('/api/v1/reports/survey')).json;
  const r = await bianmin(['report', 'survey', ...dbArgs]);
  assert.equal(r.code, 0, r.stderr);
  const printed = JSON.parse(r.stdout);
  assert.deepEqual(printed.halls, api.halls);
  assert.deepEqual(printed.villages, api.villages);
  assert.deepEqual(printed.posts, api.posts);
  assert.equal((await bianmin(['report', 'survey', '--period', '2026-10', ...dbArgs])).code, 2, 'a survey has no period');
});

test('the survey report states the survey\'s figures on the demo data', async () => {
  const res = await supervisor.get('/api/v1/reports/survey');
  assert.equal(res.status, 200, res.text);
  const r = res.json;
  assert.equal(r.halls.towns, 11);
  assert.equal(r.halls.with_hall, 11);
  assert.equal(r.halls.large, 5);
  assert.equal(r.halls.small, 6);
  assert.equal(r.halls.min_area, 50);
  assert.equal(r.halls.min_windows, 4);
  assert.equal(r.halls.list.length, 11);
  assert.equal(r.villages.total, 121);
  assert.equal(r.villages.open_rooms, 104);
  assert.equal(r.villages.office_only, 17);
  assert.deepEqual(r.villages.full_room_names, ['红花社区']);
  // §二.1: most halls have no sign, screen, zones, CCTV or post board; all have a public board
  assert.equal(r.facilities.halls, 11);
  assert.ok(r.facilities.no_sign >= 9 && r.facilities.no_item_screen >= 9, JSON.stringify(r.facilities));
  assert.ok(r.facilities.no_zones >= 9 && r.facilities.no_cctv_inside >= 9, JSON.stringify(r.facilities));
  assert.ok(r.facilities.no_post_board >= 6);
  assert.equal(r.facilities.no_disclosure_board, 0);
  // §一.3 and §二.2: 社保 and 涉农资金 in every hall; 建房 and 扶贫 in the town offices; 户籍,
  // 市场监管 and 税务 in the departments' town halls
  const inHalls = r.items_in_halls.filter((i) => i.halls === 11).map((i) => i.name).join(' ');
  assert.match(inHalls, /养老保险/);
  assert.match(inHalls, /耕地地力保护补贴/);
  const offices = r.items_scattered.filter((i) => i.kind === 'office').map((i) => i.name).join(' ');
  assert.match(offices, /建房/);
  assert.match(offices, /脱贫|返贫/);
  const depts = r.items_scattered.filter((i) => i.kind === 'dept_hall').map((i) => i.name).join(' ');
  assert.match(depts, /户口/);
  assert.match(depts, /个体工商户/);
  assert.match(depts, /税/);
  // §二.3: posts without a B holder
  assert.ok(r.posts.windows > 0 && r.posts.without_b > 0, JSON.stringify(r.posts));
  assert.equal(r.posts.by_town.length, 11);
  // the standard's county-wide gaps
  const sign = r.standard.town.find((c) => c.field === 'outdoor_sign');
  assert.equal(sign.venues, 11);
  assert.equal(sign.missing, r.facilities.no_sign);
  assert.equal(r.standard.summary.village.venues, 121);
  assert.equal(r.standard.summary.village.full, 1);
  assert.ok(Number.isInteger(r.generated_at));
});

test('only the county reads the survey report', async () => {
  assertError(await manager.get('/api/v1/reports/survey'), 403, 'forbidden');
  assertError(await staff.get('/api/v1/reports/survey'), 403, 'forbidden');
  assert.equal((await admin.get('/api/v1/reports/survey')).status, 200);
});

test('scores: levels, towns, pages, scope', async () => {
  const towns = await scores(supervisor, '&level=town');
  assert.equal(towns.total, 11);
  assert.ok(towns.items.every((v) => v.level === 'town' && v.kind === 'hall'));
  const villages = await scores(supervisor, '&level=village');
  assert.equal(villages.total, 121);
  const all = await scores(supervisor);
  assert.equal(all.total, 132);
  const page = await supervisor.get('/api/v1/standard/scores?limit=5&offset=5');
  assert.equal(page.json.items.length, 5);
  assert.equal(page.json.items[0].venue_id, all.items[5].venue_id);
  const town = await scores(supervisor, '&town=610929100');
  assert.ok(town.items.every((v) => v.org_code.startsWith('610929100')));
  assert.ok(named(town, '红花社区便民服务室'));
  const mine = await scores(manager);
  assert.equal(mine.total, town.total, 'a manager sees the venues of their town');
  assertError(await manager.get('/api/v1/standard/scores?town=610929101'), 403, 'out_of_scope');
  assertError(await supervisor.get('/api/v1/standard/scores?level=county'), 400, 'invalid_query');
  assertError(await staff.get('/api/v1/standard/scores'), 403, 'forbidden');
});

test('one venue\'s score and gaps', async () => {
  const town = await scores(supervisor, '&town=610929100');
  const honghua = named(town, '红花社区便民服务室');
  assert.equal(honghua.score, 100);
  assert.deepEqual(honghua.gaps, []);
  assert.equal(honghua.pilot, true);
  const hall = named(town, '城关镇便民服务中心');
  const one = await supervisor.get(`/api/v1/venues/${hall.venue_id}/standard`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.score, hall.score);
  assert.ok(one.json.gaps.every((g) => g.label && 'actual' in g));
  const outside = (await scores(supervisor, '&town=610929101&level=town')).items[0];
  assertError(await manager.get(`/api/v1/venues/${outside.venue_id}/standard`), 403, 'out_of_scope');
  assertError(await supervisor.get('/api/v1/venues/999999/standard'), 404, 'venue_not_found');
});

test('the county edits a checklist; the scores follow; bad checklists are refused', async () => {
  const before = await supervisor.get('/api/v1/standard/checklists/town');
  assert.equal(before.status, 200, before.text);
  const doc = before.json;
  assert.ok(doc.criteria.length >= 10);
  const hallBefore = named(await scores(supervisor, '&town=610929100&level=town'), '城关镇便民服务中心');
  assert.deepEqual(hallBefore.gaps.map((g) => g.field), ['cctv_outside']);
  // the one gap of 城关镇's hall weighs 7 of 100; at weight 1 it weighs 1 of 94
  const criteria = doc.criteria.map((c) => (c.field === 'cctv_outside' ? { ...c, weight: 1 } : c));
  assertError(await put(manager, '/api/v1/standard/checklists/town', { criteria }), 403, 'forbidden');
  const res = await put(supervisor, '/api/v1/standard/checklists/town', { criteria });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.version, doc.version + 1);
  assert.equal(res.json.updated_by, 'supervisor');
  const hallAfter = named(await scores(supervisor, '&town=610929100&level=town'), '城关镇便民服务中心');
  assert.equal(hallBefore.score, 93);
  assert.equal(hallAfter.score, 98.9);
  assertFieldError(await put(supervisor, '/api/v1/standard/checklists/town',
    { criteria: [{ field: 'area_m2', rule: 'is_true', weight: 1, label: '面积' }] }),
  400, 'invalid_criterion', 'criteria[0].rule');
  assertFieldError(await put(supervisor, '/api/v1/standard/checklists/town',
    { criteria: [{ field: 'colour', rule: 'is_true', weight: 1, label: '颜色' }] }),
  400, 'invalid_criterion', 'criteria[0].field');
  assertError(await put(supervisor, '/api/v1/standard/checklists/town', { criteria: [{ field: 'area_m2' }] }),
    400, 'missing_field');
  assertError(await put(supervisor, '/api/v1/standard/checklists/county', { criteria: [] }), 404,
    'standard_not_found');
  const unchanged = await supervisor.get('/api/v1/standard/checklists/town');
  assert.equal(unchanged.json.version, doc.version + 1, 'a refused edit changes nothing');
  assert.equal((await manager.get('/api/v1/standard/checklists/village')).status, 200);
});

/** A venue's pilot flag as the staff list, the staff venue, the public list and the public
 * board (no login) give it. */
async function pilotEverywhere(id) {
  const anyone = new Client(server.url);
  const staffVenue = await supervisor.get(`/api/v1/venues/${id}`);
  assert.equal(staffVenue.status, 200, staffVenue.text);
  const org = staffVenue.json.org_code;
  const staffList = await supervisor.get(`/api/v1/venues?org=${org}`);
  const publicList = await anyone.get(`/api/v1/public/venues?org=${org}`);
  const board = await anyone.get(`/api/v1/public/venues/${id}`);
  for (const res of [staffList, publicList, board]) assert.equal(res.status, 200, res.text);
  const inList = (list) => list.json.items.find((v) => v.id === id).pilot;
  return [inList(staffList), staffVenue.json.pilot, inList(publicList), board.json.venue.pilot];
}

test('a venue carries its pilot flag, for staff and the public (the demo\'s pilots)', async () => {
  for (const code of ['610929100003', '610929100', '610929101']) {
    const venue = await venueOf(supervisor, code);
    assert.deepEqual(await pilotEverywhere(venue.id), [true, true, true, true], venue.name);
  }
  // not pilots: 茅坪镇's hall, 城关镇's department halls, the county centre, a plain village
  const others = [await venueOf(supervisor, '610929104'), await venueOf(supervisor, '610929'),
    await venueOf(supervisor, '610929100001')];
  const dept = (await supervisor.get('/api/v1/venues?org=610929100')).json.items.find((v) => v.kind !== 'hall');
  assert.ok(dept, '城关镇 has a department hall besides its own');
  for (const venue of [...others, dept])
    assert.deepEqual(await pilotEverywhere(venue.id), [false, false, false, false], venue.name);
  // the scope of a manager: the same flag on the venues he may read
  const own = await manager.get('/api/v1/venues?org=610929100003');
  assert.equal(own.json.items[0].pilot, true);
  // the public list of a level carries the flag on every venue
  const halls = (await new Client(server.url).get('/api/v1/public/venues?level=town&limit=200')).json.items;
  assert.ok(halls.every((v) => typeof v.pilot === 'boolean'));
  assert.deepEqual(halls.filter((v) => v.pilot).map((v) => v.org_name).sort(), ['中厂镇', '城关镇'].sort());
});

test('pilots: the county marks them; they show in the lists', async () => {
  const pilots = await scores(supervisor, '&pilot=1');
  assert.deepEqual(pilots.items.map((v) => v.org_name).sort(), ['中厂镇', '城关镇', '红花社区'].sort());
  const hall = named(await scores(supervisor, '&town=610929104&level=town'), '茅坪镇便民服务中心');
  assert.equal(hall.pilot, false);
  assertError(await put(manager, `/api/v1/venues/${hall.venue_id}/pilot`, { pilot: true }), 403, 'forbidden');
  const res = await put(supervisor, `/api/v1/venues/${hall.venue_id}/pilot`, { pilot: true });
  assert.equal(res.status, 200, res.text);
  assert.equal(named(await scores(supervisor, '&pilot=1'), '茅坪镇便民服务中心').pilot, true);
  assert.deepEqual(await pilotEverywhere(hall.venue_id), [true, true, true, true], 'the venue JSON follows');
  assert.equal((await put(admin, `/api/v1/venues/${hall.venue_id}/pilot`, { pilot: false })).status, 200);
  assert.equal(named(await scores(supervisor, '&pilot=1'), '茅坪镇便民服务中心'), undefined);
  assert.deepEqual(await pilotEverywhere(hall.venue_id), [false, false, false, false]);
  assertError(await put(supervisor, `/api/v1/venues/${hall.venue_id}/pilot`, { pilot: 'yes' }), 400, 'invalid_field');
  const venues = await supervisor.get('/api/v1/venues?org=610929&limit=1');
  assertError(await put(supervisor, `/api/v1/venues/${venues.json.items[0].id}/pilot`, { pilot: true }), 400,
    'not_standardised');
});

test('county-wide gap counts per criterion', async () => {
  const res = await supervisor.get('/api/v1/standard/gaps');
  assert.equal(res.status, 200, res.text);
  const screen = res.json.town.find((c) => c.field === 'item_screen');
  assert.equal(screen.venues, 11);
  assert.ok(screen.missing >= 9);
  const open = res.json.village.find((c) => c.field === 'open_to_public');
  assert.equal(open.missing, 17);
  const mine = await manager.get('/api/v1/standard/gaps');
  assert.equal(mine.json.summary.town.venues, 1, 'a manager counts their own town');
});
