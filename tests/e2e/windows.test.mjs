// 窗口与AB岗 and the public 岗位公示 (issue 5), in 仓上镇 (610929107), whose hall has two
// windows: 1 综合受理窗口 (A staff-, B staff2-) and 2 社会保障窗口 (A staff2-, B staff-).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiGet, launchBrowser, login, navTo, openPage, screenshot } from './helpers.mjs';

const TOWN = '610929107';
const MANAGER = `mgr-${TOWN}`;

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function hallOf(context) {
	const list = await apiGet(context, `/api/v1/venues?org=${TOWN}`);
	const hall = list.items.find((v) => v.kind === 'hall');
	assert.ok(hall, 'the town has a hall');
	return hall;
}

async function bookThroughForm(page, person, start, end) {
	const form = page.getByTestId('absence-form');
	await form.getByLabel('离岗人员').selectOption({ label: person });
	await form.getByLabel('开始日期').fill(start);
	await form.getByLabel('结束日期').fill(end);
	await page.getByTestId('absence-submit').click();
}

test('the manager books an absence and sees the refusal for the colleague\'s overlapping one', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const hall = await hallOf(context);
	const windows = (await apiGet(context, `/api/v1/venues/${hall.id}/windows`)).items;
	const w1 = windows.find((w) => w.number === 1);
	const a = w1.a_user;
	const b = w1.b_user;

	await navTo(page, '窗口', '窗口与AB岗');
	await page.waitForURL(/\/windows\.html/);
	await page.getByTestId('duty-now').waitFor();
	assert.match(await page.getByTestId('window-1').textContent(), new RegExp(a.display_name));

	await bookThroughForm(page, `${a.display_name}（${a.username}）`, '2030-05-06', '2030-05-08');
	await page.getByTestId('absence-saved').waitFor();
	assert.match(await page.getByTestId('absence-list').textContent(), /2030-05-06 至 2030-05-08/);

	await bookThroughForm(page, `${b.display_name}（${b.username}）`, '2030-05-08', '2030-05-09');
	const refusal = page.getByTestId('absence-error');
	await refusal.waitFor();
	const message = await refusal.textContent();
	assert.match(message, /1 号窗口/);
	assert.ok(message.includes(a.display_name), `the refusal names the colleague: ${message}`);
	assert.match(message, /A、B 岗不能同时离岗/);
	await screenshot(page, 'windows');

	// Clean up: cancel the booked absence through the page.
	await page.getByTestId('absence-list').getByRole('button', { name: '取消' }).first().click();
	await page.getByTestId('absence-saved').filter({ hasText: '已取消' }).waitFor();
	await page.assertClean();
	await context.close();
});

test('the public post board shows who is on duty at each window, without logging in', async () => {
	const staffSide = await openPage(browser);
	await login(staffSide.page, MANAGER);
	const hall = await hallOf(staffSide.context);
	const duty = await apiGet(staffSide.context, `/api/v1/venues/${hall.id}/duty`);
	await staffSide.context.close();

	const { context, page } = await openPage(browser);
	await page.goto(`/portal/venue.html?id=${hall.id}`);
	await page.getByTestId('posts-link').click();
	await page.waitForURL(new RegExp(`/portal/posts\\.html\\?venue=${hall.id}$`));
	await page.getByTestId('post-1').waitFor();
	assert.match(await page.getByTestId('posts-venue').textContent(), new RegExp(hall.name));
	const w1 = duty.windows.find((w) => w.number === 1);
	const onDuty = await page.getByTestId('post-1').getByTestId('post-on-duty').textContent();
	assert.ok(w1.on_duty, 'someone is on duty at window 1 today');
	assert.ok(onDuty.includes(w1.on_duty.display_name), `the board shows ${w1.on_duty.display_name}: ${onDuty}`);
	assert.ok(onDuty.includes(`${w1.on_duty.post} 岗`));
	const whole = await page.locator('main').textContent();
	assert.ok(!whole.includes('staff-'), 'no usernames on the public board');
	await screenshot(page, 'posts');
	await page.assertClean();
	await context.close();
});
