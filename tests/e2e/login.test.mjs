// Logging in and out through the pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, MANAGER, PASSWORD, launchBrowser, login, openPage } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a visitor who is not logged in is sent from the workbench to the login page', async () => {
	const { context, page } = await openPage(browser);
	await page.goto('/');
	await page.waitForURL(/\/login\.html\?next=/);
	await assert.doesNotReject(page.getByRole('heading', { name: '工作人员登录' }).waitFor());
	await page.assertClean();
	await context.close();
});

test('a wrong password shows the server\'s Chinese error and stays on the login page', async () => {
	const { context, page } = await openPage(browser);
	await page.goto('/login.html');
	await page.getByLabel('用户名').fill(MANAGER);
	await page.getByLabel('密码').fill('not-the-password');
	await page.getByRole('button', { name: '登录' }).click();
	const error = page.getByTestId('login-error');
	await error.waitFor();
	assert.equal((await error.textContent()).trim(), '用户名或密码错误');
	assert.equal(new URL(page.url()).pathname, '/login.html');
	await page.assertClean();
	await context.close();
});

test('the manager logs in, lands on the workbench, and logging out ends the session', async () => {
	const { context, page } = await openPage(browser);
	await login(page, MANAGER, PASSWORD);
	assert.match(await page.getByTestId('user-org').textContent(), /城关镇/);

	await page.getByTestId('logout').click();
	await page.waitForURL(/\/login\.html/);
	const res = await context.request.get('/api/v1/session');
	assert.equal(res.status(), 401, 'the session still works after logging out');
	await page.goto('/');
	await page.waitForURL(/\/login\.html\?next=/);
	await page.assertClean();
	await context.close();
});

test('after logging in the user is returned to the page they first asked for', async () => {
	const { context, page } = await openPage(browser);
	await page.goto('/venue.html?id=1');
	await page.waitForURL(/\/login\.html\?next=%2Fvenue\.html%3Fid%3D1$/);
	await page.getByLabel('用户名').fill(MANAGER);
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL(/\/venue\.html\?id=1$/);
	await page.assertClean();
	await context.close();
});

test('the login page does not follow a next= that leaves the site', async () => {
	const { context, page } = await openPage(browser);
	await page.goto('/login.html?next=//example.invalid/');
	await page.getByLabel('用户名').fill(MANAGER);
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((u) => u.pathname === '/');
	assert.equal(new URL(page.url()).origin, new URL(BASE_URL).origin);
	await page.assertClean();
	await context.close();
});
