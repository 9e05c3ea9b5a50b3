/*
** router.c — pattern matching of request paths (see router.h).
**
** The table is short (tens of routes) and matching is a linear scan with segment compares:
** cheaper than building a trie, and obviously correct.
*/
#include "http/router.h"

#include <stdio.h>
#include <string.h>

/* Copies one path segment into out. libmicrohttpd has already percent-decoded the path, so
 * nothing is decoded here (decoding twice would turn "%252F" into "/"). */
static int copy_segment(const char *s, size_t len, char *out, size_t out_size)
{
	if (len + 1 > out_size)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

/* Matches path against pattern segment by segment, capturing {args}. */
static bool route_matches(const char *pattern, const char *path, struct request *rq)
{
	int nargs = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++, s++;
		const char *pend = strchr(p, '/');
		const char *send = strchr(s, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		size_t slen = send ? (size_t)(send - s) : strlen(s);
		if (plen > 1 && p[0] == '{') {
			/* Checked here, not only when copying, so that a segment too long to
			 * capture is no match for every method (404), not a 405. */
			if (slen == 0 || slen >= sizeof rq->arg_storage[0] ||
			    nargs >= REQUEST_MAX_ARGS)
				return false;
			if (rq && copy_segment(s, slen, rq->arg_storage[nargs],
					       sizeof rq->arg_storage[nargs]) < 0)
				return false;
			if (rq)
				rq->args[nargs] = rq->arg_storage[nargs];
			nargs++;
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return false;
		}
		p += plen, s += slen;
	}
	return *p == '\0' && *s == '\0';
}

enum router_result router_match(const char *method, const char *path, bool test_clock,
				const struct route **out, struct request *rq, char *allow,
				size_t allow_size)
{
	bool path_known = false;
	size_t allow_len = 0;
	allow[0] = '\0';
	for (const struct route *r = api_routes; r->method; r++) {
		if ((r->flags & ROUTE_TEST_CLOCK) && !test_clock)
			continue;
		if (!route_matches(r->pattern, path, NULL))
			continue;
		bool same = strcmp(r->method, method) == 0 ||
			    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0);
		if (same && route_matches(r->pattern, path, rq)) {
			*out = r;
			return ROUTER_FOUND;
		}
		path_known = true;
		/* GET routes answer HEAD too (see `same` above), so Allow names it. */
		int n = snprintf(allow + allow_len, allow_size - allow_len, "%s%s%s",
				 allow_len ? ", " : "", r->method,
				 strcmp(r->method, "GET") == 0 ? ", HEAD" : "");
		if (n > 0 && (size_t)n < allow_size - allow_len)
			allow_len += (size_t)n;
	}
	return path_known ? ROUTER_WRONG_METHOD : ROUTER_NO_PATH;
}
