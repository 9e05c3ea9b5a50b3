// 办件 in the browser (issue 4), at 西营镇 (610929106, this file's town): a window clerk takes
// in a case from the choice of the item to the printed receipt — checklist, the server's field
// error for a bad ID number, the one-time notice, a 容缺 acceptance with its printed notice,
// the receipt with its QR code; the citizen scans the QR code on a phone and follows it to the
// progress page, and typing the number with the wrong phone digits finds nothing; the
// worklist shows the case with its due date coloured by urgency; a village agency case travels
// from a village room of the town to its hall, on to the county centre and back to the village,
// each actor on the case page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, launchBrowser, login, navTo, openPage, screenshot } from './helpers.mjs';
import { apiAs, createItem, itemDoc, publicApi, uniqueCode } from './catalog-helpers.mjs';
import { badIdNumber, decodeQrImage, idNumber, phoneNumber } from './case-helpers.mjs';

const CLERK = 'staff-610929106'; // 西营镇 窗口人员
const PHONE = { width: 375, height: 740 };
const text = async (locator) => (await locator.textContent()).trim();
// "2025-10-10" -> "2025年10月10日", as the pages write dates.
const cnDate = (iso) => iso.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y, m, d) => `${y}年${Number(m)}月${Number(d)}日`);

let browser;
let pub;
let item; // the item this file takes in: one required and one 容缺 material, 5 working days
before(async () => {
	browser = await launchBrowser();
	pub = await publicApi();
	const code = uniqueCode('E2EC');
	item = await createItem(itemDoc(code, { name: `办件测试事项${code.slice(-6)}`, receive_levels: ['village', 'town'] }));
});
after(async () => {
	await pub?.dispose();
	await browser?.close();
});

// Filled in by the intake test, used by the others.
let taken = null; // { no, phone, receiptUrl, qrText }

