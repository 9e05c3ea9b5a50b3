// display-queue.js — 叫号屏 (/display/queue.html?venue=N): the hall TV. The number being called
// and its window in huge type, the tickets at the windows now, the last calls, and how many
// wait in each group; every call is also read out in Chinese by the browser's speech synthesis
// ("请 A012 号到 3 号窗口办理"). Live through queue-live.js, which survives network drops and
// server restarts. No login; double-click for full screen. Browsers only speak after the page
// was touched once, so the screen asks for one click until it has been (or ?sound=1).

import { createApp, onBeforeUnmount, onMounted, ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/display-queue.js';
import { queryParam } from '../common.js';
import { connectQueue } from '../queue-live.js';

const RECENT = 6;

function announcement(number, windowNumber) {
	return `请 ${number} 号到 ${windowNumber} 号窗口办理`;
}

function speak(text) {
	const synth = window.speechSynthesis;
	if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return false;
	const u = new SpeechSynthesisUtterance(text);
	u.lang = 'zh-CN';
	u.rate = 0.9;
	const voice = synth.getVoices().find((v) => /^zh(-|_)?CN/i.test(v.lang));
	if (voice) u.voice = voice;
	synth.speak(u);
	return true;
}

function clockText(d) {
	const pad = (n) => String(n).padStart(2, '0');
	return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const DisplayQueuePage = {
	name: 'DisplayQueuePage',
	setup() {
		const venueId = queryParam('venue');
		const venue = ref(null);
		const groups = ref([]);
		const current = ref([]); // {ticket_id, number, window_number, window_name, status}
		const recent = ref([]);
		const latest = ref(null); // the last call: {number, window_number, at}
		const spoken = ref('');
		const status = ref('');
		const error = ref('');
		const clock = ref(clockText(new Date()));
		// ?sound=1: speak without the first click (a kiosk browser started to allow autoplay).
		const soundOn = ref(queryParam('sound') === '1');
		let live = null;
		let clockTimer = null;

		function applyState(s) {
			venue.value = s.venue;
			groups.value = s.groups;
			current.value = s.current;
			recent.value = s.recent.slice(0, RECENT);
			// The newest call still open (current is newest first); after a reconnect it may be
			// one the stream never brought.
			const top = s.current.find((c) => c.status === 'called');
			if (top) latest.value = { number: top.number, window_number: top.window_number };
			document.title = `${s.venue.name} 叫号屏`;
		}

		function applyWaiting(waiting) {
			for (const g of groups.value) if (g.code in waiting) g.waiting = waiting[g.code];
		}

		function onEvent({ type, data }) {
			const t = data.ticket;
			applyWaiting(data.waiting || {});
			const others = current.value.filter((c) => c.ticket_id !== t.id);
			if (type === 'call' || type === 'recall') {
				const row = { ticket_id: t.id, number: t.number, window_number: t.window_number, window_name: t.window_name, status: 'called' };
				current.value = [row, ...others];
				recent.value = [row, ...recent.value.filter((c) => c.ticket_id !== t.id)].slice(0, RECENT);
				latest.value = { number: t.number, window_number: t.window_number, key: `${t.id}-${t.call_count}` };
				spoken.value = announcement(t.number, t.window_number);
				if (soundOn.value) speak(spoken.value);
			} else if (type === 'start') {
				current.value = current.value.map((c) => (c.ticket_id === t.id ? { ...c, status: 'serving' } : c));
			} else if (type === 'finish' || type === 'no_show' || type === 'transfer') {
				current.value = others;
			}
		}

		function enableSound() {
			soundOn.value = true;
			speak('语音播报已开启');
		}

		function fullscreen() {
			if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
			else document.documentElement.requestFullscreen().catch(() => {});
		}

		onMounted(() => {
			if (!/^[1-9][0-9]*$/.test(venueId)) {
				error.value = '缺少或无效的场所编号：地址应为 /display/queue.html?venue=场所编号';
				return;
			}
			live = connectQueue(venueId, { state: applyState, event: onEvent, status: (t) => { status.value = t; } });
			clockTimer = setInterval(() => { clock.value = clockText(new Date()); }, 1000);
			document.addEventListener('dblclick', fullscreen);
			document.addEventListener('click', () => { if (!soundOn.value) enableSound(); }, { once: true });
		});
		onBeforeUnmount(() => {
			live?.close();
			clearInterval(clockTimer);
		});

		return { venue, groups, current, recent, latest, spoken, status, error, clock, soundOn };
	},
	render,
};

createApp(DisplayQueuePage).mount('#app');
