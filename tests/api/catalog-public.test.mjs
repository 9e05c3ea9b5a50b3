// catalog-public.test.mjs — life events (一件事) and their where-to-go answers, the county's
// 多头跑路 report, and the data of the public pages (venue boards 公示, venue and org lists).
//
// Reads only, except the life events cat-* it creates (see helpers.mjs). The where-to-go
// answers compared here are for a village of 城关镇, whose claims no test changes.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Client, assertError, assertFieldError, listAll, loginAs, otherTowns } from './helpers.mjs';

const anon = new Client();
const HOME = '610929100'; // 城关镇
let supervisor;
let homeVillage;
let events;

before(async () => {
  supervisor = await loginAs('supervisor');
  const villages = (await listAll(anon, `/api/v1/public/orgs?parent=${HOME}&level=village`))
    .sort((a, b) => a.code.localeCompare(b.code));
  assert.ok(villages.length > 0, '城关镇 has villages');
  homeVillage = villages[0];
  const res = await anon.get('/api/v1/life-events');
  assert.equal(res.status, 200, res.text);
  events = res.json;
});

/** An item's where-to-go answer without its "village" (a life event's per-item answers omit it). */
function dropVillage(answer) {
  const out = { ...answer };
  delete out.village;
  return out;
}

// --- life events -------------------------------------------------------------------------------

test('GET /api/v1/life-events is public: {"items","total"}, each event with its items', async () => {
  assert.deepEqual(Object.keys(events).sort(), ['items', 'total']);
  assert.ok(events.total > 0, 'the demo has life events');
  assert.equal(events.items.length, events.total);
  const demo = events.items.filter((e) => !e.code.startsWith('cat-'));
  assert.ok(demo.length > 0);
  for (const e of demo) {
    assert.deepEqual(Object.keys(e).sort(), ['code', 'description', 'items', 'name']);
    assert.ok(e.name.length > 0);
    assert.ok(e.items.length > 0, `${e.name} has items`);
    for (const it of e.items) {
      assert.deepEqual(Object.keys(it).sort(), ['code', 'name']);
      const item = await anon.get(`/api/v1/items/${encodeURIComponent(it.code)}`);
      assert.equal(item.status, 200, `${e.code}: item ${it.code}`);
      assert.equal(item.json.name, it.name);
    }
  }
});

test('GET /api/v1/life-events/{code} answers the event as listed; unknown 404 life_event_not_found', async () => {
  for (const e of events.items.filter((x) => !x.code.startsWith('cat-'))) {
    const res = await anon.get(`/api/v1/life-events/${encodeURIComponent(e.code)}`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, e);
  }
  assertError(await anon.get('/api/v1/life-events/no-such-event'), 404, 'life_event_not_found');
  assertError(await anon.get('/api/v1/life-events/no-such-event/where?village=' + homeVillage.code), 404, 'life_event_not_found');
});

test('a life event\'s where-to-go is the union of its items\' answers', async () => {
  for (const e of events.items.filter((x) => !x.code.startsWith('cat-'))) {
    const res = await anon.get(`/api/v1/life-events/${encodeURIComponent(e.code)}/where?village=${homeVillage.code}`);
    assert.equal(res.status, 200, res.text);
    const a = res.json;
    assert.deepEqual(a.event, { code: e.code, name: e.name });
    assert.equal(a.village.code, homeVillage.code);
    assert.equal(a.village.town_code, HOME);
    assert.equal(a.visits, a.venues.length);
    assert.equal(a.items.length, e.items.length);
    const union = new Set();
    for (const [i, ia] of a.items.entries()) {
      assert.equal(ia.item.code, e.items[i].code);
      const single = await anon.get(`/api/v1/items/${encodeURIComponent(ia.item.code)}/where?village=${homeVillage.code}`);
      assert.equal(single.status, 200, single.text);
      assert.deepEqual(ia, dropVillage(single.json), `${e.code}/${ia.item.code} as GET /items/{code}/where`);
      for (const v of ia.venues) union.add(v.id);
    }
    assert.deepEqual(new Set(a.venues.map((v) => v.id)), union, `${e.code}: venues are the union`);
    assert.ok(a.visits >= Math.max(0, ...a.items.map((x) => x.visits)));
  }
  const code = events.items[0].code;
  assertError(await anon.get(`/api/v1/life-events/${code}/where`), 400, 'invalid_query');
  assertError(await anon.get(`/api/v1/life-events/${code}/where?village=999999999999`), 404, 'village_not_found');
  assertError(await anon.get(`/api/v1/life-events/${code}/where?village=${HOME}`), 404, 'village_not_found');
});

