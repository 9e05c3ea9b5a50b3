// venue-claims.js — the section "本场所事项（认领）" of the venue page: the items the venue
// handles (GET /api/v1/venues/{id}/items) and, for venue managers, the county supervisor and
// admin, 认领 (POST /api/v1/venues/{id}/claims) and 取消认领 (DELETE …/claims/{code}). The
// server decides what may be claimed (the venue's level must receive the item; the venue in
// the user's subtree); its message is shown as it comes.

import { computed, ref, watch } from '../gen/vue.js';
import { render } from '../gen/tpl/venue-claims.js';
import { api } from './api.js';
import { CLAIM_EDITORS, LEVEL_LABELS, label, limitText, receiveText } from './common.js';

export const VenueClaims = {
	name: 'VenueClaims',
	props: {
		venue: { type: Object, required: true },
		user: { type: Object, required: true },
	},
	setup(props) {
		const canClaim = CLAIM_EDITORS.includes(props.user.role);
		const items = ref([]);
		const loaded = ref(false);
		const error = ref('');
		const message = ref('');
		const undo = ref(null); // {code, name} of the item just withdrawn
		const busy = ref('');
		const q = ref('');
		const onlyLevel = ref(true);
		const found = ref([]);
		const searched = ref(false);
		const searchError = ref('');
		let seq = 0;
		let timer = 0;

		const claimed = computed(() => new Set(items.value.map((i) => i.code)));
		const levelText = computed(() => label(LEVEL_LABELS, props.venue.level));

		async function load() {
			try {
				const r = await api.get(`/venues/${props.venue.id}/items`, { limit: 1000 });
				items.value = r.items;
				loaded.value = true;
			} catch (e) {
				error.value = e.message;
			}
		}

		async function search() {
			clearTimeout(timer);
			const text = q.value.trim();
			const mine = ++seq;
			searchError.value = '';
			if (!text) {
				found.value = [];
				searched.value = false;
				return;
			}
			try {
				const r = await api.get('/items', {
					q: text, level: onlyLevel.value ? props.venue.level : '', limit: 50,
				});
				if (mine !== seq) return;
				found.value = r.items;
				searched.value = true;
			} catch (e) {
				if (mine === seq) searchError.value = e.message;
			}
		}
		function typed() {
			clearTimeout(timer);
			timer = setTimeout(search, 300);
		}
		watch(onlyLevel, search);

		async function claim(item) {
			busy.value = item.code;
			error.value = '';
			message.value = '';
			undo.value = null;
			try {
				await api.post(`/venues/${props.venue.id}/claims`, { item_code: item.code });
				message.value = `已认领：${item.name}`;
				await load();
			} catch (e) {
				error.value = e.message;
			} finally {
				busy.value = '';
			}
		}

		async function unclaim(item) {
			busy.value = item.code;
			error.value = '';
			message.value = '';
			undo.value = null;
			try {
				await api.delete(`/venues/${props.venue.id}/claims/${encodeURIComponent(item.code)}`);
				message.value = `已取消认领：${item.name}`;
				undo.value = { code: item.code, name: item.name };
				await load();
			} catch (e) {
				error.value = e.message;
			} finally {
				busy.value = '';
			}
		}

		load();

		return {
			canClaim, items, loaded, error, message, undo, busy, q, onlyLevel, found, searched,
			searchError, claimed, levelText, search, typed, claim, unclaim, limitText, receiveText,
			guideHref: (code) => `/portal/item.html?code=${encodeURIComponent(code)}`,
		};
	},
	render,
};
