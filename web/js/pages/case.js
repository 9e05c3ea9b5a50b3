// case.js (page) — one case (/case.html?no=…, GET /api/v1/cases/{no}): its facts, materials,
// 容缺 promise, process steps with their own due dates and late flags, one-time notices,
// suspensions, breaches and every event, and below them the forms of the moves its state
// allows (case-actions.js). Each move answers the whole case, which replaces what is shown.

import { computed, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/case.js';
import { api } from '../api.js';
import { CaseActions } from '../case-actions.js';
import {
	FORM_LABELS, NECESSITY_LABELS, SOURCE_LABELS, formatDate, label, queryParam, startPage,
} from '../common.js';
import {
	ACTION_LABELS, BREACH_LABELS, CASE_STATUS_LABELS, CHANNEL_LABELS, DELIVERY_LABELS, OUTCOME_LABELS,
	REASON_KIND_LABELS, STEP_KIND_LABELS, asList, formatTime, statusText, urgencyClass, urgencyOf,
} from '../cases.js';

const person = (p) => (p ? p.display_name || p.username : '');
const venueName = (v) => (v ? v.name : '');

function casePage(session) {
	return {
		name: 'CasePage',
		components: { CaseActions },
		setup() {
			const no = queryParam('no');
			const kase = ref(null);
			const error = ref('');

			const urgency = computed(() => (kase.value
				? urgencyOf(kase.value.due_date, kase.value.completed_at || kase.value.delivered_at) : null));

			function show(c) {
				kase.value = c;
				document.title = `办件 ${c.no} - 白河县便民服务系统`;
			}
			if (!no) error.value = '缺少办件编号，请从办件列表进入。';
			else api.get(`/cases/${encodeURIComponent(no)}`).then(show, (e) => { error.value = e.message; });

			return {
				user: session.user, no, kase, error, urgency, show, asList, person, venueName,
				formatDate, formatTime, statusText, urgencyClass,
				// A delivery's note is its method's code.
				eventNote: (e) => (e.action === 'deliver' ? label(DELIVERY_LABELS, e.note) : e.note),
				lbl: {
					action: (a) => label(ACTION_LABELS, a),
					breach: (b) => label(BREACH_LABELS, b),
					status: (s) => label(CASE_STATUS_LABELS, s),
					channel: (c) => label(CHANNEL_LABELS, c),
					delivery: (d) => label(DELIVERY_LABELS, d),
					outcome: (o) => label(OUTCOME_LABELS, o),
					reason: (r) => label(REASON_KIND_LABELS, r),
					stepKind: (k) => label(STEP_KIND_LABELS, k),
					necessity: (n) => label(NECESSITY_LABELS, n),
					form: (f) => label(FORM_LABELS, f),
					source: (s) => label(SOURCE_LABELS, s),
				},
			};
		},
		render,
	};
}

startPage(casePage);
