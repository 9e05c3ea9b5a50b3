// 统计看板: on a server of its own (a fresh demo database, --test-clock, November 2025) a town
// gets one case completed on time and one completed late (and carded on the way) through the
// API; the county supervisor's dashboard for November then draws its charts (SVG) from the
// maintained counters, its table and map state the API's figures, and clicking the town on the
// map (coloured by 按期办结率) opens records.html listing exactly the API's late cases.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Client, itemDoc, loginAs } from '../api/helpers.mjs';
import { idNumber } from './case-helpers.mjs';
import { PASSWORD, launchBrowser, login, navTo, openPage, screenshot } from './helpers.mjs';

const BIANMIN = process.env.BIANMIN || 'build/bianmin';
const TOWN = '610929103'; // 卡子镇
const ITEM = 'T-DB-ITEM';
const RANGE = { from: '2025-11-01', to: '2025-11-30' };
let browser, server, url, dir;
const cases = {};

async function startOwnServer() {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-e2e-dash-'));
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = 20000 + Math.floor(Math.random() * 20000);
		url = `http://127.0.0.1:${port}`;
		const child = spawn(BIANMIN, ['demo', '--db', path.join(dir, 'dash.db'), '--listen', `127.0.0.1:${port}`,
			'--web-root', 'web', '--test-clock'], { stdio: ['ignore', 'ignore', 'pipe'] });
		let gone = false;
		child.on('exit', () => { gone = true; });
		for (let i = 0; i < 600 && !gone; i++) {
			try {
				if ((await fetch(`${url}/healthz`)).ok) return child;
			} catch { /* not yet */ }
			await new Promise((r) => setTimeout(r, 100));
		}
		child.kill('SIGKILL');
	}
	throw new Error('own demo server did not start');
}

async function setClock(now) {
	const res = await new Client(url).post('/api/v1/test/clock', { now });
	assert.equal(res.status, 200, res.text);
}

async function ok(promise, status = 200) {
	const res = await promise;
	assert.equal(res.status, status, res.text);
	return res.json;
}

let serial = 0;
async function acceptedCase(staff) {
	serial++;
	const c = await ok(staff.post('/api/v1/cases', {
		item_code: ITEM, channel: 'window', materials_received: ['申请表'],
		applicant: { name: `看板测试${serial}`, id_number: idNumber(`6109291990040${100 + serial}1`), phone: `1390000${3000 + serial}` },
	}), 201);
	await ok(staff.post(`/api/v1/cases/${c.no}/accept`, { materials_received: ['近期照片'] }));
	return c.no;
}
const complete = (staff, no) => ok(staff.post(`/api/v1/cases/${no}/complete`, { outcome: 'approved', result: '准予' }));

before(async () => {
	server = await startOwnServer();
	await setClock('2025-11-03T08:30:00+08:00'); // a Monday
	const supervisor = await loginAs('supervisor', PASSWORD, url);
	const manager = await loginAs(`mgr-${TOWN}`, PASSWORD, url);
	let staff = await loginAs(`staff-${TOWN}`, PASSWORD, url);
	await ok(supervisor.post('/api/v1/items', itemDoc(ITEM, { name: '看板测试事项', promised_days: 3 })), 201);
	const hall = (await ok(manager.get(`/api/v1/venues?org=${TOWN}`))).items.find((v) => v.kind === 'hall');
	const claim = await manager.post(`/api/v1/venues/${hall.id}/claims`, { item_code: ITEM });
	assert.ok([200, 201].includes(claim.status), claim.text);
	cases.onTime = await acceptedCase(staff);
	await complete(staff, cases.onTime);
	cases.late = await acceptedCase(staff); // due Thursday 11-06
	await setClock('2025-11-07T09:00:00+08:00');
	staff = await loginAs(`staff-${TOWN}`, PASSWORD, url);
	await complete(staff, cases.late);
	await setClock('2025-11-10T09:00:00+08:00');
	browser = await launchBrowser();
});

