// queue.test.mjs — the live hall display (叫号屏): staff call a number at /window.html and the
// display, open in a second browser context, shows it within a second; and a display recovers
// by itself after the server restarts.
//
// Uses 冷水镇 (610929108). The restart runs on a server of this file's own — same port and same
// database each time, a copy of the suite's database made with `bianmin backup` — so the other
// test files, which share the suite's server, are not disturbed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../api/helpers.mjs';
import { BASE_URL, PASSWORD, launchBrowser, login, openPage } from './helpers.mjs';

const TOWN = '610929108';
const STAFF = `staff-${TOWN}`;
const BIANMIN = process.env.BIANMIN || 'build/bianmin';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// A logged-in API client on `base` (cookie + CSRF token), for setting the scene quickly.
async function apiClient(base, username) {
	const res = await fetch(`${base}/api/v1/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: PASSWORD }),
	});
	const text = await res.text();
	assert.equal(res.status, 201, text);
	const cookie = res.headers.get('set-cookie').split(';')[0];
	const { csrf_token: csrf } = JSON.parse(text);
	const call = async (method, p, body) => {
		const r = await fetch(base + p, {
			method,
			headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await r.text();
		return { status: r.status, json: text ? JSON.parse(text) : null, text };
	};
	return { get: (p) => call('GET', p), post: (p, b = {}) => call('POST', p, b) };
}

// Takes a number in group A of the venue as a citizen would (no session).
async function takeNumber(base, venue, groupId) {
	const r = await fetch(`${base}/api/v1/venues/${venue}/tickets`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ group_id: groupId }),
	});
	const text = await r.text();
	assert.equal(r.status, 201, text);
	return JSON.parse(text);
}

// Ends every open ticket of the venue and serves the waiting ones, so each test starts clean.
async function clearVenue(api, venue) {
	const state = (await api.get(`/api/v1/venues/${venue}/queue`)).json;
	for (const c of state.current) {
		if (c.status === 'called') await api.post(`/api/v1/tickets/${c.ticket_id}/start`);
		await api.post(`/api/v1/tickets/${c.ticket_id}/finish`);
	}
	for (const w of state.windows)
		for (;;) {
			const r = await api.post(`/api/v1/windows/${w.id}/call-next`);
			if (!r.json?.ticket) break;
			await api.post(`/api/v1/tickets/${r.json.ticket.id}/start`);
			await api.post(`/api/v1/tickets/${r.json.ticket.id}/finish`);
		}
	return state;
}

test('staff call a number and the hall display in another browser context shows it within a second', async () => {
	const staffApi = await apiClient(BASE_URL, STAFF);
	const venue = (await staffApi.get(`/api/v1/venues?org=${TOWN}`)).json.items[0];
	const state = await clearVenue(staffApi, venue.id);
	const groupA = state.groups.find((g) => g.code === 'A');

	const display = await openPage(browser, { viewport: { width: 1920, height: 1080 } });
	await display.page.goto(`/display/queue.html?venue=${venue.id}`);
	await display.page.getByTestId('queue-venue').filter({ hasText: venue.name }).waitFor();

	const staff = await openPage(browser);
	await login(staff.page, STAFF);
	await staff.page.goto('/window.html');
	await staff.page.getByTestId('window-pick').waitFor();
	const win = state.windows.find((w) => w.groups.includes('A'));
	await staff.page.getByTestId('window-pick').selectOption(String(win.id));

	// A citizen takes the number at the kiosk page: the slip shows it with its QR code.
	const kiosk = await openPage(browser, { viewport: { width: 1080, height: 1920 } });
	await kiosk.page.goto(`/portal/take.html?venue=${venue.id}`);
	const took = kiosk.page.waitForResponse((r) => r.url().endsWith(`/venues/${venue.id}/tickets`));
	await kiosk.page.getByTestId('take-group-A').click();
	const ticket = await (await took).json();
	await kiosk.page.getByTestId('take-number').filter({ hasText: ticket.number }).waitFor();
	await kiosk.page.waitForFunction(() => document.querySelector('[data-testid=take-qr]')?.naturalWidth > 0);
	await kiosk.page.assertClean();
	await kiosk.context.close();
	await staff.page.getByTestId(`window-waiting-A`).filter({ hasText: '等候 1 人' }).waitFor();
	const answered = staff.page.waitForResponse((r) => r.url().endsWith(`/windows/${win.id}/call-next`));
	await staff.page.getByTestId('window-call').click();
	assert.equal((await answered).status(), 200);
	const called = Date.now();
	await display.page.getByTestId('queue-now-number').filter({ hasText: ticket.number }).waitFor({ timeout: 1000 });
	assert.ok(Date.now() - called < 1000, `shown ${Date.now() - called} ms after the call`);
	assert.equal(await display.page.getByTestId('queue-now-window').textContent(), String(win.number));
	assert.equal(await display.page.getByTestId('queue-spoken').textContent(), `请 ${ticket.number} 号到 ${win.number} 号窗口办理`);
	await staff.page.getByTestId('window-ticket').filter({ hasText: ticket.number }).waitFor();

	// The staff finish it; it leaves the display's list of tickets at the windows.
	await staff.page.getByTestId('window-start').click();
	await staff.page.getByTestId('window-finish').click();
	await display.page.getByTestId('queue-current-row').filter({ hasText: ticket.number }).waitFor({ state: 'detached' });

	await display.page.assertClean();
	await staff.page.assertClean();
	await display.context.close();
	await staff.context.close();
});

// --- a server of our own, restarted on the same port and database ---------------------------

function run(args) {
	return new Promise((resolve) => {
		const child = spawn(BIANMIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => { stderr += d; });
		child.on('close', (code) => resolve({ code, stderr }));
	});
}

// Starts `bianmin serve` and waits for /healthz; stop() sends SIGTERM and waits for a clean exit.
async function serve(db, port) {
	const child = spawn(BIANMIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-root', 'web'],
		{ stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (d) => { stderr += d; });
	const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 300; i++) {
		try {
			if ((await fetch(`${base}/healthz`)).ok) break;
		} catch { /* not yet */ }
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		base,
		async stop() {
			child.kill('SIGTERM');
			const { code, signal } = await exited;
			assert.equal(signal, null, stderr);
			assert.equal(code, 0, stderr.slice(-2000));
		},
	};
}

test('the display recovers by itself after the server restarts', { skip: !process.env.E2E_DB && 'E2E_DB not set (run through tests/e2e/run.sh)' }, async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-e2e-queue-'));
	const db = path.join(dir, 'copy.db');
	const copied = await run(['backup', '--db', process.env.E2E_DB, '--to', db]);
	assert.equal(copied.code, 0, copied.stderr);
	const port = await freePort();
	let server = await serve(db, port);
	try {
		let staffApi = await apiClient(server.base, STAFF);
		const venue = (await staffApi.get(`/api/v1/venues?org=${TOWN}`)).json.items[0];
		const state = await clearVenue(staffApi, venue.id);
		const groupA = state.groups.find((g) => g.code === 'A');
		const win = state.windows.find((w) => w.groups.includes('A'));

		const display = await openPage(browser, { viewport: { width: 1920, height: 1080 } });
		await display.page.goto(`${server.base}/display/queue.html?venue=${venue.id}`);
		await display.page.getByTestId('queue-venue').filter({ hasText: venue.name }).waitFor();
		const first = await takeNumber(server.base, venue.id, groupA.id);
		await staffApi.post(`/api/v1/windows/${win.id}/call-next`);
		await display.page.getByTestId('queue-now-number').filter({ hasText: first.number }).waitFor({ timeout: 2000 });

		await server.stop();
		await display.page.getByTestId('queue-status').waitFor({ timeout: 5000 });
		server = await serve(db, port);
		staffApi = await apiClient(server.base, STAFF);
		await staffApi.post(`/api/v1/tickets/${first.id}/start`);
		await staffApi.post(`/api/v1/tickets/${first.id}/finish`);
		const second = await takeNumber(server.base, venue.id, groupA.id);
		await staffApi.post(`/api/v1/windows/${win.id}/call-next`);
		// Reconnecting waits at most 15 s between attempts; then the state is fetched afresh.
		await display.page.getByTestId('queue-now-number').filter({ hasText: second.number }).waitFor({ timeout: 20000 });
		await display.page.getByTestId('queue-status').waitFor({ state: 'detached', timeout: 5000 });
		// Errors while the server was down are expected (failed fetches, the stream's error).
		display.page.problems.length = 0;
		await display.page.assertClean();
		await display.context.close();
	} finally {
		await server.stop().catch(() => {});
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
