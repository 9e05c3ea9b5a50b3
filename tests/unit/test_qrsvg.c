/*
** test_qrsvg.c — QR codes as SVG: size, quiet zone, determinism, limits.
*/
#include "core/qrsvg.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(qrsvg, a_short_text_is_a_version_1_code_with_a_quiet_zone)
{
	struct buf out = BUF_INIT;
	cr_assert_eq(qrsvg_render("HELLO", 200, &out), 21);
	cr_assert(strncmp(buf_cstr(&out), "<svg ", 5) == 0);
	cr_assert(strstr(buf_cstr(&out), "viewBox=\"0 0 29 29\""), "21 modules and 4 on each side");
	cr_assert(strstr(buf_cstr(&out), "width=\"200\""));
	/* The finder pattern's top row: 7 dark modules starting inside the quiet zone. */
	cr_assert(strstr(buf_cstr(&out), "M4 4h7v1h-7z"));
	buf_free(&out);
}

Test(qrsvg, the_same_text_renders_the_same_image)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	const char *url = "https://bm.example.gov.cn/portal/track.html?no=20251009-000042&key=abc";
	cr_assert_gt(qrsvg_render(url, 240, &a), 21, "a URL needs a larger version");
	qrsvg_render(url, 240, &b);
	cr_assert_str_eq(buf_cstr(&a), buf_cstr(&b));
	buf_free(&a);
	buf_free(&b);
}

Test(qrsvg, empty_or_oversized_text_is_refused)
{
	struct buf out = BUF_INIT;
	cr_assert_eq(qrsvg_render("", 100, &out), -1);
	cr_assert_eq(qrsvg_render(NULL, 100, &out), -1);
	char *big = malloc(5000);
	memset(big, 'x', 4999);
	big[4999] = '\0';
	cr_assert_eq(qrsvg_render(big, 100, &out), -1, "beyond version 40 in 8-bit mode");
	free(big);
	cr_assert_eq(out.len, 0, "nothing written on failure");
	buf_free(&out);
}
