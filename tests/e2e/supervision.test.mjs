// 电子监察: the county supervisor opens the page from the navigation, sees a card for an overdue
// demo case (src/domain/demo_cases.c makes some; the server's start-up pass cards them), the
// schematic map colours at least one town by its open cards, and picking a town filters the
// list. Reads only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, login, navTo, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('the supervisor sees a card for an overdue demo case and the map colours its town', async () => {
	const { context, page } = await openPage(browser);
	await login(page, 'supervisor');
	await navTo(page, '监督考核', '电子监察');
	await page.waitForURL(/\/supervision\.html$/);
	const list = page.getByTestId('sv-alerts');
	await list.waitFor();
	const cards = list.locator('tbody tr[data-level="red"], tbody tr[data-level="yellow"]');
	assert.ok(await cards.count() > 0, 'an overdue demo case has a card');
	const first = cards.first();
	assert.ok(await first.getAttribute('data-case'), 'the card names its case');
	assert.match(await first.textContent(), /红牌|黄牌/);

	const map = page.getByTestId('sv-map');
	await map.waitFor();
	assert.equal(await map.locator('g.sv-town').count(), 11, "Baihe's 11 towns");
	const coloured = map.locator('g[data-state="red"], g[data-state="yellow"]');
	assert.ok(await coloured.count() > 0, 'a town is coloured by its cards');

	// Picking the town filters the list to it.
	const town = await coloured.first().getAttribute('data-town');
	await coloured.first().click();
	await page.getByRole('button', { name: '看全部' }).waitFor();
	await page.waitForFunction(() => document.querySelectorAll('[data-testid="sv-alerts"] tbody tr').length > 0);
	await screenshot(page, 'supervision');
	assert.ok(town);
	await context.close();
});
