// case-actions.js — <case-actions :kase="c" @changed="…">: the next moves of one case, as the
// intake screen and the case page offer them. Only what the case's state allows is shown
// (legalActions() in cases.js); each move opens its own small form and POSTs
// /api/v1/cases/{no}/{action} (or /materials, /advance); the answer is the whole case, emitted
// as `changed`. The server's message is shown next to the field it names (error.field) or
// above the form. Links to the print pages follow the case: 一次性告知书 once a notice was
// issued, 容缺受理通知书 for a 容缺 acceptance, 受理回执 once accepted. `only` narrows the moves
// (the intake screen offers notice, acceptance, refusal and forwarding).

import { computed, reactive, ref, watch } from '../gen/vue.js';
import { render } from '../gen/tpl/case-actions.js';
import { api } from './api.js';
import { NECESSITY_LABELS, label } from './common.js';
import {
	ACTION_LABELS, DELIVERY_LABELS, OUTCOME_LABELS, REASON_KIND_LABELS, legalActions,
	missingMaterials, namesFrom, openProcessStep, options, printHref, showError, todayIso,
} from './cases.js';
import { VenuePicker } from './pickers.js';

// The fields of each form whose server errors are shown next to them.
const FIELDS = [
	'materials', 'note', 'materials_received', 'deferred', 'deferred.promise', 'deferred.supply_date',
	'reasons', 'reason_kind', 'reason', 'to_venue_id', 'outcome', 'result', 'documents', 'method',
	'received',
];

function blankForms() {
	return {
		notice: { materials: [], note: '' },
		accept: { received: [], promise: '', supply_date: '' },
		reject: { reasons: '' },
		suspend: { reason_kind: 'supplement', reason: '' },
		resume: { note: '' },
		forward: { venue: null, note: '' },
		advance: { outcome: '' },
		complete: { outcome: 'approved', result: '', documents: '' },
		deliver: { method: 'window_pickup', note: '' },
		terminate: { reason: '' },
		materials: { received: [] },
	};
}

const trim = (s) => String(s ?? '').trim();

// The body each action POSTs, from its form.
const BODIES = {
	notice: (f) => ({ materials: f.materials, ...(trim(f.note) ? { note: trim(f.note) } : {}) }),
	accept: (f, deferring) => ({
		...(f.received.length ? { materials_received: f.received } : {}),
		...(deferring ? { deferred: { promise: trim(f.promise), supply_date: f.supply_date } } : {}),
	}),
	reject: (f) => ({ reasons: trim(f.reasons) }),
	suspend: (f) => ({ reason_kind: f.reason_kind, reason: trim(f.reason) }),
	resume: (f) => (trim(f.note) ? { note: trim(f.note) } : {}),
	forward: (f) => ({ to_venue_id: f.venue ? f.venue.id : null, ...(trim(f.note) ? { note: trim(f.note) } : {}) }),
	advance: (f) => (trim(f.outcome) ? { outcome: trim(f.outcome) } : {}),
	complete: (f) => ({
		outcome: f.outcome, result: trim(f.result),
		...(namesFrom(f.documents).length ? { documents: namesFrom(f.documents) } : {}),
	}),
	deliver: (f) => ({ method: f.method, ...(trim(f.note) ? { note: trim(f.note) } : {}) }),
	terminate: (f) => ({ reason: trim(f.reason) }),
	materials: (f) => ({ received: f.received }),
};

const DONE_TEXT = {
	notice: '已出具一次性告知书。',
	accept: '已受理。',
	reject: '已作出不予受理决定。',
	suspend: '已暂停计时。',
	resume: '已恢复计时，办结期限已顺延。',
	forward: '已转办。',
	advance: '本环节已办结。',
	complete: '已办结。',
	deliver: '已送达。',
	terminate: '已终止办理。',
	materials: '已登记补交的材料。',
};

export const CaseActions = {
	name: 'CaseActions',
	components: { VenuePicker },
	props: {
		kase: { type: Object, required: true },
		only: { type: Array, default: null },
	},
	emits: ['changed'],
	setup(props, { emit }) {
		const active = ref('');
		const forms = reactive(blankForms());
		const errors = reactive({});
		const busy = ref(false);
		const done = ref('');

		const actions = computed(() => legalActions(props.kase)
			.filter((a) => !props.only || props.only.includes(a)));
		const missing = computed(() => missingMaterials(props.kase));
		const openStep = computed(() => openProcessStep(props.kase));
		// After the ticks of the accept form: what would still be missing.
		const stillMissing = computed(() => missing.value.filter((m) => !forms.accept.received.includes(m.name)));
		const requiredMissing = computed(() => stillMissing.value.filter((m) => m.necessity !== 'deferrable'));
		const deferring = computed(() => stillMissing.value.length > 0 && requiredMissing.value.length === 0);
		const prints = computed(() => {
			const c = props.kase;
			const out = [];
			if ((c.notices || []).length) out.push({ kind: 'notice', text: '打印一次性告知书' });
			if (c.deferred) out.push({ kind: 'deferred', text: '打印容缺受理通知书' });
			if (c.accepted_at) out.push({ kind: 'receipt', text: '打印受理回执' });
			return out.map((p) => ({ ...p, href: printHref(p.kind, c.no) }));
		});

		function open(action) {
			Object.assign(forms, blankForms());
			for (const k of Object.keys(errors)) delete errors[k];
			forms.notice.materials = missing.value.map((m) => m.name);
			active.value = active.value === action ? '' : action;
			done.value = '';
		}
		// A new case (another intake) starts with no form open.
		watch(() => props.kase.no, () => { active.value = ''; done.value = ''; });

		async function submit() {
			const action = active.value;
			const body = BODIES[action](forms[action], deferring.value);
			busy.value = true;
			for (const k of Object.keys(errors)) delete errors[k];
			try {
				const no = encodeURIComponent(props.kase.no);
				const c = await api.post(`/cases/${no}/${action}`, body);
				active.value = '';
				done.value = DONE_TEXT[action];
				emit('changed', c);
			} catch (e) {
				showError(errors, e, FIELDS);
			} finally {
				busy.value = false;
			}
		}

		return {
			active, forms, errors, busy, done, actions, missing, openStep, stillMissing, requiredMissing,
			deferring, prints, open, submit,
			today: todayIso(),
			actionLabel: (a) => label(ACTION_LABELS, a),
			necessityLabel: (n) => label(NECESSITY_LABELS, n),
			reasonKinds: options(REASON_KIND_LABELS),
			deliveryMethods: options(DELIVERY_LABELS),
			outcomes: options(OUTCOME_LABELS),
		};
	},
	render,
};
