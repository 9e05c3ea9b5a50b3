// bench/queue.mjs — the queue under load, against a running demo server (BASE_URL); started by
// bench/queue.sh. Loopback only. Three measurements on 城关镇's hall:
//   1. take:    QUEUE_CLIENTS citizens taking numbers at once for QUEUE_SECONDS → tickets/s
//   2. call:    every window of the hall calling, starting and finishing at once for
//               QUEUE_SECONDS → calls/s (each call is one write transaction choosing among all
//               of the day's waiting tickets)
//   3. fan-out: QUEUE_DISPLAYS hall displays connected to /events; QUEUE_CALLS calls one after
//               another; for every display and call, the delay from sending the call to the
//               display receiving it → median, p99, max, and how many never arrived.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const SECONDS = Number(process.env.QUEUE_SECONDS ?? 10);
const CLIENTS = Number(process.env.QUEUE_CLIENTS ?? 16);
const DISPLAYS = Number(process.env.QUEUE_DISPLAYS ?? 500);
const CALLS = Number(process.env.QUEUE_CALLS ?? 40);
const TOWN = process.env.QUEUE_TOWN ?? '610929100';

const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const ms = (x) => `${x.toFixed(1)} ms`;

async function login(username) {
	const res = await fetch(`${BASE}/api/v1/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: 'bianmin-demo' }),
	});
	if (res.status !== 201) throw new Error(`login ${username}: ${res.status}`);
	const cookie = res.headers.get('set-cookie').split(';')[0];
	const { csrf_token: csrf } = await res.json();
	return async (method, path, body) => {
		const r = await fetch(BASE + path, {
			method,
			headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: r.status, json: await r.json() };
	};
}

async function take(venue, groupId) {
	const r = await fetch(`${BASE}/api/v1/venues/${venue}/tickets`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ group_id: groupId }),
	});
	if (r.status !== 201) throw new Error(`take: ${r.status} ${await r.text()}`);
	return r.json();
}

// Runs fn in `workers` loops until `seconds` pass; returns {count, latencies}.
async function hammer(workers, seconds, fn) {
	const end = performance.now() + seconds * 1000;
	const latencies = [];
	let count = 0;
	await Promise.all(Array.from({ length: workers }, async (_, w) => {
		while (performance.now() < end) {
			const t0 = performance.now();
			const done = await fn(w);
			if (done === false) return;
			latencies.push(performance.now() - t0);
			count++;
		}
	}));
	latencies.sort((a, b) => a - b);
	return { count, latencies };
}

function report(label, { count, latencies }, seconds) {
	console.log(`  ${label.padEnd(28)} ${(count / seconds).toFixed(0).padStart(6)} /s   ` +
		`p50 ${ms(quantile(latencies, 0.5))}   p99 ${ms(quantile(latencies, 0.99))}   (${count} in ${seconds} s)`);
}

// One display: a raw SSE connection recording when each call's ticket arrived.
function openDisplay(venue, arrivals) {
	return new Promise((resolve, reject) => {
		const req = http.get(`${BASE}/api/v1/venues/${venue}/events`, { agent: false }, (res) => {
			if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
			res.setEncoding('utf8');
			let buffer = '';
			let opened = false;
			res.on('data', (chunk) => {
				const now = performance.now();
				buffer += chunk;
				let cut;
				while ((cut = buffer.indexOf('\n\n')) >= 0) {
					const block = buffer.slice(0, cut);
					buffer = buffer.slice(cut + 2);
					if (!opened && block.startsWith('retry:')) {
						opened = true;
						resolve(req);
					}
					if (!block.includes('event: call\n')) continue;
					const m = /"ticket":\{"id":(\d+)/.exec(block);
					if (m) (arrivals.get(Number(m[1])) ?? arrivals.set(Number(m[1]), []).get(Number(m[1]))).push(now);
				}
			});
		});
		req.on('error', reject);
	});
}

async function main() {
	const sup = await login('supervisor');
	const venue = (await sup('GET', `/api/v1/venues?org=${TOWN}`)).json.items[0];
	const state = (await sup('GET', `/api/v1/venues/${venue.id}/queue`)).json;
	const staff = await login(`mgr-${TOWN}`);
	const groups = state.groups.map((g) => g.id);
	console.log(`  venue ${venue.name} (${venue.id}): ${groups.length} groups, ${state.windows.length} windows`);

	// 1. taking numbers
	const took = await hammer(CLIENTS, SECONDS, (w) => take(venue.id, groups[w % groups.length]));
	report(`take (${CLIENTS} clients)`, took, SECONDS);

	// 2. calling: each window calls, starts and finishes
	const windows = state.windows;
	const calls = [];
	const called = await hammer(windows.length, SECONDS, async (w) => {
		const t0 = performance.now();
		const r = await staff('POST', `/api/v1/windows/${windows[w].id}/call-next`, {});
		if (r.status !== 200) throw new Error(`call-next: ${r.status} ${JSON.stringify(r.json)}`);
		if (!r.json.ticket) return false;
		calls.push(performance.now() - t0);
		await staff('POST', `/api/v1/tickets/${r.json.ticket.id}/start`, {});
		await staff('POST', `/api/v1/tickets/${r.json.ticket.id}/finish`, {});
		return true;
	});
	calls.sort((a, b) => a - b);
	report(`call+start+finish (${windows.length} win)`, called, SECONDS);
	console.log(`  ${'call-next alone'.padEnd(28)} ${''.padStart(6)}      p50 ${ms(quantile(calls, 0.5))}   p99 ${ms(quantile(calls, 0.99))}`);

	// 3. fan-out to the displays
	const arrivals = new Map();
	const t0 = performance.now();
	const displays = [];
	for (let i = 0; i < DISPLAYS; i += 50)
		displays.push(...await Promise.all(Array.from({ length: Math.min(50, DISPLAYS - i) }, () => openDisplay(venue.id, arrivals))));
	console.log(`  ${DISPLAYS} displays connected in ${ms(performance.now() - t0)}`);
	const win = windows[0];
	const sent = new Map();
	for (let c = 0; c < CALLS; c++) {
		await take(venue.id, groups[0]);
		const start = performance.now();
		const r = await staff('POST', `/api/v1/windows/${win.id}/call-next`, {});
		if (!r.json.ticket) throw new Error('fan-out: nothing to call');
		sent.set(r.json.ticket.id, start);
		await new Promise((res) => setTimeout(res, 50));
		await staff('POST', `/api/v1/tickets/${r.json.ticket.id}/start`, {});
		await staff('POST', `/api/v1/tickets/${r.json.ticket.id}/finish`, {});
	}
	await new Promise((res) => setTimeout(res, 1000));
	const delays = [];
	let missing = 0;
	for (const [id, start] of sent) {
		const got = arrivals.get(id) ?? [];
		missing += DISPLAYS - got.length;
		for (const at of got) delays.push(at - start);
	}
	delays.sort((a, b) => a - b);
	console.log(`  fan-out: ${CALLS} calls × ${DISPLAYS} displays = ${delays.length} deliveries, ${missing} missing`);
	console.log(`  call → display delay        median ${ms(quantile(delays, 0.5))}   p99 ${ms(quantile(delays, 0.99))}   max ${ms(delays.at(-1) ?? NaN)}`);
	for (const d of displays) d.destroy();
	if (missing > 0) process.exitCode = 2;
}

main().catch((e) => {
	console.error(`bench: ${e.message}`);
	process.exit(1);
});
