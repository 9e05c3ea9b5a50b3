/*
** buf.h — a growable byte buffer, always NUL-terminated (after git's strbuf).
**
** Invariants: `data` is NULL only while `alloc` is 0, and then buf_cstr() returns "". Otherwise
** data[len] == '\0'. The buffer owns `data`; buf_free() releases it and resets the buffer to
** BUF_INIT. buf_detach() hands `data` to the caller, who frees it with free().
**
** Allocation failure aborts the process: a server that cannot allocate a few bytes cannot
** answer anyway, and every caller is spared an error path that would never be tested.
*/
#ifndef BM_BUF_H
#define BM_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
};

#define BUF_INIT {NULL, 0, 0}

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included, escaping as RFC 8259 requires. */
void buf_append_json_string(struct buf *b, const char *s);
void buf_reset(struct buf *b);          /* len = 0, keeps the allocation */
const char *buf_cstr(const struct buf *b); /* never NULL */
char *buf_detach(struct buf *b);        /* caller frees; never NULL */
void buf_free(struct buf *b);

#endif
