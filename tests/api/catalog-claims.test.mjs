// catalog-claims.test.mjs — claims (认领): a venue manager claims items for the venues of his
// own town and its villages, never another town's ("a town cannot edit another town's
// claims"); the level rule; withdrawing; the venue's item list; where-to-go answers as items
// move into the village room; the venue's public board follows its claims and the catalogue.
//
// Writes (see helpers.mjs): the claims of otherTowns()[7]'s hall and of its first village's
// room, and the items T-CAT-CLAIMS-*. The foreign venue is otherTowns()[2]'s (nobody may change
// it); it is only read here.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  Client, assertError, assertFieldError, itemDoc, listAll, loginAs, otherTowns, venueOf,
} from './helpers.mjs';

const anon = new Client();
let supervisor;
let mgr; // mgr-<town>
let town; // otherTowns()[7]
let hall; // its 便民服务中心
let village; // its first village
let room; // the village's 便民服务室
let foreignVenue; // otherTowns()[2]'s venue
let foreignTownVillageRoom; // a village room of otherTowns()[2]

const TOWN_ITEM = 'T-CAT-CLAIMS-TOWN';         // received at village and town
const COUNTY_ITEM = 'T-CAT-CLAIMS-COUNTY';     // received at county only
const TOWN_ONLY_ITEM = 'T-CAT-CLAIMS-TOWNONLY'; // received at town only
const FEE_ITEM = 'T-CAT-CLAIMS-FEE';           // charged, received at town

const FEES = [{ name: '测试工本费', standard: '每份5元', basis: '《测试收费办法》第三条' }];

async function venueItems(venueId) {
  return (await listAll(anon, `/api/v1/venues/${venueId}/items`)).map((s) => s.code);
}

function claim(client, venueId, itemCode, opts) {
  return client.post(`/api/v1/venues/${venueId}/claims`, { item_code: itemCode }, opts);
}

function unclaim(client, venueId, itemCode, opts) {
  return client.delete(`/api/v1/venues/${venueId}/claims/${encodeURIComponent(itemCode)}`, opts);
}

async function where(itemCode, villageCode = village.code) {
  const res = await anon.get(`/api/v1/items/${encodeURIComponent(itemCode)}/where?village=${villageCode}`);
  assert.equal(res.status, 200, `where ${itemCode}: ${res.text}`);
  return res.json;
}

async function createItem(code, overrides) {
  const res = await supervisor.post('/api/v1/items', itemDoc(code, overrides));
  assert.equal(res.status, 201, `create ${code}: ${res.text}`);
}

before(async () => {
  supervisor = await loginAs('supervisor');
  const others = await otherTowns(supervisor);
  town = others[7];
  mgr = await loginAs(`mgr-${town.code}`);
  const venues = await listAll(supervisor, `/api/v1/venues?org=${town.code}`);
  hall = venues.find((v) => v.kind === 'hall') ?? venues[0];
  const villages = (await listAll(anon, `/api/v1/public/orgs?parent=${town.code}&level=village`))
    .sort((a, b) => a.code.localeCompare(b.code));
  assert.ok(villages.length > 0, `${town.name} has villages`);
  village = villages[0];
  room = await venueOf(supervisor, village.code);
  foreignVenue = await venueOf(supervisor, others[2].code);
  const foreignVillages = await listAll(anon, `/api/v1/public/orgs?parent=${others[2].code}&level=village`);
  foreignTownVillageRoom = await venueOf(supervisor, foreignVillages[0].code);

  await createItem(TOWN_ITEM, { name: '认领测试事项', receive_levels: ['village', 'town'] });
  await createItem(COUNTY_ITEM, {
    name: '县级受理测试事项', receive_levels: ['county'], steps: [{ name: '受理审核', level: 'county', days: 3 }],
  });
  await createItem(TOWN_ONLY_ITEM, { name: '镇级受理测试事项' });
  await createItem(FEE_ITEM, { name: '收费公示测试事项', category: '测试收费', fee: { charged: true, items: FEES } });
});

