/*
** test_idcard.c — unit tests for domain/idcard.c: what GB 11643-1999 makes a valid citizen ID
** number, the messages staff see when it is not, and the masked form lists and logs show.
**
** Check characters in the expected numbers were computed by hand from the standard's formula
** (weights 2^(17-i) mod 11, check value (12 - sum mod 11) mod 11, 10 written X); check_of()
** below computes them the same way, independently of the table in idcard.c, to build numbers
** whose only fault is the one a test is about.
*/
#include "core/date.h"
#include "domain/idcard.h"

#include <criterion/criterion.h>
#include <string.h>

/* "Today" for every test: Friday 2025-09-26. */
static int today(void)
{
	return date_from_ymd(2025, 9, 26);
}

/* The check character of the first 17 digits of `body`, from the formula, not from idcard.c. */
static char check_of(const char *body)
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (body[i] - '0') * ((1 << (17 - i)) % 11);
	int value = (12 - sum % 11) % 11;
	return value == 10 ? 'X' : (char)('0' + value);
}

/* body (17 digits) followed by its correct check character. */
static const char *with_check(const char *body)
{
	static char id[IDCARD_SIZE];
	cr_assert_eq(strlen(body), 17, "test body must have 17 characters: %s", body);
	memcpy(id, body, 17);
	id[17] = check_of(body);
	id[18] = '\0';
	return id;
}

static void assert_valid(const char *text, const char *expected_normalised)
{
	struct bm_error err = {0};
	char out[IDCARD_SIZE] = "unchanged";
	cr_assert_eq(idcard_validate(text, today(), out, &err), 0, "%s refused: %s", text,
		     err.message);
	cr_assert_str_eq(out, expected_normalised);
}

static void assert_refused(const char *text, const char *expected_message)
{
	struct bm_error err = {0};
	char out[IDCARD_SIZE] = "unchanged";
	cr_assert_eq(idcard_validate(text, today(), out, &err), -1, "%s was accepted", text);
	cr_assert_eq(err.http_status, 400);
	cr_assert_str_eq(err.code, "invalid_id_number");
	cr_assert_str_eq(err.message, expected_message, "for %s", text);
	cr_assert_str_eq(out, "", "a refused number must leave no normalised form");
}

/* ---- valid numbers ---- */

Test(idcard, standard_example_with_check_character_x_is_valid)
{
	/* The example of GB 11643-1999: 11010519491231002 has check value 10, written X. */
	cr_assert_eq(check_of("11010519491231002"), 'X');
	assert_valid("11010519491231002X", "11010519491231002X");
}

Test(idcard, baihe_number_with_a_digit_check_character_is_valid)
{
	assert_valid("610929199001011235", "610929199001011235");
}

Test(idcard, lower_case_x_is_accepted_and_normalised_to_upper_case)
{
	assert_valid("11010519491231002x", "11010519491231002X");
}

Test(idcard, surrounding_white_space_is_dropped)
{
	assert_valid("  610929199001011235\t\n", "610929199001011235");
}

Test(idcard, full_width_digits_and_x_from_a_chinese_input_method_are_normalised)
{
	assert_valid("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X");
}

Test(idcard, normalised_form_may_be_skipped)
{
	cr_assert_eq(idcard_validate("11010519491231002X", today(), NULL, NULL), 0);
}

Test(idcard, leap_day_of_2000_is_a_real_birth_date)
{
	assert_valid("610929200002291238", "610929200002291238");
}

Test(idcard, born_today_is_accepted)
{
	assert_valid(with_check("61092920250926123"), with_check("61092920250926123"));
}

Test(idcard, taiwan_residents_residence_permit_code_83_is_accepted)
{
	assert_valid("830000199001011234", "830000199001011234");
}

Test(idcard, foreigners_permanent_residence_number_starting_9_is_accepted)
{
	/* 2023 版永居证: 9, issuing province 61 (陕西), nationality 000, then the usual layout. */
	assert_valid("961000199001011234", "961000199001011234");
}

/* ---- refused numbers, each for one reason ---- */

Test(idcard, wrong_check_character_is_refused)
{
	assert_refused("110105194912310021", "身份证号码校验位错误，请逐位核对号码");
}

Test(idcard, one_mistyped_digit_is_caught_by_the_check_character)
{
	/* 1949 → 1948: the date is still real, only the check catches it. */
	assert_refused("11010519481231002X", "身份证号码校验位错误，请逐位核对号码");
}

Test(idcard, seventeen_digits_are_refused_as_the_wrong_length)
{
	assert_refused("11010519491231002", "身份证号码位数不对：应为 18 位，实际为 17 位");
}

Test(idcard, nineteen_characters_are_refused_as_the_wrong_length)
{
	assert_refused("11010519491231002X1", "身份证号码位数不对：应为 18 位，实际为 19 位");
}

