// records.js — 统计明细: the records behind one figure of the dashboard or a bulletin
// (GET /api/v1/stats/records?measure=&org=&from=&to=), 50 a page, newest first; cases (and the
// cases of ratings) link to case.html; window time (duty) shows the window, who sat there and
// when.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/records.js';
import { api } from '../api.js';
import { queryParam, startPage } from '../common.js';
import { MEASURE_LABELS } from '../stats-labels.js';

const PAGE = 50;
const KIND_LABELS = { case: '办件', rating: '评价', alert: '监察', petition: '信访', duty: '在岗记录' };
const LEVEL_LABELS = {
	very_satisfied: '非常满意', satisfied: '满意', basic: '基本满意', dissatisfied: '不满意', very_dissatisfied: '非常不满意',
	warning: '预警', yellow: '黄牌', red: '红牌', breach: '违规',
	A: 'A岗在岗', B: 'B岗顶岗', gap: '断档（无人在岗）',
};

// China time of day of an epoch second, "HH:MM".
const clockOf = (epoch) => new Date((epoch + 8 * 3600) * 1000).toISOString().slice(11, 16);

// What a record is about: the item or title; for window time, the window and who sat there.
function contentText(r) {
	if (r.kind === 'duty')
		return r.title ? `${r.item_name} · ${r.title}` : r.item_name;
	return r.item_name || r.title || '—';
}

// The due date; for window time, when it ran and how long.
function limitText(r) {
	if (r.kind === 'duty')
		return `${clockOf(r.at)}–${clockOf(r.at + r.seconds)}（${Math.round(r.seconds / 60)} 分钟）`;
	return r.due_date || '—';
}

startPage((session) => ({
	setup() {
		const measure = queryParam('measure') || 'received';
		const query = {
			measure, org: queryParam('org') || session.user.org_code, from: queryParam('from') || '', to: queryParam('to') || '',
		};
		const items = ref([]);
		const total = ref(0);
		const page = ref(1);
		const orgName = ref('');
		const error = ref('');
		const busy = ref(false);
		const pages = computed(() => Math.max(1, Math.ceil(total.value / PAGE)));

		async function go(n) {
			busy.value = true;
			try {
				const r = await api.get('/stats/records', { ...query, limit: PAGE, offset: (n - 1) * PAGE });
				items.value = r.items;
				total.value = r.total;
				page.value = n;
				error.value = '';
			} catch (e) {
				error.value = e.message;
			} finally {
				busy.value = false;
			}
		}
		api.get(`/orgs/${query.org}`).then((o) => { orgName.value = o.name; }, () => { orgName.value = query.org; });
		go(1);
		return {
			user: session.user, query, measureLabel: MEASURE_LABELS[measure] || measure, items, total, page, pages,
			orgName, error, busy, go,
			kindLabel: (k) => KIND_LABELS[k] || k,
			levelLabel: (l) => LEVEL_LABELS[l] || l || '',
			contentText,
			limitText,
			caseHref: (no) => `/case.html?no=${encodeURIComponent(no)}`,
			petitionHref: (no) => `/petitions.html?no=${encodeURIComponent(no)}`,
		};
	},
	render,
}));
