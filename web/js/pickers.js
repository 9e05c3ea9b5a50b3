// pickers.js — two small choosers the case and inquiry pages share:
//
//   <item-picker :level="…" @pick="…">   searches the catalogue (GET /api/v1/items?q=&level=)
//       as the user types and emits the chosen item's summary;
//   <venue-picker :exclude="id" @pick="…">   chooses a venue of the county or of a town from
//       the public venue list (GET /api/v1/public/orgs, /public/venues?org=) and emits it.

import { ref, watch } from '../gen/vue.js';
import { render as itemPickerRender } from '../gen/tpl/item-picker.js';
import { render as venuePickerRender } from '../gen/tpl/venue-picker.js';
import { api } from './api.js';
import { limitText, receiveText } from './common.js';

export const ItemPicker = {
	name: 'ItemPicker',
	props: {
		level: { type: String, default: '' }, // only items received at this level
		label: { type: String, default: '查找事项' },
	},
	emits: ['pick'],
	setup(props, { emit }) {
		const q = ref('');
		const found = ref([]);
		const searched = ref(false);
		const error = ref('');
		let seq = 0;
		let timer = 0;

		async function search() {
			clearTimeout(timer);
			const text = q.value.trim();
			const mine = ++seq;
			error.value = '';
			if (!text) {
				found.value = [];
				searched.value = false;
				return;
			}
			try {
				const r = await api.get('/items', { q: text, level: props.level, limit: 20 });
				if (mine !== seq) return;
				found.value = r.items;
				searched.value = true;
			} catch (e) {
				if (mine === seq) error.value = e.message;
			}
		}
		function typed() {
			clearTimeout(timer);
			timer = setTimeout(search, 250);
		}
		function pick(item) {
			emit('pick', item);
			q.value = '';
			found.value = [];
			searched.value = false;
		}
		return { q, found, searched, error, search, typed, pick, limitText, receiveText };
	},
	render: itemPickerRender,
};

export const VenuePicker = {
	name: 'VenuePicker',
	props: {
		exclude: { type: Number, default: 0 }, // the venue the matter is at now
		label: { type: String, default: '移交到' },
	},
	emits: ['pick'],
	setup(props, { emit }) {
		const orgs = ref([]);
		const org = ref('');
		const venues = ref([]);
		const venueId = ref('');
		const error = ref('');

		Promise.all([api.get('/public/orgs', { level: 'county' }), api.get('/public/orgs', { level: 'town' })])
			.then(([county, towns]) => { orgs.value = [...county.items, ...towns.items]; },
				(e) => { error.value = e.message; });

		watch(org, async (code) => {
			venues.value = [];
			venueId.value = '';
			emit('pick', null);
			if (!code) return;
			try {
				const r = await api.get('/public/venues', { org: code, limit: 100 });
				venues.value = r.items.filter((v) => v.id !== props.exclude);
			} catch (e) {
				error.value = e.message;
			}
		});
		watch(venueId, (id) => emit('pick', venues.value.find((v) => v.id === id) || null));

		return { orgs, org, venues, venueId, error };
	},
	render: venuePickerRender,
};