test('PUT /api/v1/life-events/{code} as supervisor creates and replaces an event', async () => {
  const demoItems = events.items.flatMap((e) => e.items).map((i) => i.code);
  const [a, b, c] = [...new Set(demoItems)];
  const body = { name: '测试主题', description: '接口测试建的办事主题', items: [a, b] };
  const res = await supervisor.request('PUT', '/api/v1/life-events/cat-public-1', { json: body });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.code, 'cat-public-1');
  assert.equal(res.json.name, '测试主题');
  assert.equal(res.json.description, '接口测试建的办事主题');
  assert.deepEqual(res.json.items.map((i) => i.code), [a, b]);
  assert.deepEqual((await anon.get('/api/v1/life-events/cat-public-1')).json, res.json);
  const list = (await anon.get('/api/v1/life-events')).json;
  assert.deepEqual(list.items.find((e) => e.code === 'cat-public-1'), res.json);
  assert.equal(list.total, list.items.length);

  const replaced = await supervisor.request('PUT', '/api/v1/life-events/cat-public-1',
    { json: { name: '测试主题（改）', items: [c, a] } });
  assert.equal(replaced.status, 200, replaced.text);
  assert.deepEqual(replaced.json.items.map((i) => i.code), [c, a], 'the items in the order given');
  assert.equal(replaced.json.description, '');
  assert.deepEqual((await anon.get('/api/v1/life-events/cat-public-1')).json, replaced.json);
  const where = await anon.get(`/api/v1/life-events/cat-public-1/where?village=${homeVillage.code}`);
  assert.equal(where.status, 200, where.text);
  assert.deepEqual(where.json.items.map((x) => x.item.code), [c, a]);
});

test('invalid life events answer 400 and change nothing', async () => {
  const some = events.items[0].items.map((i) => i.code);
  const ok = { name: '测试主题二', description: '', items: [some[0]] };
  const created = await supervisor.request('PUT', '/api/v1/life-events/cat-public-2', { json: ok });
  assert.equal(created.status, 200, created.text);
  const bad = [
    [{ items: [some[0]] }, 'missing_field'],
    [{ ...ok, items: [] }, 'invalid_field'],
    [{ ...ok, items: 'x' }, 'invalid_field'],
    [{ name: ok.name }, 'invalid_field'],
    [{ ...ok, items: Array(31).fill(some[0]) }, 'invalid_field'],
    [{ ...ok, items: ['T-CAT-PUBLIC-NONE'] }, 'invalid_field'],
    [{ ...ok, items: [1] }, 'invalid_field'],
    [{ ...ok, name: '名'.repeat(33) }, 'invalid_field'],
    [{ ...ok, name: 5 }, 'invalid_field'],
    [{ ...ok, colour: 'red' }, 'unknown_field'],
  ];
  for (const [body, code] of bad) {
    const res = await supervisor.request('PUT', '/api/v1/life-events/cat-public-2', { json: body });
    assertFieldError(res, 400, code);
  }
  assert.deepEqual((await anon.get('/api/v1/life-events/cat-public-2')).json, created.json);
  const badCode = await supervisor.request('PUT', '/api/v1/life-events/BAD%20CODE', { json: ok });
  assertFieldError(badCode, 400, 'invalid_field');
  assertError(await anon.get('/api/v1/life-events/BAD%20CODE'), 404, 'life_event_not_found');
});

test('only the supervisor or admin may PUT a life event: 403 forbidden, 401, 403 csrf_failed', async () => {
  const town = (await otherTowns(supervisor))[7];
  const before = (await anon.get(`/api/v1/life-events/${events.items[0].code}`)).json;
  const body = { name: '越权修改', items: [before.items[0].code] };
  for (const user of [`staff-${town.code}`, `mgr-${town.code}`, `agent-${homeVillage.code}`]) {
    const c = await loginAs(user);
    assertError(await c.request('PUT', `/api/v1/life-events/${before.code}`, { json: body }), 403, 'forbidden');
    assertError(await c.request('PUT', '/api/v1/life-events/cat-public-x', { json: body }), 403, 'forbidden');
  }
  assertError(await anon.request('PUT', `/api/v1/life-events/${before.code}`, { json: body }), 401, 'unauthenticated');
  assertError(await supervisor.request('PUT', `/api/v1/life-events/${before.code}`, { json: body, csrf: false }), 403, 'csrf_failed');
  assert.deepEqual((await anon.get(`/api/v1/life-events/${before.code}`)).json, before);
  assertError(await anon.get('/api/v1/life-events/cat-public-x'), 404, 'life_event_not_found');
});

