// portal.js — what the public pages (web/portal/) share besides common.js: the citizen's
// remembered village (localStorage, so "去哪办" answers for their own village next time) and the
// picker that chooses it (town → village/community from GET /api/v1/public/orgs).

import { onMounted, ref } from '../gen/vue.js';
import { render as pickerRender } from '../gen/tpl/village-picker.js';
import { api } from './api.js';

const VILLAGE_KEY = 'bm-village';

// {code, name, town_code, town_name} or null.
export function storedVillage() {
	try {
		const v = JSON.parse(localStorage.getItem(VILLAGE_KEY) || 'null');
		return v && typeof v.code === 'string' && typeof v.town_code === 'string' ? v : null;
	} catch {
		return null;
	}
}

export function storeVillage(v) {
	try {
		if (v) localStorage.setItem(VILLAGE_KEY, JSON.stringify(v));
		else localStorage.removeItem(VILLAGE_KEY);
	} catch {
		/* storage disabled: chosen for this page only */
	}
}

// Every row of a public list (they are small: 11 towns, ~20 villages a town).
async function allOrgs(query) {
	const r = await api.get('/public/orgs', { ...query, limit: 1000 });
	return r.items;
}

// <village-picker @change="…">: shows the remembered village with a 更改 button, or the two
// selects. Emits change with the chosen village ({code, name, town_code, town_name}).
export const VillagePicker = {
	name: 'VillagePicker',
	emits: ['change'],
	setup(props, { emit }) {
		const chosen = ref(storedVillage());
		const editing = ref(!chosen.value);
		const towns = ref([]);
		const villages = ref([]);
		const townCode = ref(chosen.value ? chosen.value.town_code : '');
		const villageCode = ref(chosen.value ? chosen.value.code : '');
		const error = ref('');
		const loadingVillages = ref(false);

		async function loadTowns() {
			if (towns.value.length) return;
			try {
				towns.value = await allOrgs({ level: 'town' });
			} catch (e) {
				error.value = e.message;
			}
		}

		async function loadVillages() {
			villages.value = [];
			if (!townCode.value) return;
			loadingVillages.value = true;
			try {
				villages.value = await allOrgs({ parent: townCode.value });
			} catch (e) {
				error.value = e.message;
			} finally {
				loadingVillages.value = false;
			}
		}

		function townChanged() {
			villageCode.value = '';
			loadVillages();
		}

		function villageChanged() {
			const town = towns.value.find((t) => t.code === townCode.value);
			const village = villages.value.find((v) => v.code === villageCode.value);
			if (!town || !village) return;
			chosen.value = { code: village.code, name: village.name, town_code: town.code, town_name: town.name };
			storeVillage(chosen.value);
			editing.value = false;
			emit('change', chosen.value);
		}

		function change() {
			editing.value = true;
			loadTowns().then(loadVillages);
		}

		onMounted(() => {
			if (editing.value) loadTowns();
			if (chosen.value) emit('change', chosen.value);
		});

		return {
			chosen, editing, towns, villages, townCode, villageCode, error, loadingVillages,
			townChanged, villageChanged, change,
		};
	},
	render: pickerRender,
};
