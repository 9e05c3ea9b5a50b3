// Public disclosure (公示): the list of venues, a venue's board with its commitments, items and
// fees, and the hall display (事项分类吊屏). They use the county-level venues, which no other
// test changes the claims of.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, screenshot } from './helpers.mjs';
import { claimItem, createItem, itemDoc, publicApi, uniqueCode } from './catalog-helpers.mjs';

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

// A county-level venue with items on its board: the one with the most, or, without the demo
// catalogue, the first with two items of two categories created and claimed for it.
async function boardVenue() {
	const venues = (await pub.get('/public/venues?level=county&limit=1000')).items;
	assert.ok(venues.length > 0, 'the demo has no county-level venue');
	let best = null;
	for (const v of venues) {
		const b = await pub.get(`/public/venues/${v.id}`);
		if (b.item_count > 0 && (!best || b.item_count > best.item_count)) best = b;
	}
	if (best) return best;
	const id = venues[0].id;
	for (const category of ['测试分类甲', '测试分类乙']) {
		const doc = await createItem(itemDoc(uniqueCode(), { category }));
		await claimItem(id, doc.code);
	}
	return pub.get(`/public/venues/${id}`);
}

test('the public venue list shows each level\'s venues with links to their boards', async () => {
	const county = await pub.get('/public/venues?level=county&limit=1000');
	const { context, page } = await openPage(browser, { viewport: { width: 375, height: 740 } });
	await page.goto('/portal/venues.html');
	await page.getByTestId('venue-count').waitFor();
	assert.equal(await text(page.getByTestId('venue-count')), `共 ${county.total} 个场所`);
	const links = page.getByTestId('public-venues').locator('.venue-card-name a');
	assert.deepEqual((await links.allTextContents()).map((s) => s.trim()), county.items.map((v) => v.name));
	assert.equal(await links.first().getAttribute('href'), `/portal/venue.html?id=${county.items[0].id}`);

	const town = await pub.get('/public/venues?level=town&limit=1000');
	await page.getByTestId('venue-levels').getByText('镇级').click();
	await page.getByTestId('venue-count').filter({ hasText: `共 ${town.total} 个场所` }).waitFor();
	await page.assertClean();
	await context.close();
});

test('the public pages mark the 标准化试点 venues, and only them', async () => {
	const halls = (await pub.get('/public/venues?level=town&limit=1000')).items;
	const pilot = halls.find((v) => v.org_code === '610929100' && v.kind === 'hall'); // a demo pilot
	const other = halls.find((v) => v.org_code === '610929104' && v.kind === 'hall'); // 茅坪镇: not
	assert.equal(pilot?.pilot, true, '城关镇\'s hall is a demo pilot');
	assert.equal(other?.pilot, false, '茅坪镇\'s hall is no pilot');
	const { context, page } = await openPage(browser, { viewport: { width: 375, height: 740 } });
	await page.goto(`/portal/venue.html?id=${pilot.id}`);
	await page.getByTestId('board').waitFor();
	assert.equal(await text(page.getByTestId('board-name')), pilot.name);
	assert.equal(await text(page.getByTestId('venue-pilot')), '标准化试点');
	await page.goto(`/portal/venue.html?id=${other.id}`);
	await page.getByTestId('board').waitFor();
	assert.equal(await text(page.getByTestId('board-name')), other.name);
	assert.equal(await page.getByTestId('venue-pilot').count(), 0);

	await page.goto('/portal/venues.html?level=town');
	await page.getByTestId('venue-count').filter({ hasText: `共 ${halls.length} 个场所` }).waitFor();
	const card = (v) => page.getByTestId('public-venues').locator('.venue-card')
		.filter({ has: page.getByRole('link', { name: v.name, exact: true }) });
	assert.equal(await text(card(pilot).getByTestId('venue-pilot')), '标准化试点');
	assert.equal(await card(other).getByTestId('venue-pilot').count(), 0);
	assert.equal(await page.getByTestId('venue-pilot').count(), halls.filter((v) => v.pilot).length);
	await page.assertClean();
	await context.close();
});

