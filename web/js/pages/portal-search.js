// portal-search.js — 群众门户 home (/portal/): search the catalogue (GET /api/v1/items?q=, public),
// filter by the level that receives and by category, browse by category, and the 办事主题
// (life events) with their "去哪办" pages. The query lives in the URL (?q=&level=&category=),
// so a search can be bookmarked, shared and survives the back button.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-search.js';
import { api } from '../api.js';
import {
	ITEM_TYPE_LABELS, label, limitText, mountPage, queryParam, receiveText, showFatal, visitsText,
} from '../common.js';

const HOT_WORDS = ['低保', '养老', '医保', '户口', '身份证', '建房', '残疾', '证明'];
const LEVEL_FILTERS = [
	{ code: '', text: '全部' },
	{ code: 'village', text: '村里能代办' },
	{ code: 'town', text: '镇上能办' },
	{ code: 'county', text: '县里办' },
];

const SearchPage = {
	name: 'PortalSearchPage',
	setup() {
		const q = ref(queryParam('q'));
		const level = ref(LEVEL_FILTERS.some((f) => f.code === queryParam('level')) ? queryParam('level') : '');
		const category = ref(queryParam('category'));
		const results = ref([]);
		const total = ref(0);
		const searched = ref(false);
		const busy = ref(false);
		const error = ref('');
		const all = ref([]); // every item's summary: the categories and their counts
		const events = ref([]);
		let seq = 0;
		let timer = 0;

		const categories = computed(() => {
			const counts = new Map();
			for (const it of all.value) counts.set(it.category, (counts.get(it.category) || 0) + 1);
			return [...counts].map(([name, count]) => ({ name, count }));
		});
		const filtering = computed(() => Boolean(q.value.trim() || level.value || category.value));

		function syncUrl() {
			const p = new URLSearchParams();
			if (q.value.trim()) p.set('q', q.value.trim());
			if (level.value) p.set('level', level.value);
			if (category.value) p.set('category', category.value);
			const qs = p.toString();
			history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
		}

		async function search() {
			clearTimeout(timer);
			syncUrl();
			const mine = ++seq;
			if (!filtering.value) {
				results.value = [];
				searched.value = false;
				return;
			}
			busy.value = true;
			error.value = '';
			try {
				const r = await api.get('/items', {
					q: q.value.trim(), level: level.value, category: category.value, limit: 200,
				});
				if (mine !== seq) return; // an older answer arriving after a newer one
				results.value = r.items;
				total.value = r.total;
				searched.value = true;
			} catch (e) {
				if (mine === seq) error.value = e.message;
			} finally {
				if (mine === seq) busy.value = false;
			}
		}

		// As the citizen types: search after a short pause.
		function typed() {
			clearTimeout(timer);
			timer = setTimeout(search, 350);
		}

		function useWord(word) {
			q.value = word;
			search();
		}

		function chooseCategory(name) {
			category.value = name;
			search();
			window.scrollTo(0, 0);
		}

		function clearAll() {
			q.value = '';
			level.value = '';
			category.value = '';
			search();
		}

		api.get('/items', { limit: 1000 }).then((r) => { all.value = r.items; }, () => {});
		api.get('/life-events').then((r) => { events.value = Array.isArray(r) ? r : r.items; }, () => {});
		search();

		return {
			q, level, category, results, total, searched, busy, error, categories, events, filtering,
			hotWords: HOT_WORDS, levelFilters: LEVEL_FILTERS,
			search, typed, useWord, chooseCategory, clearAll,
			limitText, visitsText, receiveText,
			typeLabel: (t) => label(ITEM_TYPE_LABELS, t),
			guideHref: (code) => `/portal/item.html?code=${encodeURIComponent(code)}`,
			whereHref: (code) => `/portal/where.html?item=${encodeURIComponent(code)}`,
		};
	},
	render,
};

try {
	mountPage(SearchPage);
} catch (e) {
	showFatal(e.message || '页面加载失败，请刷新重试');
}