test('a venue manager claims a town-level item for his town\'s hall: 201, then 200 when repeated', async () => {
  assert.ok(!(await venueItems(hall.id)).includes(TOWN_ITEM));
  const first = await claim(mgr, hall.id, TOWN_ITEM);
  assert.equal(first.status, 201, first.text);
  assert.deepEqual(first.json, { venue_id: hall.id, item_code: TOWN_ITEM, created: true });
  const again = await claim(mgr, hall.id, TOWN_ITEM);
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.json, { venue_id: hall.id, item_code: TOWN_ITEM, created: false });

  const items = await venueItems(hall.id);
  assert.equal(items.filter((c) => c === TOWN_ITEM).length, 1, 'listed once in GET /venues/{id}/items');
  const venues = await anon.get(`/api/v1/items/${TOWN_ITEM}/venues`);
  assert.equal(venues.status, 200, venues.text);
  assert.deepEqual(venues.json.items.map((v) => v.id), [hall.id], 'GET /items/{code}/venues names the hall');
  const search = await anon.get(`/api/v1/items?venue=${hall.id}&q=${encodeURIComponent('认领测试事项')}`);
  assert.deepEqual(search.json.items.map((s) => s.code), [TOWN_ITEM]);
});

test('GET /api/v1/venues/{id}/items is public, a list of summaries, paged', async () => {
  const all = await venueItems(hall.id);
  assert.ok(all.length > 1);
  const res = await anon.get(`/api/v1/venues/${hall.id}/items?limit=1&offset=1`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.total, all.length);
  assert.deepEqual(res.json.items.map((s) => s.code), [all[1]]);
  assert.ok('name' in res.json.items[0] && 'type_label' in res.json.items[0]);
  assertError(await anon.get('/api/v1/venues/99999999/items'), 404, 'venue_not_found');
  assertError(await anon.get('/api/v1/venues/abc/items'), 404, 'venue_not_found');
});

test('a town cannot edit another town\'s claims: 403 out_of_scope, nothing changes', async () => {
  const foreignBefore = await venueItems(foreignVenue.id);
  const foreignRoomBefore = await venueItems(foreignTownVillageRoom.id);
  assert.ok(foreignBefore.length > 0, 'the foreign venue has claims');
  assertError(await claim(mgr, foreignVenue.id, TOWN_ITEM), 403, 'out_of_scope');
  assertError(await claim(mgr, foreignTownVillageRoom.id, TOWN_ITEM), 403, 'out_of_scope');
  assertError(await unclaim(mgr, foreignVenue.id, foreignBefore[0]), 403, 'out_of_scope');
  if (foreignRoomBefore.length)
    assertError(await unclaim(mgr, foreignTownVillageRoom.id, foreignRoomBefore[0]), 403, 'out_of_scope');
  // nor the county's venues above him
  const county = (await listAll(anon, '/api/v1/public/venues?level=county'))[0];
  const countyBefore = await venueItems(county.id);
  assertError(await claim(mgr, county.id, TOWN_ITEM), 403, 'out_of_scope');
  if (countyBefore.length) assertError(await unclaim(mgr, county.id, countyBefore[0]), 403, 'out_of_scope');

  assert.deepEqual(await venueItems(foreignVenue.id), foreignBefore);
  assert.deepEqual(await venueItems(foreignTownVillageRoom.id), foreignRoomBefore);
  assert.deepEqual(await venueItems(county.id), countyBefore);
  // and another town's manager cannot touch this town's claims either
  const otherMgr = await loginAs('mgr-610929100');
  assertError(await unclaim(otherMgr, hall.id, TOWN_ITEM), 403, 'out_of_scope');
  assert.ok((await venueItems(hall.id)).includes(TOWN_ITEM));
});

