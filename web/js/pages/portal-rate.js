// portal-rate.js — 服务评价, the public rating page (/portal/rate.html). The receipt's second QR
// code opens it with ?no=…&key=…&ch=onsite, the progress page's link with ?no=…&key= (channel
// online); without the key the citizen types the case number and the phone's last four digits.
// POST /api/v1/ratings needs no login; a wrong number, key or phone is one 404, shown as one
// plain message. A second rating on the same channel is refused (一次一评), which offers 追评.

import { reactive, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-rate.js';
import { api } from '../api.js';
import { formatDate, mountPage, queryParam } from '../common.js';

const NOT_FOUND = '没有找到这个办件。请核对办件编号和手机号后四位。';

export const RATING_LEVELS = [
	{ code: 'very_satisfied', label: '非常满意' },
	{ code: 'satisfied', label: '满意' },
	{ code: 'basic', label: '基本满意' },
	{ code: 'dissatisfied', label: '不满意' },
	{ code: 'very_dissatisfied', label: '非常不满意' },
];

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
		const channel = queryParam('ch') === 'onsite' ? 'onsite' : 'online';
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

		const trackHref = () =>
			`/portal/track.html?no=${encodeURIComponent(no.value.trim())}${key ? '&key=' + encodeURIComponent(key) : ''}`;

		return {
			no, key, phone4, level, scores, comment, supplementary, supplementable, error, busy, done,
			levels: RATING_LEVELS, dimensions: DIMENSIONS, submit, trackHref, formatDate,
		};
	},
	render,
};

mountPage(RatePage);
