/*
** test_forwarded.c — the client address behind trusted reverse proxies (http/forwarded.c):
** an untrusted peer's headers are ignored; through trusted proxies the first untrusted
** address from the right is the client; malformed entries, IPv6 and odd spacing.
*/
#include "http/forwarded.h"

#include <criterion/criterion.h>

static const char *client(const char *peer, const char *xff, const char *trusted)
{
	static char out[INET6_ADDRSTRLEN];
	forwarded_client(peer, xff, trusted, out);
	return out;
}

Test(forwarded, an_untrusted_peer_is_the_client_whatever_it_forwards)
{
	cr_assert_str_eq(client("203.0.113.7", "198.51.100.1", NULL), "203.0.113.7");
	cr_assert_str_eq(client("203.0.113.7", "198.51.100.1", "127.0.0.1"), "203.0.113.7");
	cr_assert_str_eq(client("127.0.0.1", NULL, "127.0.0.1"), "127.0.0.1", "no header");
}

Test(forwarded, behind_a_trusted_proxy_the_forwarded_address_is_the_client)
{
	cr_assert_str_eq(client("127.0.0.1", "198.51.100.1", "127.0.0.1"), "198.51.100.1");
	cr_assert_str_eq(client("127.0.0.1", " 198.51.100.1 ", "10.0.0.1, 127.0.0.1"),
			 "198.51.100.1");
}

Test(forwarded, what_the_client_wrote_itself_on_the_left_is_not_believed)
{
	/* The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address. */
	cr_assert_str_eq(client("127.0.0.1", "1.2.3.4, 198.51.100.1", "127.0.0.1"), "198.51.100.1");
}

Test(forwarded, a_chain_of_trusted_proxies_is_walked_from_the_right)
{
	cr_assert_str_eq(client("127.0.0.1", "198.51.100.1, 10.0.0.2", "127.0.0.1 10.0.0.2"),
			 "198.51.100.1");
	cr_assert_str_eq(client("127.0.0.1", "10.0.0.2", "127.0.0.1,10.0.0.2"), "10.0.0.2",
			 "only proxies: the farthest one");
}

Test(forwarded, a_malformed_entry_stops_at_the_last_trusted_hop)
{
	cr_assert_str_eq(client("127.0.0.1", "198.51.100.1, unknown", "127.0.0.1"), "127.0.0.1");
	cr_assert_str_eq(client("127.0.0.1", "198.51.100.1,,", "127.0.0.1"), "127.0.0.1");
	cr_assert_str_eq(client("127.0.0.1", "", "127.0.0.1"), "127.0.0.1");
	cr_assert_str_eq(client("127.0.0.1", "198.51.100.1:5000", "127.0.0.1"), "127.0.0.1",
			 "ports are not addresses");
}

Test(forwarded, ipv6_addresses_are_compared_and_given_in_canonical_form)
{
	cr_assert_str_eq(client("::1", "2001:DB8:0:0::1", "0:0:0:0:0:0:0:1"), "2001:db8::1");
}

Test(forwarded, a_trusted_list_must_hold_addresses_only)
{
	cr_assert(forwarded_list_valid(""));
	cr_assert(forwarded_list_valid(NULL));
	cr_assert(forwarded_list_valid("127.0.0.1, ::1 10.0.0.2"));
	cr_assert_not(forwarded_list_valid("127.0.0.1, proxy.local"));
	cr_assert_not(forwarded_list_valid("10.0.0.0/8"));
}
