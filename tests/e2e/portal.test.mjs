// 群众门户: a citizen on a phone searches the catalogue (short Chinese queries too), opens an
// item's guide and prints it, and asks where to go for their village.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, screenshot } from './helpers.mjs';
import { itemDoc, publicApi, searchOrCreate } from './catalog-helpers.mjs';

const PHONE = { width: 375, height: 740 };
const text = async (locator) => (await locator.textContent()).trim();

let browser;
let pub;
before(async () => {
	browser = await launchBrowser();
	pub = await publicApi();
});
after(async () => {
	await pub?.dispose();
	await browser?.close();
});

// An item found by "低保" when the demo catalogue is not loaded.
const dibaoDoc = (code) => itemDoc(code, {
	name: `最低生活保障审核确认（测试${code.slice(-4)}）`,
	category: '社会救助',
	keywords: ['低保', '最低生活保障'],
	receive_levels: ['village', 'town'],
	decide_level: 'county',
	steps: [{ name: '受理', level: 'town', days: 1 }, { name: '审核确认', level: 'county', days: 9 }],
	statutory_days: 30,
	promised_days: 10,
});

test('on a phone, a citizen finds 低保 with a two-character query and opens its guide', async () => {
	const expected = await searchOrCreate('低保', dibaoDoc);
	const { context, page } = await openPage(browser, { viewport: PHONE });
	await page.goto('/portal/');
	await page.getByTestId('search-input').fill('低保');
	await page.getByTestId('search-submit').click();
	await page.getByTestId('item-card').first().waitFor();
	assert.equal(await text(page.getByTestId('result-total')), `找到 ${expected.total} 项`);
	const cards = page.getByTestId('item-card');
	assert.equal(await cards.count(), expected.items.length);
	const first = expected.items[0];
	const card = cards.first();
	assert.equal(await text(card.locator('.item-card-name')), first.name);
	assert.equal(await text(card.getByTestId('fact-limit')),
		first.kind === 'instant' ? '即办件 · 当场办结' : `承诺件 · ${first.promised_days} 个工作日`);
	assert.equal(await text(card.getByTestId('fact-visits')),
		first.visits === 0 ? '不用跑（全程网办）' : `到现场 ${first.visits} 次`);
	assert.match(await text(card.getByTestId('fact-receive')), /^受理：/);
	assert.match(page.url(), /\?q=%E4%BD%8E%E4%BF%9D$/, 'the query is not kept in the address');
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `the portal is ${overflow} px wider than the phone`);
	// Finger-sized targets.
	for (const target of [page.getByTestId('search-submit'), card.getByTestId('guide-link'), card.getByTestId('where-link')]) {
		const box = await target.boundingBox();
		assert.ok(box.height >= 44, `a target is ${box.height} px high`);
	}
	await screenshot(page, 'portal-phone');

	await card.getByTestId('guide-link').click();
	await page.waitForURL(/\/portal\/item\.html\?code=/);
	const doc = await pub.get(`/items/${encodeURIComponent(first.code)}`);
	await page.getByTestId('guide').waitFor();
	assert.equal(await text(page.getByTestId('guide-name')), doc.name);
	assert.equal(await text(page.getByTestId('guide-code')), doc.code);
	assert.equal(await text(page.getByTestId('guide-version')), `第 ${doc.version} 版`);
	assert.equal(await text(page.getByTestId('guide-conditions')), doc.conditions);
	assert.equal(await text(page.getByTestId('guide-statutory')), `${doc.statutory_days} 个工作日`);
	assert.equal(await text(page.getByTestId('guide-consult')), doc.consult_phone);
	assert.equal(await text(page.getByTestId('guide-complaint')), doc.complaint_phone);
	assert.equal(await page.getByTestId('guide-basis').locator('li').count(), doc.legal_basis.length);
	assert.equal(await page.getByTestId('guide-steps').locator('li').count(), doc.steps.length);
	if (doc.materials.length) {
		const rows = page.getByTestId('materials').locator('tbody tr');
		assert.equal(await rows.count(), doc.materials.length);
		for (const [i, m] of doc.materials.entries()) {
			const row = await text(rows.nth(i));
			assert.ok(row.includes(m.name), `material ${i + 1} lacks its name ${m.name}`);
			assert.ok(row.includes(m.necessity === 'required' ? '必要' : '容缺可补'), `material ${i + 1}: necessity`);
		}
	}
	if (doc.fee.charged) await page.getByTestId('guide-fees').waitFor();
	else assert.equal(await text(page.getByTestId('guide-no-fee')), '不收费。');
	const overflowGuide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflowGuide <= 0, `the guide is ${overflowGuide} px wider than the phone`);
	await screenshot(page, 'guide-phone');
	await page.assertClean();
	await context.close();
});

