/*
** forwarded.c — the client address behind trusted reverse proxies (see forwarded.h).
*/
#include "http/forwarded.h"

#include <stdio.h>
#include <string.h>

#define SEPARATORS ", \t"

/* The canonical text of an address given as text[0..len), or false when it is none. */
static bool canonical_address(const char *text, size_t len, char out[INET6_ADDRSTRLEN])
{
	char raw[INET6_ADDRSTRLEN];
	unsigned char bin[sizeof(struct in6_addr)];
	if (len == 0 || len >= sizeof raw)
		return false;
	memcpy(raw, text, len);
	raw[len] = '\0';
	if (inet_pton(AF_INET, raw, bin) == 1)
		return inet_ntop(AF_INET, bin, out, INET6_ADDRSTRLEN) != NULL;
	if (inet_pton(AF_INET6, raw, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, INET6_ADDRSTRLEN) != NULL;
	return false;
}

bool forwarded_list_valid(const char *trusted)
{
	char canon[INET6_ADDRSTRLEN];
	for (const char *p = trusted ? trusted : ""; *(p += strspn(p, SEPARATORS));) {
		size_t len = strcspn(p, SEPARATORS);
		if (!canonical_address(p, len, canon))
			return false;
		p += len;
	}
	return true;
}

/* Whether the canonical address is in the trusted list. */
static bool is_trusted(const char *address, const char *trusted)
{
	char canon[INET6_ADDRSTRLEN];
	for (const char *p = trusted ? trusted : ""; *(p += strspn(p, SEPARATORS));) {
		size_t len = strcspn(p, SEPARATORS);
		if (canonical_address(p, len, canon) && strcmp(canon, address) == 0)
			return true;
		p += len;
	}
	return false;
}

void forwarded_client(const char *peer, const char *xff, const char *trusted,
		      char out[INET6_ADDRSTRLEN])
{
	snprintf(out, INET6_ADDRSTRLEN, "%s", peer ? peer : "");
	if (!xff || !is_trusted(out, trusted))
		return;
	/* From the right: each entry was appended by the hop in front of the one after it. */
	const char *end = xff + strlen(xff);
	while (end > xff) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		const char *a = start, *b = end;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		char canon[INET6_ADDRSTRLEN];
		if (!canonical_address(a, (size_t)(b - a), canon))
			return; /* malformed: keep the last trusted hop */
		snprintf(out, INET6_ADDRSTRLEN, "%s", canon);
		if (!is_trusted(canon, trusted))
			return;
		end = start > xff ? start - 1 : xff;
	}
}
