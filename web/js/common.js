// common.js — what every page shares: the labels of codes, the login guard, the page headers
// (staff: nav, 适老化 large-text switch, logout; public: the portal's own header with the same
// switch), the pager of a paged list and mounting a page's root component.

import { computed, createApp, onBeforeUnmount, onMounted, ref } from '../gen/vue.js';
import { render as headerRender } from '../gen/tpl/app-header.js';
import { render as pageNavRender } from '../gen/tpl/page-nav.js';
import { render as portalHeaderRender } from '../gen/tpl/portal-header.js';
import { ApiError, getSession, logout } from './api.js';

export const COUNTY_NAME = '白河县';

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

// Roles the API lets change the catalogue (ACT_CATALOG_WRITE) and claims (ACT_CLAIM_WRITE).
export const CATALOG_EDITORS = ['county_supervisor', 'admin'];
export const CLAIM_EDITORS = ['venue_manager', 'county_supervisor', 'admin'];

// --- the item document's codes (src/domain/item.c, docs/catalog-csv.md) ---------------------

export const ITEM_TYPE_LABELS = {
	XK: '行政许可',
	GF: '行政给付',
	QR: '行政确认',
	JL: '行政奖励',
	CJ: '行政裁决',
	QT: '其他行政权力',
	GG: '公共服务',
	ZS: '行政征收',
};
// The level of a body or a process step.
export const ITEM_LEVEL_LABELS = { village: '村（社区）', town: '镇', county: '县级' };
// Who receives (受理层级): the village room takes it in on the citizen's behalf (代办).
export const RECEIVE_LABELS = { village: '村代办', town: '镇受理', county: '县受理' };
export const LEVEL_CODES = ['village', 'town', 'county'];
export const NECESSITY_LABELS = { required: '必要', deferrable: '容缺可补' };
export const FORM_LABELS = {
	original: '原件',
	copy: '复印件',
	original_and_copy: '原件及复印件',
	electronic: '电子材料',
};
export const SOURCE_LABELS = {
	applicant: '申请人自备',
	village: '村（社区）开具',
	town: '镇（街道）开具',
	county: '县级部门开具',
	shared: '部门共享获取，无需提交',
	other: '其他',
};
export const KIND_OF_ITEM_LABELS = { instant: '即办件', promised: '承诺件' };
export const SCOPE_LABELS = {
	none: '不通办（在户籍地办理）',
	cross_village: '跨村（社区）通办',
	town: '全镇通办',
	county: '全县通办',
};

// Roles that rectify 差评, appeal ratings (ACT_RECTIFY, ACT_RATING_APPEAL) and decide appeals.
export const RECTIFIERS = ['window_staff', 'venue_manager', 'county_supervisor'];
export const APPEALERS = ['window_staff', 'venue_manager'];
export const APPEAL_DECIDERS = ['county_supervisor'];
export const PAPER_RATERS = ['village_agent', 'window_staff', 'venue_manager'];

// Roles that decide on petitions (ACT_PETITION_DECIDE) and retry messages (ACT_NOTIFY_RETRY).
export const PETITION_DECIDERS = ['venue_manager', 'county_supervisor', 'admin'];
export const NOTIFY_RETRIERS = ['window_staff', 'venue_manager', 'county_supervisor', 'admin'];

// "2025-09-26T09:00:00+08:00" -> "2025-09-26 09:00" (the server already speaks China time).
export function formatTime(rfc3339) {
	const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339 || '');
	return m ? `${m[1]} ${m[2]}` : '';
}

// A local datetime-local input value ("2025-09-26T14:30") as RFC 3339 in China time.
export function chinaTime(local) {
	return local ? `${local}:00+08:00` : undefined;
}

export const label = (table, code) => (code in table ? table[code] : code || '');

// "村代办 · 镇受理"
export const receiveText = (levels) => (levels || []).map((l) => label(RECEIVE_LABELS, l)).join(' · ');

// An item's time limit as a citizen reads it: "即办件 · 当场办结" / "承诺件 · 20 个工作日".
export function limitText(item) {
	return item.kind === 'instant'
		? '即办件 · 当场办结'
		: `承诺件 · ${item.promised_days} 个工作日`;
}

// "到现场 1 次" / "不用跑（全程网办）"
export function visitsText(n) {
	return n === 0 ? '不用跑（全程网办）' : `到现场 ${n} 次`;
}

// A URL query parameter of this page, '' when absent.
export function queryParam(name) {
	return new URLSearchParams(location.search).get(name) || '';
}

// "2020-03-15" -> "2020年3月15日"
export function formatDate(iso) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
	return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

