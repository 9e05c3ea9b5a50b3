// appointments.test.mjs — 预约办事 on a phone-sized viewport: a citizen chooses 茅坪镇's hall,
// a group, the first day and slot offered, books and gets a code; the hall's manager sees the
// booking on /appointments.html; the citizen looks it up with phone + code and cancels it.
// Door-to-door: staff file a request on /visits.html and see it listed.
//
// Uses 茅坪镇 (610929104) on the suite's server (real clock: whatever day comes first).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, login, openPage } from './helpers.mjs';

const TOWN = '610929104';
let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a citizen books on a phone and cancels; staff see the booking', async () => {
	const phone = '13700001234';
	const { page: citizen } = await openPage(browser, { viewport: { width: 390, height: 844 } });
	await citizen.goto('/portal/book.html');
	await citizen.getByTestId('book-town').selectOption(TOWN);
	await citizen.getByTestId('book-venue').selectOption({ label: '茅坪镇便民服务中心' });
	const group = citizen.getByTestId('book-group');
	await group.locator('option').nth(1).waitFor({ state: 'attached' });
	await group.selectOption({ index: 1 });
	await citizen.getByTestId('book-days').waitFor();
	const day = (await citizen.getByTestId('book-days').locator('button').first().getAttribute('data-testid'))
		.replace('book-day-', '');
	await citizen.getByTestId('book-slots').locator('button:not([disabled])').first().click();
	await citizen.getByTestId('book-name').fill('预约浏览器测试');
	await citizen.getByTestId('book-phone').fill(phone);
	await citizen.getByTestId('book-submit').click();
	const code = (await citizen.getByTestId('book-code').textContent()).trim();
	assert.match(code, /^[A-Z2-9]{8}$/);
	const width = await citizen.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 390, `no sideways scrolling on a phone (${width}px)`);

	const { page: staff } = await openPage(browser);
	await login(staff, `mgr-${TOWN}`);
	await staff.goto(`/appointments.html?date=${day}`);
	await staff.getByTestId('appt-list').getByText('预约浏览器测试').waitFor();

	await citizen.getByTestId('look-submit').click();
	assert.equal((await citizen.getByTestId('look-status').textContent()).trim(), '已预约');
	await citizen.getByTestId('look-cancel').click();
	await citizen.getByTestId('look-status').getByText('已取消').waitFor();

	await staff.reload();
	const row = staff.getByTestId('appt-list').locator('tr', { hasText: '预约浏览器测试' });
	await row.getByText('已取消').waitFor();
	await citizen.assertClean();
	await staff.assertClean();
});

test('staff file a door-to-door request and see it listed', async () => {
	const { page } = await openPage(browser);
	await login(page, `staff-${TOWN}`);
	await page.goto('/visits.html');
	await page.getByTestId('visit-name').fill('上门浏览器测试');
	await page.getByTestId('visit-address').fill('茅坪镇某村二组');
	await page.getByTestId('visit-need').fill('行动不便，申请上门办理');
	await page.getByTestId('visit-submit').click();
	await page.getByTestId('visit-notice').waitFor();
	await page.getByTestId('visit-list').getByText('上门浏览器测试').waitFor();
	await page.assertClean();
});
