// portal-rate.js — 服务评价, the public rating page (/portal/rate.html). The receipt's second QR
// code opens it with ?no=…&key=…&ch=onsite, the progress page's link with ?no=…&key= (channel
// online); without the key the citizen types the case number and the phone's last four digits.
// POST /api/v1/ratings needs no login; a wrong number, key or phone is one 404, shown as one
// plain message. A second rating on the same channel is refused (一次一评), which offers 追评.
// The tablet evaluator at a counter (/display/rate.html?window=N) is the same page: channel
// onsite, the window named in the rating, and the form cleared for the next citizen 8 s after
// each rating. The ticket's phone page links here with &ticket=ID once the ticket led to a case:
// the rating names that ticket, and the window that served it.

import { reactive, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-rate.js';
import { api } from '../api.js';
import { formatDate, mountPage, queryParam } from '../common.js';
import { RATING_LEVELS } from '../rating-labels.js';

const NOT_FOUND = '没有找到这个办件。请核对办件编号和手机号后四位。';


const DIMENSIONS = [
	{ code: 'attitude', label: '服务态度' },
	{ code: 'efficiency', label: '办事效率' },
	{ code: 'quality', label: '服务质量' },
	{ code: 'integrity', label: '廉洁自律' },
];

const RatePage = {
	name: 'PortalRatePage',
	setup() {
		const no = ref(queryParam('no'));
		const key = queryParam('key');
		const windowId = /^[1-9][0-9]*$/.test(queryParam('window')) ? Number(queryParam('window')) : 0;
		const ticketId = /^[1-9][0-9]*$/.test(queryParam('ticket')) ? Number(queryParam('ticket')) : 0;
		const channel = windowId || queryParam('ch') === 'onsite' ? 'onsite' : 'online';
		const phone4 = ref('');
		const level = ref('');
		const scores = reactive({ attitude: '', efficiency: '', quality: '', integrity: '' });
		const comment = ref('');
		const supplementary = ref(false);
		const supplementable = ref(false);
		const error = ref('');
		const busy = ref(false);
		const done = ref(null);

		function body() {
			const b = { no: no.value.trim(), channel, level: level.value };
			if (key) b.key = key;
			else b.phone4 = phone4.value.trim();
			const given = Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== '').map(([k, v]) => [k, Number(v)]));
			if (Object.keys(given).length) b.scores = given;
			if (comment.value.trim()) b.comment = comment.value.trim();
			if (supplementary.value) b.supplementary = true;
			if (windowId) b.window_id = windowId;
			if (ticketId) b.ticket_id = ticketId;
			return b;
		}

		async function submit() {
			error.value = '';
			if (!no.value.trim()) return void (error.value = '请输入办件编号。');
			if (!key && !/^[0-9]{4}$/.test(phone4.value.trim())) return void (error.value = '请输入手机号后四位数字。');
			if (!level.value) return void (error.value = '请选择总体评价。');
			busy.value = true;
			try {
				done.value = await api.post('/ratings', body());
				if (windowId) setTimeout(nextCitizen, 8000);
			} catch (e) {
				if (e.status === 404) error.value = NOT_FOUND;
				else {
					error.value = e.message;
					if (e.code === 'rating_exists' && !supplementary.value) supplementable.value = true;
				}
			} finally {
				busy.value = false;
			}
		}

		// The tablet: a clean form for the next citizen.
		function nextCitizen() {
			Object.assign(scores, { attitude: '', efficiency: '', quality: '', integrity: '' });
			no.value = '';
			phone4.value = '';
			level.value = '';
			comment.value = '';
			supplementary.value = false;
			supplementable.value = false;
			done.value = null;
		}

		const trackHref = () =>
			`/portal/track.html?no=${encodeURIComponent(no.value.trim())}${key ? '&key=' + encodeURIComponent(key) : ''}`;

		return {
			no, key, windowId, phone4, level, scores, comment, supplementary, supplementable, error, busy, done,
			levels: RATING_LEVELS, dimensions: DIMENSIONS, submit, trackHref, formatDate,
		};
	},
	render,
};

mountPage(RatePage);
