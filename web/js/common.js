// common.js — what every staff page shares: the labels of codes, the login guard, the page
// header (nav, 适老化 large-text switch, logout) and mounting a page's root component.

import { createApp, ref } from '../gen/vue.js';
import { render as headerRender } from '../gen/tpl/app-header.js';
import { ApiError, getSession, logout } from './api.js';

export const LEVEL_LABELS = { county: '县级', town: '镇级', village: '村级' };
// Venue kinds (venues.kind).
export const KIND_LABELS = {
	center: '县政务服务中心',
	dept_hall: '部门分厅',
	hall: '镇便民服务中心',
	room: '村（社区）便民服务室',
};
export const ZONES = [
	{ code: 'handling', label: '办理区' },
	{ code: 'waiting', label: '等候区' },
	{ code: 'self_service', label: '自助区' },
	{ code: 'consultation', label: '会商区' },
	{ code: 'meeting', label: '会议室' },
];
// Roles the API lets edit a venue profile (ACT_VENUE_WRITE on the server).
export const VENUE_EDITORS = ['venue_manager', 'county_supervisor', 'admin'];

export const label = (table, code) => (code in table ? table[code] : code || '');

// "2020-03-15" -> "2020年3月15日"
export function formatDate(iso) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
	return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

export function loginUrl() {
	return `login.html?next=${encodeURIComponent(location.pathname + location.search)}`;
}

// The session, or a redirect to the login page (the returned promise then never settles).
export async function requireSession() {
	try {
		return await getSession();
	} catch (e) {
		if (e instanceof ApiError && e.status === 401) {
			location.replace(loginUrl());
			return new Promise(() => {});
		}
		throw e;
	}
}

// --- 适老化 large text ---------------------------------------------------------------------

const LARGE_TEXT_KEY = 'bm-large-text'; // also read by prefs.js before first paint
const largeText = ref(document.documentElement.classList.contains('large-text'));

export function useLargeText() {
	const toggle = () => {
		largeText.value = !largeText.value;
		document.documentElement.classList.toggle('large-text', largeText.value);
		try {
			localStorage.setItem(LARGE_TEXT_KEY, largeText.value ? '1' : '0');
		} catch {
			/* not remembered, still applied */
		}
	};
	return { largeText, toggleLargeText: toggle };
}

// --- header --------------------------------------------------------------------------------

export const AppHeader = {
	name: 'AppHeader',
	props: {
		user: { type: Object, default: null }, // session.user; null on the login page
		current: { type: String, default: '' }, // nav key of this page
	},
	setup() {
		const loggingOut = ref(false);
		const logoutError = ref('');
		const nav = [{ key: 'workbench', href: './', text: '工作台' }];
		async function doLogout() {
			loggingOut.value = true;
			logoutError.value = '';
			try {
				await logout();
				location.assign('login.html');
			} catch (e) {
				loggingOut.value = false;
				logoutError.value = e.message;
			}
		}
		return { nav, loggingOut, logoutError, doLogout, ...useLargeText() };
	},
	render: headerRender,
};

// Mounts a page's root component on #app with the shared components registered.
export function mountPage(component) {
	const app = createApp(component);
	app.component('AppHeader', AppHeader);
	app.mount('#app');
	return app;
}

// Replaces the page with one error message, for when nothing else can be shown.
export function showFatal(message) {
	const p = document.createElement('p');
	p.className = 'alert alert-error page-fatal';
	p.setAttribute('role', 'alert');
	p.textContent = message;
	document.getElementById('app').replaceChildren(p);
}

// A logged-in page: waits for the session, then mounts makePage(session).
export function startPage(makePage) {
	requireSession()
		.then((session) => mountPage(makePage(session)))
		.catch((e) => showFatal(e.message || '页面加载失败，请刷新重试'));
}
