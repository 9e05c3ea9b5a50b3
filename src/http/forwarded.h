/*
** forwarded.h — who the client is behind a reverse proxy (X-Forwarded-For).
**
** The login throttle and the public pages' guessing throttle (domain/guard.h) count failures
** per client address. Behind a TLS-terminating proxy every request comes from the proxy's
** address, so without this one stranger's twenty wrong passwords would lock the whole county
** out of logging in. With the setting `trusted_proxies` (addresses, separated by commas or
** spaces), a request whose peer is one of them is attributed to the address the proxies
** forwarded: X-Forwarded-For read from the right, skipping the trusted proxies' own entries,
** the first other address. A request from any other peer keeps its peer address whatever
** headers it sends (the header is trivially forged). A malformed entry ends the walk: the
** last trusted hop before it is used. Addresses come out in canonical form (inet_ntop).
*/
#ifndef BM_HTTP_FORWARDED_H
#define BM_HTTP_FORWARDED_H

#include <arpa/inet.h>
#include <stdbool.h>

/* Whether every entry of a trusted_proxies list is an IPv4 or IPv6 address (an empty list
 * is valid: trust nobody). */
bool forwarded_list_valid(const char *trusted);

/* The client's address into out: `peer` (the connection's address), unless peer is in
 * `trusted` (NULL: none) and `xff` (the X-Forwarded-For header, NULL when absent) names
 * another address as above. */
void forwarded_client(const char *peer, const char *xff, const char *trusted,
		      char out[INET6_ADDRSTRLEN]);

#endif
