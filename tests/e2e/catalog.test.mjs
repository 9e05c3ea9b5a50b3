// The catalogue in the staff pages: the county supervisor edits an item (a new version that the
// citizen's guide and the venue's board show at once), sees the API's message for a bad edit,
// creates an item; a venue manager claims and withdraws items on the venue page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
	MANAGER, STAFF, apiGet, firstVenue, launchBrowser, login, navTo, openPage, screenshot,
} from './helpers.mjs';
import { SUPERVISOR, apiAs, claimItem, createItem, itemDoc, publicApi, uniqueCode } from './catalog-helpers.mjs';

const text = async (locator) => (await locator.textContent()).trim();

let browser;
let pub;
before(async () => {
	browser = await launchBrowser();
	pub = await publicApi();
});
after(async () => {
	await pub?.dispose();
	await browser?.close();
});

// A village room no other test uses (the last one the API lists).
async function quietVenue() {
	const rooms = await pub.get('/public/venues?level=village&limit=1000');
	assert.ok(rooms.total > 0, 'the demo has no village rooms');
	return rooms.items[rooms.items.length - 1];
}

async function openEditor(page, code) {
	await page.goto('/catalog.html');
	await page.getByTestId('catalog-q').fill(code);
	await page.getByTestId(`edit-${code}`).click();
	await page.waitForURL(new RegExp(`\\?code=${code}$`));
	await page.getByTestId('item-form').waitFor();
}

test('the supervisor edits an item; the guide and the venue board show the new version at once', async () => {
	const created = await createItem(itemDoc(uniqueCode()));
	const venue = await quietVenue();
	await claimItem(venue.id, created.code);

	const { context, page } = await openPage(browser);
	await login(page, SUPERVISOR);
	await navTo(page, '规范建设', '事项清单');
	await page.waitForURL(/\/catalog\.html$/);
	await page.getByTestId('catalog-total').waitFor();
	await openEditor(page, created.code);
	assert.match(await text(page.getByTestId('item-version')), /^现行第 1 版/);
	const form = page.getByTestId('item-form');
	assert.equal(await form.locator('input[name="name"]').inputValue(), created.name);
	assert.equal(await form.locator('[data-testid="material-row"]').count(), created.materials.length);
	assert.equal(await form.locator('[data-testid="step-row"]').count(), created.steps.length);
	assert.equal(await form.locator('select[name="materials[1].necessity"]').inputValue(), 'deferrable');
	assert.ok(await form.locator('input[name="receive_levels"][value="town"]').isChecked());

	const promised = created.promised_days + 2;
	const conditions = `本县户籍居民；测试修改 ${Date.now()}。`;
	await page.getByTestId('field-promised').fill(String(promised));
	await page.getByTestId('field-conditions').fill(conditions);
	await page.getByTestId('item-save').click();
	await page.getByTestId('item-saved').waitFor();
	assert.match(await text(page.getByTestId('item-saved')), /^已保存为第 2 版/);
	assert.match(await text(page.getByTestId('item-version')), /^现行第 2 版/);
	const versions = page.getByTestId('versions').locator('tbody tr');
	await versions.nth(1).waitFor();
	assert.equal(await versions.count(), 2);
	assert.match(await text(versions.first()), /第 2 版/);
	assert.match(await text(versions.first()), /现行/);
	await screenshot(page, 'catalog-edit');

	const after = await pub.get(`/items/${created.code}`);
	assert.equal(after.version, 2);
	assert.equal(after.promised_days, promised);
	assert.equal(after.conditions, conditions);
	assert.equal(after.name, created.name, 'an unchanged field changed');
	assert.deepEqual(after.materials, created.materials, 'the materials changed');

	// Saving again without a change makes no version.
	await page.getByTestId('item-save').click();
	await page.getByTestId('item-saved').filter({ hasText: '内容没有变化，未生成新版本。' }).waitFor();
	assert.equal((await pub.get(`/items/${created.code}/versions`)).total, 2);

	// The citizen's guide.
	await page.goto(`/portal/item.html?code=${created.code}`);
	await page.getByTestId('guide').waitFor();
	assert.equal(await text(page.getByTestId('guide-version')), '第 2 版');
	assert.equal(await text(page.getByTestId('guide-promised')), `${promised} 个工作日`);
	assert.equal(await text(page.getByTestId('guide-conditions')), conditions);
	// … and the old version, from the history.
	await page.goto(`/portal/item.html?code=${created.code}&version=1`);
	await page.getByTestId('old-version').waitFor();
	assert.equal(await text(page.getByTestId('guide-version')), '第 1 版');
	assert.equal(await text(page.getByTestId('guide-conditions')), created.conditions);

	// The board of the venue that claimed it.
	await page.goto(`/portal/venue.html?id=${venue.id}`);
	const entry = page.locator(`[data-testid="board-item"][data-code="${created.code}"]`);
	await entry.waitFor();
	assert.equal(await text(entry.getByTestId('board-item-limit')), `承诺件 · ${promised} 个工作日`);
	await page.assertClean();
	await context.close();
});

