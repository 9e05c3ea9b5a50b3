/*
** qrsvg.h — a QR code as an SVG image (libqrencode), for receipts and tickets.
**
** The image is one <path> of the dark modules, each row's runs merged, inside a quiet zone of
** four modules, scaled by its viewBox so that it prints sharp at any size. Medium error
** correction (about 15% may be damaged), 8-bit mode, the smallest version that fits.
*/
#ifndef BM_QRSVG_H
#define BM_QRSVG_H

#include "core/buf.h"

#define QRSVG_QUIET 4 /* modules of white around the code, as the standard asks */

/* Appends the SVG document encoding `text` to out. `size_px` is the rendered width and height.
 * Returns the number of modules per side (without the quiet zone), or -1 when the text cannot
 * be encoded (empty, or too long for a QR code). */
int qrsvg_render(const char *text, int size_px, struct buf *out);

#endif
