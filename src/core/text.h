/*
** text.h — small checks on UTF-8 text shared by the edge and the domain.
*/
#ifndef BM_TEXT_H
#define BM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Number of Unicode code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

/* True when s is well-formed UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF). */
bool utf8_valid(const char *s);

/* Makes s well-formed UTF-8 in place: each byte of a malformed sequence becomes '?', and a
 * sequence cut short at the end (by a truncating snprintf) is dropped. */
void utf8_repair(char *s);

/* Lowercases ASCII letters in place; other characters (Chinese among them) are left alone. */
void ascii_lower(char *s);

/* True when s contains a C0 control character or DEL (tab and newline included). */
bool text_has_control_chars(const char *s);

#endif
