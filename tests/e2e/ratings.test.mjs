// 好差评 in the browser (issue 7), at 麻虎镇 (610929110, this file's town): the receipt carries a
// second QR code that opens the rating page; a citizen scans it on a phone and gives a 差评,
// which promises a follow-up by its due date; from the progress page's link the same citizen
// rates online; a second rating on that channel is refused; the clerk sees the ratings and the
// rectification task on the staff page and records the follow-up there.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, launchBrowser, login, navTo, openPage, screenshot } from './helpers.mjs';
import { apiAs, createItem, itemDoc, uniqueCode } from './catalog-helpers.mjs';
import { decodeQrImage, idNumber, phoneNumber } from './case-helpers.mjs';

const CLERK = 'staff-610929110'; // 麻虎镇 窗口人员
const PHONE = { width: 375, height: 740 };
const text = async (locator) => (await locator.textContent()).trim();

let browser;
let kase; // { no, key, phone } rated from the receipt and the progress page
let tabletCase; // rated on the tablet at the window

let serial = 0;
// A case taken in and accepted by the clerk: { no, key, phone }.
async function acceptedCase(clerk, item) {
	serial++;
	const first17 = `6109291988051${serial}${String(Date.now() % 1000).padStart(3, '0')}`;
	const phone = phoneNumber();
	const r = await clerk.post('/cases', {
		item_code: item.code, channel: 'window', materials_received: item.materials.map((m) => m.name),
		applicant: { name: '李桂芳', id_number: idNumber(first17), phone },
	});
	assert.equal(r.status, 201, JSON.stringify(r.body));
	const a = await clerk.post(`/cases/${r.body.no}/accept`, {});
	assert.equal(a.status, 200, JSON.stringify(a.body));
	return { no: r.body.no, key: (await clerk.must(`/cases/${r.body.no}`)).track_key, phone };
}

before(async () => {
	browser = await launchBrowser();
	const code = uniqueCode('E2ER');
	const item = await createItem(itemDoc(code, { name: `评价测试事项${code.slice(-6)}`, receive_levels: ['village', 'town'] }));
	const clerk = await apiAs(CLERK, PASSWORD);
	try {
		kase = await acceptedCase(clerk, item);
		tabletCase = await acceptedCase(clerk, item);
	} finally {
		await clerk.dispose();
	}
});
after(async () => {
	await browser?.close();
});

let rateUrl = null;

test('the receipt carries the rating QR code', async () => {
	const { context, page } = await openPage(browser);
	await login(page, CLERK);
	await page.goto(`/print/receipt.html?no=${kase.no}`);
	await page.getByTestId('doc').waitFor();
	const qr = page.getByTestId('receipt-rate-qr');
	await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await qr.elementHandle());
	rateUrl = await decodeQrImage(qr);
	assert.match(rateUrl, new RegExp(`/portal/rate\\.html\\?no=${kase.no}&key=${kase.key}&ch=onsite$`));
	await page.assertClean();
	await context.close();
});

test('a citizen rates from the receipt on a phone: a 差评 promises a follow-up', async () => {
	assert.ok(rateUrl, 'the receipt test did not finish');
	const { context, page } = await openPage(browser, { viewport: PHONE });
	const scanned = new URL(rateUrl);
	await page.goto(scanned.pathname + scanned.search);
	await page.getByTestId('rate-form').waitFor();
	assert.equal(await page.getByTestId('rate-no').inputValue(), kase.no);
	assert.equal(await page.getByTestId('rate-phone4').count(), 0, 'the key makes the phone digits unnecessary');
	await page.getByTestId('rate-submit').click();
	assert.match(await text(page.getByTestId('rate-error')), /请选择总体评价/);
	await page.getByTestId('rate-level-dissatisfied').check();
	await page.getByTestId('rate-score-attitude').selectOption('2');
	await page.getByTestId('rate-comment').fill('排队时间太长');
	await page.getByTestId('rate-submit').click();
	await page.getByTestId('rate-done').waitFor();
	assert.equal(await text(page.getByTestId('rate-done-level')), '不满意');
	assert.match(await text(page.getByTestId('rate-done-rectify')), /前回访并整改/);
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= PHONE.width, `the page is wider than the phone (${width}px)`);
	await screenshot(page, 'rate-phone');
	await page.assertClean();
	await context.close();
});

test('from the progress page the citizen rates online; a second online rating is refused', async () => {
	const { context, page } = await openPage(browser, { viewport: PHONE });
	await page.goto(`/portal/track.html?no=${kase.no}&key=${kase.key}`);
	await page.getByTestId('track-result').waitFor();
	await page.getByTestId('track-rate').click();
	await page.waitForURL(/\/portal\/rate\.html\?/);
	await page.getByTestId('rate-level-very_satisfied').check();
	await page.getByTestId('rate-submit').click();
	await page.getByTestId('rate-done').waitFor();
	assert.equal(await text(page.getByTestId('rate-done-level')), '非常满意');
	assert.equal(await page.getByTestId('rate-done-rectify').count(), 0);

	await page.goto(`/portal/rate.html?no=${kase.no}&key=${kase.key}`);
	await page.getByTestId('rate-level-satisfied').check();
	await page.getByTestId('rate-submit').click();
	assert.match(await text(page.getByTestId('rate-error')), /一次一评/);
	await page.getByTestId('rate-supplementary').waitFor();
	await page.assertClean();
	await context.close();
});

test('the clerk sees the 差评 and records the follow-up on the staff page', async () => {
	const { context, page } = await openPage(browser);
	await login(page, CLERK);
	await navTo(page, '监督考核', '好差评');
	await page.waitForURL(/\/ratings\.html$/);
	await page.getByTestId('rating-figures').waitFor();
	const row = page.getByTestId('task-list').locator('tr', { hasText: kase.no });
	await row.waitFor();
	await row.getByPlaceholder('回访情况').fill('已电话回访，致歉并说明高峰时段');
	await row.getByRole('button', { name: '登记回访' }).click();
	await row.getByPlaceholder('整改结果').waitFor();
	assert.match(await text(row), /已回访/);
	assert.match(await text(page.getByTestId('rating-list')), new RegExp(kase.no));
	await screenshot(page, 'ratings-staff');
	await page.assertClean();
	await context.close();
});

test('the tablet evaluator at a window: number and phone digits, the window named, cleared for the next', async () => {
	const clerk = await apiAs(CLERK, PASSWORD);
	const venue = (await clerk.must('/venues?org=610929110')).items.find((v) => v.kind === 'hall');
	const windows = (await clerk.must(`/venues/${venue.id}/windows`)).items;
	assert.ok(windows.length > 0, 'the demo hall has windows');
	const { context, page } = await openPage(browser, { viewport: { width: 1024, height: 768 } });
	await page.goto(`/display/rate.html?window=${windows[0].id}`);
	await page.getByTestId('rate-no').fill(tabletCase.no);
	await page.getByTestId('rate-phone4').fill(tabletCase.phone.slice(-4));
	await page.getByTestId('rate-level-satisfied').check();
	await page.getByTestId('rate-submit').click();
	await page.getByTestId('rate-done').waitFor();
	const stored = (await clerk.must(`/ratings?case=${tabletCase.no}`)).items;
	await clerk.dispose();
	assert.equal(stored.length, 1);
	assert.equal(stored[0].channel, 'onsite');
	assert.equal(stored[0].window_id, windows[0].id);
	await page.getByTestId('rate-form').waitFor({ timeout: 12000 });
	assert.equal(await page.getByTestId('rate-no').inputValue(), '', 'the form is clear for the next citizen');
	await page.assertClean();
	await context.close();
});
