// 信访调处: a town manager registers a petition on the page and takes it to closed — accepted,
// mediated, answered, closed with the petitioner's response — and the workbench links the page.
// Writes only petitions of 双丰镇 (610929109).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiGet, launchBrowser, login, navTo, openPage, screenshot } from './helpers.mjs';

const MANAGER = 'mgr-610929109';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function doAction(page, action, fill = async () => {}) {
	await page.getByTestId(`action-${action}`).click();
	const form = page.getByTestId('action-form');
	await fill(form);
	await page.getByTestId('action-submit').click();
	await page.getByTestId('action-form').waitFor({ state: 'detached' });
}

test('a manager registers a petition and moves it to closed', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	await navTo(page, '办件服务', '信访调处');
	await page.waitForURL(/\/petitions\.html$/);

	const subject = `自来水管网改造（测试${Date.now() % 100000}）`;
	const form = page.getByTestId('petition-form');
	await form.getByLabel('类别').selectOption('dispute');
	await form.getByLabel('信访人姓名').fill('王秀英');
	await form.getByLabel('信访人电话').fill('13800009109');
	await form.getByLabel('被反映人/对方当事人（可选）').fill('施工队');
	await form.getByLabel('事由').fill(subject);
	await form.getByLabel('反映内容').fill('改造施工挖断入户水管，至今未恢复供水。');
	await form.getByRole('button', { name: '登记' }).click();
	await page.waitForURL(/petitions\.html\?no=XF\d{8}-\d{4}$/);
	const no = new URL(page.url()).searchParams.get('no');
	await page.getByTestId('petition-detail').waitFor();
	assert.equal((await page.getByTestId('petition-status').textContent()).trim(), '已登记');

	await doAction(page, 'accept');
	assert.equal((await page.getByTestId('petition-status').textContent()).trim(), '已受理');
	await doAction(page, 'mediate', async (f) => {
		await f.getByLabel('参加人员').fill('王秀英、施工队负责人、村调解员');
		await f.getByLabel('调解情况').fill('施工队同意三日内恢复供水并赔偿损失。');
	});
	await doAction(page, 'reply', async (f) => {
		await f.getByLabel('答复意见').fill('经调解，施工队已于三日内恢复供水。');
	});
	assert.equal((await page.getByTestId('petition-status').textContent()).trim(), '已答复');
	await doAction(page, 'close', async (f) => {
		await f.getByLabel('办理结果').fill('已恢复供水，双方签订调解协议。');
		await f.getByLabel('信访人评价').selectOption('satisfied');
	});
	assert.equal((await page.getByTestId('petition-status').textContent()).trim(), '已办结');
	const events = await page.getByTestId('petition-events').textContent();
	for (const word of ['登记', '受理', '调处', '答复', '办结']) assert.ok(events.includes(word), `timeline lacks ${word}`);
	await screenshot(page, 'petition');

	const stored = await apiGet(context, `/api/v1/petitions/${no}`);
	assert.equal(stored.status, 'closed');
	assert.equal(stored.subject, subject);
	assert.equal(stored.response, 'satisfied');
	assert.deepEqual(stored.events.map((e) => e.action), ['petition.register', 'petition.accept',
		'petition.mediate', 'petition.reply', 'petition.close']);
	await page.assertClean();
	await context.close();
});

test('the calls and notifications pages open from the navigation without problems', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER);
	await navTo(page, '办件服务', '电话服务');
	await page.waitForURL(/\/calls\.html$/);
	const form = page.getByTestId('call-form');
	await form.getByLabel('来电号码').fill('13800009110');
	await form.getByLabel('咨询内容').fill('医保缴费截止时间');
	await form.getByLabel('约定回电时间（可选）').fill('2030-01-02T10:00');
	await form.getByRole('button', { name: '登记来电' }).click();
	await page.getByTestId('call-saved').waitFor();
	await page.getByTestId('callback-list').getByText('医保缴费截止时间').waitFor();
	await navTo(page, '窗口', '消息通知');
	await page.waitForURL(/\/notifications\.html$/);
	await page.getByTestId('outbox-total').waitFor();
	await page.assertClean();
	await context.close();
});