after(async () => {
	await browser?.close();
	server?.kill('SIGTERM');
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the dashboard draws the month from the counters and drills from a town to its late cases', async () => {
	const { context, page } = await openPage(browser);
	await page.goto(`${url}/login.html`);
	await page.getByLabel('用户名').fill('supervisor');
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((u) => u.pathname === '/' || u.pathname === '/index.html');
	await navTo(page, '监督考核', '统计看板');
	await page.waitForURL(/\/dashboard\.html$/);
	await page.getByTestId('db-from').fill(RANGE.from);
	await page.getByTestId('db-to').fill(RANGE.to);
	await page.getByRole('button', { name: '查询' }).click();

	const api = async (p) => {
		const res = await context.request.get(url + p);
		assert.equal(res.status(), 200, await res.text());
		return res.json();
	};
	const summary = await api(`/api/v1/stats/summary?from=${RANGE.from}&to=${RANGE.to}`);
	const town = summary.items.find((i) => i.org_code === TOWN);
	assert.equal(town.completed, 2);
	assert.equal(town.late, 1);
	assert.equal(town.on_time_rate, 0.5);

	// The table states the API's figures.
	const row = page.locator(`[data-testid="db-summary"] tr[data-org="${TOWN}"]`);
	await page.waitForFunction((t) => {
		const cell = document.querySelector(`[data-testid="db-summary"] tr[data-org="${t}"] td[data-figure="completed"]`);
		return cell && cell.textContent.trim() === '2';
	}, TOWN);
	assert.equal((await row.locator('td[data-figure="received"]').textContent()).trim(), String(town.received));
	assert.equal((await row.locator('td[data-figure="on_time_rate"]').textContent()).trim(), '50.0%');

	// Every chart is an SVG drawing with paths; the volume chart names the towns in its legend
	// and the month on its axis.
	for (const key of ['volume', 'completed', 'on_time', 'satisfaction', 'yellow', 'red']) {
		const chart = page.getByTestId(`db-chart-${key}`);
		await chart.locator('svg path').first().waitFor({ state: 'attached' });
		assert.ok(await chart.locator('svg path').count() > 3, `${key} has drawn paths`);
	}
	const volumeText = await page.getByTestId('db-chart-volume').locator('svg text').allTextContents();
	assert.ok(volumeText.includes('2025-11'), 'the month is on the axis');
	assert.ok(volumeText.some((t) => t.includes('卡子镇')), 'the town is in the legend');

	// The map, coloured by 按期办结率, shows the town's rate; clicking it lists its late cases.
	const map = page.getByTestId('db-map');
	const spot = map.locator(`a[data-town="${TOWN}"]`);
	assert.equal((await spot.locator('[data-testid="db-town-value"]').textContent()).trim(), '50.0%');
	assert.equal(await map.locator('a.db-town').count(), 11);
	await screenshot(page, 'dashboard');
	await spot.click();
	await page.waitForURL(/\/records\.html\?/);
	const params = new URL(page.url()).searchParams;
	assert.equal(params.get('measure'), 'late');
	assert.equal(params.get('org'), TOWN);
	const records = await api(`/api/v1/stats/records?measure=late&org=${TOWN}&from=${RANGE.from}&to=${RANGE.to}`);
	assert.deepEqual(records.items.map((r) => r.no), [cases.late]);
	await page.getByTestId('records-list').waitFor();
	const listed = await page.locator('[data-testid="records-list"] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.no));
	assert.deepEqual(listed, records.items.map((r) => r.no));
	assert.equal((await page.getByTestId('records-total').textContent()).trim(), String(records.total));
	assert.match(await page.getByTestId('records-title').textContent(), /超期办结/);
	await page.assertClean();
	await context.close();
});

test('the records behind window time name the window, who sat there and when', async () => {
	// On the suite's shared demo, whose halls have a month of duty history.
	const { context, page } = await openPage(browser);
	await login(page, 'supervisor');
	const chinaDay = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
	const q = new URLSearchParams({
		measure: 'open_post_seconds', org: '610929', from: chinaDay(Date.now() - 31 * 86400e3), to: chinaDay(Date.now()),
	});
	await page.goto(`/records.html?${q}`);
	await page.getByTestId('records-list').waitFor();
	assert.match(await page.getByTestId('records-title').textContent(), /窗口开放时长/);
	assert.ok(Number((await page.getByTestId('records-total').textContent()).trim()) > 0);
	const row = (await page.getByTestId('records-list').locator('tbody tr').first().textContent()).trim();
	assert.match(row, /在岗记录/);
	assert.match(row, /\d+号窗口/);
	assert.match(row, /\d\d:\d\d–\d\d:\d\d（\d+ 分钟）/);
	assert.match(row, /A岗在岗|B岗顶岗|断档（无人在岗）/);
	await page.assertClean();
	await context.close();
});
