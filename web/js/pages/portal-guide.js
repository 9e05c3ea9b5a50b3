// portal-guide.js — the printable 办事指南 of one item (/portal/item.html?code=CODE): every
// element of the item document, from GET /api/v1/items/{code} (or one version with &version=N,
// which the catalogue's history links to). &venue=ID (from a venue's 公示 page) puts that
// venue's name in the printed header. Print CSS in app.css (@media print) makes it an A4 sheet
// with the county's header, a seal area and a footer with this page's address and the date.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-guide.js';
import { api } from '../api.js';
import {
	COUNTY_NAME, FORM_LABELS, ITEM_LEVEL_LABELS, ITEM_TYPE_LABELS, KIND_OF_ITEM_LABELS,
	NECESSITY_LABELS, SCOPE_LABELS, SOURCE_LABELS, formatDate, label, mountPage, queryParam,
	receiveText,
} from '../common.js';

function today() {
	const d = new Date();
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// A blank form or sample: a link when it is an address, else the name as text.
const isLink = (s) => /^(https?:\/\/|\/)/.test(s || '');

const GuidePage = {
	name: 'PortalGuidePage',
	setup() {
		const code = queryParam('code');
		const version = queryParam('version');
		const venueId = queryParam('venue');
		const item = ref(null);
		const current = ref(null); // the current version when an older one is shown
		const venueName = ref('');
		const error = ref('');
		const printDate = ref(today());
		const pageUrl = ref(location.href);

		const totalDays = computed(() => (item.value ? item.value.steps.reduce((n, s) => n + s.days, 0) : 0));
		const hasForms = computed(() => Boolean(item.value && item.value.materials.some((m) => m.blank_form || m.sample)));

		async function load() {
			if (!code) {
				error.value = '缺少事项编码，请从事项查询页面进入。';
				return;
			}
			const base = `/items/${encodeURIComponent(code)}`;
			try {
				if (/^[1-9][0-9]*$/.test(version)) {
					const [v, cur] = await Promise.all([api.get(`${base}/versions/${version}`), api.get(base)]);
					item.value = v;
					if (cur.version !== v.version) current.value = cur;
				} else {
					item.value = await api.get(base);
				}
				document.title = `${item.value.name} 办事指南 - ${COUNTY_NAME}政务服务`;
			} catch (e) {
				error.value = e.message;
			}
		}

		if (/^[1-9][0-9]*$/.test(venueId))
			api.get(`/public/venues/${venueId}`).then((b) => { venueName.value = b.venue.name; }, () => {});
		window.addEventListener('beforeprint', () => {
			printDate.value = today();
			pageUrl.value = location.href;
		});
		load();

		return {
			code, item, current, venueName, error, printDate, pageUrl, totalDays, hasForms,
			county: COUNTY_NAME,
			venueId: /^[1-9][0-9]*$/.test(venueId) ? venueId : '',
			print: () => window.print(),
			isLink,
			formatDate,
			receiveText,
			typeLabel: (t) => label(ITEM_TYPE_LABELS, t),
			levelLabel: (l) => label(ITEM_LEVEL_LABELS, l),
			kindLabel: (k) => label(KIND_OF_ITEM_LABELS, k),
			necessityLabel: (n) => label(NECESSITY_LABELS, n),
			formLabel: (f) => label(FORM_LABELS, f),
			sourceLabel: (s) => label(SOURCE_LABELS, s),
			scopeLabel: (s) => label(SCOPE_LABELS, s),
			whereHref: `/portal/where.html?item=${encodeURIComponent(code)}`,
		};
	},
	render,
};

mountPage(GuidePage);