test('intake at a window: item, checklist, applicant, notice, 容缺 acceptance, printed receipt with QR code', async () => {
	const { context, page } = await openPage(browser);
	await login(page, CLERK);
	await navTo(page, '办件服务', '受理');
	await page.waitForURL(/\/intake\.html$/);

	// 1. The item, found by searching its name.
	await page.getByTestId('item-q').fill(item.name);
	await page.getByTestId(`pick-${item.code}`).click();
	assert.equal(await text(page.getByTestId('chosen-item-name')), item.name);

	// 2. The checklist lists the item's materials with necessity, form and copies.
	const rows = page.getByTestId('checklist').locator('tbody tr');
	assert.equal(await rows.count(), item.materials.length);
	assert.match(await text(rows.nth(0)), /申请表.*必要.*原件.*1/);
	assert.match(await text(rows.nth(1)), /户口簿复印件.*容缺可补.*复印件.*2/);
	await rows.nth(0).getByTestId('material-tick').check();
	await page.getByTestId('materials-deferrable-missing').waitFor();

	// 3. The applicant; a wrong check digit is refused by the server, shown at the field.
	const phone = phoneNumber();
	const first17 = `61092919850314${String(Date.now() % 1000).padStart(3, '0')}`;
	await page.getByTestId('applicant-name').fill('王秀兰');
	await page.getByTestId('applicant-id').fill(badIdNumber(first17));
	await page.getByTestId('applicant-phone').fill(phone);
	await page.getByTestId('channel').selectOption('window');
	await page.getByTestId('create-case').click();
	const idError = page.getByTestId('error-applicant.id_number');
	await idError.waitFor();
	assert.match(await text(idError), /身份证/);
	assert.ok(await page.getByTestId('applicant-id').evaluate((el) => el.classList.contains('invalid')));

	await page.getByTestId('applicant-id').fill(idNumber(first17));
	await page.getByTestId('create-case').click();
	await page.getByTestId('intake-case').waitFor();
	const no = await text(page.getByTestId('case-no'));
	assert.match(no, /^\d{8}-\d{6}$/);
	assert.equal(await text(page.getByTestId('case-status')), '登记中');

	// The one-time notice lists the missing 容缺 material; its print page shows it with the
	// item's conditions, process, time limit and basis.
	await page.getByTestId('act-notice').click();
	const noticeForm = page.getByTestId('form-notice');
	assert.ok(await noticeForm.locator('input[value="户口簿复印件"]').isChecked());
	assert.equal(await noticeForm.locator('input[value="申请表"]').isChecked(), false);
	await page.getByTestId('action-submit').click();
	await page.getByTestId('action-done').waitFor();
	assert.equal(await text(page.getByTestId('case-status')), '已一次性告知');
	const noticeHref = await page.getByTestId('print-notice').getAttribute('href');
	assert.equal(noticeHref, `/print/notice.html?no=${no}`);

	// 容缺受理: only the deferrable material is missing, so the applicant's promise and date.
	await page.getByTestId('act-accept').click();
	await page.getByTestId('deferring').waitFor();
	// The county's today (the server counts dates in China Standard Time).
	const today = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
	}).format(new Date());
	const promise = '本人承诺于约定日期前补交户口簿复印件，逾期未补交的同意终止办理。';
	await page.getByTestId('deferred-promise').fill(promise);
	await page.getByTestId('deferred-date').fill(today);
	await page.getByTestId('action-submit').click();
	await page.getByTestId('receipt-preview').waitFor();
	assert.equal(await text(page.getByTestId('case-status')), '已受理');
	const clerkApi = await apiAs(CLERK, PASSWORD);
	const kase = await clerkApi.must(`/cases/${no}`);
	await clerkApi.dispose();
	assert.ok(kase.due_date, 'an accepted 承诺件 has a due date');
	assert.equal(await text(page.getByTestId('case-due')), cnDate(kase.due_date));
	const progressUrl = await text(page.getByTestId('progress-url'));
	assert.match(progressUrl, new RegExp(`/portal/track\\.html\\?no=${no}&key=`));
	await screenshot(page, 'intake-accepted');
	await page.assertClean();

	// The printed notices.
	await page.goto(noticeHref);
	await page.getByTestId('doc').waitFor();
	assert.equal(await text(page.getByTestId('doc-title')), '一次性告知书');
	assert.match(await text(page.getByTestId('doc-materials')), /户口簿复印件/);
	assert.match(await text(page.getByTestId('doc-venue')), /西营镇/);
	assert.ok((await text(page.getByTestId('doc-basis'))).length > 0, 'the notice names no legal basis');
	await page.assertClean();

	await page.goto(`/print/deferred.html?no=${no}`);
	await page.getByTestId('doc').waitFor();
	assert.equal(await text(page.getByTestId('doc-title')), '容缺受理通知书');
	assert.equal(await text(page.getByTestId('doc-promise')), promise);
	assert.equal(await text(page.getByTestId('doc-supply-date')), cnDate(today));

	// The receipt: case number, due date, QR code (loaded and decodable), the address as text.
	await page.goto(`/print/receipt.html?no=${no}`);
	await page.getByTestId('doc').waitFor();
	assert.equal(await text(page.getByTestId('doc-title')), '受理回执');
	assert.equal(await text(page.getByTestId('receipt-no')), no);
	assert.equal(await text(page.getByTestId('receipt-due')), cnDate(kase.due_date));
	const qr = page.getByTestId('receipt-qr');
	await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await qr.elementHandle());
	const qrText = await decodeQrImage(qr);
	const receiptUrl = await text(page.getByTestId('receipt-url'));
	assert.match(qrText, new RegExp(`/portal/track\\.html\\?no=${no}&key=`), `the QR code says ${qrText}`);
	assert.equal(new URL(qrText).search, new URL(receiptUrl).search, 'the QR code and the printed address differ');

	// Printed: an A4 sheet without navigation or buttons.
	await page.emulateMedia({ media: 'print' });
	assert.equal(await page.locator('.app-header').isVisible(), false, 'the header shows in print');
	assert.equal(await page.locator('button:visible').count(), 0, 'a button shows in print');
	assert.ok(await qr.isVisible(), 'the QR code is hidden in print');
	await page.emulateMedia({ media: 'screen' });
	await screenshot(page, 'receipt');
	await page.assertClean();
	await context.close();

	taken = { no, phone, receiptUrl, qrText };
});

