// 业务培训: a town manager opens the page from the navigation, holds a session at the town hall
// today, ticks a clerk as attended on the roll that opens, and the coverage list of untrained
// staff shrinks by that clerk. Writes only training of 冷水镇 (610929108), which the demo leaves
// without sessions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, login, navTo, openPage, screenshot } from './helpers.mjs';

const TOWN = '610929108';
const MANAGER = `mgr-${TOWN}`;
const CLERK = `staff-${TOWN}`;

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a manager holds a session, ticks attendance and the coverage list shrinks', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	await navTo(page, '规范建设', '业务培训');
	await page.waitForURL(/\/training\.html$/);

	const coverage = page.getByTestId('coverage');
	await coverage.getByTestId('untrained-count').waitFor();
	const before = Number(await coverage.getByTestId('untrained-count').textContent());
	const clerkTag = coverage.locator(`[data-testid="untrained"][data-username="${CLERK}"]`);
	assert.equal(await clerkTag.count(), 1, 'the clerk is untrained this year');
	// The town held nothing: its plan row shows no session held.
	assert.match(await page.getByTestId('plan-list').textContent(), /冷水镇便民服务中心/);

	const topic = `窗口服务礼仪（测试${Date.now() % 100000}）`;
	const form = page.getByTestId('session-form');
	await form.getByLabel('举办场所').selectOption({ label: '冷水镇便民服务中心' });
	await form.getByLabel('培训主题').fill(topic);
	await form.getByLabel('学时').fill('1.5');
	await form.getByLabel('授课人').fill('冷水镇站长');
	await form.getByRole('button', { name: '登记' }).click();
	await page.getByTestId('session-saved').waitFor();
	assert.match(await page.getByTestId('session-list').textContent(), new RegExp(topic.replace(/[()（）]/g, '.')));

	const roll = page.getByTestId('roll');
	await roll.waitFor();
	const row = roll.locator(`tr[data-username="${CLERK}"]`);
	await row.getByLabel('参训', { exact: true }).check();
	await roll.getByRole('button', { name: '保存参训情况' }).click();
	await page.getByTestId('roll-saved').waitFor();

	await page.waitForFunction((n) => Number(document.querySelector('[data-testid="untrained-count"]').textContent) === n, before - 1);
	assert.equal(await clerkTag.count(), 0, 'the clerk left the coverage list');
	await screenshot(page, 'training');
	await context.close();
});