// --- the county's visits report -----------------------------------------------------------------

test('GET /api/v1/catalog/visits needs a session and answers the county figures', async () => {
  assertError(await anon.get('/api/v1/catalog/visits'), 401, 'unauthenticated');
  const res = await supervisor.get('/api/v1/catalog/visits');
  assert.equal(res.status, 200, res.text);
  const { county, items, villages } = res.json;
  assert.deepEqual(Object.keys(res.json).sort(), ['county', 'items', 'villages']);
  assert.equal(county.items, items.length);
  assert.equal(county.villages, villages.length);
  const allVillages = await listAll(anon, '/api/v1/public/orgs?level=village');
  assert.equal(villages.length, allVillages.length, 'every village is in the report');
  assert.ok(county.avg_visits >= 1, `county average ${county.avg_visits}`);
  assert.ok(county.multi_venue_share >= 0 && county.multi_venue_share <= 1);
  for (const it of items) {
    assert.ok(it.code && it.name);
    assert.ok(it.available_villages >= 0 && it.available_villages <= villages.length);
    if (it.available_villages) assert.ok(it.avg_visits >= 1 && it.avg_visits <= it.max_visits, JSON.stringify(it));
    else assert.deepEqual([it.avg_visits, it.max_visits], [0, 0]);
  }
  for (const v of villages) {
    assert.ok(v.code && v.name && v.town_code);
    assert.ok(v.avg_visits >= 0 && Number.isInteger(v.multi_venue_items));
  }
});

test('the visits report agrees with the where-to-go answers for a village', async () => {
  const res = await supervisor.get(`/api/v1/catalog/visits?town=${HOME}`);
  assert.equal(res.status, 200, res.text);
  const row = res.json.villages.find((v) => v.code === homeVillage.code);
  assert.ok(row, 'the village is in its town\'s report');
  let sum = 0;
  let answers = 0;
  let multi = 0;
  for (const it of res.json.items) {
    const a = await anon.get(`/api/v1/items/${encodeURIComponent(it.code)}/where?village=${homeVillage.code}`);
    assert.equal(a.status, 200, a.text);
    if (!a.json.available) continue;
    sum += a.json.visits;
    answers++;
    if (a.json.visits > 1) multi++;
  }
  assert.ok(answers > 0);
  assert.equal(row.multi_venue_items, multi);
  assert.ok(Math.abs(row.avg_visits - sum / answers) < 0.006, `avg ${row.avg_visits} vs ${sum / answers}`);
});

test('the visits report by town: that town\'s villages only; a town manager sees only his own', async () => {
  const villages = await listAll(anon, `/api/v1/public/orgs?parent=${HOME}&level=village`);
  const res = await supervisor.get(`/api/v1/catalog/visits?town=${HOME}`);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(new Set(res.json.villages.map((v) => v.code)), new Set(villages.map((v) => v.code)));
  assert.ok(res.json.villages.every((v) => v.town_code === HOME));
  const mgr = await loginAs(`mgr-${HOME}`);
  assert.equal((await mgr.get(`/api/v1/catalog/visits?town=${HOME}`)).status, 200);
  const other = (await otherTowns(supervisor))[2];
  assertError(await mgr.get(`/api/v1/catalog/visits?town=${other.code}`), 403, 'out_of_scope');
  const staff = await loginAs(`staff-${(await otherTowns(supervisor))[7].code}`);
  assert.equal((await staff.get('/api/v1/catalog/visits')).status, 200, 'window staff may read the report');
});

// --- public pages' data -----------------------------------------------------------------------

