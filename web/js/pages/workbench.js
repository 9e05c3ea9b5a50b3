// workbench.js — 工作台: who is logged in, a warning when next year's holiday arrangement is due
// (GET /api/v1/calendar/years), and the venues in their scope, a page at a time
// (GET /api/v1/venues with limit/offset). The page number lives in the URL (?page=N) so reload
// and the back button keep it.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/workbench.js';
import { api } from '../api.js';
import { LEVEL_LABELS, label, startPage } from '../common.js';

const PAGE_SIZE = 20;

function pageFromUrl() {
	const n = Number(new URLSearchParams(location.search).get('page'));
	return Number.isInteger(n) && n > 0 ? n : 1;
}

function workbench(session) {
	return {
		name: 'WorkbenchPage',
		setup() {
			const venues = ref([]);
			const total = ref(0);
			const page = ref(pageFromUrl());
			const loaded = ref(false);
			const busy = ref(false);
			const error = ref('');
			const pages = computed(() => Math.max(1, Math.ceil(total.value / PAGE_SIZE)));

			async function load() {
				busy.value = true;
				error.value = '';
				try {
					const r = await api.get('/venues', { limit: PAGE_SIZE, offset: (page.value - 1) * PAGE_SIZE });
					venues.value = r.items;
					total.value = r.total;
					// Past the end (the list shrank, or a hand-typed ?page=): show the last page.
					if (!r.items.length && r.total > 0 && page.value > 1) {
						page.value = Math.ceil(r.total / PAGE_SIZE);
						history.replaceState(null, '', `?page=${page.value}`);
						return load();
					}
					loaded.value = true;
				} catch (e) {
					error.value = e.message;
				} finally {
					busy.value = false;
				}
			}

			function go(n) {
				page.value = n;
				history.pushState(null, '', n > 1 ? `?page=${n}` : './');
				load();
			}
			window.addEventListener('popstate', () => {
				page.value = pageFromUrl();
				load();
			});
			load();
			// Whether next year's holiday arrangement is due (a banner for everyone: intake of
			// items whose deadline falls past the calendar's end fails until it is loaded).
			const calendar = ref(null);
			api.get('/calendar/years').then((c) => { calendar.value = c; }, () => {});

			return {
				user: session.user,
				calendar,
				venues,
				total,
				page,
				pages,
				loaded,
				busy,
				error,
				go,
				levelLabel: (code) => label(LEVEL_LABELS, code),
			};
		},
		render,
	};
}

startPage(workbench);
