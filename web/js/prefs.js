// prefs.js — applies the reader's display preferences before the page paints.
// A classic (non-module) script loaded in <head>, so the 适老化 large-text mode does not
// flash in after the first paint. common.js owns the toggle; the key is shared.
(function () {
	try {
		if (window.localStorage.getItem('bm-large-text') === '1')
			document.documentElement.classList.add('large-text');
	} catch (e) {
		/* storage disabled: default size */
	}
})();
