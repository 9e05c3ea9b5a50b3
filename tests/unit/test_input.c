/*
** test_input.c — validation of JSON request fields at the edge (http/input.c).
**
** Bodies are written as JSON text, the way a client sends them, and parsed with jansson.
** Failures are 400 with code "missing_field" (required and absent, null or empty),
** "invalid_field" (wrong type, too long, out of range, not allowed) or "unknown_field".
*/
#include "http/input.h"

#include <criterion/criterion.h>
#include <string.h>

static json_t *body;

static void teardown(void)
{
	json_decref(body);
	body = NULL;
}

TestSuite(input, .fini = teardown);

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_decref(body);
	body = json_loads(text, JSON_ALLOW_NUL, &jerr);
	cr_assert_not_null(body, "bad test JSON %s: %s", text, jerr.text);
	return body;
}

static void assert_error(const struct bm_error *err, const char *code)
{
	cr_assert_eq(err->http_status, 400, "expected 400 %s, got %d %s", code, err->http_status,
		     err->code ? err->code : "(none)");
	cr_assert_str_eq(err->code, code);
}

/* input_string with the name field, max 8 characters. */
static int read_name(const char *text, bool required, const char **out, struct bm_error *err)
{
	return input_string(parse(text), "name", "名称", required, 8, out, err);
}

/* --- input_string ------------------------------------------------------------------------- */

Test(input, required_string_present_is_returned)
{
	struct bm_error err = {0};
	const char *s = NULL;
	cr_assert_eq(read_name("{\"name\":\"红花社区\"}", true, &s, &err), 0, "%s", err.message);
	cr_assert_str_eq(s, "红花社区");
}

Test(input, required_string_missing_is_missing_field)
{
	struct bm_error err = {0};
	const char *s = "untouched";
	cr_assert_eq(read_name("{}", true, &s, &err), -1);
	assert_error(&err, "missing_field");
	cr_assert_null(s);
}

Test(input, required_string_null_is_missing_field)
{
	struct bm_error err = {0};
	const char *s;
	cr_assert_eq(read_name("{\"name\":null}", true, &s, &err), -1);
	assert_error(&err, "missing_field");
}

Test(input, required_string_empty_is_missing_field)
{
	struct bm_error err = {0};
	const char *s;
	cr_assert_eq(read_name("{\"name\":\"\"}", true, &s, &err), -1);
	assert_error(&err, "missing_field");
}

Test(input, optional_string_missing_gives_null_and_succeeds)
{
	struct bm_error err = {0};
	const char *s = "untouched";
	cr_assert_eq(read_name("{}", false, &s, &err), 0);
	cr_assert_null(s);
}

Test(input, optional_string_null_gives_null_and_succeeds)
{
	struct bm_error err = {0};
	const char *s = "untouched";
	cr_assert_eq(read_name("{\"name\":null}", false, &s, &err), 0);
	cr_assert_null(s);
}

Test(input, string_of_the_wrong_type_is_invalid_field)
{
	const char *bodies[] = {"{\"name\":12}", "{\"name\":true}", "{\"name\":[\"a\"]}",
				"{\"name\":{}}"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct bm_error err = {0};
		const char *s;
		cr_assert_eq(read_name(bodies[i], true, &s, &err), -1, "%s accepted", bodies[i]);
		assert_error(&err, "invalid_field");
	}
}

Test(input, length_limit_counts_chinese_characters_not_bytes)
{
	/* 8 characters, 24 bytes: at the limit of 8. */
	struct bm_error err = {0};
	const char *s;
	cr_assert_eq(read_name("{\"name\":\"白河县城关镇便民\"}", true, &s, &err), 0, "%s",
		     err.message);
	cr_assert_str_eq(s, "白河县城关镇便民");
}

Test(input, string_one_character_over_the_limit_is_invalid_field)
{
	struct bm_error err = {0};
	const char *s;
	cr_assert_eq(read_name("{\"name\":\"白河县城关镇便民服\"}", true, &s, &err), -1);
	assert_error(&err, "invalid_field");
	cr_assert_eq(read_name("{\"name\":\"abcdefghi\"}", true, &s, &err), -1);
	assert_error(&err, "invalid_field");
}

Test(input, string_with_a_control_character_is_invalid_field)
{
	const char *bodies[] = {"{\"name\":\"a\\nb\"}", "{\"name\":\"a\\tb\"}",
				"{\"name\":\"a\\u001bb\"}", "{\"name\":\"a\\u007fb\"}"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct bm_error err = {0};
		const char *s;
		cr_assert_eq(read_name(bodies[i], true, &s, &err), -1, "%s accepted", bodies[i]);
		assert_error(&err, "invalid_field");
	}
}

Test(input, string_with_an_embedded_nul_is_invalid_field)
{
	struct bm_error err = {0};
	const char *s;
	cr_assert_eq(read_name("{\"name\":\"a\\u0000b\"}", true, &s, &err), -1,
		     "\"a\\u0000b\" accepted as \"%s\"", s ? s : "");
	assert_error(&err, "invalid_field");
}

Test(input, error_message_names_the_field_and_its_label)
{
	struct bm_error err = {0};
	const char *s;
	cr_assert_eq(read_name("{}", true, &s, &err), -1);
	cr_assert(strstr(err.message, "name") && strstr(err.message, "名称"), "message: %s",
		  err.message);
}

/* --- input_int ---------------------------------------------------------------------------- */

static int read_count(const char *text, bool required, int64_t *out, bool *present,
		      struct bm_error *err)
{
	return input_int(parse(text), "count", "数量", required, 0, 200, out, present, err);
}

