// catalog-helpers.mjs — what the catalogue's browser tests share: an API client logged in as a
// given user (its own cookies and CSRF token, outside any page), a valid item document to
// create, and finding-or-creating the items a test needs, so that the tests pass with the demo
// catalogue (data/baihe-items.csv) and without it.

import assert from 'node:assert/strict';
import { request } from 'playwright-core';
import { BASE_URL, PASSWORD } from './helpers.mjs';

export const SUPERVISOR = 'supervisor'; // 县行政审批服务局 (county_supervisor)

// An API client logged in as username: get/post/put/del answer {status, body}.
export async function apiAs(username, password = PASSWORD) {
	const ctx = await request.newContext({ baseURL: BASE_URL });
	const res = await ctx.post('/api/v1/session', { data: { username, password } });
	assert.equal(res.status(), 201, `login ${username}: ${res.status()} ${await res.text()}`);
	const { csrf_token: csrf } = await res.json();
	const call = async (method, path, data) => {
		const r = await ctx.fetch(`/api/v1${path}`, {
			method,
			headers: method === 'GET' ? {} : { 'X-CSRF-Token': csrf },
			...(data === undefined ? {} : { data }),
		});
		const text = await r.text();
		return { status: r.status(), body: text ? JSON.parse(text) : null };
	};
	return {
		get: (p) => call('GET', p),
		post: (p, d) => call('POST', p, d),
		put: (p, d) => call('PUT', p, d),
		del: (p) => call('DELETE', p),
		// GET that must answer 200; returns the body.
		async must(p) {
			const r = await call('GET', p);
			assert.equal(r.status, 200, `GET ${p}: ${r.status} ${JSON.stringify(r.body)}`);
			return r.body;
		},
		dispose: () => ctx.dispose(),
	};
}

// The public API, without logging in.
export async function publicApi() {
	const ctx = await request.newContext({ baseURL: BASE_URL });
	return {
		async get(p) {
			const r = await ctx.get(`/api/v1${p}`);
			assert.equal(r.status(), 200, `GET ${p}: ${r.status()} ${await r.text()}`);
			return r.json();
		},
		dispose: () => ctx.dispose(),
	};
}

let counter = 0;
// A code no other test run uses: capital letters, digits and '-'.
export function uniqueCode(prefix = 'E2E') {
	counter += 1;
	const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}${counter}`.toUpperCase();
	return `${prefix}-${stamp}`;
}

// A valid item document (src/domain/item.h). Its name and materials contain neither "证" nor
// "低保", so that tests counting those searches are not disturbed by the items others create.
export function itemDoc(code, over = {}) {
	return {
		code,
		impl_code: `${code}-1`,
		name: `浏览器测试事项${code.slice(-8)}`,
		type: 'GG',
		category: '测试分类',
		keywords: [],
		implementing_body: '白河县测试服务局',
		body_level: 'county',
		receive_levels: ['village', 'town', 'county'],
		decide_level: 'county',
		legal_basis: ['《白河县便民服务测试办法》第一条'],
		conditions: '本县户籍居民。',
		materials: [
			{ name: '申请表', necessity: 'required', form: 'original', copies: 1, source: 'applicant' },
			{ name: '户口簿复印件', necessity: 'deferrable', form: 'copy', copies: 2, source: 'applicant', source_note: '可后补' },
		],
		steps: [
			{ name: '受理', level: 'town', days: 1 },
			{ name: '审核办结', level: 'county', days: 4 },
		],
		statutory_days: 10,
		promised_days: 5,
		kind: 'promised',
		fee: { charged: false, items: [] },
		place: '县政务服务中心一楼',
		hours: '工作日 8:30-17:30',
		consult_phone: '0915-7000000',
		complaint_phone: '12345',
		visits: 1,
		online: false,
		scope: 'county',
		faq: [{ q: '能代办吗？', a: '可以委托村（社区）代办员代办。' }],
		...over,
	};
}

// Creates an item as the supervisor; returns the created document.
export async function createItem(doc) {
	const sup = await apiAs(SUPERVISOR);
	try {
		const r = await sup.post('/items', doc);
		assert.equal(r.status, 201, `POST /items: ${r.status} ${JSON.stringify(r.body)}`);
		return r.body;
	} finally {
		await sup.dispose();
	}
}

// Claims an item for a venue as the supervisor.
export async function claimItem(venueId, code) {
	const sup = await apiAs(SUPERVISOR);
	try {
		const r = await sup.post(`/venues/${venueId}/claims`, { item_code: code });
		assert.ok(r.status === 201 || r.status === 200, `claim ${code} at ${venueId}: ${r.status} ${JSON.stringify(r.body)}`);
	} finally {
		await sup.dispose();
	}
}

// The search answer for q; when it is empty (no demo catalogue), first creates an item from
// makeDoc(code) that the search finds.
export async function searchOrCreate(q, makeDoc) {
	const pub = await publicApi();
	try {
		const path = `/items?q=${encodeURIComponent(q)}&limit=200`;
		let r = await pub.get(path);
		if (r.total === 0) {
			await createItem(makeDoc(uniqueCode()));
			r = await pub.get(path);
		}
		assert.ok(r.total > 0, `GET ${path} finds nothing even after creating an item`);
		return r;
	} finally {
		await pub.dispose();
	}
}