test('the citizen follows the QR code on a phone; wrong phone digits find nothing', async () => {
	assert.ok(taken, 'the intake test did not finish');
	const tracked = await pub.get(`/track/${taken.no}?phone4=${taken.phone.slice(-4)}`);
	const { context, page } = await openPage(browser, { viewport: PHONE });
	const scanned = new URL(taken.qrText);
	await page.goto(scanned.pathname + scanned.search);
	await page.getByTestId('track-result').waitFor();
	assert.equal(await text(page.getByTestId('track-status')), tracked.status_label);
	assert.equal(await text(page.getByTestId('track-case-no')), taken.no);
	assert.equal(await text(page.getByTestId('track-item')), item.name);
	assert.equal(await text(page.getByTestId('track-due')), `${cnDate(tracked.due_date)}前`);
	assert.equal(await page.getByTestId('track-steps').locator('li').count(), tracked.steps.length);
	const body = await text(page.locator('main'));
	assert.ok(!body.includes('王秀兰') && !body.includes(taken.phone), 'the progress page shows personal data');
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
	await screenshot(page, 'track-phone');

	// By typing: the right digits find it, wrong ones find nothing and say so.
	await page.goto('/portal/track.html');
	await page.getByTestId('track-no').fill(taken.no);
	const wrong = String((Number(taken.phone.slice(-4)) + 1) % 10000).padStart(4, '0');
	await page.getByTestId('track-phone4').fill(wrong);
	await page.getByTestId('track-submit').click();
	await page.getByTestId('track-error').waitFor();
	assert.match(await text(page.getByTestId('track-error')), /没有查到/);
	assert.equal(await page.getByTestId('track-result').count(), 0);

	await page.getByTestId('track-phone4').fill(taken.phone.slice(-4));
	await page.getByTestId('track-submit').click();
	await page.getByTestId('track-result').waitFor();
	assert.equal(await text(page.getByTestId('track-status')), tracked.status_label);
	assert.equal(await page.getByTestId('track-error').count(), 0);
	await page.assertClean();
	await context.close();
});

test('the worklist shows the case with its due date coloured by urgency and opens it', async () => {
	assert.ok(taken, 'the intake test did not finish');
	const clerkApi = await apiAs(CLERK, PASSWORD);
	const mine = await clerkApi.must(`/cases?view=mine&q=${taken.no}`);
	await clerkApi.dispose();
	const summary = mine.items.find((s) => s.no === taken.no);
	assert.ok(summary, `GET /cases?view=mine does not list ${taken.no}`);
	assert.ok(summary.urgency, 'an accepted case has an urgency');

	const { context, page } = await openPage(browser);
	await login(page, CLERK);
	await page.getByTestId('work-mine').click();
	await page.waitForURL(/\/cases\.html\?view=mine/);
	await page.getByTestId('cases-q').fill(taken.no);
	await page.getByTestId('cases-q').press('Enter');
	const row = page.locator(`tr[data-no="${taken.no}"]`);
	await row.waitFor();
	assert.equal(await row.getAttribute('data-urgency'), summary.urgency);
	const due = row.getByTestId('due');
	assert.ok(await due.evaluate((el, u) => el.classList.contains(`due-${u.replace('_', '-')}`), summary.urgency),
		`the due date is not coloured as ${summary.urgency}`);
	const colour = await due.evaluate((el) => getComputedStyle(el).backgroundColor);
	const expected = { overdue: 'rgb(253, 236, 234)', due_today: 'rgb(255, 234, 213)', due_soon: 'rgb(255, 244, 194)', normal: 'rgb(231, 245, 234)' };
	assert.equal(colour, expected[summary.urgency]);
	assert.match(await text(due), new RegExp(cnDate(summary.due_date)));
	await screenshot(page, 'worklist');

	await row.locator('td').nth(1).click();
	await page.waitForURL(new RegExp(`/case\\.html\\?no=${taken.no}$`));
	await page.getByTestId('case').waitFor();
	assert.equal(await text(page.getByTestId('case-no')), taken.no);
	assert.ok(await page.getByTestId('case-steps').locator('tbody tr').count() >= 1, 'the case shows no step');
	assert.ok(await page.getByTestId('case-events').locator('li').count() >= 3, 'the timeline misses events');
	await page.assertClean();
	await context.close();
});

// Opens the form of `action` on the case page, lets fill() complete it, submits, and waits for
// the page to show the new status.
async function move(page, action, status, fill = async () => {}) {
	await page.getByTestId(`act-${action}`).click();
	await page.getByTestId(`form-${action}`).waitFor();
	await fill(page.getByTestId(`form-${action}`));
	await page.getByTestId('action-submit').click();
	await page.getByTestId('action-done').waitFor();
	await page.getByTestId('case-status').filter({ hasText: new RegExp(`^${status}$`) }).waitFor();
}

