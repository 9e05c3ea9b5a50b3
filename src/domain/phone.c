/*
** phone.c — telephone numbers (see phone.h).
*/
#include "domain/phone.h"

#include <stdio.h>
#include <string.h>

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool phone_is_mobile(const char *phone)
{
	return phone && strlen(phone) == 11 && all_digits(phone, 11) && phone[0] == '1' &&
	       phone[1] >= '3';
}

/* 0AA(A)[-]NNNNNNN(N): an area code of 3 or 4 digits, then 7 or 8 digits. */
static bool is_landline(const char *phone)
{
	size_t len = strlen(phone);
	if (len < 10 || len > 13 || phone[0] != '0')
		return false;
	const char *dash = strchr(phone, '-');
	if (!dash)
		return all_digits(phone, len) && len <= 12;
	size_t area = (size_t)(dash - phone), local = len - area - 1;
	return area >= 3 && area <= 4 && local >= 7 && local <= 8 && all_digits(phone, area) &&
	       all_digits(dash + 1, local);
}

bool phone_is_valid(const char *phone)
{
	return phone && (phone_is_mobile(phone) || is_landline(phone));
}

void phone_mask(const char *phone, char out[PHONE_SIZE])
{
	size_t len = phone ? strlen(phone) : 0;
	if (len == 0 || len >= PHONE_SIZE) {
		out[0] = '\0';
		return;
	}
	size_t keep_head = len > 7 ? 3 : 0, keep_tail = len > 4 ? 4 : len;
	for (size_t i = 0; i < len; i++)
		out[i] = (i < keep_head || i >= len - keep_tail) ? phone[i] : '*';
	out[len] = '\0';
}
