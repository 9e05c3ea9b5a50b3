// api.js — the one way pages talk to the server's JSON API.
//
// Sends and receives JSON, sends the session's CSRF token as X-CSRF-Token on every request
// that changes state, and turns the API's {"error":{"code","message"}} into a thrown ApiError
// whose message is the server's Chinese text, ready to show. The session itself is an
// HttpOnly cookie the page never sees; the CSRF token comes in the session JSON and is kept in
// sessionStorage (per tab, gone when the tab closes).

const CSRF_KEY = 'bm-csrf';
const BASE = '/api/v1';

export class ApiError extends Error {
	constructor(status, code, message, field = '') {
		super(message);
		this.name = 'ApiError';
		this.status = status; // HTTP status; 0 when the server could not be reached
		this.code = code; // the API's stable machine code, e.g. "invalid_credentials"
		this.field = field; // the input at fault, e.g. "materials[1].necessity", or ''
	}
}

function storedCsrf() {
	try {
		return window.sessionStorage.getItem(CSRF_KEY) || '';
	} catch {
		return '';
	}
}

function storeCsrf(token) {
	try {
		if (token) window.sessionStorage.setItem(CSRF_KEY, token);
		else window.sessionStorage.removeItem(CSRF_KEY);
	} catch {
		/* storage disabled: the token is fetched again when needed */
	}
}

function changesState(method) {
	return method !== 'GET' && method !== 'HEAD';
}

// "/venues", {limit: 20, org: undefined} -> "/api/v1/venues?limit=20"
function url(path, query) {
	const params = new URLSearchParams();
	for (const [k, v] of Object.entries(query || {}))
		if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
	const qs = params.toString();
	return BASE + path + (qs ? `?${qs}` : '');
}

async function send(method, path, { query, body } = {}, retried = false) {
	const headers = { Accept: 'application/json' };
	const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	if (changesState(method)) {
		// Logging in needs no token (there is no session yet); everything else does.
		const isLogin = method === 'POST' && path === '/session';
		const token = storedCsrf() || (isLogin ? '' : await refreshCsrf());
		if (token) headers['X-CSRF-Token'] = token;
	}

	let res;
	try {
		res = await fetch(url(path, query), init);
	} catch {
		throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
	}
	const text = await res.text();
	let data = null;
	if (text) {
		try {
			data = JSON.parse(text);
		} catch {
			data = null;
		}
	}
	if (res.ok) return data;

	const err = data && data.error;
	// A token from another tab's login, or from before the server restarted: fetch the
	// current one and try once more.
	if (res.status === 403 && err && err.code === 'csrf_failed' && !retried) {
		storeCsrf('');
		if (await refreshCsrf()) return send(method, path, { query, body }, true);
	}
	if (res.status === 401) storeCsrf('');
	throw new ApiError(res.status, (err && err.code) || `http_${res.status}`,
		(err && err.message) || `服务器暂时无法处理请求（${res.status}），请稍后再试`,
		(err && err.field) || '');
}

// Fetches the session to learn the current CSRF token; '' when not logged in.
async function refreshCsrf() {
	try {
		const s = await send('GET', '/session');
		storeCsrf(s.csrf_token);
		return s.csrf_token;
	} catch {
		return '';
	}
}

export const api = {
	get: (path, query) => send('GET', path, { query }),
	post: (path, body) => send('POST', path, { body }),
	patch: (path, body) => send('PATCH', path, { body }),
	put: (path, body) => send('PUT', path, { body }),
	delete: (path) => send('DELETE', path),
};

// The logged-in user's session ({user, csrf_token}); throws ApiError 401 when there is none.
export async function getSession() {
	const s = await send('GET', '/session');
	storeCsrf(s.csrf_token);
	return s;
}

export async function login(username, password) {
	const s = await send('POST', '/session', { body: { username, password } });
	storeCsrf(s.csrf_token);
	return s;
}

export async function logout() {
	try {
		await send('DELETE', '/session');
	} finally {
		storeCsrf('');
	}
}
