/*
** qr.h — QR codes as SVG (libqrencode), for printed slips that a phone follows (queue tickets).
*/
#ifndef BM_QR_H
#define BM_QR_H

#include "core/buf.h"

/* Appends an SVG image of `text` (8-bit mode, error correction M, a 4-module quiet zone) to
 * out: one path, black on white, scaled by the viewBox. Returns 0, or -1 when the text cannot be
 * encoded (too long). */
int qr_svg(const char *text, struct buf *out);

#endif
