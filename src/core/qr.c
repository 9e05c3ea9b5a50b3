/*
** qr.c — QR codes as SVG (see qr.h). Each dark module becomes "M x y h1 v1 h-1 z" in one path;
** horizontal runs are merged into one rectangle, which keeps a URL's code near 10 KB.
*/
#include "core/qr.h"

#include <qrencode.h>

#define QUIET 4

int qr_svg(const char *text, struct buf *out)
{
	QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!code)
		return -1;
	int w = code->width, size = w + 2 * QUIET;
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		   "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		   "<path fill=\"#000\" d=\"",
		   size, size, size, size);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w;) {
			if (!(code->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (code->data[y * w + x + run] & 1))
				run++;
			buf_printf(out, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	buf_puts(out, "\"/></svg>\n");
	QRcode_free(code);
	return 0;
}
