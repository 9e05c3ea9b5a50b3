/*
** text.h — small checks on UTF-8 text shared by the edge and the domain.
*/
#ifndef BM_TEXT_H
#define BM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Number of Unicode code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

/* True when s contains a C0 control character or DEL (tab and newline included). */
bool text_has_control_chars(const char *s);

#endif