test('the case page offers the legal moves: step, suspend and resume, complete, deliver', async () => {
	const clerkApi = await apiAs(CLERK, PASSWORD);
	const created = await clerkApi.post('/cases', {
		item_code: item.code, channel: 'window',
		applicant: { name: '李建国', id_number: idNumber('61092919700101123'), phone: phoneNumber() },
		materials_received: item.materials.map((m) => m.name),
	});
	assert.equal(created.status, 201, JSON.stringify(created.body));
	const no = created.body.no;
	const accepted = await clerkApi.post(`/cases/${no}/accept`, {});
	assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
	await clerkApi.dispose();

	const { context, page } = await openPage(browser);
	await login(page, CLERK);
	await page.goto(`/case.html?no=${no}`);
	await page.getByTestId('case').waitFor();
	assert.equal(await text(page.getByTestId('case-status')), '已受理');
	// Accepted: no notice or refusal any more.
	assert.equal(await page.getByTestId('act-notice').count(), 0);
	assert.equal(await page.getByTestId('act-reject').count(), 0);
	const steps = page.getByTestId('case-steps').locator('tbody tr');
	assert.equal(await steps.count(), item.steps.length);
	assert.match(await text(steps.nth(0)), /办理中/);

	await move(page, 'advance', '已受理', (f) => f.getByTestId('advance-outcome').fill('材料齐全，转审核'));
	assert.doesNotMatch(await text(steps.nth(0)), /办理中/);

	// 补正 stops the clock; resuming starts it again.
	await move(page, 'suspend', '暂停计时中', async (f) => {
		await f.getByTestId('suspend-kind').selectOption('supplement');
		await f.getByTestId('suspend-reason').fill('申请表签名不清，需重新签字');
	});
	assert.equal(await page.getByTestId('act-complete').count(), 0, 'a suspended case offers 办结');
	await move(page, 'resume', '已受理');
	assert.match(await text(page.getByTestId('case-suspensions')), /补正材料：申请表签名不清/);

	// A missing result is the server's 400, shown at its field.
	await page.getByTestId('act-complete').click();
	await page.getByTestId('action-submit').click();
	await page.getByTestId('form-complete').locator('.field-error').waitFor();
	await page.getByTestId('complete-result').fill('准予，发放临时救助金 1000 元');
	await page.getByTestId('action-submit').click();
	await page.getByTestId('case-status').filter({ hasText: /^已办结$/ }).waitFor();

	await move(page, 'deliver', '已送达', (f) => f.getByTestId('deliver-method').selectOption('window_pickup'));
	await page.getByTestId('no-actions').waitFor();
	const events = await text(page.getByTestId('case-events'));
	for (const what of ['登记', '受理', '环节办结', '暂停计时', '恢复计时', '办结', '送达'])
		assert.ok(events.includes(what), `the timeline misses ${what}`);
	await screenshot(page, 'case');
	await page.assertClean();
	await context.close();
});

test('首问登记: log an inquiry with its item, answer one, hand another over and see the chain', async () => {
	const { context, page } = await openPage(browser);
	await login(page, CLERK);
	await page.getByTestId('work-inquiries').click();
	await page.waitForURL(/\/inquiries\.html$/);

	const ask = async (question) => {
		await page.getByTestId('inq-name').fill('赵大爷');
		await page.getByTestId('inq-phone').fill(phoneNumber());
		await page.getByTestId('inq-question').fill(question);
		await page.getByTestId('item-q').fill(item.name);
		await page.getByTestId(`pick-${item.code}`).click();
		await page.getByTestId('inq-submit').click();
		await page.getByTestId('inquiry-logged').waitFor();
		await page.getByTestId('inquiry').waitFor();
		assert.equal(await text(page.getByTestId('inquiry-status')), '待处理');
	};

	await ask('想问问办这个事要带什么材料');
	assert.match(await text(page.getByTestId('inquiry-responder')), /西营镇/);
	await page.getByTestId('inq-answer').fill('需带申请表和户口簿复印件，户口簿可容缺后补。');
	await page.getByTestId('inq-answer-submit').click();
	await page.getByTestId('inquiry-status').filter({ hasText: /^已解答$/ }).waitFor();

	await ask('这个事能不能在县里办');
	const form = page.getByTestId('handover-form');
	await form.getByTestId('to-org').selectOption({ label: '白河县' });
	await form.getByTestId('to-venue').locator('option', { hasText: '县政务服务中心' }).waitFor({ state: 'attached' });
	await form.getByTestId('to-venue').selectOption({ label: '县政务服务中心' });
	await page.getByTestId('inq-hand-note').fill('引导到县政务服务中心');
	await page.getByTestId('inq-hand-submit').click();
	await page.getByTestId('inquiry-moved').waitFor();
	assert.match(await text(page.getByTestId('inquiry-moved')), /县政务服务中心/);
	assert.equal(await text(page.getByTestId('inquiry-status')), '已引导移交');
	const chain = page.getByTestId('inquiry-chain').locator('li');
	assert.equal(await chain.count(), 2);
	assert.match(await text(chain.nth(1)), /县政务服务中心/);

	// Both are in 我的 (the clerk stays the first responder of the handed-over matter).
	await page.getByTestId('inq-tab-mine').click();
	await page.getByTestId('inquiry-list').waitFor();
	assert.ok(await page.getByTestId('inquiry-list').locator('tbody tr').count() >= 3);
	await screenshot(page, 'inquiries');
	await page.assertClean();
	await context.close();
});

