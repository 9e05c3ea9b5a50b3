/*
** test_buf.c — the growable buffer (core/buf.c) and the UTF-8 checks (core/text.c).
*/
#include "core/buf.h"
#include "core/text.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static struct buf b = BUF_INIT;

static void teardown(void)
{
	buf_free(&b);
}

TestSuite(buf, .fini = teardown);

/* buf_append_json_string(s) as a C string. */
static const char *json_of(const char *s)
{
	buf_reset(&b);
	buf_append_json_string(&b, s);
	return buf_cstr(&b);
}

Test(buf, empty_buffer_reads_as_the_empty_string_without_allocating)
{
	cr_assert_str_eq(buf_cstr(&b), "");
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
}

Test(buf, appends_keep_the_text_nul_terminated)
{
	buf_puts(&b, "白河");
	buf_putc(&b, '-');
	buf_add(&b, "县城关镇", 3);
	cr_assert_str_eq(buf_cstr(&b), "白河-县");
	cr_assert_eq(b.len, strlen("白河-县"));
	cr_assert_eq(b.data[b.len], '\0');
}

Test(buf, grows_past_its_first_allocation_keeping_every_byte)
{
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	cr_assert_eq(b.len, 10000);
	cr_assert_geq(b.alloc, 10001);
	for (int i = 0; i < 10000; i++)
		cr_assert_eq(b.data[i], 'a' + i % 26, "byte %d", i);
	cr_assert_eq(b.data[10000], '\0');
}

Test(buf, grow_reserves_room_without_changing_the_length)
{
	buf_puts(&b, "abc");
	buf_grow(&b, 1000);
	cr_assert_geq(b.alloc, 1004);
	cr_assert_eq(b.len, 3);
	cr_assert_str_eq(buf_cstr(&b), "abc");
}

