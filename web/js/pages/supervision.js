// supervision.js — 电子监察 for the county supervisor and town managers in scope: the live list
// of warnings, cards and breaches (GET /api/v1/supervision/alerts, polled every 10 s), filters,
// a schematic map of Baihe's 11 towns coloured by open red/yellow cards (GET
// /api/v1/supervision/summary), and the accountability form (POST …/alerts/{id}/accountability,
// county supervisor only) with the records made (GET /api/v1/accountability).

import { computed, onBeforeUnmount, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/supervision.js';
import { api } from '../api.js';
import { formatTime, startPage } from '../common.js';
import { TOWN_POSITIONS } from '../town-map.js';

const POLL_MS = 10000;

const LEVELS = [
	{ code: '', label: '全部' },
	{ code: 'red', label: '红牌' },
	{ code: 'yellow', label: '黄牌' },
	{ code: 'warning', label: '预警' },
	{ code: 'breach', label: '违规' },
];

const MEASURES = [
	{ code: 'talk', label: '约谈' },
	{ code: 'criticism', label: '书面批评' },
	{ code: 'notice', label: '通报' },
];

const KIND_LABELS = {
	case_due: '办件时限', step_due: '环节时限', inquiry_open: '首问未办结', petition_accept: '信访受理时限',
	petition_reply: '信访答复时限', late_step: '环节超时', notice_not_listed: '告知外补要材料', window_gap: '窗口断档', rectification_due: '差评整改时限',
};

startPage((session) => ({
	setup() {
		const alerts = ref([]);
		const total = ref(0);
		const summary = ref({ items: [], total: {} });
		const records = ref([]);
		const level = ref('');
		const openOnly = ref(true);
		const org = ref('');
		const error = ref('');
		const chosen = ref(null);
		const form = ref({ measure: 'talk', decision: '' });
		const formError = ref('');
		const saved = ref('');
		const busy = ref(false);
		const isSupervisor = session.user.role === 'county_supervisor';
		// Window staff and village agents see the alerts that name them (the `mine` view).
		const wholeScope = ['venue_manager', 'county_supervisor', 'admin'].includes(session.user.role);
		const none = Promise.resolve({ items: [], total: {} });

		async function load() {
			try {
				const query = { level: level.value, open: openOnly.value ? 1 : '', org: org.value, limit: 200 };
				if (!wholeScope) query.view = 'mine';
				const [list, sum, recs] = await Promise.all([
					api.get('/supervision/alerts', query),
					wholeScope ? api.get('/supervision/summary') : none,
					wholeScope ? api.get('/accountability', { limit: 50 }) : none,
				]);
				alerts.value = list.items;
				total.value = list.total;
				summary.value = sum;
				records.value = recs.items;
				error.value = '';
			} catch (e) {
				error.value = e.message;
			}
		}

		const towns = computed(() => summary.value.items
			.filter((t) => TOWN_POSITIONS[t.code])
			.map((t) => ({
				...t, x: TOWN_POSITIONS[t.code][0], y: TOWN_POSITIONS[t.code][1],
				state: t.red > 0 ? 'red' : t.yellow > 0 ? 'yellow' : 'clear',
			})));

		function setLevel(code) {
			level.value = code;
			load();
		}
		function pickOrg(code) {
			org.value = org.value === code ? '' : code;
			load();
		}
		function choose(a) {
			chosen.value = a;
			form.value = { measure: 'talk', decision: '' };
			formError.value = '';
			saved.value = '';
		}
		async function record() {
			busy.value = true;
			formError.value = '';
			try {
				const r = await api.post(`/supervision/alerts/${chosen.value.id}/accountability`, form.value);
				saved.value = `已记录：${r.measure_label}（${r.person_name || '—'}）`;
				chosen.value = null;
				await load();
			} catch (e) {
				formError.value = e.message;
			} finally {
				busy.value = false;
			}
		}

		const levelClass = (l) => `tag level-${l}`;
		const timer = setInterval(load, POLL_MS);
		onBeforeUnmount(() => clearInterval(timer));
		load();
		return {
			user: session.user, alerts, total, summary, towns, records, levels: LEVELS, measures: MEASURES,
			level, openOnly, org, error, chosen, form, formError, saved, busy, isSupervisor,
			kindLabel: (k) => KIND_LABELS[k] || k, levelClass, setLevel, pickOrg, choose, record, load, formatTime,
		};
	},
	render,
}));