test('an item not received at the venue\'s level answers 409 claim_level_mismatch', async () => {
  const hallBefore = await venueItems(hall.id);
  const roomBefore = await venueItems(room.id);
  assertError(await claim(mgr, hall.id, COUNTY_ITEM), 409, 'claim_level_mismatch');
  assertError(await claim(supervisor, hall.id, COUNTY_ITEM), 409, 'claim_level_mismatch');
  assertError(await claim(mgr, room.id, TOWN_ONLY_ITEM), 409, 'claim_level_mismatch');
  assertError(await claim(supervisor, foreignVenue.id, COUNTY_ITEM), 409, 'claim_level_mismatch');
  assert.deepEqual(await venueItems(hall.id), hallBefore);
  assert.deepEqual(await venueItems(room.id), roomBefore);
});

test('bad claims: unknown item 404, unknown venue 404, bad bodies 400', async () => {
  assertError(await claim(mgr, hall.id, 'T-CAT-CLAIMS-NONE'), 404, 'item_not_found');
  assertError(await claim(mgr, 99999999, TOWN_ITEM), 404, 'venue_not_found');
  assertError(await mgr.post('/api/v1/venues/abc/claims', { item_code: TOWN_ITEM }), 404, 'venue_not_found');
  assertFieldError(await mgr.post(`/api/v1/venues/${hall.id}/claims`, {}), 400, 'missing_field');
  assertFieldError(await mgr.post(`/api/v1/venues/${hall.id}/claims`, { item_code: 42 }), 400, 'invalid_field');
  assertFieldError(await mgr.post(`/api/v1/venues/${hall.id}/claims`, { item_code: TOWN_ONLY_ITEM, venue_id: 1 }), 400, 'unknown_field');
  assertFieldError(await mgr.post(`/api/v1/venues/${hall.id}/claims`, [TOWN_ONLY_ITEM]), 400, 'expected_object');
  assert.ok(!(await venueItems(hall.id)).includes(TOWN_ONLY_ITEM));
});

test('claim body errors name item_code in error.field', async () => {
  assertFieldError(await mgr.post(`/api/v1/venues/${hall.id}/claims`, {}), 400, 'missing_field', 'item_code');
  assertFieldError(await mgr.post(`/api/v1/venues/${hall.id}/claims`, { item_code: 42 }), 400, 'invalid_field', 'item_code');
  assertFieldError(await mgr.post(`/api/v1/venues/${hall.id}/claims`, { item_code: TOWN_ONLY_ITEM, venue_id: 1 }), 400, 'unknown_field', 'venue_id');
});

test('window staff and village agents may not claim or withdraw (403 forbidden); no session 401; no CSRF 403', async () => {
  const staff = await loginAs(`staff-${town.code}`);
  const agent = await loginAs(`agent-${village.code}`);
  const hallBefore = await venueItems(hall.id);
  const roomBefore = await venueItems(room.id);
  for (const c of [staff, agent]) {
    assertError(await claim(c, hall.id, TOWN_ONLY_ITEM), 403, 'forbidden');
    assertError(await claim(c, room.id, TOWN_ITEM), 403, 'forbidden');
    assertError(await unclaim(c, hall.id, TOWN_ITEM), 403, 'forbidden');
  }
  assertError(await claim(anon, hall.id, TOWN_ONLY_ITEM), 401, 'unauthenticated');
  assertError(await unclaim(anon, hall.id, TOWN_ITEM), 401, 'unauthenticated');
  assertError(await claim(mgr, hall.id, TOWN_ONLY_ITEM, { csrf: false }), 403, 'csrf_failed');
  assertError(await unclaim(mgr, hall.id, TOWN_ITEM, { csrf: false }), 403, 'csrf_failed');
  assert.deepEqual(await venueItems(hall.id), hallBefore);
  assert.deepEqual(await venueItems(room.id), roomBefore);
});

