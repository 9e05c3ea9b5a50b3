// portal-where.js — 去哪办 (/portal/where.html?item=CODE or ?event=CODE): for the citizen's
// village (chosen once, remembered), the venues to visit and why, from
// GET /api/v1/items/{code}/where?village= or /api/v1/life-events/{code}/where?village=.
// Without a parameter it lists the 办事主题 (life events).

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-where.js';
import { api } from '../api.js';
import { KIND_LABELS, label, limitText, mountPage, queryParam, visitsText } from '../common.js';
import { VillagePicker } from '../portal.js';

const WherePage = {
	name: 'PortalWherePage',
	components: { VillagePicker },
	setup() {
		const itemCode = queryParam('item');
		const eventCode = itemCode ? '' : queryParam('event');
		const item = ref(null); // the item's document (name, phones, visits)
		const event = ref(null);
		const events = ref([]);
		const answer = ref(null);
		const village = ref(null);
		const error = ref('');
		const answerError = ref('');
		const busy = ref(false);
		let seq = 0;

		const subject = itemCode ? `/items/${encodeURIComponent(itemCode)}`
			: eventCode ? `/life-events/${encodeURIComponent(eventCode)}` : '';

		if (itemCode) {
			api.get(subject).then((it) => {
				item.value = it;
				document.title = `去哪办：${it.name} - 白河县政务服务`;
			}, (e) => { error.value = e.message; });
		} else if (eventCode) {
			api.get(subject).then((ev) => {
				event.value = ev;
				document.title = `办事主题：${ev.name} - 白河县政务服务`;
			}, (e) => { error.value = e.message; });
		}
		api.get('/life-events').then((r) => { events.value = Array.isArray(r) ? r : r.items; }, () => {});

		async function villageChosen(v) {
			village.value = v;
			if (!subject) return;
			const mine = ++seq;
			busy.value = true;
			answerError.value = '';
			try {
				const a = await api.get(`${subject}/where`, { village: v.code });
				if (mine === seq) answer.value = a;
			} catch (e) {
				if (mine === seq) answerError.value = e.message;
			} finally {
				if (mine === seq) busy.value = false;
			}
		}

		return {
			itemCode, eventCode, item, event, events, answer, village, error, answerError, busy,
			villageChosen, limitText, visitsText,
			kindLabel: (k) => label(KIND_LABELS, k),
			guideHref: (code) => `/portal/item.html?code=${encodeURIComponent(code)}`,
			venueHref: (id) => `/portal/venue.html?id=${id}`,
		};
	},
	render,
};

mountPage(WherePage);
