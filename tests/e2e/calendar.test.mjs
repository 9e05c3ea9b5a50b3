// 工作日历: the workbench warns everybody when next year's holiday arrangement is due (the
// administrator with a link to load it), and the administrator's calendar page shows what the
// calendar covers, reads a CSV file into the form, and refuses a malformed arrangement with the
// line of the error, changing nothing. (Loading a good one is tested in tests/api/calendar.test.mjs
// on a server of its own: here it would change the shared demo's calendar.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { STAFF, apiGet, launchBrowser, login, openPage } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('the workbench warns when next year is due: staff to ask, the administrator where to load', async () => {
	for (const [who, expected] of [[STAFF, /请联系系统管理员导入/], ['admin', /请在工作日历中导入/]]) {
		const { context, page } = await openPage(browser);
		await login(page, who);
		const c = await apiGet(context, '/api/v1/calendar/years');
		const banner = page.getByTestId('calendar-due');
		if (c.load_due) {
			await banner.waitFor();
			const text = await banner.textContent();
			assert.match(text, new RegExp(`只载至 ${c.through}`));
			assert.match(text, new RegExp(`落在 ${c.last_year + 1} 年的事项将无法受理`));
			assert.match(text, expected);
			if (who === 'admin')
				assert.equal(await banner.getByRole('link', { name: '工作日历' }).getAttribute('href'), '/calendar.html');
		} else {
			await page.getByTestId('venue-total').waitFor();
			assert.equal(await banner.count(), 0, 'no warning while the calendar reaches far enough');
		}
		await page.assertClean();
		await context.close();
	}
});

test('the administrator reads an arrangement from a file; a bad line is refused and nothing changes', async () => {
	const { context, page } = await openPage(browser);
	await login(page, 'admin');
	const before = await apiGet(context, '/api/v1/calendar/years');
	await page.goto('/calendar.html');
	await page.getByTestId('cal-coverage').waitFor();
	assert.equal((await page.getByTestId('cal-through').textContent()).trim(), before.through);
	assert.equal((await page.getByTestId('cal-years').textContent()).trim(), `${before.first_year}–${before.last_year} 年`);

	const next = before.last_year + 1;
	const bad = `# ${next} 年安排\n${next}-01-01,off,元旦\n${next}-02-30,off,春节\n`;
	await page.getByTestId('cal-file').setInputFiles({ name: 'holidays.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
	await page.waitForFunction((text) => document.querySelector('[data-testid="cal-csv"]').value === text, bad);
	await page.getByTestId('cal-submit').click();
	const err = page.getByTestId('cal-load-error');
	await err.waitFor();
	assert.match(await err.textContent(), /第 3 行/);
	assert.deepEqual(await apiGet(context, '/api/v1/calendar/years'), before, 'nothing loaded');
	assert.equal((await page.getByTestId('cal-through').textContent()).trim(), before.through);
	await page.assertClean();
	await context.close();
});

test('others see the calendar page without the form', async () => {
	const { context, page } = await openPage(browser);
	await login(page, 'supervisor');
	await page.goto('/calendar.html');
	await page.getByTestId('cal-coverage').waitFor();
	assert.equal(await page.getByTestId('cal-csv').count(), 0);
	await page.assertClean();
	await context.close();
});