test('DELETE withdraws a claim; again answers 404 claim_not_found', async () => {
  const res = await unclaim(mgr, hall.id, TOWN_ITEM);
  assert.equal(res.status, 200, res.text);
  assert.ok(!(await venueItems(hall.id)).includes(TOWN_ITEM));
  assert.deepEqual((await anon.get(`/api/v1/items/${TOWN_ITEM}/venues`)).json.items, []);
  assertError(await unclaim(mgr, hall.id, TOWN_ITEM), 404, 'claim_not_found');
  assertError(await unclaim(mgr, hall.id, TOWN_ONLY_ITEM), 404, 'claim_not_found');
  assertError(await unclaim(mgr, hall.id, 'T-CAT-CLAIMS-NONE'), 404, 'claim_not_found');
  assertError(await unclaim(mgr, 99999999, TOWN_ITEM), 404, 'venue_not_found');
  // a manager may claim for a village room of his own town, and the supervisor anywhere
  assert.equal((await claim(mgr, room.id, TOWN_ITEM)).status, 201);
  assert.equal((await unclaim(supervisor, room.id, TOWN_ITEM)).status, 200);
  assert.equal((await claim(supervisor, hall.id, TOWN_ITEM)).status, 201);
  assert.equal((await unclaim(mgr, hall.id, TOWN_ITEM)).status, 200);
});

test('where-to-go: the answer\'s shape; visits is the number of venues, each with its purposes', async () => {
  const items = await venueItems(hall.id);
  let seen = 0;
  for (const code of items.filter((c) => !c.startsWith('T-CAT-'))) {
    const a = await where(code);
    assert.deepEqual(Object.keys(a).sort(), ['available', 'item', 'venues', 'village', 'visits']);
    assert.equal(a.item.code, code);
    assert.equal(a.village.code, village.code);
    assert.equal(a.village.town_code, town.code);
    assert.equal(a.available, true, `${code} is claimed by the hall, so it is available`);
    assert.ok(a.visits >= 1);
    assert.equal(a.visits, a.venues.length);
    assert.equal(new Set(a.venues.map((v) => v.id)).size, a.venues.length, 'venues are distinct');
    for (const v of a.venues) {
      assert.ok(Number.isInteger(v.id) && v.name && v.kind && v.org_code && v.org_name, JSON.stringify(v));
      assert.ok(Array.isArray(v.purposes) && v.purposes.length > 0);
    }
    const receivers = a.venues.filter((v) => v.purposes.some((p) => p.startsWith('办理：')));
    assert.equal(receivers.length, 1, `one venue receives ${code}`);
    assert.ok([village.code, town.code].includes(receivers[0].org_code), 'received in the village or its town');
    seen++;
  }
  assert.ok(seen > 0, 'the hall handles demo items');
});

test('where-to-go: an item nobody claimed is not available (visits 0)', async () => {
  const a = await where(COUNTY_ITEM);
  assert.equal(a.available, false);
  assert.equal(a.visits, 0);
  assert.deepEqual(a.venues, []);
});

test('where-to-go: missing village 400 invalid_query; unknown or non-village 404 village_not_found', async () => {
  const code = (await venueItems(hall.id))[0];
  assertError(await anon.get(`/api/v1/items/${code}/where`), 400, 'invalid_query');
  assertError(await anon.get(`/api/v1/items/${code}/where?village=`), 404, 'village_not_found');
  assertError(await anon.get(`/api/v1/items/${code}/where?village=999999999999`), 404, 'village_not_found');
  assertError(await anon.get(`/api/v1/items/${code}/where?village=${town.code}`), 404, 'village_not_found');
  assertError(await anon.get(`/api/v1/items/${code}/where?village=%27%20OR%201%3D1`), 404, 'village_not_found');
});

test('where-to-go: claiming any item into the village\'s own room never increases its visits, and withdrawing restores them', async () => {
  const roomItems = new Set(await venueItems(room.id));
  const candidates = (await listAll(anon, '/api/v1/items?level=village'))
    .filter((s) => !s.code.startsWith('T-CAT-') && !roomItems.has(s.code));
  assert.ok(candidates.length > 0, 'some village-level items are not yet in the room');
  let lowered = 0;
  for (const s of candidates) {
    const before = await where(s.code);
    const res = await claim(mgr, room.id, s.code);
    assert.equal(res.status, 201, `claim ${s.code} into the room: ${res.text}`);
    try {
      const after = await where(s.code);
      assert.equal(after.available, true);
      assert.ok(after.visits >= 1);
      if (before.available)
        assert.ok(after.visits <= before.visits, `${s.code} ${s.name}: ${before.visits} → ${after.visits} visits`);
      const receiver = after.venues.find((v) => v.purposes.includes(`办理：${s.name}`));
      assert.equal(receiver?.id, room.id, `${s.code} is now received in the room`);
      if (before.available && after.visits < before.visits) lowered++;
    } finally {
      assert.equal((await unclaim(mgr, room.id, s.code)).status, 200);
    }
    assert.deepEqual(await where(s.code), before, `${s.code}: withdrawing restores the answer`);
  }
  assert.ok(lowered > 0, 'moving items into the room lowers some of the visits (多头跑路 falls)');
});

