/*
** qrsvg.c — QR code to SVG (see qrsvg.h).
*/
#include "core/qrsvg.h"

#include <qrencode.h>
#include <string.h>

int qrsvg_render(const char *text, int size_px, struct buf *out)
{
	if (!text || !*text)
		return -1;
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return -1;
	int w = qr->width, full = w + 2 * QRSVG_QUIET;
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		   "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
		   "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		   size_px, size_px, full, full, full, full);
	for (int y = 0; y < w; y++) {
		const unsigned char *row = qr->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) { /* bit 0 is the module's colour: 1 dark */
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (row[x + run] & 1))
				run++;
			buf_printf(out, "M%d %dh%dv1h-%dz", x + QRSVG_QUIET, y + QRSVG_QUIET, run, run);
			x += run;
		}
	}
	buf_puts(out, "\"/></svg>\n");
	QRcode_free(qr);
	return w;
}