test('the guide\'s 打印 button prints, and the print CSS gives an A4 sheet without navigation', async () => {
	const found = await searchOrCreate('低保', dibaoDoc);
	const code = found.items[0].code;
	const doc = await pub.get(`/items/${encodeURIComponent(code)}`);
	const { context, page } = await openPage(browser, { viewport: PHONE });
	await page.goto(`/portal/item.html?code=${encodeURIComponent(code)}`);
	await page.getByTestId('guide').waitFor();

	// The button calls window.print(); headless Chromium would print nothing, so count calls.
	await page.evaluate(() => {
		window.__printed = 0;
		window.print = () => { window.__printed += 1; };
	});
	await page.getByTestId('print').click();
	assert.equal(await page.evaluate(() => window.__printed), 1, '打印 did not call window.print()');

	await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
	await page.emulateMedia({ media: 'print' });
	for (const hidden of ['.app-header', '[data-testid="print"]', '[data-testid="guide-actions"]', '.breadcrumb'])
		assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} shows in print`);
	assert.equal(await page.locator('button:visible').count(), 0, 'a button shows in print');
	await page.getByTestId('print-head').waitFor({ state: 'visible' });
	assert.match(await text(page.getByTestId('print-head')), /白河县/);
	assert.match(await text(page.getByTestId('print-head')), /盖章/);
	if (doc.materials.length) {
		const table = page.getByTestId('materials');
		assert.ok(await table.isVisible(), 'the material table is hidden in print');
		assert.equal(await table.evaluate((t) => getComputedStyle(t).display), 'table', 'the material table is not a table in print');
	}
	const foot = page.getByTestId('print-foot');
	assert.ok(await foot.isVisible(), 'the print footer is hidden');
	assert.equal(await text(page.getByTestId('print-url')), page.url());
	assert.match(await text(page.getByTestId('print-date')), /^\d{4}年\d{1,2}月\d{1,2}日$/);
	await screenshot(page, 'guide-print');

	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
	assert.ok(pdf.length > 10000, `the PDF is only ${pdf.length} bytes`);
	await page.emulateMedia({ media: 'screen' });
	await page.assertClean();
	await context.close();
});

test('a one-character query "证" finds items, and the filters narrow the results', async () => {
	const certDoc = (code) => itemDoc(code, { name: `户籍证明开具（测试${code.slice(-4)}）`, category: '证明开具' });
	const expected = await searchOrCreate('证', certDoc);
	const { context, page } = await openPage(browser, { viewport: PHONE });
	// Without the trailing slash the server answers with the same page; its links still work.
	await page.goto('/portal?q=%E8%AF%81');
	await page.getByTestId('item-card').first().waitFor();
	assert.equal(await text(page.getByTestId('result-total')), `找到 ${expected.total} 项`);
	assert.equal(await page.getByTestId('item-card').count(), expected.items.length);
	assert.equal(await text(page.getByTestId('item-card').first().locator('.item-card-name')), expected.items[0].name);
	assert.equal(await page.getByTestId('item-card').first().getByTestId('guide-link').getAttribute('href'),
		`/portal/item.html?code=${encodeURIComponent(expected.items[0].code)}`);

	// 村里能代办: every result is received by the village room.
	const village = await pub.get(`/items?q=${encodeURIComponent('证')}&level=village&limit=200`);
	await page.getByTestId('level-filter').getByText('村里能代办').click();
	await page.waitForURL(/level=village/);
	if (village.total) {
		await page.getByTestId('result-total').filter({ hasText: `找到 ${village.total} 项` }).waitFor();
		for (const t of await page.getByTestId('fact-receive').allTextContents())
			assert.match(t, /村代办/);
	} else {
		await page.getByTestId('no-results').waitFor();
	}

	// A category: the results are that category's items.
	await page.getByTestId('level-filter').getByText('全部').click();
	const category = expected.items[0].category;
	const inCategory = await pub.get(`/items?q=${encodeURIComponent('证')}&category=${encodeURIComponent(category)}&limit=200`);
	await page.getByTestId('category-filter').selectOption(category);
	await page.getByTestId('result-total').filter({ hasText: `找到 ${inCategory.total} 项` }).waitFor();
	for (const tag of await page.locator('.item-card-tags .tag:first-child').allTextContents())
		assert.equal(tag.trim(), category);
	await page.assertClean();
	await context.close();
});

test('去哪办: the citizen picks town and village once, sees the venues to visit, and the choice is remembered', async () => {
	const found = await searchOrCreate('低保', dibaoDoc);
	const item = found.items[0];
	const towns = (await pub.get('/public/orgs?level=town&limit=1000')).items;
	assert.ok(towns.length > 0, 'no towns in the demo');
	const town = towns[0];
	const villages = (await pub.get(`/public/orgs?parent=${town.code}&limit=1000`)).items;
	assert.ok(villages.length > 0, `no villages in ${town.name}`);
	const village = villages[villages.length - 1];
	const answer = await pub.get(`/items/${encodeURIComponent(item.code)}/where?village=${village.code}`);

	const { context, page } = await openPage(browser, { viewport: PHONE });
	await page.goto(`/portal/?q=${encodeURIComponent('低保')}`);
	await page.getByTestId('item-card').first().getByTestId('where-link').click();
	await page.waitForURL(/\/portal\/where\.html\?item=/);
	const picker = page.getByTestId('village-picker');
	await picker.locator('select[name="town"] option').nth(1).waitFor({ state: 'attached' });
	await picker.locator('select[name="town"]').selectOption(town.code);
	await picker.locator(`select[name="village"] option[value="${village.code}"]`).waitFor({ state: 'attached' });
	await picker.locator('select[name="village"]').selectOption(village.code);
	assert.equal(await text(page.getByTestId('village-chosen')), `${town.name} · ${village.name}`);
	await page.getByTestId('where-answer').waitFor();
	if (answer.available) {
		assert.equal(await text(page.getByTestId('where-visits')), String(answer.visits));
		const names = (await page.getByTestId('where-venues').locator('.venue-step-name').allTextContents()).map((s) => s.trim());
		assert.deepEqual(names, answer.venues.map((v) => v.name));
		const all = await text(page.getByTestId('where-venues'));
		for (const v of answer.venues)
			for (const p of v.purposes) assert.ok(all.includes(p), `the purpose "${p}" is missing`);
	} else {
		await page.getByTestId('where-unavailable').waitFor();
	}
	await screenshot(page, 'where-phone');

	// Remembered: another page asks no more.
	await page.reload();
	await page.getByTestId('village-chosen').waitFor();
	assert.equal(await text(page.getByTestId('village-chosen')), `${town.name} · ${village.name}`);
	await page.getByTestId('where-answer').waitFor();

	// A life event (办事主题) for the same village.
	const events = await pub.get('/life-events');
	const list = Array.isArray(events) ? events : events.items;
	if (list.length) {
		const ev = list[0];
		const evAnswer = await pub.get(`/life-events/${encodeURIComponent(ev.code)}/where?village=${village.code}`);
		await page.goto(`/portal/where.html?event=${encodeURIComponent(ev.code)}`);
		await page.getByTestId('where-answer').waitFor();
		assert.equal(await text(page.getByTestId('where-title')), `办事主题：${ev.name}`);
		assert.equal(await text(page.getByTestId('where-visits')), String(evAnswer.visits));
		assert.equal(await page.getByTestId('event-items').locator('.event-item').count(), evAnswer.items.length);
	}
	await page.assertClean();
	await context.close();
});

test('a code that does not exist shows the server\'s message on the guide page', async () => {
	const { context, page } = await openPage(browser, { viewport: PHONE });
	await page.goto('/portal/item.html?code=NO-SUCH-ITEM');
	await page.getByTestId('guide-error').waitFor();
	assert.equal(await text(page.getByTestId('guide-error')), '事项不存在');
	await page.assertClean();
	await context.close();
});

test('the 适老化 switch on the portal enlarges the text, is remembered, and keeps the phone layout', async () => {
	const { context, page } = await openPage(browser, { viewport: PHONE });
	await page.goto('/portal/');
	await page.getByTestId('search-input').waitFor();
	const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.portal-main')).fontSize));
	const normal = await size();
	await page.getByTestId('large-text').click();
	assert.ok(await size() >= 18 && await size() > normal, `large text is ${await size()} px`);
	await page.goto('/portal/venues.html');
	await page.getByTestId('venue-count').waitFor();
	assert.ok(await size() >= 18, 'large text was not remembered on the next page');
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	assert.ok(overflow <= 0, `with large text the page is ${overflow} px wider than the phone`);
	await page.assertClean();
	await context.close();
});
