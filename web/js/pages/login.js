// login.js — the login page: username and password, POST /api/v1/session, then on to the
// page the user came from (?next=, same site only) or the workbench.

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/login.js';
import { ApiError, getSession, login } from '../api.js';
import { mountPage } from '../common.js';

// Only a path on this site: "/venue.html?id=3" yes; "//evil.example", "https:…" no.
function nextPage() {
	const next = new URLSearchParams(location.search).get('next') || '';
	return /^\/(?![/\\])/.test(next) ? next : './';
}

const LoginPage = {
	name: 'LoginPage',
	setup() {
		const username = ref('');
		const password = ref('');
		const error = ref('');
		const busy = ref(false);

		// Already logged in (another tab, or the back button): go straight on.
		getSession().then(() => location.replace(nextPage()), () => {});

		async function submit() {
			error.value = '';
			if (!username.value || !password.value) {
				error.value = !username.value ? '请输入用户名' : '请输入密码';
				return;
			}
			busy.value = true;
			try {
				await login(username.value, password.value);
				location.assign(nextPage());
			} catch (e) {
				error.value = e instanceof ApiError ? e.message : '登录失败，请稍后再试';
				password.value = '';
				busy.value = false;
			}
		}
		return { username, password, error, busy, submit };
	},
	render,
};

mountPage(LoginPage);
