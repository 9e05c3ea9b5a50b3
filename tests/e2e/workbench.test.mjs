// The workbench: who is logged in and the venues in their scope.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MANAGER, apiGet, launchBrowser, login, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const text = async (locator) => (await locator.textContent()).trim();

test('the manager\'s workbench shows the user, the org 城关镇 and the venues the API lists', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const me = (await apiGet(context, '/api/v1/session')).user;

	const card = page.getByTestId('user-card');
	assert.match(await card.textContent(), new RegExp(me.display_name));
	assert.equal((await page.getByTestId('user-org').textContent()).trim(), '城关镇');
	assert.equal((await page.getByTestId('user-role').textContent()).trim(), me.role_label);

	const venues = await apiGet(context, '/api/v1/venues?limit=20&offset=0');
	await page.getByTestId('venue-total').waitFor();
	assert.equal((await page.getByTestId('venue-total').textContent()).trim(), `共 ${venues.total} 个`);
	assert.ok(venues.total > 0, 'the demo has no venue in 城关镇\'s scope');
	const links = page.getByTestId('venue-list').locator('a.venue-link');
	assert.equal(await links.count(), venues.items.length);
	for (const [i, v] of venues.items.entries()) {
		assert.equal((await links.nth(i).textContent()).trim(), v.name);
		assert.equal(await links.nth(i).getAttribute('href'), `venue.html?id=${v.id}`);
	}
	// 标准化试点 badges on the pilots only (the demo's: 城关镇's hall, 红花社区's room)
	const rows = page.getByTestId('venue-list').locator('tbody tr');
	for (const [i, v] of venues.items.entries())
		assert.equal(await rows.nth(i).getByTestId('venue-pilot').count(), v.pilot ? 1 : 0, v.name);
	assert.ok(venues.items.some((v) => v.pilot), 'no pilot among the manager\'s first venues');
	assert.equal(await text(page.getByTestId('venue-pilot').first()), '标准化试点');
	await screenshot(page, 'workbench');
	await page.assertClean();
	await context.close();
});

test('the workbench pages through the venue list with limit/offset when there are more than 20', async () => {
	const { context, page } = await openPage(browser);
	await login(page, 'admin');
	const { total } = await apiGet(context, '/api/v1/venues?limit=1');
	await page.getByTestId('venue-total').waitFor();
	assert.equal((await page.getByTestId('venue-total').textContent()).trim(), `共 ${total} 个`);
	if (total <= 20) {
		assert.equal(await page.getByTestId('pager-status').count(), 0, 'a pager for a single page');
	} else {
		const pages = Math.ceil(total / 20);
		assert.equal((await page.getByTestId('pager-status').textContent()).trim(), `第 1 / ${pages} 页`);
		const second = await apiGet(context, '/api/v1/venues?limit=20&offset=20');
		await page.getByRole('button', { name: '下一页' }).click();
		await page.waitForURL(/\?page=2$/);
		await page.getByTestId('venue-list').getByText(second.items[0].name, { exact: true }).first().waitFor();
		assert.equal((await page.getByTestId('pager-status').textContent()).trim(), `第 2 / ${pages} 页`);
		await page.reload();
		await page.getByTestId('pager-status').waitFor();
		assert.equal((await page.getByTestId('pager-status').textContent()).trim(), `第 2 / ${pages} 页`);
	}
	await page.assertClean();
	await context.close();
});

test('the 适老化 large-text switch enlarges the page and is remembered after a reload', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
	const normal = await fontSize();
	await page.getByTestId('large-text').click();
	assert.ok(await fontSize() >= 18, 'large text is under 18 px');
	assert.ok(await fontSize() > normal);
	await page.reload();
	await page.getByTestId('user-card').waitFor();
	assert.ok(await fontSize() >= 18, 'large text was not remembered');
	assert.equal(await page.getByTestId('large-text').getAttribute('aria-pressed'), 'true');
	await page.getByTestId('large-text').click();
	assert.equal(await fontSize(), normal);
	await page.assertClean();
	await context.close();
});

test('on a phone-sized screen the workbench needs no sideways scrolling', async () => {
	const { context, page } = await openPage(browser, { viewport: { width: 375, height: 740 } });
	await login(page, MANAGER);
	await page.getByTestId('venue-total').waitFor();
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
	await screenshot(page, 'workbench-phone');
	await page.assertClean();
	await context.close();
});
