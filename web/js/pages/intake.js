// intake.js — 受理 at a window (/intake.html): choose the item (catalogue search at the
// venue's level; ?item=CODE preselects one, ?inquiry=ID links the 首问 that led here), tick the
// materials received against the item's checklist (必要 / 容缺可补, form, copies), enter the
// applicant and the channel, and register the case (POST /api/v1/cases). The server checks the
// ID number's check digit and the phone; its 400 message is shown next to the field it names.
// From the same screen the case then gets its one-time notice, its acceptance (容缺 with the
// applicant's promise and supply date) or its refusal (case-actions.js), and the print pages:
// 一次性告知书, 容缺受理通知书, and after acceptance the 受理回执 whose QR code is previewed here
// with the progress address as text.

import { computed, reactive, ref, watch } from '../../gen/vue.js';
import { render } from '../../gen/tpl/intake.js';
import { api } from '../api.js';
import { CaseActions } from '../case-actions.js';
import {
	FORM_LABELS, NECESSITY_LABELS, SOURCE_LABELS, formatDate, label, limitText, queryParam, startPage,
} from '../common.js';
import {
	CHANNEL_LABELS, caseHref, options, ownVenues, qrSrc, showError, statusText, trackUrl,
} from '../cases.js';
import { ItemPicker } from '../pickers.js';

const FIELDS = [
	'venue_id', 'item_code', 'channel', 'applicant.name', 'applicant.id_number', 'applicant.phone',
	'materials_received', 'inquiry_id', 'note', 'applicant',
];

const blankApplicant = () => ({ name: '', id_number: '', phone: '' });

function intakePage(session) {
	const user = session.user;
	return {
		name: 'IntakePage',
		components: { ItemPicker, CaseActions },
		setup() {
			const venues = ref([]);
			const venueId = ref(null);
			const item = ref(null);
			const itemError = ref('');
			const received = ref([]);
			const applicant = reactive(blankApplicant());
			const channel = ref(user.role === 'village_agent' ? 'village_agency' : 'window');
			const urgent = ref(false);
			const note = ref('');
			const inquiryId = ref(/^[1-9][0-9]*$/.test(queryParam('inquiry')) ? Number(queryParam('inquiry')) : null);
			const errors = reactive({});
			const busy = ref(false);
			const kase = ref(null);

			const venue = computed(() => venues.value.find((v) => v.id === venueId.value) || null);
			const allReceived = computed(() => item.value && received.value.length === item.value.materials.length);
			const missingRequired = computed(() => (item.value ? item.value.materials
				.filter((m) => m.necessity !== 'deferrable' && !received.value.includes(m.name)) : []));
			const missingDeferrable = computed(() => (item.value ? item.value.materials
				.filter((m) => m.necessity === 'deferrable' && !received.value.includes(m.name)) : []));
			const progressUrl = computed(() => (kase.value && kase.value.track_key
				? trackUrl(kase.value.no, kase.value.track_key) : ''));

			ownVenues(user).then((list) => {
				venues.value = list;
				if (list.length) venueId.value = list[0].id;
			}, (e) => { errors[''] = e.message; });

			async function choose(summary) {
				itemError.value = '';
				try {
					item.value = await api.get(`/items/${encodeURIComponent(summary.code)}`);
					received.value = [];
				} catch (e) {
					itemError.value = e.message;
				}
			}
			if (queryParam('item')) choose({ code: queryParam('item') });

			function tickAll() {
				received.value = allReceived.value ? [] : item.value.materials.map((m) => m.name);
			}

			async function create() {
				for (const k of Object.keys(errors)) delete errors[k];
				busy.value = true;
				const body = {
					item_code: item.value.code,
					channel: channel.value,
					applicant: {
						name: applicant.name.trim(),
						id_number: applicant.id_number.trim().toUpperCase(),
						phone: applicant.phone.trim(),
					},
					materials_received: received.value,
				};
				if (venueId.value) body.venue_id = venueId.value;
				if (inquiryId.value) body.inquiry_id = inquiryId.value;
				if (urgent.value) body.urgent = true;
				if (note.value.trim()) body.note = note.value.trim();
				try {
					kase.value = await api.post('/cases', body);
					history.replaceState(null, '', `?no=${encodeURIComponent(kase.value.no)}`);
				} catch (e) {
					showError(errors, e, FIELDS);
				} finally {
					busy.value = false;
				}
			}

			// Back on this screen with ?no= (after a reload): the case registered here.
			if (queryParam('no')) {
				api.get(`/cases/${encodeURIComponent(queryParam('no'))}`).then((c) => { kase.value = c; },
					(e) => { errors[''] = e.message; });
			}

			function another() {
				kase.value = null;
				item.value = null;
				received.value = [];
				Object.assign(applicant, blankApplicant());
				urgent.value = false;
				note.value = '';
				inquiryId.value = null;
				history.replaceState(null, '', location.pathname);
			}

			watch(venueId, () => { if (item.value && venue.value && !item.value.receive_levels.includes(venue.value.level)) item.value = null; });

			return {
				user, venues, venueId, venue, item, itemError, received, applicant, channel, urgent, note,
				inquiryId, errors, busy, kase, allReceived, missingRequired, missingDeferrable, progressUrl,
				choose, tickAll, create, another,
				channels: options(CHANNEL_LABELS),
				changed: (c) => { kase.value = c; },
				caseHref, qrSrc, statusText, formatDate, limitText,
				necessityLabel: (n) => label(NECESSITY_LABELS, n),
				formLabel: (f) => label(FORM_LABELS, f),
				sourceLabel: (s) => label(SOURCE_LABELS, s),
			};
		},
		render,
	};
}

startPage(intakePage);