Test(buf, printf_appends_formatted_text_of_any_length)
{
	buf_puts(&b, "n=");
	buf_printf(&b, "%d, s=%s", 42, "城关镇");
	cr_assert_str_eq(buf_cstr(&b), "n=42, s=城关镇");
	char big[5000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	cr_assert_eq(b.len, strlen("n=42, s=城关镇") + 2 + 4999);
	cr_assert_eq(b.data[b.len - 1], ']');
	cr_assert_eq(b.data[b.len], '\0');
}

Test(buf, printf_of_nothing_leaves_a_valid_empty_string)
{
	buf_printf(&b, "%s", "");
	cr_assert_str_eq(buf_cstr(&b), "");
	cr_assert_eq(b.len, 0);
}

Test(buf, reset_empties_but_keeps_the_allocation)
{
	buf_puts(&b, "abcdef");
	char *data = b.data;
	size_t alloc = b.alloc;
	buf_reset(&b);
	cr_assert_str_eq(buf_cstr(&b), "");
	cr_assert_eq(b.len, 0);
	cr_assert_eq(b.data, data);
	cr_assert_eq(b.alloc, alloc);
}

Test(buf, detach_hands_over_the_text_and_leaves_an_empty_buffer)
{
	buf_puts(&b, "abc");
	char *s = buf_detach(&b);
	cr_assert_str_eq(s, "abc");
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
	cr_assert_eq(b.alloc, 0);
	free(s);
	s = buf_detach(&b);
	cr_assert_str_eq(s, "", "detaching an empty buffer must give \"\", never NULL");
	free(s);
}

Test(buf, json_string_is_quoted)
{
	cr_assert_str_eq(json_of("abc"), "\"abc\"");
	cr_assert_str_eq(json_of(""), "\"\"");
}

Test(buf, json_string_escapes_quotes_and_backslashes)
{
	cr_assert_str_eq(json_of("say \"hi\" \\ bye"), "\"say \\\"hi\\\" \\\\ bye\"");
}

Test(buf, json_string_escapes_newline_return_and_tab_by_name)
{
	cr_assert_str_eq(json_of("a\nb\rc\td"), "\"a\\nb\\rc\\td\"");
}

Test(buf, json_string_escapes_other_control_characters_as_u_escapes)
{
	cr_assert_str_eq(json_of("\x01\x1f\x08\x0c"), "\"\\u0001\\u001f\\u0008\\u000c\"");
}

Test(buf, json_string_passes_utf8_through_unchanged)
{
	cr_assert_str_eq(json_of("白河县 红花社区 😀"), "\"白河县 红花社区 😀\"");
}

Test(buf, json_string_output_parses_back_to_the_input)
{
	const char *s = "引号\"反斜杠\\换行\n控制\x02结束";
	json_error_t jerr;
	json_t *j = json_loads(json_of(s), JSON_DECODE_ANY, &jerr);
	cr_assert_not_null(j, "not valid JSON: %s (%s)", buf_cstr(&b), jerr.text);
	cr_assert_str_eq(json_string_value(j), s);
	json_decref(j);
}

/* --- text.h ------------------------------------------------------------------------------- */

Test(text, utf8_length_counts_code_points_not_bytes)
{
	cr_assert_eq(utf8_length(""), 0);
	cr_assert_eq(utf8_length("abc"), 3);
	cr_assert_eq(utf8_length("白河县"), 3);
	cr_assert_eq(utf8_length("a白😀"), 3);
}

Test(text, control_characters_and_del_are_found)
{
	cr_assert(text_has_control_chars("a\tb"));
	cr_assert(text_has_control_chars("a\nb"));
	cr_assert(text_has_control_chars("\x1b[0m"));
	cr_assert(text_has_control_chars("a\x7f"));
	cr_assert_not(text_has_control_chars("白河县 Baihe ~!"));
	cr_assert_not(text_has_control_chars(""));
}

Test(text, well_formed_utf8_is_valid)
{
	const char *good[] = {"", "abc", "白河县", "a白😀", "\xc2\x80", "\xef\xbf\xbf",
			      "\xf4\x8f\xbf\xbf"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		cr_assert(utf8_valid(good[i]), "good[%zu] refused", i);
}

Test(text, overlong_surrogate_out_of_range_and_cut_sequences_are_not_valid_utf8)
{
	const char *bad[] = {
		"\xc0\xaf",         /* overlong '/' */
		"\xe0\x80\xaf",     /* overlong '/' in three bytes */
		"\xed\xa0\x80",     /* surrogate U+D800 */
		"\xf4\x90\x80\x80", /* past U+10FFFF */
		"\x80",             /* continuation without a lead */
		"\xe6\xb2",         /* cut short */
		"a\xffz",           /* never valid in UTF-8 */
		"\xe6\xb2z",        /* lead followed by too few continuations */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_not(utf8_valid(bad[i]), "bad[%zu] accepted", i);
}

static const char *repaired(const char *s)
{
	static char out[64];
	snprintf(out, sizeof out, "%s", s);
	utf8_repair(out);
	return out;
}

Test(text, repair_leaves_well_formed_text_alone)
{
	cr_assert_str_eq(repaired("白河县 Baihe 😀"), "白河县 Baihe 😀");
}

Test(text, repair_turns_each_byte_of_a_malformed_sequence_into_a_question_mark)
{
	cr_assert_str_eq(repaired("a\xffz"), "a?z");
	cr_assert_str_eq(repaired("a\x80\x80z"), "a??z");
	cr_assert_str_eq(repaired("a\xe6\xb2z"), "a??z");
	cr_assert_str_eq(repaired("\xc0\xaf"), "??");
}

Test(text, repair_drops_a_sequence_cut_short_at_the_end)
{
	/* "白河" cut inside 河 (e6 b2 b3), as a truncating snprintf leaves it. */
	cr_assert_str_eq(repaired("白\xe6\xb2"), "白");
	cr_assert_str_eq(repaired("ab\xf0\x9f\x98"), "ab");
	cr_assert_str_eq(repaired("ab\xc3"), "ab");
	cr_assert(utf8_valid(repaired("白\xe6\xb2")));
}

Test(text, a_message_cut_by_snprintf_stays_valid_after_repair)
{
	char out[8]; /* room for two Chinese characters and one byte of the third */
	snprintf(out, sizeof out, "%s", "白河县城关镇");
	cr_assert_not(utf8_valid(out));
	utf8_repair(out);
	cr_assert_str_eq(out, "白河");
}

Test(text, ascii_lower_changes_only_ascii_letters)
{
	char s[] = "ABC-xyz 白河 ÄZ";
	ascii_lower(s);
	cr_assert_str_eq(s, "abc-xyz 白河 Äz");
}
