// inquiries.js — 首问登记 (/inquiries.html): whoever is asked first logs the inquiry
// (POST /api/v1/inquiries: citizen, phone, question, optionally the item found by catalogue
// search) and stays its 首问责任人 until it is answered, handed over or accepted as a case.
// Below, the worklists 我的 / 本场所 / 待处理 (GET /api/v1/inquiries?view=); opening one
// (?id= in the URL) shows its chain of hops (GET /api/v1/inquiries/{id}) and the moves of an
// open one: answer, hand over to another venue (venue picker), or go on to 受理 with the
// inquiry and its item carried along (intake.html?inquiry=&item=).

import { reactive, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/inquiries.js';
import { api } from '../api.js';
import { label, queryParam, startPage } from '../common.js';
import { INQUIRY_STATUS_LABELS, caseHref, formatTime, ownVenues, showError } from '../cases.js';
import { ItemPicker, VenuePicker } from '../pickers.js';

const VIEWS = [
	{ key: 'mine', text: '我的' },
	{ key: 'venue', text: '本场所' },
	{ key: 'open', text: '待处理' },
];
const LOG_FIELDS = ['citizen_name', 'phone', 'question', 'item_code', 'venue_id'];
const blankLog = () => ({ citizen_name: '', phone: '', question: '', item: null });

function inquiriesPage(session) {
	return {
		name: 'InquiriesPage',
		components: { ItemPicker, VenuePicker },
		setup() {
			const venues = ref([]);
			const venueId = ref(null);
			const log = reactive(blankLog());
			const logErrors = reactive({});
			const logged = ref('');
			const logging = ref(false);

			const view = ref(VIEWS.some((v) => v.key === queryParam('view')) ? queryParam('view') : 'mine');
			const items = ref([]);
			const total = ref(0);
			const loaded = ref(false);
			const listError = ref('');

			const current = ref(null); // the opened inquiry, with its chain
			const answer = ref('');
			const handTo = ref(null);
			const handNote = ref('');
			const moveErrors = reactive({});
			const moving = ref(false);
			const moved = ref('');

			ownVenues(session.user).then((list) => {
				venues.value = list;
				if (list.length) venueId.value = list[0].id;
			}, () => {});

			async function load() {
				listError.value = '';
				try {
					const r = await api.get('/inquiries', { view: view.value, limit: 100 });
					items.value = r.items;
					total.value = r.total;
					loaded.value = true;
				} catch (e) {
					listError.value = e.message;
				}
			}
			function show(key) {
				view.value = key;
				history.replaceState(null, '', `?view=${key}`);
				load();
			}

			async function open(id) {
				moved.value = '';
				answer.value = '';
				handTo.value = null;
				handNote.value = '';
				for (const k of Object.keys(moveErrors)) delete moveErrors[k];
				try {
					current.value = await api.get(`/inquiries/${id}`);
					history.replaceState(null, '', `?view=${view.value}&id=${id}`);
				} catch (e) {
					listError.value = e.message;
				}
			}

			async function submitLog() {
				for (const k of Object.keys(logErrors)) delete logErrors[k];
				logged.value = '';
				logging.value = true;
				const body = { question: log.question.trim() };
				if (venueId.value) body.venue_id = venueId.value;
				if (log.citizen_name.trim()) body.citizen_name = log.citizen_name.trim();
				if (log.phone.trim()) body.phone = log.phone.trim();
				if (log.item) body.item_code = log.item.code;
				try {
					const inq = await api.post('/inquiries', body);
					Object.assign(log, blankLog());
					logged.value = `已登记首问 #${inq.id}，您是首问责任人。`;
					await load();
					await open(inq.id);
				} catch (e) {
					showError(logErrors, e, LOG_FIELDS);
				} finally {
					logging.value = false;
				}
			}

			async function move(path, body, doneText) {
				for (const k of Object.keys(moveErrors)) delete moveErrors[k];
				moving.value = true;
				try {
					await api.post(`/inquiries/${current.value.id}/${path}`, body);
					const text = doneText();
					await load();
					await open(current.value.id);
					moved.value = text;
				} catch (e) {
					showError(moveErrors, e, ['answer', 'to_venue_id', 'note']);
				} finally {
					moving.value = false;
				}
			}
			const submitAnswer = () => move('answer', { answer: answer.value.trim() }, () => '已解答，本次咨询办结。');
			const submitHandOver = () => move('hand-over', {
				to_venue_id: handTo.value ? handTo.value.id : null,
				...(handNote.value.trim() ? { note: handNote.value.trim() } : {}),
			}, () => `已移交至${handTo.value ? handTo.value.name : '目标场所'}，首问责任人不变。`);

			const intakeHref = (inq) => `/intake.html?inquiry=${inq.id}${inq.item_code ? `&item=${encodeURIComponent(inq.item_code)}` : ''}`;

			load();
			if (/^[1-9][0-9]*$/.test(queryParam('id'))) open(queryParam('id'));

			return {
				user: session.user, venues, venueId, log, logErrors, logged, logging, views: VIEWS, view, items,
				total, loaded, listError, current, answer, handTo, handNote, moveErrors, moving, moved,
				show, open, submitLog, submitAnswer, submitHandOver, intakeHref, caseHref, formatTime,
				statusLabel: (s) => label(INQUIRY_STATUS_LABELS, s),
				person: (p) => (p ? p.display_name || p.username : ''),
			};
		},
		render,
	};
}

startPage(inquiriesPage);