test('a village agency case travels village → town → county → village, each level on its own case page', async () => {
	const villages = await pub.get('/public/orgs?parent=610929106&level=village&limit=100');
	const village = (villages.items || villages)[0];
	assert.ok(village, '西营镇 has villages');
	const agent = `agent-${village.code}`;
	const hall = (await pub.get('/public/venues?org=610929106&limit=100')).items.find((v) => v.kind === 'hall');
	assert.ok(hall, '西营镇 has a hall');

	// The agent registers the applicant's matter in the village room (all materials in hand).
	const agentApi = await apiAs(agent, PASSWORD);
	const created = await agentApi.post('/cases', {
		item_code: item.code, channel: 'village_agency',
		applicant: { name: '陈桂芳', id_number: idNumber('61092919580708234'), phone: phoneNumber() },
		materials_received: item.materials.map((m) => m.name),
	});
	await agentApi.dispose();
	assert.equal(created.status, 201, JSON.stringify(created.body));
	const no = created.body.no;

	// Each actor opens the case page in a browser of their own and makes their move.
	async function asUser(username, work) {
		const { context, page } = await openPage(browser);
		await login(page, username);
		await page.goto(`/case.html?no=${no}`);
		await page.getByTestId('case').waitFor();
		await work(page);
		await page.assertClean();
		await context.close();
	}
	const forwardTo = (orgLabel, venueLabel) => async (f) => {
		await f.getByTestId('to-org').selectOption({ label: orgLabel });
		await f.getByTestId('to-venue').locator('option', { hasText: venueLabel }).waitFor({ state: 'attached' });
		await f.getByTestId('to-venue').selectOption({ label: venueLabel });
	};

	await asUser(agent, async (page) => {
		assert.equal(await text(page.getByTestId('case-status')), '登记中');
		await move(page, 'forward', '转办中', forwardTo('西营镇', hall.name));
	});
	await asUser(CLERK, async (page) => {
		await move(page, 'accept', '已受理');
		await move(page, 'forward', '转办中', forwardTo('白河县', '县政务服务中心'));
	});
	await asUser('staff-610929', async (page) => {
		await move(page, 'accept', '已受理');
		await move(page, 'complete', '已办结', (f) => f.getByTestId('complete-result').fill('准予，批复已出具'));
		assert.equal(await page.getByTestId('act-deliver').count(), 0, 'the county delivers a village case');
	});
	await asUser(agent, async (page) => {
		await move(page, 'deliver', '已送达', (f) => f.getByTestId('deliver-method').selectOption('to_village'));
		const steps = await text(page.getByTestId('case-steps'));
		for (const where of [hall.name, '县政务服务中心'])
			assert.ok(steps.includes(where), `the steps do not name ${where}`);
		const events = await text(page.getByTestId('case-events'));
		for (const what of ['转办', '受理', '办结', '送达'])
			assert.ok(events.includes(what), `the timeline misses ${what}`);
	});

	// The record agrees with what the pages showed.
	const clerkApi = await apiAs(CLERK, PASSWORD);
	const kase = await clerkApi.must(`/cases/${no}`);
	await clerkApi.dispose();
	assert.deepEqual(kase.events.map((e) => e.action), ['intake', 'forward', 'accept', 'forward', 'accept', 'complete', 'deliver']);
	assert.equal(kase.delivery, 'to_village');
});
