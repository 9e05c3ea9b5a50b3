// portal-venue.js — a venue's 公示 page (/portal/venue.html?id=N), from
// GET /api/v1/public/venues/{id}: contact data, the service commitments, complaint channels,
// the items it handles grouped by category (each linking to its guide) and the fees.
// Printable like the guide (A4, the venue's name and a seal area).

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-venue.js';
import { api } from '../api.js';
import { COUNTY_NAME, KIND_LABELS, formatDate, label, limitText, mountPage, queryParam, visitsText } from '../common.js';
import { formatRate } from '../rating-labels.js';

function today() {
	const d = new Date();
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const VenueBoardPage = {
	name: 'PortalVenuePage',
	setup() {
		const id = queryParam('id');
		const board = ref(null);
		const ratings = ref(null); // 好差评 figures (GET /api/v1/public/venues/{id}/ratings)
		const error = ref('');
		const printDate = ref(today());
		const pageUrl = ref(location.href);

		// Complaint phones: the channels, then the items' own, each number once.
		const phones = computed(() => {
			if (!board.value) return [];
			const out = [...board.value.complaint_channels.filter((c) => c.phone)];
			const seen = new Set(out.map((c) => c.phone));
			for (const p of board.value.item_complaint_phones || [])
				if (p && !seen.has(p)) {
					seen.add(p);
					out.push({ name: '事项监督投诉电话', phone: p });
				}
			return out;
		});

		if (!/^[1-9][0-9]*$/.test(id)) {
			error.value = '缺少或无效的场所编号，请从“办事地点”进入。';
		} else {
			api.get(`/public/venues/${id}`).then((b) => {
				board.value = b;
				document.title = `${b.venue.name} 公示 - ${COUNTY_NAME}政务服务`;
			}, (e) => { error.value = e.message; });
			api.get(`/public/venues/${id}/ratings`).then((r) => { ratings.value = r; }, () => {});
		}
		window.addEventListener('beforeprint', () => {
			printDate.value = today();
			pageUrl.value = location.href;
		});

		return {
			id, board, ratings, error, phones,
			percent: formatRate, printDate, pageUrl, county: COUNTY_NAME,
			formatDate, limitText, visitsText,
			print: () => window.print(),
			kindLabel: (k) => label(KIND_LABELS, k),
			guideHref: (code) => `/portal/item.html?code=${encodeURIComponent(code)}&venue=${id}`,
		};
	},
	render,
};

mountPage(VenueBoardPage);