export function loginUrl() {
	return `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`;
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

// The staff navigation: the workbench, four groups of pages and the public portal. `roles`
// limits an entry to the roles whose API calls it needs (others would only meet 403 there).
const MANAGERS = ['venue_manager', 'county_supervisor', 'admin'];
const COUNTY = ['county_supervisor', 'admin'];
export const STAFF_NAV = [
	{ key: 'workbench', href: '/', text: '工作台' },
	{
		group: 'service', text: '办件服务', items: [
			{ key: 'inquiries', href: '/inquiries.html', text: '首问登记' },
			{ key: 'intake', href: '/intake.html', text: '受理' },
			{ key: 'cases', href: '/cases.html', text: '办件' },
			{ key: 'appointments', href: '/appointments.html', text: '预约' },
			{ key: 'visits', href: '/visits.html', text: '上门服务' },
			{ key: 'calls', href: '/calls.html', text: '电话服务' },
			{ key: 'petitions', href: '/petitions.html', text: '信访调处' },
		],
	},
	{
		group: 'windows', text: '窗口', items: [
			{ key: 'window', href: '/window.html', text: '窗口叫号' },
			{ key: 'windows', href: '/windows.html', text: '窗口与AB岗' },
			{ key: 'notifications', href: '/notifications.html', text: '消息通知' },
		],
	},
	{
		group: 'oversight', text: '监督考核', items: [
			{ key: 'ratings', href: '/ratings.html', text: '好差评' },
			{ key: 'supervision', href: '/supervision.html', text: '电子监察' },
			{ key: 'dashboard', href: '/dashboard.html', text: '统计看板', roles: MANAGERS },
			{ key: 'assessment', href: '/assessment.html', text: '考核排名', roles: MANAGERS },
			{ key: 'bulletins', href: '/bulletins.html', text: '督查通报', roles: MANAGERS },
		],
	},
	{
		group: 'groundwork', text: '规范建设', items: [
			{ key: 'catalog', href: '/catalog.html', text: '事项清单' },
			{ key: 'standard', href: '/standard.html', text: '标准化', roles: MANAGERS },
			{ key: 'training', href: '/training.html', text: '业务培训' },
			{ key: 'survey', href: '/survey.html', text: '调研报告', roles: COUNTY },
			{ key: 'calendar', href: '/calendar.html', text: '工作日历', roles: COUNTY },
		],
	},
	{ key: 'portal', href: '/portal/', text: '群众门户' },
];

// The navigation as `role` sees it: entries it may use, groups with at least one of them.
export function navFor(role) {
	const allowed = (entry) => !entry.roles || entry.roles.includes(role);
	return STAFF_NAV.filter(allowed)
		.map((entry) => (entry.items ? { ...entry, items: entry.items.filter(allowed) } : entry))
		.filter((entry) => !entry.items || entry.items.length > 0);
}

// One menu open at a time; a click elsewhere or Escape closes it (focus back on its summary).
// The open group is this state, set by the summary's click (mouse, Enter or Space) with the
// browser's own toggling prevented: state and page never disagree, not even for a moment.
function useNavMenus() {
	const openGroup = ref('');
	const toggle = (group) => {
		openGroup.value = openGroup.value === group ? '' : group;
	};
	const closeOnOutside = (event) => {
		if (openGroup.value && !event.target.closest?.('.nav-group'))
			openGroup.value = '';
	};
	const closeOnEscape = (event) => {
		if (event.key !== 'Escape' || !openGroup.value)
			return;
		document.querySelector(`.nav-group[data-group="${openGroup.value}"] > summary`)?.focus();
		openGroup.value = '';
	};
	onMounted(() => {
		document.addEventListener('click', closeOnOutside);
		document.addEventListener('keydown', closeOnEscape);
	});
	onBeforeUnmount(() => {
		document.removeEventListener('click', closeOnOutside);
		document.removeEventListener('keydown', closeOnEscape);
	});
	return { openGroup, toggleGroup: toggle };
}

export const AppHeader = {
	name: 'AppHeader',
	props: {
		user: { type: Object, default: null }, // session.user; null on the login page
		current: { type: String, default: '' }, // nav key of this page
	},
	setup(props) {
		const loggingOut = ref(false);
		const logoutError = ref('');
		const nav = computed(() => navFor(props.user?.role));
		const holdsCurrent = (entry) => entry.items.some((item) => item.key === props.current);
		async function doLogout() {
			loggingOut.value = true;
			logoutError.value = '';
			try {
				await logout();
				location.assign('/login.html');
			} catch (e) {
				loggingOut.value = false;
				logoutError.value = e.message;
			}
		}
		return {
			nav, holdsCurrent, loggingOut, logoutError, doLogout, ...useNavMenus(), ...useLargeText(),
		};
	},
	render: headerRender,
};

// The header of the public pages (no login): the portal's sections and the 适老化 switch.
export const PortalHeader = {
	name: 'PortalHeader',
	props: {
		current: { type: String, default: '' },
	},
	setup() {
		const nav = [
			{ key: 'search', href: '/portal/', text: '查事项' },
			{ key: 'where', href: '/portal/where.html', text: '去哪办' },
			{ key: 'venues', href: '/portal/venues.html', text: '办事地点' },
			{ key: 'track', href: '/portal/track.html', text: '查进度' },
			{ key: 'book', href: '/portal/book.html', text: '预约办事' },
		];
		return { nav, county: COUNTY_NAME, ...useLargeText() };
	},
	render: portalHeaderRender,
};

// The pager under a paged list: 上一页 / 第 N / M 页 / 下一页, hidden when there is one page;
// emits `go` with the page number asked for (the page loads it and updates `page`).
export const PageNav = {
	name: 'PageNav',
	props: {
		page: { type: Number, required: true },
		pages: { type: Number, required: true },
		busy: { type: Boolean, default: false }, // a load in progress: both buttons wait
	},
	emits: ['go'],
	render: pageNavRender,
};

// Mounts a page's root component on #app with the shared components registered.
export function mountPage(component) {
	const app = createApp(component);
	app.component('AppHeader', AppHeader);
	app.component('PortalHeader', PortalHeader);
	app.component('PageNav', PageNav);
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

// The session when someone is logged in, else null; never redirects (for public pages).
export async function optionalSession() {
	try {
		return await getSession();
	} catch {
		return null;
	}
}

// A logged-in page: waits for the session, then mounts makePage(session).
export function startPage(makePage) {
	requireSession()
		.then((session) => mountPage(makePage(session)))
		.catch((e) => showFatal(e.message || '页面加载失败，请刷新重试'));
}
