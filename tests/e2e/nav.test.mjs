// The staff navigation: pages in four groups that open as menus (one at a time; Escape or a
// click elsewhere closes), each role offered only the pages its API calls allow, the current
// page marked in its group, and a phone that opens a menu does not scroll sideways.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, login, navTo, openPage } from './helpers.mjs';

const AGENT = 'agent-610929100001';
const GROUPS = ['办件服务', '窗口', '监督考核', '规范建设'];

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// Opens a group's menu and waits until it is the only one open.
async function openMenu(page, group) {
	const nav = page.getByRole('navigation', { name: '主导航' });
	await nav.locator('summary', { hasText: group }).click();
	await page.waitForFunction((name) => {
		const open = [...document.querySelectorAll('.nav-group[open] > summary')];
		return open.length === 1 && open[0].textContent.trim() === name;
	}, group);
	return nav.locator('details[open]');
}

const openCount = (page) => page.locator('.nav-group[open]').count();

// Every group's links as the user sees them: {group: [link texts]}, opening each in turn.
async function menus(page) {
	const nav = page.getByRole('navigation', { name: '主导航' });
	const seen = {};
	for (const summary of await nav.locator('summary').all()) {
		const group = (await summary.textContent()).trim();
		const open = await openMenu(page, group);
		seen[group] = (await open.getByRole('link').allTextContents()).map((t) => t.trim());
	}
	return seen;
}

test('a village agent is offered its work, not the management pages; the supervisor all', async () => {
	const { context, page } = await openPage(browser);
	await login(page, AGENT);
	const agent = await menus(page);
	assert.deepEqual(Object.keys(agent), GROUPS);
	assert.ok(agent['办件服务'].includes('受理') && agent['办件服务'].includes('信访调处'));
	const offered = Object.values(agent).flat();
	for (const hidden of ['统计看板', '考核排名', '督查通报', '标准化', '调研报告', '工作日历'])
		assert.ok(!offered.includes(hidden), `the agent is not offered ${hidden}: ${offered}`);
	await page.assertClean();
	await context.close();

	const sup = await openPage(browser);
	await login(sup.page, 'supervisor');
	const all = await menus(sup.page);
	assert.deepEqual(all['监督考核'], ['好差评', '电子监察', '统计看板', '考核排名', '督查通报']);
	assert.deepEqual(all['规范建设'], ['事项清单', '标准化', '业务培训', '调研报告', '工作日历']);
	await sup.page.assertClean();
	await sup.context.close();
});

test('menus close on Escape and on a click elsewhere; the current page is marked in its group', async () => {
	const { context, page } = await openPage(browser);
	await login(page, 'supervisor');
	const nav = page.getByRole('navigation', { name: '主导航' });
	const summary = nav.locator('summary', { hasText: '监督考核' });
	await openMenu(page, '监督考核');
	await page.keyboard.press('Escape');
	await page.waitForFunction(() => !document.querySelector('.nav-group[open]'));
	assert.equal(await openCount(page), 0, 'Escape closes the menu');
	assert.ok(await summary.evaluate((el) => el === document.activeElement), 'focus back on the group');
	await page.keyboard.press('Enter');
	await page.waitForFunction(() => document.querySelectorAll('.nav-group[open]').length === 1);
	assert.equal(await openCount(page), 1, 'Enter on the group opens it again (keyboard users)');
	await page.keyboard.press('Escape');
	await page.waitForFunction(() => !document.querySelector('.nav-group[open]'));

	await openMenu(page, '监督考核');
	await page.mouse.click(5, 790); // the page's bottom-left corner, far from the menu
	await page.waitForFunction(() => !document.querySelector('.nav-group[open]'));
	assert.equal(await openCount(page), 0, 'a click elsewhere closes the menu');

	await navTo(page, '监督考核', '统计看板');
	await page.waitForURL(/\/dashboard\.html/);
	assert.match(await summary.getAttribute('class'), /\bactive\b/, 'the group of the current page');
	assert.equal(await nav.locator('summary.active').count(), 1);
	await openMenu(page, '监督考核');
	assert.equal(await nav.getByRole('link', { name: '统计看板' }).getAttribute('aria-current'), 'page');
	await page.assertClean();
	await context.close();
});

test('on a phone, an open menu fits the screen: no sideways scrolling', async () => {
	const { context, page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
	await login(page, 'supervisor');
	for (const group of GROUPS) {
		const menu = (await openMenu(page, group)).locator('.nav-menu');
		const box = await menu.boundingBox();
		assert.ok(box.x >= 0 && box.x + box.width <= 360, `${group}: menu within the screen (${JSON.stringify(box)})`);
		const wide = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(wide <= 360, `${group}: page ${wide}px wide on a 360px screen`);
	}
	await page.assertClean();
	await context.close();
});
