// 考核排名 and 督查通报 in the browser: the assessment page ranks Baihe's 11 towns with scores and
// links every linked indicator value to the records behind it (records.html); the supervisor
// generates a bulletin from web/bulletins.html, opens its printable page, and both ECharts
// charts are SVG that stay visible when the page is rendered for print. The server's start-up
// made last month's scheduled bulletin, which the list shows. Writes only a bulletin.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MANAGER, apiGet, launchBrowser, login, navTo, openPage, screenshot } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('the assessment page ranks the towns and links values to their records', async () => {
	const { context, page } = await openPage(browser);
	await login(page, 'supervisor');
	await navTo(page, '监督考核', '考核排名');
	await page.waitForURL(/\/assessment\.html/);
	await page.getByLabel('考核期间').fill('2026-10');
	await page.getByRole('button', { name: '查看' }).click();
	const table = page.getByTestId('as-ranking');
	await table.waitFor();
	await page.waitForFunction(() => document.querySelectorAll('[data-testid="as-ranking"] tbody tr').length === 11);
	const ranks = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.rank)));
	assert.equal(ranks[0], 1);
	for (let i = 1; i < ranks.length; i++) assert.ok(ranks[i] >= ranks[i - 1], 'ranked in order');
	const link = table.locator('td[data-indicator] a[href*="measure=on_time&"]').first();
	const href = await link.getAttribute('href');
	assert.match(href, /^\/records\.html\?measure=on_time&org=\d{9}&from=2026-10-01&to=2026-10-31$/);
	// The marks are the server's: this month (the demo's cases) has scores that differ.
	const month = new Date().toISOString().slice(0, 7);
	const data = await apiGet(context, `/api/v1/assessment?period=${month}`);
	await page.getByLabel('考核期间').fill(month);
	await page.getByRole('button', { name: '查看' }).click();
	await page.waitForFunction((m) => document.querySelector('#rank-title')?.textContent.includes(m), month);
	assert.equal(await table.getByTestId('as-commended').count(), data.units.filter((u) => u.commended).length);
	assert.equal(await table.getByTestId('as-named').count(), data.units.filter((u) => u.named).length);
	const first = data.units[0];
	assert.equal(await table.locator(`tr[data-org="${first.org_code}"] [data-testid="as-total"]`).textContent(), first.total.toFixed(1));
	await page.getByTestId('as-model').waitFor(); // the supervisor edits the model
	await screenshot(page, 'assessment');
	await page.assertClean();
	await context.close();
});

test("a town manager sees the ranking of the town's villages", async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	await page.goto('/assessment.html?period=2026-10');
	const table = page.getByTestId('as-ranking');
	await table.waitFor();
	assert.ok(await table.locator('tbody tr').count() > 0);
	assert.equal(await page.getByTestId('as-model').count(), 0, 'no model editor for managers');
	await page.assertClean();
	await context.close();
});

test('the supervisor generates a bulletin and its printed page has its charts', async () => {
	const { context, page } = await openPage(browser);
	await login(page, 'supervisor');
	await page.goto('/supervision.html');
	await page.getByTestId('sv-bulletins').click();
	await page.waitForURL(/\/bulletins\.html$/);
	const list = page.getByTestId('bl-list');
	await list.waitFor();
	assert.match(await list.textContent(), /系统定时/, "the server's start made last month's bulletin");
	await page.getByLabel('考核期间').fill('2026-10');
	await page.getByRole('button', { name: '生成并留存' }).click();
	const made = page.getByTestId('bl-made');
	await made.waitFor();
	assert.match(await made.textContent(), /白河督通〔2026〕\d+号/);
	await made.getByRole('link', { name: '打开打印版' }).click();
	await page.waitForURL(/\/print\/bulletin\.html\?id=\d+$/);
	await page.getByTestId('doc').waitFor();
	assert.match(await page.getByTestId('bulletin-no').textContent(), /白河督通〔2026〕\d+号/);
	for (const id of ['chart-scores', 'chart-rates']) {
		const svg = page.getByTestId(id).locator('svg');
		await svg.waitFor();
		assert.ok(await svg.locator('path, rect').count() > 0, `${id} draws bars`);
	}
	await page.emulateMedia({ media: 'print' });
	for (const id of ['chart-scores', 'chart-rates']) {
		const box = await page.getByTestId(id).locator('svg').boundingBox();
		assert.ok(box && box.width > 100 && box.height > 100, `${id} is still shown in print: ${JSON.stringify(box)}`);
	}
	assert.equal(await page.locator('.app-header').isVisible(), false, 'no navigation in print');
	await screenshot(page, 'bulletin-print');
	await page.assertClean();
	await context.close();
});