Test(idcard, old_fifteen_digit_number_is_refused_as_the_wrong_length)
{
	assert_refused("110105491231002", "身份证号码位数不对：应为 18 位，实际为 15 位");
}

Test(idcard, empty_and_null_are_refused_as_the_wrong_length)
{
	assert_refused("", "身份证号码位数不对：应为 18 位，实际为 0 位");
	assert_refused(NULL, "身份证号码位数不对：应为 18 位，实际为 0 位");
}

Test(idcard, chinese_characters_count_as_one_place_each)
{
	/* 17 digits and one Chinese character: 18 places, the last one wrong. */
	assert_refused("11010519491231002号", "身份证号码第 18 位（校验位）应为数字或 X");
}

Test(idcard, letter_in_the_body_is_refused_naming_its_place)
{
	assert_refused("1101051949A231002X", "身份证号码第 11 位不是数字");
}

Test(idcard, x_before_the_last_place_is_refused)
{
	assert_refused("X10105194912310021", "身份证号码第 1 位不是数字");
}

Test(idcard, inner_space_is_refused_naming_its_place)
{
	assert_refused("110105 1949123100X", "身份证号码第 7 位不是数字");
}

Test(idcard, impossible_date_19990230_is_refused)
{
	assert_refused(with_check("61092919990230123"),
		       "身份证号码出生日期无效：“19990230”不是真实的日期");
}

Test(idcard, month_13_is_refused)
{
	assert_refused(with_check("61092919901301123"),
		       "身份证号码出生日期无效：“19901301”不是真实的日期");
}

Test(idcard, february_29_of_1900_is_refused_since_1900_was_not_a_leap_year)
{
	assert_refused("610929190002291231", "身份证号码出生日期无效：“19000229”不是真实的日期");
}

Test(idcard, birth_date_after_today_is_refused)
{
	assert_refused(with_check("61092920250927123"),
		       "身份证号码出生日期无效：2025-09-27 晚于今天");
}

Test(idcard, birth_date_far_in_the_future_is_refused)
{
	assert_refused("610929203001011234", "身份证号码出生日期无效：2030-01-01 晚于今天");
}

Test(idcard, birth_before_1900_is_refused)
{
	assert_refused("61092918991231123X", "身份证号码出生日期无效：1899 年早于 1900 年");
}

Test(idcard, province_code_00_is_refused)
{
	assert_refused("000929199001011231", "身份证号码前两位“00”不是有效的省级行政区划代码");
}

Test(idcard, province_code_not_in_gb_t_2260_is_refused)
{
	/* 16 lies inside 11..65 but names no province. */
	assert_refused(with_check("16092919900101123"),
		       "身份证号码前两位“16”不是有效的省级行政区划代码");
}

Test(idcard, foreigners_number_without_a_province_after_the_9_is_refused)
{
	assert_refused("900000199001011232",
		       "身份证号码第 2–3 位“00”不是有效的省级行政区划代码");
}

/* ---- pieces ---- */

Test(idcard, check_character_agrees_with_the_standards_formula)
{
	const char *bodies[] = {"11010519491231002", "61092919900101123", "61092919850615002",
				"83000019900101123", "44030419791029001", "99999999999999999"};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		cr_assert_eq(idcard_check_char(bodies[i]), check_of(bodies[i]), "for %s",
			     bodies[i]);
}

Test(idcard, check_character_of_a_non_digit_body_is_nul)
{
	cr_assert_eq(idcard_check_char("1101051949123100A"), '\0');
	cr_assert_eq(idcard_check_char("110105"), '\0');
}

Test(idcard, birth_date_is_read_from_places_7_to_14)
{
	int date = 0;
	cr_assert_eq(idcard_birth_date("11010519491231002X", &date), 0);
	cr_assert_eq(date, date_from_ymd(1949, 12, 31));
}

Test(idcard, birth_date_of_an_impossible_day_is_refused)
{
	int date = 42;
	cr_assert_eq(idcard_birth_date("61092919990230123X", &date), -1);
	cr_assert_eq(date, 42, "a refused date must leave *date untouched");
	cr_assert_eq(idcard_birth_date("6109", &date), -1);
}

Test(idcard, masking_keeps_the_first_six_and_the_last_four)
{
	char out[IDCARD_SIZE];
	idcard_mask("61092919900101123X", out);
	cr_assert_str_eq(out, "610929********123X");
}

Test(idcard, masking_something_malformed_shows_nothing_of_it)
{
	char out[IDCARD_SIZE];
	idcard_mask("6109291990", out);
	cr_assert_str_eq(out, "******************");
	idcard_mask(NULL, out);
	cr_assert_str_eq(out, "******************");
}
