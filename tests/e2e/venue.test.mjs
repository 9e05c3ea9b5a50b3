// A venue's facility profile, and editing it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
	MANAGER, STAFF, apiGet, firstVenue, launchBrowser, login, openPage, screenshot,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const text = async (locator) => (await locator.textContent()).trim();

test('the manager opens a venue from the workbench and sees its facility profile', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const venue = await firstVenue(context);

	await page.getByTestId('venue-list').getByRole('link', { name: venue.name, exact: true }).first().click();
	await page.waitForURL(new RegExp(`/venue\\.html\\?id=${venue.id}$`));
	await page.getByTestId('venue-profile').waitFor();
	assert.equal(await text(page.getByTestId('venue-name')), venue.name);
	assert.equal(await text(page.getByTestId('field-area')), `${venue.area_m2} 平方米`);
	assert.equal(await text(page.getByTestId('field-windows')), `${venue.window_count} 个`);
	const profile = await page.getByTestId('venue-profile').textContent();
	for (const label of ['所在位置', '面积', '窗口数', '柜台形式', '户外标识', '事项分类吊屏', '功能分区',
		'办理区', '等候区', '自助区', '会商区', '会议室', '室内监控', '室外监控', '岗位公示牌', '公开栏',
		'设备配置', '启用日期', '联系电话', '办公时间'])
		assert.ok(profile.includes(label), `the profile lacks ${label}`);
	assert.ok(profile.includes(venue.open_to_public ? '开放式柜台' : '办公室格局'));
	assert.match(await page.title(), new RegExp(venue.name));
	await page.getByTestId('venue-edit').waitFor(); // a manager may edit
	await screenshot(page, 'venue');
	await page.assertClean();
	await context.close();
});

test('a 标准化试点 venue\'s page shows the badge; another venue\'s does not', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const venues = (await apiGet(context, '/api/v1/venues?org=610929100')).items;
	const pilot = venues.find((v) => v.pilot); // 城关镇's hall, a demo pilot
	const other = venues.find((v) => !v.pilot);
	assert.ok(pilot && other, '城关镇 has a pilot venue and another one');
	await page.goto(`/venue.html?id=${pilot.id}`);
	await page.getByTestId('venue-profile').waitFor();
	assert.equal(await text(page.getByTestId('venue-pilot')), '标准化试点');
	await page.goto(`/venue.html?id=${other.id}`);
	await page.getByTestId('venue-profile').waitFor();
	assert.equal(await text(page.getByTestId('venue-name')), other.name);
	assert.equal(await page.getByTestId('venue-pilot').count(), 0);
	await page.assertClean();
	await context.close();
});

test('the manager edits the profile, and the change is saved and still there after a reload', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const venue = await firstVenue(context);
	const stamp = String(Date.now() % 100000);
	const hours = `工作日 8:30-17:30（测试${stamp}）`;
	const phone = `0915-78${stamp.padStart(5, '0')}`;
	const windows = (venue.window_count % 50) + 1;
	const hadConsultation = venue.zones.includes('consultation');

	await page.goto(`/venue.html?id=${venue.id}`);
	await page.getByTestId('venue-edit').click();
	const form = page.getByTestId('venue-form');
	await form.getByLabel('办公时间').fill(hours);
	await form.getByLabel('联系电话').fill(phone);
	await form.getByLabel('窗口数').fill(String(windows));
	await form.getByLabel('会商区').setChecked(!hadConsultation);
	await page.getByTestId('venue-save').click();
	await page.getByTestId('venue-saved').waitFor();
	assert.match(await text(page.getByTestId('venue-saved')), /已保存/);

	await page.reload();
	await page.getByTestId('venue-profile').waitFor();
	assert.equal(await text(page.getByTestId('field-hours')), hours);
	assert.equal(await text(page.getByTestId('field-phone')), phone);
	assert.equal(await text(page.getByTestId('field-windows')), `${windows} 个`);
	const zones = page.getByTestId('venue-zones');
	assert.match(await zones.getByText('会商区').locator('..').textContent(), hadConsultation ? /未设置/ : /已设置/);

	const saved = await apiGet(context, `/api/v1/venues/${venue.id}`);
	assert.equal(saved.hours, hours);
	assert.equal(saved.phone, phone);
	assert.equal(saved.window_count, windows);
	assert.equal(saved.zones.includes('consultation'), !hadConsultation);
	assert.equal(saved.name, venue.name, 'an unchanged field changed');
	await page.assertClean();
	await context.close();
});

