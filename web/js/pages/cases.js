// cases.js (page) — 办件 worklists (/cases.html?view=…&q=…): 我的, 本场所, 即将到期, 已超期,
// 待补材料 (GET /api/v1/cases?view=&q=, a page of summaries at a time). Due dates are coloured
// by the server's urgency — overdue red, due today orange, due soon yellow, otherwise green —
// and a row opens the case page. The tab, search and page live in the URL.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/cases.js';
import { api } from '../api.js';
import { formatDate, queryParam, startPage } from '../common.js';
import { caseHref, dueText, formatTime, statusText, urgencyClass } from '../cases.js';

const PAGE_SIZE = 50;
const VIEWS = [
	{ key: 'mine', text: '我的' },
	{ key: 'venue', text: '本场所' },
	{ key: 'due_soon', text: '即将到期' },
	{ key: 'overdue', text: '已超期' },
	{ key: 'waiting_materials', text: '待补材料' },
];
const viewFromUrl = () => (VIEWS.some((v) => v.key === queryParam('view')) ? queryParam('view') : 'mine');

function casesPage(session) {
	return {
		name: 'CasesPage',
		setup() {
			const view = ref(viewFromUrl());
			const q = ref(queryParam('q'));
			const page = ref(Math.max(1, Number(queryParam('page')) || 1));
			const items = ref([]);
			const total = ref(0);
			const loaded = ref(false);
			const busy = ref(false);
			const error = ref('');
			const pages = computed(() => Math.max(1, Math.ceil(total.value / PAGE_SIZE)));
			let seq = 0;

			function remember() {
				const p = new URLSearchParams({ view: view.value });
				if (q.value.trim()) p.set('q', q.value.trim());
				if (page.value > 1) p.set('page', String(page.value));
				history.replaceState(null, '', `?${p}`);
			}

			async function load() {
				const mine = ++seq;
				busy.value = true;
				error.value = '';
				remember();
				try {
					const r = await api.get('/cases', {
						view: view.value, q: q.value.trim(), limit: PAGE_SIZE, offset: (page.value - 1) * PAGE_SIZE,
					});
					if (mine !== seq) return;
					items.value = r.items;
					total.value = r.total;
					loaded.value = true;
				} catch (e) {
					if (mine === seq) error.value = e.message;
				} finally {
					if (mine === seq) busy.value = false;
				}
			}

			const show = (key) => { view.value = key; page.value = 1; load(); };
			const search = () => { page.value = 1; load(); };
			const go = (n) => { page.value = n; load(); };
			const open = (s) => location.assign(caseHref(s.no));
			load();

			return {
				user: session.user, views: VIEWS, view, q, page, pages, items, total, loaded, busy, error,
				show, search, go, open, caseHref, dueText, formatDate, formatTime, statusText, urgencyClass,
			};
		},
		render,
	};
}

startPage(casesPage);