test('a bad edit shows the API\'s Chinese message, marks the field and saves nothing', async () => {
	const created = await createItem(itemDoc(uniqueCode()));
	const { context, page } = await openPage(browser);
	await login(page, SUPERVISOR);
	await openEditor(page, created.code);

	// An empty material name: the message names materials[0].name.
	await page.locator('input[name="materials[0].name"]').fill('');
	let answer = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/items/'));
	await page.getByTestId('item-save').click();
	let body = await (await answer).json();
	const error = page.getByTestId('item-save-error');
	await error.waitFor();
	assert.equal(await text(error), body.error.message);
	assert.match(body.error.message, /^材料名称（materials\[0\]\.name）/);
	assert.equal(body.error.field, 'materials[0].name');
	assert.equal(await page.locator('input[name="materials[0].name"]').evaluate((el) => el.classList.contains('invalid')), true);
	assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'materials[0].name');

	// Promised longer than statutory.
	await page.locator('input[name="materials[0].name"]').fill('申请表');
	await page.locator('input[name="statutory_days"]').fill('3');
	await page.getByTestId('field-promised').fill('9');
	answer = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/items/'));
	await page.getByTestId('item-save').click();
	body = await (await answer).json();
	await error.filter({ hasText: 'promised_days' }).waitFor();
	assert.equal(await text(error), body.error.message);
	assert.match(body.error.message, /不能超过法定办结时限/);
	await screenshot(page, 'catalog-error');

	const after = await pub.get(`/items/${created.code}`);
	assert.equal(after.version, 1, 'a rejected edit made a version');
	assert.equal(after.promised_days, created.promised_days);
	await page.assertClean();
	await context.close();
});

test('the supervisor creates an item with the form', async () => {
	const code = uniqueCode('E2E-NEW');
	const { context, page } = await openPage(browser);
	await login(page, SUPERVISOR);
	await page.goto('/catalog.html');
	await page.getByTestId('item-new').click();
	await page.waitForURL(/\?new=1$/);
	const form = page.getByTestId('item-form');
	await form.locator('input[name="code"]').fill(code);
	await form.locator('input[name="impl_code"]').fill(`${code}-1`);
	await form.locator('input[name="name"]').fill(`新建测试事项${code.slice(-6)}`);
	await form.locator('input[name="category"]').fill('测试分类');
	await form.locator('input[name="implementing_body"]').fill('白河县测试服务局');
	await form.locator('textarea[name="legal_basis"]').fill('《测试办法》第一条\n《测试办法》第二条');
	await form.locator('textarea[name="conditions"]').fill('本县户籍居民。');
	await page.getByTestId('add-material').click();
	await form.locator('input[name="materials[0].name"]').fill('申请表');
	await form.locator('select[name="materials[0].source"]').selectOption('village');
	await form.locator('input[name="place"]').fill('县政务服务中心一楼');
	await form.locator('input[name="consult_phone"]').fill('0915-7000001');
	await page.getByTestId('item-save').click();
	await page.getByTestId('item-saved').waitFor();
	assert.match(await text(page.getByTestId('item-saved')), /^已新建事项，第 1 版/);
	await page.waitForURL(new RegExp(`\\?code=${code}$`));

	const doc = await pub.get(`/items/${code}`);
	assert.equal(doc.version, 1);
	assert.deepEqual(doc.legal_basis, ['《测试办法》第一条', '《测试办法》第二条']);
	assert.equal(doc.materials[0].source, 'village');
	assert.deepEqual(doc.receive_levels, ['county']);
	await page.assertClean();
	await context.close();
});

