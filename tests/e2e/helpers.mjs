// helpers.mjs — what the browser tests share: Debian's Chromium through playwright-core, a
// page that records every JS error and CSP violation, logging in, and reading the API directly
// (with the browser's own cookies) so tests compare the page with what the server says instead
// of hard-coding demo data.
//
// BASE_URL (set by run.sh) is the running server, e.g. http://127.0.0.1:18090.
// E2E_SCREENSHOT_DIR, when set, receives screenshots of the main pages.

import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.BASE_URL || '').replace(/\/$/, '');
if (!BASE_URL) throw new Error('BASE_URL is not set; run the tests through tests/e2e/run.sh');

export const PASSWORD = 'bianmin-demo';
export const MANAGER = 'mgr-610929100'; // 城关镇 站长 (venue_manager)
export const STAFF = 'staff-610929100'; // 城关镇 窗口人员 (window_staff)

export async function launchBrowser() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

// Recorded in the page before any of its own scripts run; the init script comes through the
// DevTools protocol, so the page's CSP does not apply to it.
function recordCspViolations() {
	window.__cspViolations = [];
	document.addEventListener('securitypolicyviolation', (e) => {
		window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}` +
			` (${e.sourceFile || ''}:${e.lineNumber || 0})`);
	});
}

// A fresh context (own cookies and storage) and page whose problems are collected:
// uncaught exceptions, console errors, CSP violations, and failed loads of the site's own
// files. API answers like 401 or 400 are part of the tests and are not problems by themselves.
export async function openPage(browser, { viewport = { width: 1280, height: 800 } } = {}) {
	const context = await browser.newContext({ baseURL: BASE_URL, viewport, locale: 'zh-CN' });
	context.setDefaultTimeout(15000);
	const page = await context.newPage();
	const problems = [];
	await page.addInitScript(recordCspViolations);
	page.on('pageerror', (e) => problems.push(`JS error: ${e.message}`));
	page.on('console', (msg) => {
		if (msg.type() !== 'error') return;
		const where = msg.location().url || '';
		const text = msg.text();
		if (/^Failed to load resource/.test(text) && where.includes('/api/v1/')) return;
		problems.push(`console error: ${text}${where ? ` [${where}]` : ''}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith('/api/'))
			problems.push(`HTTP ${r.status()} for ${r.url()}`);
	});
	page.on('requestfailed', (r) => {
		// A navigation away (e.g. the redirect to login) aborts requests still in flight.
		if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
	});

	// Fails the test when the page had any problem; call at the end of every test.
	page.assertClean = async () => {
		let csp = [];
		try {
			csp = await page.evaluate(() => window.__cspViolations || []);
		} catch {
			/* page closed or navigating */
		}
		const all = [...problems, ...csp.map((v) => `CSP violation: ${v}`)];
		assert.deepEqual(all, [], `the page had problems:\n  ${all.join('\n  ')}`);
	};
	page.problems = problems;
	return { context, page };
}

// Logs in through the login form and waits for the workbench.
export async function login(page, username, password = PASSWORD) {
	await page.goto('/login.html');
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((u) => u.pathname === '/' || u.pathname === '/index.html');
	await page.getByTestId('user-card').waitFor();
}

// Goes to a page the way a user does: opens the navigation group, then follows the link.
export async function navTo(page, group, linkText) {
	const nav = page.getByRole('navigation', { name: '主导航' });
	await nav.locator('summary', { hasText: group }).click();
	await nav.getByRole('link', { name: linkText, exact: true }).click();
}

// GET from the API with the context's cookies (the logged-in user of that context).
export async function apiGet(context, apiPath) {
	const res = await context.request.get(BASE_URL + apiPath);
	assert.equal(res.status(), 200, `GET ${apiPath}: ${res.status()} ${await res.text()}`);
	return res.json();
}

// The first venue in the logged-in user's scope; fails clearly when there is none.
export async function firstVenue(context) {
	const list = await apiGet(context, '/api/v1/venues?limit=1');
	assert.ok(list.total > 0 && list.items.length === 1,
		'the demo data has no venue in this user\'s scope (GET /api/v1/venues?limit=1 → ' +
		`${JSON.stringify(list)})`);
	return list.items[0];
}

export async function screenshot(page, name) {
	const dir = process.env.E2E_SCREENSHOT_DIR;
	if (dir) await page.screenshot({ path: path.join(dir, `bianmin-${name}.png`), fullPage: true });
}
