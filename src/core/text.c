/*
** text.c — UTF-8 text checks (see text.h).
*/
#include "core/text.h"

#include <string.h>

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	return n;
}

bool text_has_control_chars(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

/* Length of the well-formed UTF-8 sequence at p, or 0 when it is malformed or cut short. */
static size_t utf8_sequence(const unsigned char *p)
{
	unsigned c = p[0];
	size_t n;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, min = 0x10000;
	else
		return 0;
	unsigned cp = c & (0xff >> (n + 1));
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = utf8_sequence(p);
		if (!n)
			return false;
		p += n;
	}
	return true;
}

void utf8_repair(char *s)
{
	unsigned char *p = (unsigned char *)s;
	while (*p) {
		size_t n = utf8_sequence(p);
		if (n) {
			p += n;
			continue;
		}
		/* A lead byte whose sequence runs into the terminator was cut: drop the rest. */
		size_t left = strlen((char *)p);
		if (*p >= 0xc2 && *p <= 0xf4 && left < 4) {
			bool tail = true;
			for (size_t i = 1; i < left; i++)
				tail &= (p[i] & 0xc0) == 0x80;
			if (tail) {
				*p = '\0';
				return;
			}
		}
		*p++ = '?';
	}
}

void ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}
