/*
** clock.c — replaceable "now" (see clock.h).
**
** The offset is an atomic so server threads read it without a lock.
*/
#include "core/clock.h"
#include "core/date.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static atomic_bool test_mode;
static _Atomic int64_t offset_seconds;

int64_t clock_now(void)
{
	return (int64_t)time(NULL) + atomic_load(&offset_seconds);
}

void clock_enable_test_mode(void)
{
	atomic_store(&test_mode, true);
}

bool clock_test_mode(void)
{
	return atomic_load(&test_mode);
}

int clock_set(int64_t now)
{
	if (!atomic_load(&test_mode))
		return -1;
	atomic_store(&offset_seconds, now - (int64_t)time(NULL));
	return 0;
}

static int parse_digits(const char *p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

int clock_parse_rfc3339(const char *text, int64_t *out)
{
	/* YYYY-MM-DDTHH:MM:SS then Z or ±HH:MM; RFC 3339 allows 't' and 'z' in lower case (and
	 * ' ' for 'T'). Fractional seconds are not accepted. */
	char date_part[DATE_TEXT_SIZE];
	int date, hh, mm, ss, oh = 0, om = 0, sign = 1;
	if (strlen(text) < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' '))
		return -1;
	memcpy(date_part, text, 10);
	date_part[10] = '\0';
	if (date_parse(date_part, &date) < 0)
		return -1;
	if (text[13] != ':' || text[16] != ':' || parse_digits(text + 11, 2, &hh) < 0 ||
	    parse_digits(text + 14, 2, &mm) < 0 || parse_digits(text + 17, 2, &ss) < 0)
		return -1;
	if (hh > 23 || mm > 59 || ss > 59)
		return -1;
	const char *tz = text + 19;
	if (strcmp(tz, "Z") != 0 && strcmp(tz, "z") != 0) {
		if ((tz[0] != '+' && tz[0] != '-') || strlen(tz) != 6 || tz[3] != ':' ||
		    parse_digits(tz + 1, 2, &oh) < 0 || parse_digits(tz + 4, 2, &om) < 0 || oh > 14 ||
		    om > 59)
			return -1;
		sign = tz[0] == '-' ? -1 : 1;
	}
	*out = (int64_t)date * 86400 + hh * 3600 + mm * 60 + ss - sign * (oh * 3600 + om * 60);
	return 0;
}

void clock_format_rfc3339(int64_t t, char out[CLOCK_TEXT_SIZE])
{
	int64_t local = t + 8 * 3600;
	int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	int secs = (int)(local - day * 86400);
	char date_text[DATE_TEXT_SIZE];
	date_format((int)day, date_text);
	snprintf(out, CLOCK_TEXT_SIZE, "%sT%02d:%02d:%02d+08:00", date_text, secs / 3600, secs / 60 % 60, secs % 60);
}