test('a venue\'s board lists its commitments, complaint channels, items by category and fees', async () => {
	const board = await boardVenue();
	const { context, page } = await openPage(browser, { viewport: { width: 375, height: 740 } });
	await page.goto(`/portal/venue.html?id=${board.venue.id}`);
	await page.getByTestId('board').waitFor();
	assert.equal(await text(page.getByTestId('board-name')), board.venue.name);
	assert.match(await page.title(), new RegExp(board.venue.name));

	const commitments = page.getByTestId('commitments').locator('li');
	assert.equal(await commitments.count(), board.commitments.length);
	assert.ok(board.commitments.length > 0, 'the API lists no commitments');
	for (const [i, c] of board.commitments.entries()) {
		assert.equal(await text(commitments.nth(i).locator('.commit-title')), c.title);
		assert.ok((await text(commitments.nth(i))).includes(c.text));
	}
	const channels = await text(page.getByTestId('channels'));
	for (const c of board.complaint_channels) if (c.phone) assert.ok(channels.includes(c.phone), `channel ${c.phone} missing`);

	// Every item the API lists is on the board, under its category, linking to its guide.
	const categories = (await page.getByTestId('board-category').locator('.board-category-name').allTextContents()).map((s) => s.trim());
	for (const cat of board.categories) {
		assert.ok(categories.some((c) => c.startsWith(cat.name)), `category ${cat.name} missing`);
		for (const it of cat.items) {
			const entry = page.locator(`[data-testid="board-item"][data-code="${it.code}"]`);
			assert.equal(await text(entry.locator('.board-item-name')), it.name);
			assert.equal(await entry.locator('a').getAttribute('href'),
				`/portal/item.html?code=${encodeURIComponent(it.code)}&venue=${board.venue.id}`);
		}
	}
	if (board.fees.length) {
		const rows = page.getByTestId('board-fees').locator('tbody tr');
		assert.equal(await rows.count(), board.fees.reduce((n, f) => n + f.items.length, 0));
	} else {
		assert.equal(await text(page.getByTestId('board-no-fees')), '本场所办理事项均不收费。');
	}
	await screenshot(page, 'board-phone');

	// From the board to a guide: the printed header names the venue.
	const firstItem = board.categories[0].items[0];
	await page.locator(`[data-testid="board-item"][data-code="${firstItem.code}"] a`).click();
	await page.getByTestId('guide').waitFor();
	assert.equal(await text(page.getByTestId('guide-name')), firstItem.name);
	await page.getByTestId('print-venue').filter({ hasText: board.venue.name }).waitFor({ state: 'attached' });
	await page.assertClean();
	await context.close();
});

test('the hall display shows the venue\'s categories and items in very large type with a clock', async () => {
	const board = await boardVenue();
	const { context, page } = await openPage(browser, { viewport: { width: 1920, height: 1080 } });
	await page.goto(`/display/items.html?venue=${board.venue.id}&interval=3`);
	await page.getByTestId('display-category').first().waitFor();
	assert.equal(await text(page.getByTestId('display-venue')), board.venue.name);
	assert.equal(await text(page.getByTestId('display-count')), String(board.item_count));
	const names = (await page.getByTestId('display-category').locator('.screen-cat-name').allTextContents()).map((s) => s.trim());
	assert.deepEqual(names.map((n) => n.replace(/\d+项$/, '')), board.categories.map((c) => c.name));
	assert.equal(await page.getByTestId('display-item').count(), board.categories.reduce((n, c) => n + c.items.length, 0));
	assert.match(await text(page.getByTestId('display-clock')), /\d{2}:\d{2}:\d{2}/);

	// Large type and high contrast: item names at least 40 px on a 1080-line screen, light
	// text on a dark background; the screen never scrolls.
	const look = await page.evaluate(() => {
		const item = document.querySelector('[data-testid="display-item"]');
		const title = document.querySelector('.screen-cat-name');
		const venue = document.querySelector('[data-testid="display-venue"]');
		const lum = (c) => {
			const [r, g, b] = c.match(/\d+/g).map(Number).map((v) => {
				const s = v / 255;
				return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
			});
			return 0.2126 * r + 0.7152 * g + 0.0722 * b;
		};
		const fg = lum(getComputedStyle(item).color);
		const bg = lum(getComputedStyle(item.closest('.screen-cat')).backgroundColor);
		return {
			item: parseFloat(getComputedStyle(item).fontSize),
			title: parseFloat(getComputedStyle(title).fontSize),
			venue: parseFloat(getComputedStyle(venue).fontSize),
			contrast: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05),
			scroll: document.documentElement.scrollHeight - window.innerHeight,
		};
	});
	assert.ok(look.item >= 40, `item names are ${look.item} px`);
	assert.ok(look.title > look.item && look.venue > look.item, 'titles are not larger than items');
	assert.ok(look.contrast >= 7, `contrast is only ${look.contrast.toFixed(1)}:1`);
	assert.ok(look.scroll <= 0, 'the display scrolls');
	await screenshot(page, 'display');

	// When the categories do not fit, the screen turns to the next page by itself.
	if (await page.getByTestId('display-pager').count()) {
		assert.match(await text(page.getByTestId('display-pager')), /^第 1\/\d+ 屏/);
		await page.getByTestId('display-pager').filter({ hasText: /第 2\/\d+ 屏/ }).waitFor({ timeout: 10000 });
		await page.locator('.screen-columns:not(.turning)').waitFor();
		await page.waitForTimeout(500); // the fade-in
		await screenshot(page, 'display-2');
	}
	await page.assertClean();
	await context.close();
});

test('the display and the board say so when the venue does not exist', async () => {
	const { context, page } = await openPage(browser);
	await page.goto('/display/items.html?venue=999999999');
	await page.getByTestId('display-error').waitFor();
	assert.equal(await text(page.getByTestId('display-error')), '服务场所不存在');
	await page.goto('/portal/venue.html?id=999999999');
	await page.getByTestId('board-error').waitFor();
	assert.equal(await text(page.getByTestId('board-error')), '服务场所不存在');
	await page.assertClean();
	await context.close();
});
