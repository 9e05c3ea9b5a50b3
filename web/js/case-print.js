// case-print.js — what the three printed documents of a case share (web/print/*.html?no=…):
// loading the case (GET /api/v1/cases/{no}) and its receiving venue's contact data, the
// county's and venue's names for the header, today's date for the signature line, and a
// 打印 button. Each page module passes its own template; print CSS (app.css, .doc) makes an
// A4 sheet without the navigation.

import { ref } from '../gen/vue.js';
import { render as docHeadRender } from '../gen/tpl/doc-head.js';
import { api } from './api.js';
import {
	COUNTY_NAME, FORM_LABELS, NECESSITY_LABELS, SOURCE_LABELS, formatDate, label, queryParam, startPage,
} from './common.js';
import {
	CHANNEL_LABELS, asList, datePart, formatTime, qrSrc, rateQrSrc, statusText, todayIso, trackUrl,
} from './cases.js';

// <doc-head :title :no :venue-name>: the sheet's header — county, venue, seal area — and the
// document's title with the case number under it.
const DocHead = {
	name: 'DocHead',
	props: {
		title: { type: String, required: true },
		no: { type: String, default: '' },
		venueName: { type: String, default: '' },
	},
	setup: () => ({ county: COUNTY_NAME }),
	render: docHeadRender,
};

// title: the document's name, for the tab ("受理回执").
export function startPrintPage(render, title) {
	startPage((session) => ({
		name: 'CasePrintPage',
		components: { DocHead },
		setup() {
			const no = queryParam('no');
			const kase = ref(null);
			const venue = ref(null);
			const error = ref('');
			const printDate = ref(todayIso());

			async function load() {
				if (!no) {
					error.value = '缺少办件编号，请从办件页面打开。';
					return;
				}
				try {
					const c = await api.get(`/cases/${encodeURIComponent(no)}`);
					kase.value = c;
					document.title = `${title} ${c.no} - ${COUNTY_NAME}便民服务系统`;
					if (c.origin_venue) venue.value = await api.get(`/venues/${c.origin_venue.id}`).catch(() => null);
				} catch (e) {
					error.value = e.message;
				}
			}
			window.addEventListener('beforeprint', () => { printDate.value = todayIso(); });
			load();

			return {
				user: session.user, no, kase, venue, error, printDate, title,
				county: COUNTY_NAME,
				print: () => window.print(),
				venueName: () => (kase.value && kase.value.origin_venue ? kase.value.origin_venue.name : ''),
				trackUrl: () => (kase.value ? trackUrl(kase.value.no, kase.value.track_key) : ''),
				qrSrc, rateQrSrc, asList, datePart, formatDate, formatTime, statusText,
				channelLabel: (c) => label(CHANNEL_LABELS, c),
				necessityLabel: (n) => label(NECESSITY_LABELS, n),
				formLabel: (f) => label(FORM_LABELS, f),
				sourceLabel: (s) => label(SOURCE_LABELS, s),
			};
		},
		render,
	}));
}
