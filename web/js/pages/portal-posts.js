// portal-posts.js — a venue's 岗位公示 (/portal/posts.html?venue=N), from
// GET /api/v1/public/venues/{id}/posts: each window with its A and B holders, who is on duty now
// (name and post) and the items it handles. No login; refreshed every minute.

import { ref } from '../../gen/vue.js';
import { render } from '../../gen/tpl/portal-posts.js';
import { api } from '../api.js';
import { mountPage, queryParam } from '../common.js';

const PostBoardPage = {
	name: 'PortalPostsPage',
	setup() {
		const id = queryParam('venue');
		const board = ref(null);
		const error = ref('');

		async function load() {
			try {
				board.value = await api.get(`/public/venues/${id}/posts`);
				document.title = `${board.value.venue.name} 岗位公示 - 白河县政务服务`;
			} catch (e) {
				error.value = e.message;
			}
		}

		if (!/^[1-9][0-9]*$/.test(id)) {
			error.value = '缺少或无效的场所编号，请从“办事地点”进入。';
		} else {
			load();
			setInterval(load, 60000);
		}
		return { board, error };
	},
	render,
};

mountPage(PostBoardPage);
