// The pages run under the server's strict Content-Security-Policy without a single violation
// or script error, and the check that says so does catch a violation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MANAGER, firstVenue, launchBrowser, login, openPage } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('the server sends the strict CSP with its pages', async () => {
	const { context, page } = await openPage(browser);
	const res = await page.goto('/login.html');
	const csp = res.headers()['content-security-policy'] || '';
	assert.match(csp, /script-src 'self'/);
	assert.match(csp, /style-src 'self'/);
	assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
	await page.assertClean();
	await context.close();
});

test('login, workbench and venue pages log no CSP violation and no JS error', async () => {
	const { context, page } = await openPage(browser);
	await page.goto('/login.html');
	await page.getByRole('button', { name: '登录' }).waitFor();
	await page.assertClean();
	await login(page, MANAGER);
	await page.getByTestId('venue-total').waitFor();
	await page.assertClean();
	const venue = await firstVenue(context);
	await page.goto(`/venue.html?id=${venue.id}`);
	await page.getByTestId('venue-profile').waitFor();
	await page.getByTestId('venue-edit').click();
	await page.getByTestId('venue-form').waitFor();
	await page.getByTestId('large-text').click();
	await page.assertClean();
	await context.close();
});

test('the check catches an inline script the CSP blocks', async () => {
	const { context, page } = await openPage(browser);
	await page.goto('/login.html');
	await page.getByRole('button', { name: '登录' }).waitFor();
	await page.evaluate(() => {
		const s = document.createElement('script');
		s.textContent = 'window.inlineRan = true;';
		document.body.append(s);
	});
	await page.waitForFunction(() => window.__cspViolations.length > 0);
	assert.equal(await page.evaluate(() => window.inlineRan), undefined, 'the inline script ran');
	await assert.rejects(page.assertClean(), /CSP violation/);
	await context.close();
});
