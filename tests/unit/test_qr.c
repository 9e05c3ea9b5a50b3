/*
** test_qr.c — QR codes as SVG (core/qr.h).
*/
#include "core/qr.h"

#include <criterion/criterion.h>
#include <string.h>

Test(qr, a_url_becomes_one_svg_path_with_a_quiet_zone)
{
	struct buf svg = BUF_INIT;
	cr_assert_eq(qr_svg("http://127.0.0.1:8080/portal/ticket.html?id=12&key=0123456789abcdef", &svg), 0);
	const char *s = buf_cstr(&svg);
	cr_assert(strncmp(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", 52) == 0, "%s", s);
	cr_assert(strstr(s, "<path fill=\"#000\" d=\"M4 4h7v1h-7z"), "finder pattern at the quiet zone's corner");
	cr_assert(strstr(s, "</svg>"));
	buf_free(&svg);
}