test('the county visits report shows a village\'s multi-venue items falling as an item moves into its room', async (t) => {
  const roomItems = new Set(await venueItems(room.id));
  const candidates = (await listAll(anon, '/api/v1/items?level=village'))
    .filter((s) => !s.code.startsWith('T-CAT-') && !roomItems.has(s.code));
  let pick;
  for (const s of candidates) {
    const a = await where(s.code);
    if (a.available && a.visits > 1) { pick = s; break; }
  }
  if (!pick) return t.skip('no village-level item needs several venues in this village');
  const villageRow = async () => {
    const res = await mgr.get(`/api/v1/catalog/visits?town=${town.code}`);
    assert.equal(res.status, 200, res.text);
    return res.json.villages.find((v) => v.code === village.code);
  };
  const before = await villageRow();
  assert.equal((await claim(mgr, room.id, pick.code)).status, 201);
  try {
    const during = await villageRow();
    if ((await where(pick.code)).visits === 1)
      assert.equal(during.multi_venue_items, before.multi_venue_items - 1);
    assert.ok(during.avg_visits <= before.avg_visits);
  } finally {
    assert.equal((await unclaim(mgr, room.id, pick.code)).status, 200);
  }
  assert.deepEqual(await villageRow(), before);
});

test('the venue\'s public board follows its claims and the catalogue: categories, fees, item_count', async () => {
  const board = async () => {
    const res = await anon.get(`/api/v1/public/venues/${hall.id}`);
    assert.equal(res.status, 200, res.text);
    return res.json;
  };
  const before = await board();
  assert.equal(before.venue.id, hall.id);
  assert.equal(before.item_count, (await venueItems(hall.id)).length);
  assert.equal(before.item_count, before.categories.reduce((n, c) => n + c.items.length, 0));
  assert.ok(!before.fees.some((f) => f.code === FEE_ITEM));

  assert.equal((await claim(mgr, hall.id, FEE_ITEM)).status, 201);
  try {
    let b = await board();
    assert.equal(b.item_count, before.item_count + 1);
    const cat = b.categories.find((c) => c.name === '测试收费');
    assert.deepEqual(cat?.items.map((s) => s.code), [FEE_ITEM], 'its own category on the board');
    assert.deepEqual(b.fees.find((f) => f.code === FEE_ITEM), { code: FEE_ITEM, name: '收费公示测试事项', items: FEES });

    // the supervisor revises the item: the board shows the new version at once
    const revised = itemDoc(FEE_ITEM, {
      name: '收费公示测试事项（新版）', category: '测试收费', fee: { charged: true, items: [{ ...FEES[0], standard: '每份3元' }] },
    });
    const put = await supervisor.request('PUT', `/api/v1/items/${FEE_ITEM}`, { json: revised });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.version, 2);
    b = await board();
    assert.equal(b.categories.find((c) => c.name === '测试收费')?.items[0].name, '收费公示测试事项（新版）');
    assert.equal(b.fees.find((f) => f.code === FEE_ITEM)?.items[0].standard, '每份3元');
  } finally {
    assert.equal((await unclaim(mgr, hall.id, FEE_ITEM)).status, 200);
  }
  const after = await board();
  assert.equal(after.item_count, before.item_count);
  assert.ok(!after.categories.some((c) => c.name === '测试收费'));
  assert.ok(!after.fees.some((f) => f.code === FEE_ITEM));
});