Test(input, integer_in_range_is_returned_and_marked_present)
{
	struct bm_error err = {0};
	int64_t v = -1;
	bool present = false;
	cr_assert_eq(read_count("{\"count\":200}", true, &v, &present, &err), 0, "%s", err.message);
	cr_assert_eq(v, 200);
	cr_assert(present);
	cr_assert_eq(read_count("{\"count\":0}", true, &v, &present, &err), 0, "%s", err.message);
	cr_assert_eq(v, 0);
}

Test(input, integer_out_of_range_is_invalid_field)
{
	const char *bodies[] = {"{\"count\":201}", "{\"count\":-1}",
				"{\"count\":9223372036854775807}"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct bm_error err = {0};
		int64_t v = 7;
		cr_assert_eq(read_count(bodies[i], true, &v, NULL, &err), -1, "%s accepted", bodies[i]);
		assert_error(&err, "invalid_field");
		cr_assert_eq(v, 7, "out-of-range value written to *out");
	}
}

Test(input, integer_of_the_wrong_type_is_invalid_field)
{
	const char *bodies[] = {"{\"count\":\"12\"}", "{\"count\":1.5}", "{\"count\":12.0}",
				"{\"count\":true}"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct bm_error err = {0};
		int64_t v;
		cr_assert_eq(read_count(bodies[i], true, &v, NULL, &err), -1, "%s accepted", bodies[i]);
		assert_error(&err, "invalid_field");
	}
}

Test(input, required_integer_missing_is_missing_field)
{
	struct bm_error err = {0};
	int64_t v;
	cr_assert_eq(read_count("{}", true, &v, NULL, &err), -1);
	assert_error(&err, "missing_field");
}

Test(input, optional_integer_missing_is_marked_absent)
{
	struct bm_error err = {0};
	int64_t v = 7;
	bool present = true;
	cr_assert_eq(read_count("{\"count\":null}", false, &v, &present, &err), 0);
	cr_assert_not(present);
	cr_assert_eq(v, 7);
}

/* --- input_bool --------------------------------------------------------------------------- */

Test(input, boolean_true_and_false_are_read)
{
	struct bm_error err = {0};
	bool v = false, present = false;
	cr_assert_eq(input_bool(parse("{\"open\":true}"), "open", "开放", true, &v, &present, &err), 0);
	cr_assert(v);
	cr_assert(present);
	cr_assert_eq(input_bool(parse("{\"open\":false}"), "open", "开放", true, &v, &present, &err),
		     0);
	cr_assert_not(v);
}

Test(input, boolean_given_as_number_or_string_is_invalid_field)
{
	const char *bodies[] = {"{\"open\":1}", "{\"open\":\"true\"}", "{\"open\":0}"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct bm_error err = {0};
		bool v;
		cr_assert_eq(input_bool(parse(bodies[i]), "open", "开放", true, &v, NULL, &err), -1,
			     "%s accepted", bodies[i]);
		assert_error(&err, "invalid_field");
	}
}

Test(input, required_boolean_missing_is_missing_field)
{
	struct bm_error err = {0};
	bool v;
	cr_assert_eq(input_bool(parse("{}"), "open", "开放", true, &v, NULL, &err), -1);
	assert_error(&err, "missing_field");
}

Test(input, optional_boolean_missing_is_marked_absent)
{
	struct bm_error err = {0};
	bool v = true, present = true;
	cr_assert_eq(input_bool(parse("{}"), "open", "开放", false, &v, &present, &err), 0);
	cr_assert_not(present);
}

/* --- input_enum --------------------------------------------------------------------------- */

static const char *const levels[] = {"county", "town", "village", NULL};

Test(input, enum_value_in_the_allowed_set_is_returned)
{
	struct bm_error err = {0};
	const char *v = NULL;
	cr_assert_eq(input_enum(parse("{\"level\":\"town\"}"), "level", "层级", true, levels, &v, &err),
		     0, "%s", err.message);
	cr_assert_str_eq(v, "town");
}

Test(input, enum_value_outside_the_allowed_set_is_invalid_field)
{
	const char *bodies[] = {"{\"level\":\"province\"}", "{\"level\":\"Town\"}",
				"{\"level\":\"town \"}", "{\"level\":3}"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		struct bm_error err = {0};
		const char *v;
		cr_assert_eq(input_enum(parse(bodies[i]), "level", "层级", true, levels, &v, &err), -1,
			     "%s accepted", bodies[i]);
		assert_error(&err, "invalid_field");
	}
}

Test(input, required_enum_missing_is_missing_field)
{
	struct bm_error err = {0};
	const char *v;
	cr_assert_eq(input_enum(parse("{}"), "level", "层级", true, levels, &v, &err), -1);
	assert_error(&err, "missing_field");
}

Test(input, optional_enum_missing_gives_null)
{
	struct bm_error err = {0};
	const char *v = "untouched";
	cr_assert_eq(input_enum(parse("{}"), "level", "层级", false, levels, &v, &err), 0);
	cr_assert_null(v);
}

/* --- input_reject_unknown ----------------------------------------------------------------- */

static const char *const login_fields[] = {"username", "password", NULL};

Test(input, body_with_only_allowed_keys_passes)
{
	struct bm_error err = {0};
	cr_assert_eq(input_reject_unknown(parse("{\"username\":\"a\",\"password\":\"b\"}"),
					  login_fields, &err),
		     0);
	cr_assert_eq(input_reject_unknown(parse("{}"), login_fields, &err), 0);
}

Test(input, body_with_an_unknown_key_is_unknown_field_naming_it)
{
	struct bm_error err = {0};
	cr_assert_eq(input_reject_unknown(parse("{\"username\":\"a\",\"role\":\"admin\"}"),
					  login_fields, &err),
		     -1);
	assert_error(&err, "unknown_field");
	cr_assert(strstr(err.message, "role") != NULL, "message: %s", err.message);
}
