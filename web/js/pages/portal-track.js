// portal-track.js — 查进度, the public progress page (/portal/track.html). The receipt's QR
// code opens it with ?no=…&key=…; a citizen without it types the case number and the last four
// digits of the applicant's phone. GET /api/v1/track/{no}?key= or ?phone4= answers the status
// and the steps without personal data; a wrong number, phone or key is one 404, shown as one
// plain "not found" message that does not tell which part was wrong.

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-track.js';
import { api } from '../api.js';
import { formatDate, mountPage, queryParam } from '../common.js';
import { formatTime } from '../cases.js';

const NOT_FOUND = '没有查到这个办件。请核对办件编号（见受理回执）和申请时留的手机号后四位，或拨打受理窗口电话咨询。';

const TrackPage = {
	name: 'PortalTrackPage',
	setup() {
		const no = ref(queryParam('no'));
		const phone4 = ref('');
		const result = ref(null);
		const error = ref('');
		const busy = ref(false);

		async function lookUp(query) {
			error.value = '';
			result.value = null;
			busy.value = true;
			try {
				result.value = await api.get(`/track/${encodeURIComponent(no.value.trim())}`, query);
			} catch (e) {
				error.value = e.status === 404 ? NOT_FOUND : e.message;
			} finally {
				busy.value = false;
			}
		}

		function submit() {
			if (!/^\S+$/.test(no.value.trim())) {
				error.value = '请输入办件编号。';
				return;
			}
			if (!/^[0-9]{4}$/.test(phone4.value.trim())) {
				error.value = '请输入手机号后四位数字。';
				return;
			}
			lookUp({ phone4: phone4.value.trim() });
		}

		// The rating page takes the same number and key (without the key it asks for the phone).
		const rateHref = () => {
			const key = queryParam('key');
			return `/portal/rate.html?no=${encodeURIComponent(no.value.trim())}${key ? '&key=' + encodeURIComponent(key) : ''}`;
		};

		if (no.value && queryParam('key')) lookUp({ key: queryParam('key') });

		return { no, phone4, result, error, busy, submit, rateHref, formatDate, formatTime };
	},
	render,
};

mountPage(TrackPage);