test('a venue manager claims an item for their venue and withdraws it; a mismatched level is refused', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const venue = await firstVenue(context);
	const fits = await createItem(itemDoc(uniqueCode(), { receive_levels: [venue.level, 'county'].filter((l, i, a) => a.indexOf(l) === i) }));
	const countyOnly = await createItem(itemDoc(uniqueCode(), {
		receive_levels: ['county'],
		steps: [{ name: '受理办结', level: 'county', days: 5 }],
	}));
	const itemsOf = async () => (await apiGet(context, `/api/v1/venues/${venue.id}/items?limit=1000`)).items.map((i) => i.code);

	await page.goto(`/venue.html?id=${venue.id}`);
	const section = page.getByTestId('venue-claims');
	await section.getByTestId('claims-total').waitFor();
	await section.getByTestId('claim-q').fill(fits.name);
	await section.getByTestId(`claim-${fits.code}`).click();
	await section.getByTestId('claim-message').filter({ hasText: `已认领：${fits.name}` }).waitFor();
	await section.locator(`[data-testid="claimed-items"] tr[data-code="${fits.code}"]`).waitFor();
	assert.ok((await itemsOf()).includes(fits.code), 'the claim is not in the API');
	assert.equal(await text(section.locator(`[data-testid="claim-results"] li[data-code="${fits.code}"] .tag`)), '已认领');
	await screenshot(page, 'venue-claims');

	await section.getByTestId(`unclaim-${fits.code}`).click();
	await section.getByTestId('claim-message').filter({ hasText: `已取消认领：${fits.name}` }).waitFor();
	await section.locator(`[data-testid="claimed-items"] tr[data-code="${fits.code}"]`).waitFor({ state: 'detached' });
	assert.ok(!(await itemsOf()).includes(fits.code), 'the claim is still in the API');

	// Only the levels this venue receives are offered; with the filter off, the server refuses.
	if (venue.level !== 'county') {
		await section.getByTestId('claim-q').fill(countyOnly.name);
		await section.getByTestId('claim-results').waitFor({ state: 'detached' }).catch(() => {});
		await section.getByText('没有找到事项。').waitFor();
		await section.getByTestId('claim-only-level').uncheck();
		const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/claims'));
		await section.getByTestId(`claim-${countyOnly.code}`).click();
		const res = await answer;
		assert.equal(res.status(), 409);
		const body = await res.json();
		assert.equal(body.error.code, 'claim_level_mismatch');
		await section.getByTestId('claim-error').waitFor();
		assert.equal(await text(section.getByTestId('claim-error')), body.error.message);
		assert.ok(!(await itemsOf()).includes(countyOnly.code));
	}
	await page.assertClean();
	await context.close();
});

test('window staff see the venue\'s items but cannot claim', async () => {
	const { context, page } = await openPage(browser);
	await login(page, STAFF);
	const venue = await firstVenue(context);
	const items = await apiGet(context, `/api/v1/venues/${venue.id}/items?limit=1000`);
	await page.goto(`/venue.html?id=${venue.id}`);
	const section = page.getByTestId('venue-claims');
	await section.getByTestId('claims-total').waitFor();
	assert.equal(await text(section.getByTestId('claims-total')), `共 ${items.total} 项`);
	assert.equal(await section.getByTestId('claim-q').count(), 0);
	assert.equal(await section.getByRole('button', { name: '取消认领' }).count(), 0);
	// The catalogue is read-only for them.
	await page.goto('/catalog.html');
	await page.getByTestId('catalog-total').waitFor();
	assert.equal(await page.getByTestId('item-new').count(), 0);
	assert.equal(await page.getByRole('button', { name: '编辑' }).count(), 0);
	await page.assertClean();
	await context.close();
});

test('the supervisor\'s API client and the catalogue agree on who may write', async () => {
	// A venue manager may not change the catalogue (403 from the API, no form in the page).
	const mgr = await apiAs(MANAGER);
	try {
		const r = await mgr.post('/items', itemDoc(uniqueCode()));
		assert.equal(r.status, 403);
	} finally {
		await mgr.dispose();
	}
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	await page.goto('/catalog.html?new=1');
	await page.getByTestId('catalog-total').waitFor();
	assert.equal(await page.getByTestId('item-form').count(), 0);
	await page.assertClean();
	await context.close();
});