test('the edit form sends only the changed fields and says so when nothing changed', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const venue = await firstVenue(context);
	await page.goto(`/venue.html?id=${venue.id}`);
	await page.getByTestId('venue-edit').click();

	const bodies = [];
	page.on('request', (r) => { if (r.method() === 'PATCH') bodies.push(r.postDataJSON()); });
	await page.getByTestId('venue-save').click();
	await page.getByTestId('venue-save-error').waitFor();
	assert.equal(await text(page.getByTestId('venue-save-error')), '没有需要保存的修改。');
	assert.equal(bodies.length, 0);

	const location = `${venue.location || '镇政府'}一楼`.slice(0, 64);
	await page.getByTestId('venue-form').getByLabel('所在位置').fill(location);
	await page.getByTestId('venue-save').click();
	await page.getByTestId('venue-saved').waitFor();
	assert.deepEqual(bodies, [{ location }]);
	await page.assertClean();
	await context.close();
});

test('a value the server rejects shows its Chinese message and changes nothing', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const venue = await firstVenue(context);
	await page.goto(`/venue.html?id=${venue.id}`);
	await page.getByTestId('venue-edit').click();
	await page.getByTestId('venue-form').getByLabel('窗口数').fill('500');
	await page.getByTestId('venue-save').click();
	const error = page.getByTestId('venue-save-error');
	await error.waitFor();
	assert.match(await text(error), /窗口数.*0 到 200/); // the message may start with the field path
	const after = await apiGet(context, `/api/v1/venues/${venue.id}`);
	assert.equal(after.window_count, venue.window_count);
	await page.assertClean();
	await context.close();
});

test('window staff see the profile but no edit form', async () => {
	const { context, page } = await openPage(browser);
	await login(page, STAFF);
	const me = (await apiGet(context, '/api/v1/session')).user;
	assert.equal(me.role, 'window_staff');
	const venue = await firstVenue(context);
	await page.goto(`/venue.html?id=${venue.id}`);
	await page.getByTestId('venue-profile').waitFor();
	assert.equal(await text(page.getByTestId('venue-name')), venue.name);
	assert.equal(await page.getByTestId('venue-edit').count(), 0);
	assert.equal(await page.getByTestId('venue-form').count(), 0);
	assert.equal(await page.getByRole('button', { name: '修改场所信息' }).count(), 0);
	await page.assertClean();
	await context.close();
});

test('a venue id that does not exist shows the server\'s message', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	await page.goto('/venue.html?id=999999999');
	const error = page.getByTestId('venue-error');
	await error.waitFor();
	assert.equal(await text(error), '服务场所不存在');
	await page.assertClean();
	await context.close();
});

test('equipment typed on several lines is saved as one line, and an empty name is refused', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	const venue = await firstVenue(context);
	await page.goto(`/venue.html?id=${venue.id}`);
	await page.getByTestId('venue-edit').click();
	const form = page.getByTestId('venue-form');

	await form.getByLabel('名称').fill('  ');
	await page.getByTestId('venue-save').click();
	await page.getByTestId('venue-save-error').waitFor();
	assert.equal(await text(page.getByTestId('venue-save-error')), '请填写场所名称。');
	await form.getByLabel('名称').fill(venue.name);

	await form.getByLabel('设备配置').fill('电脑 6 台\n高拍仪 2 台\n');
	await page.getByTestId('venue-save').click();
	await page.getByTestId('venue-saved').waitFor();
	assert.equal(await text(page.getByTestId('field-equipment')), '电脑 6 台；高拍仪 2 台');
	const saved = await apiGet(context, `/api/v1/venues/${venue.id}`);
	assert.equal(saved.equipment, '电脑 6 台；高拍仪 2 台');
	assert.equal(saved.name, venue.name);
	await page.assertClean();
	await context.close();
});
