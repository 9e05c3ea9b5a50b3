// portal-venues.js — 办事地点 (/portal/venues.html?level=&town=): the county's venues with their
// public contact data (GET /api/v1/public/venues?level=), each linking to its 公示 page and its
// hall display. The town filter uses the town's villages (GET /api/v1/public/orgs?parent=).

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-venues.js';
import { api } from '../api.js';
import { KIND_LABELS, LEVEL_LABELS, label, mountPage, queryParam } from '../common.js';
import { storedVillage } from '../portal.js';

const LEVELS = [
	{ code: 'county', text: '县级' },
	{ code: 'town', text: '镇级' },
	{ code: 'village', text: '村（社区）' },
];

const VenuesPage = {
	name: 'PortalVenuesPage',
	setup() {
		const mine = storedVillage();
		const level = ref(LEVELS.some((l) => l.code === queryParam('level')) ? queryParam('level') : 'county');
		const townCode = ref(queryParam('town') || (mine ? mine.town_code : ''));
		const towns = ref([]);
		const villageCodes = ref(null); // Set of the chosen town's villages, once loaded
		const venues = ref([]);
		const error = ref('');
		const loaded = ref(false);

		const shown = computed(() => {
			if (level.value === 'county' || !townCode.value) return venues.value;
			if (level.value === 'town') return venues.value.filter((v) => v.org_code === townCode.value);
			const set = villageCodes.value;
			return set ? venues.value.filter((v) => set.has(v.org_code)) : [];
		});

		function syncUrl() {
			const p = new URLSearchParams({ level: level.value });
			if (level.value !== 'county' && townCode.value) p.set('town', townCode.value);
			history.replaceState(null, '', `?${p}`);
		}

		async function load() {
			syncUrl();
			loaded.value = false;
			error.value = '';
			try {
				const [r] = await Promise.all([
					api.get('/public/venues', { level: level.value, limit: 1000 }),
					loadVillages(),
				]);
				venues.value = r.items;
				loaded.value = true;
			} catch (e) {
				error.value = e.message;
			}
		}

		async function loadVillages() {
			if (level.value !== 'village' || !townCode.value) return;
			villageCodes.value = null;
			const r = await api.get('/public/orgs', { parent: townCode.value, limit: 1000 });
			villageCodes.value = new Set(r.items.map((o) => o.code));
		}

		function setLevel(code) {
			level.value = code;
			load();
		}

		api.get('/public/orgs', { level: 'town', limit: 1000 }).then((r) => { towns.value = r.items; }, () => {});
		load();

		return {
			levels: LEVELS, level, townCode, towns, shown, error, loaded,
			setLevel, townChanged: load,
			kindLabel: (k) => label(KIND_LABELS, k),
			levelLabel: (l) => label(LEVEL_LABELS, l),
		};
	},
	render,
};

mountPage(VenuesPage);