test('GET /api/v1/public/venues lists every venue with its public contact data, no login', async () => {
  const all = await listAll(anon, '/api/v1/public/venues');
  const inScope = await listAll(supervisor, '/api/v1/venues');
  assert.deepEqual(new Set(all.map((v) => v.id)), new Set(inScope.map((v) => v.id)));
  for (const v of all) {
    for (const k of ['id', 'name', 'org_code', 'org_name', 'level', 'kind', 'location', 'phone', 'hours'])
      assert.ok(k in v, `venue ${v.id} has ${k}`);
  }
  for (const level of ['county', 'town', 'village']) {
    const some = await listAll(anon, `/api/v1/public/venues?level=${level}`);
    assert.ok(some.length > 0);
    assert.ok(some.every((v) => v.level === level));
  }
  const home = await listAll(anon, `/api/v1/public/venues?org=${HOME}`);
  assert.ok(home.length > 0 && home.every((v) => v.org_code === HOME));
  assertError(await anon.get('/api/v1/public/venues?level=city'), 400, 'invalid_query');
});

test('every venue\'s public board has commitments, complaint channels, categories with items and fees', async () => {
  // catalog-claims.test.mjs changes the claims of otherTowns()[7]'s venues meanwhile
  const busy = (await otherTowns(supervisor))[7].code;
  const all = (await listAll(anon, '/api/v1/public/venues')).filter((v) => !v.org_code.startsWith(busy));
  let withFees = 0;
  for (const v of all) {
    const res = await anon.get(`/api/v1/public/venues/${v.id}`);
    assert.equal(res.status, 200, res.text);
    const b = res.json;
    for (const k of ['venue', 'commitments', 'complaint_channels', 'categories', 'fees', 'item_count'])
      assert.ok(k in b, `board of ${v.id} has ${k}`);
    assert.equal(b.venue.id, v.id);
    assert.equal(b.venue.name, v.name);
    const titles = b.commitments.map((c) => c.title);
    for (const t of ['首问负责', '一次性告知', '限时办结']) assert.ok(titles.includes(t), `${v.name}: ${t}`);
    assert.ok(b.commitments.every((c) => c.text.length > 0));
    assert.ok(b.complaint_channels.length > 0);
    assert.ok(b.complaint_channels.every((c) => c.name && c.phone), JSON.stringify(b.complaint_channels));
    const items = b.categories.flatMap((c) => c.items);
    assert.equal(b.item_count, items.length, `${v.name}: item_count`);
    for (const c of b.categories) {
      assert.ok(c.name && c.items.length > 0);
      assert.ok(c.items.every((s) => s.category === c.name), `${v.name}: items in their category`);
    }
    const claimed = await listAll(anon, `/api/v1/venues/${v.id}/items`);
    assert.deepEqual(new Set(items.map((s) => s.code)), new Set(claimed.map((s) => s.code)), `${v.name}: the board lists its claims`);
    const charged = items.filter((s) => s.fee_charged).map((s) => s.code).sort();
    assert.deepEqual(b.fees.map((f) => f.code).sort(), charged, `${v.name}: fees of its charged items`);
    for (const f of b.fees) {
      assert.ok(f.items.length > 0);
      assert.ok(f.items.every((i) => i.name && i.standard && i.basis), JSON.stringify(f));
    }
    if (b.fees.length) withFees++;
  }
  assert.ok(withFees > 0, 'some venue discloses fees');
});

test('an unknown venue board answers 404 venue_not_found', async () => {
  for (const id of ['99999999', '0', '-1', 'abc', '1x'])
    assertError(await anon.get(`/api/v1/public/venues/${id}`), 404, 'venue_not_found');
});

test('GET /api/v1/public/orgs?level=town lists the towns, no login; parent narrows to villages', async () => {
  const towns = await listAll(anon, '/api/v1/public/orgs?level=town');
  assert.ok(towns.length > 0);
  assert.ok(towns.every((t) => t.level === 'town'));
  const seen = await listAll(supervisor, '/api/v1/orgs?level=town');
  assert.deepEqual(new Set(towns.map((t) => t.code)), new Set(seen.map((t) => t.code)));
  const villages = await listAll(anon, `/api/v1/public/orgs?parent=${HOME}`);
  assert.ok(villages.length > 0 && villages.every((o) => o.parent_code === HOME && o.level === 'village'));
  assertError(await anon.get('/api/v1/public/orgs?level=province'), 400, 'invalid_query');
  const none = await anon.get('/api/v1/public/orgs?parent=999999999999');
  assert.equal(none.status, 200, none.text);
  assert.deepEqual(none.json, { items: [], total: 0 });
});
