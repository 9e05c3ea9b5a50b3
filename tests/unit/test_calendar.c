/*
** test_calendar.c — unit tests for core/calendar.c against the official 2025 and 2026
** arrangements in data/cn-holidays.csv (tests run from the repository root).
**
** Suite "calendar" gets the official calendar, built, in `official`; suite "calendar_load"
** starts from an empty calendar in `fresh` and tests loading, CSV strictness and building.
*/
#include "core/calendar.h"
#include "core/date.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct calendar *official;
static struct calendar *fresh;

static void official_setup(void)
{
	official = t_official_calendar();
}

static void official_teardown(void)
{
	calendar_free(official);
}

static void fresh_setup(void)
{
	fresh = calendar_new();
}

static void fresh_teardown(void)
{
	calendar_free(fresh);
}

TestSuite(calendar, .init = official_setup, .fini = official_teardown);
TestSuite(calendar_load, .init = fresh_setup, .fini = fresh_teardown);

static int day(const char *text)
{
	int date = 0;
	cr_assert_eq(date_parse(text, &date), 0, "bad date in test: %s", text);
	return date;
}

/* Asserts that `from` + n working days is `expected`. */
static void assert_add(const char *from, int n, const char *expected)
{
	struct bm_error err = {0};
	int out = 0;
	cr_assert_eq(calendar_add_working_days(official, day(from), n, &out, &err), 0, "%s",
		     err.message);
	char text[DATE_TEXT_SIZE];
	date_format(out, text);
	cr_assert_str_eq(text, expected, "%s + %d working days", from, n);
}

static bool working(const char *text)
{
	struct bm_error err = {0};
	bool out = false;
	cr_assert_eq(calendar_is_working_day(official, day(text), &out, &err), 0, "%s",
		     err.message);
	return out;
}

static int between(const char *from, const char *to)
{
	struct bm_error err = {0};
	int out = 0;
	cr_assert_eq(calendar_working_days_between(official, day(from), day(to), &out, &err), 0,
		     "%s", err.message);
	return out;
}

/* ---- the official calendar ---- */

Test(calendar, loaded_years_are_2025_and_2026)
{
	int first, last;
	calendar_year_range(official, &first, &last);
	cr_assert_eq(first, 2025);
	cr_assert_eq(last, 2026);
}

Test(calendar, ordinary_weekday_is_working_and_weekend_is_not)
{
	cr_assert(working("2025-03-12"));  /* Wednesday */
	cr_assert_not(working("2025-03-15")); /* Saturday */
	cr_assert_not(working("2025-03-16")); /* Sunday */
}

Test(calendar, acceptance_day_not_counted_and_labour_day_skipped)
{
	assert_add("2025-04-30", 1, "2025-05-06");
}

Test(calendar, makeup_sunday_is_a_working_day)
{
	cr_assert(working("2025-04-27"));
}

Test(calendar, makeup_sunday_is_counted_when_adding)
{
	assert_add("2025-04-25", 1, "2025-04-27");
}

Test(calendar, holiday_on_a_weekday_is_not_working)
{
	cr_assert_not(working("2025-05-01"));
	cr_assert_not(working("2025-10-08"));
}

Test(calendar, national_day_2025_skipped)
{
	assert_add("2025-09-30", 1, "2025-10-09");
}

Test(calendar, national_day_2025_makeup_saturday_is_working)
{
	cr_assert(working("2025-10-11"));
	assert_add("2025-10-10", 1, "2025-10-11");
}

Test(calendar, spring_festival_2026_makeup_saturday_before)
{
	assert_add("2026-02-13", 1, "2026-02-14");
}

Test(calendar, spring_festival_2026_skipped)
{
	assert_add("2026-02-14", 1, "2026-02-24");
	cr_assert_not(working("2026-02-23")); /* Monday, last day of the break */
}

Test(calendar, spring_festival_2026_makeup_saturday_after)
{
	cr_assert(working("2026-02-28"));
	assert_add("2026-02-27", 1, "2026-02-28");
}

Test(calendar, year_boundary_2025_to_2026)
{
	/* 2026-01-01..03 off, Sun 2026-01-04 make-up, then Mon 05 and Tue 06. */
	assert_add("2025-12-31", 3, "2026-01-06");
}

Test(calendar, add_zero_answers_the_day_itself)
{
	assert_add("2025-05-01", 0, "2025-05-01");
}

Test(calendar, add_from_a_holiday_counts_the_next_working_day)
{
	assert_add("2025-05-03", 1, "2025-05-06");
}

Test(calendar, add_reaches_last_working_day_of_range)
{
	/* 2026-12-31 is a Thursday, the last loaded working day. */
	assert_add("2026-12-30", 1, "2026-12-31");
}

Test(calendar, add_past_the_last_loaded_year_names_next_year)
{
	struct bm_error err = {0};
	int out = 0;
	cr_assert_eq(calendar_add_working_days(official, day("2026-12-30"), 2, &out, &err), -1);
	cr_assert_str_eq(err.code, "calendar_year_not_loaded");
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(err.message, "未加载 2027 年的工作日历，请管理员先导入该年度节假日安排");
}

Test(calendar, add_with_huge_n_is_not_loaded_not_overflow)
{
	struct bm_error err = {0};
	int out = 0;
	cr_assert_eq(calendar_add_working_days(official, day("2025-06-01"), 2147483647, &out, &err),
		     -1);
	cr_assert_str_eq(err.code, "calendar_year_not_loaded");
}

Test(calendar, add_negative_n_rejected)
{
	struct bm_error err = {0};
	int out = 0;
	cr_assert_eq(calendar_add_working_days(official, day("2025-06-01"), -1, &out, &err), -1);
	cr_assert_str_eq(err.code, "calendar_negative_days");
}

Test(calendar, unloaded_year_rejected_by_every_query)
{
	struct bm_error err = {0};
	bool is_working;
	int out;
	cr_assert_eq(calendar_is_working_day(official, day("2027-03-01"), &is_working, &err), -1);
	cr_assert_str_eq(err.code, "calendar_year_not_loaded");
	cr_assert_eq(err.http_status, 409);
	cr_assert(strstr(err.message, "2027") != NULL);

	err = (struct bm_error){0};
	cr_assert_eq(calendar_add_working_days(official, day("2024-12-31"), 1, &out, &err), -1);
	cr_assert_str_eq(err.code, "calendar_year_not_loaded");
	cr_assert(strstr(err.message, "2024") != NULL);

	err = (struct bm_error){0};
	cr_assert_eq(calendar_working_days_between(official, day("2025-06-01"), day("2027-01-04"),
						   &out, &err),
		     -1);
	cr_assert_str_eq(err.code, "calendar_year_not_loaded");
}

Test(calendar, between_counts_after_from_through_to)
{
	cr_assert_eq(between("2025-04-30", "2025-05-06"), 1);
	cr_assert_eq(between("2025-09-30", "2025-10-09"), 1);
	cr_assert_eq(between("2025-10-09", "2025-10-12"), 2); /* Fri 10 and make-up Sat 11 */
}

Test(calendar, between_same_day_is_zero)
{
	cr_assert_eq(between("2025-05-06", "2025-05-06"), 0);
}

Test(calendar, between_reversed_is_negative)
{
	cr_assert_eq(between("2025-05-06", "2025-04-30"), -1);
	cr_assert_eq(between("2026-01-06", "2025-12-31"), -3);
}

Test(calendar, between_whole_years_give_official_totals)
{
	/* 365 - 104 weekend days - 13 statutory holidays = 248 working days in each year;
	 * 1 January is a holiday in both, so (Jan 1, Dec 31] holds them all. */
	cr_assert_eq(between("2025-01-01", "2025-12-31"), 248);
	cr_assert_eq(between("2026-01-01", "2026-12-31"), 248);
}

Test(calendar, between_is_inverse_of_add)
{
	struct bm_error err = {0};
	int first = day("2025-01-01"), last = day("2026-06-30");
	for (int date = first; date <= last; date += 3) {
		for (int n = 0; n <= 40; n += 7) {
			int target = 0, count = 0;
			cr_assert_eq(calendar_add_working_days(official, date, n, &target, &err),
				     0);
			cr_assert_eq(calendar_working_days_between(official, date, target, &count,
								   &err),
				     0);
			cr_assert_eq(count, n, "between(d, add(d, %d)) = %d", n, count);
		}
	}
}

Test(calendar, add_lands_on_working_day)
{
	struct bm_error err = {0};
	int first = day("2025-01-01"), last = day("2026-06-30");
	for (int date = first; date <= last; date++) {
		int target = 0;
		bool is_working = false;
		cr_assert_eq(calendar_add_working_days(official, date, 5, &target, &err), 0);
		cr_assert_eq(calendar_is_working_day(official, target, &is_working, &err), 0);
		cr_assert(is_working);
	}
}

Test(calendar, day_names_come_from_the_data)
{
	cr_assert_str_eq(calendar_day_name(official, day("2025-10-01")), "国庆节、中秋节");
	cr_assert_str_eq(calendar_day_name(official, day("2025-04-27")), "劳动节调休");
	cr_assert_null(calendar_day_name(official, day("2025-03-12")));
}

Test(calendar, built_calendar_refuses_new_days)
{
	struct bm_error err = {0};
	cr_assert_eq(calendar_add_day(official, day("2026-12-31"), CALENDAR_OFF, "x", &err), -1);
	cr_assert_str_eq(err.code, "calendar_built");
	err = (struct bm_error){0};
	cr_assert_eq(calendar_load_csv(official, "2026-12-31,off,x\n", &err), -1);
	cr_assert_str_eq(err.code, "calendar_built");
}

/* ---- loading and building ---- */

Test(calendar_load, query_before_build_is_an_error)
{
	struct bm_error err = {0};
	bool is_working;
	cr_assert_eq(calendar_add_day(fresh, day("2025-01-01"), CALENDAR_OFF, "元旦", &err), 0);
	cr_assert_eq(calendar_is_working_day(fresh, day("2025-01-02"), &is_working, &err), -1);
	cr_assert_str_eq(err.code, "calendar_not_built");
}

Test(calendar_load, empty_calendar_builds_and_answers_not_loaded)
{
	struct bm_error err = {0};
	int first = -1, last = -1, out;
	cr_assert_eq(calendar_build(fresh, &err), 0);
	calendar_year_range(fresh, &first, &last);
	cr_assert(first == 0 && last == 0);
	cr_assert_eq(calendar_add_working_days(fresh, day("2025-01-02"), 1, &out, &err), -1);
	cr_assert_str_eq(err.code, "calendar_year_not_loaded");
}

Test(calendar_load, csv_returns_number_of_days_added)
{
	struct bm_error err = {0};
	const char *text = "# comment\n"
			   "date,kind,name\n"
			   "\n"
			   "2025-01-01,off,元旦\n"
			   "2025-01-26,work,春节调休\n";
	cr_assert_eq(calendar_load_csv(fresh, text, &err), 2, "%s", err.message);
	cr_assert_str_eq(calendar_day_name(fresh, day("2025-01-26")), "春节调休");
}

Test(calendar_load, csv_repeated_day_with_same_kind_is_not_new)
{
	struct bm_error err = {0};
	cr_assert_eq(calendar_load_csv(fresh, "2025-01-01,off,元旦\n", &err), 1);
	cr_assert_eq(calendar_load_csv(fresh, "2025-01-01,off,元旦\n2025-01-01,off,元旦\n", &err),
		     0);
}

Test(calendar_load, csv_accepts_crlf_and_bom)
{
	struct bm_error err = {0};
	const char *text = "\xEF\xBB\xBF"
			   "date,kind,name\r\n"
			   "2025-01-01,off,元旦\r\n"
			   "2025-01-26,work,春节调休"; /* no final line ending */
	cr_assert_eq(calendar_load_csv(fresh, text, &err), 2, "%s", err.message);
	cr_assert_str_eq(calendar_day_name(fresh, day("2025-01-01")), "元旦");
	cr_assert_str_eq(calendar_day_name(fresh, day("2025-01-26")), "春节调休");
}

/* Loads `text`, expects it to be refused with `code` and a message starting "第 N 行：",
 * and checks that the calendar was left empty. */
static void assert_csv_refused(const char *text, const char *code, int line_no)
{
	struct bm_error err = {0};
	char prefix[32];
	snprintf(prefix, sizeof prefix, "第 %d 行：", line_no);
	cr_assert_eq(calendar_load_csv(fresh, text, &err), -1);
	cr_assert_str_eq(err.code, code, "message: %s", err.message);
	cr_assert_eq(strncmp(err.message, prefix, strlen(prefix)), 0, "message: %s", err.message);
	cr_assert_null(calendar_day_name(fresh, day("2025-01-01")), "a day was added");
	int first, last;
	calendar_year_range(fresh, &first, &last);
	cr_assert_eq(first, 0, "a year was marked loaded");
}

Test(calendar_load, csv_bad_date_rejects_whole_file)
{
	assert_csv_refused("2025-01-01,off,元旦\n"
			   "# comment\n"
			   "2025-1-28,off,春节\n"
			   "2025-01-29,off,春节\n",
			   "calendar_csv_invalid", 3);
	struct bm_error err = {0};
	calendar_load_csv(fresh, "2025-01-01,off,元旦\n\n2025-1-28,off,春节\n", &err);
	cr_assert_str_eq(err.message, "第 3 行：日期格式应为 YYYY-MM-DD，且须为真实存在的日期");
	cr_assert_eq(err.http_status, 400);
}

Test(calendar_load, csv_impossible_date_rejected)
{
	assert_csv_refused("2025-01-01,off,元旦\n2025-02-29,off,x\n", "calendar_csv_invalid", 2);
}

Test(calendar_load, csv_unknown_kind_rejects_whole_file)
{
	assert_csv_refused("2025-01-01,off,元旦\n2025-01-28,holiday,春节\n", "calendar_csv_invalid",
			   2);
}

Test(calendar_load, csv_too_few_fields_rejects_whole_file)
{
	assert_csv_refused("2025-01-01,off,元旦\n2025-01-28,off\n", "calendar_csv_invalid", 2);
}

Test(calendar_load, csv_too_many_fields_rejects_whole_file)
{
	assert_csv_refused("2025-01-01,off,元旦\n2025-01-28,off,春节,extra\n",
			   "calendar_csv_invalid", 2);
}

Test(calendar_load, csv_empty_name_rejected)
{
	assert_csv_refused("2025-01-01,off,元旦\n2025-01-28,off,\n", "calendar_csv_invalid", 2);
}

Test(calendar_load, csv_header_after_records_rejected)
{
	assert_csv_refused("2025-01-01,off,元旦\ndate,kind,name\n", "calendar_csv_invalid", 2);
}

Test(calendar_load, csv_conflict_within_file_rejects_whole_file)
{
	assert_csv_refused("2025-01-01,off,元旦\n2025-01-26,work,春节调休\n2025-01-26,off,x\n",
			   "calendar_conflict", 3);
}

Test(calendar_load, csv_workday_on_weekday_rejects_whole_file)
{
	/* 2025-01-27 is a Monday. */
	assert_csv_refused("2025-01-01,off,元旦\n2025-01-27,work,春节调休\n",
			   "calendar_workday_not_weekend", 2);
}

Test(calendar_load, csv_conflict_with_loaded_day_adds_nothing)
{
	struct bm_error err = {0};
	cr_assert_eq(calendar_add_day(fresh, day("2025-02-08"), CALENDAR_WORK, "春节调休", &err),
		     0);
	cr_assert_eq(calendar_load_csv(fresh, "2025-01-01,off,元旦\n2025-02-08,off,春节\n", &err),
		     -1);
	cr_assert_str_eq(err.code, "calendar_conflict");
	cr_assert_null(calendar_day_name(fresh, day("2025-01-01")));
}

Test(calendar_load, add_day_conflict_with_other_kind)
{
	struct bm_error err = {0};
	cr_assert_eq(calendar_add_day(fresh, day("2025-04-27"), CALENDAR_WORK, "劳动节调休", &err),
		     0);
	cr_assert_eq(calendar_add_day(fresh, day("2025-04-27"), CALENDAR_OFF, "劳动节", &err), -1);
	cr_assert_str_eq(err.code, "calendar_conflict");
	cr_assert_eq(err.http_status, 409);
	cr_assert_str_eq(calendar_day_name(fresh, day("2025-04-27")), "劳动节调休");
}

Test(calendar_load, add_day_same_kind_again_is_accepted)
{
	struct bm_error err = {0};
	cr_assert_eq(calendar_add_day(fresh, day("2025-05-01"), CALENDAR_OFF, "劳动节", &err), 0);
	cr_assert_eq(calendar_add_day(fresh, day("2025-05-01"), CALENDAR_OFF, "其他", &err), 0);
	cr_assert_str_eq(calendar_day_name(fresh, day("2025-05-01")), "劳动节");
}

Test(calendar_load, add_day_workday_must_be_weekend)
{
	struct bm_error err = {0};
	cr_assert_eq(calendar_add_day(fresh, day("2025-04-28"), CALENDAR_WORK, "x", &err), -1);
	cr_assert_str_eq(err.code, "calendar_workday_not_weekend");
	cr_assert_null(calendar_day_name(fresh, day("2025-04-28")));
}

Test(calendar_load, year_gap_refused_at_build)
{
	struct bm_error err = {0};
	cr_assert_eq(calendar_add_day(fresh, day("2025-01-01"), CALENDAR_OFF, "元旦", &err), 0);
	cr_assert_eq(calendar_add_day(fresh, day("2027-01-01"), CALENDAR_OFF, "元旦", &err), 0);
	cr_assert_eq(calendar_build(fresh, &err), -1);
	cr_assert_str_eq(err.code, "calendar_year_gap");
	cr_assert(strstr(err.message, "2026") != NULL, "message: %s", err.message);
}

Test(calendar_load, gap_filled_then_build_succeeds)
{
	struct bm_error err = {0};
	int first, last;
	calendar_add_day(fresh, day("2025-01-01"), CALENDAR_OFF, "元旦", &err);
	calendar_add_day(fresh, day("2027-01-01"), CALENDAR_OFF, "元旦", &err);
	cr_assert_eq(calendar_build(fresh, &err), -1);
	cr_assert_eq(calendar_add_day(fresh, day("2026-01-01"), CALENDAR_OFF, "元旦", &err), 0);
	cr_assert_eq(calendar_build(fresh, &err), 0, "%s", err.message);
	calendar_year_range(fresh, &first, &last);
	cr_assert(first == 2025 && last == 2027);
}

Test(calendar_load, single_year_without_makeup_days_counts_weekdays)
{
	/* 2027 with only 1 January announced: Fri 2027-01-01 off, so Thu 2026-12-31 is not
	 * loaded, and Mon 2027-01-04 is the first working day of the year. */
	struct bm_error err = {0};
	int out = 0;
	calendar_add_day(fresh, day("2027-01-01"), CALENDAR_OFF, "元旦", &err);
	cr_assert_eq(calendar_build(fresh, &err), 0);
	cr_assert_eq(calendar_add_working_days(fresh, day("2027-01-01"), 1, &out, &err), 0);
	cr_assert_eq(out, day("2027-01-04"));
	cr_assert_eq(calendar_add_working_days(fresh, day("2027-01-04"), 5, &out, &err), 0);
	cr_assert_eq(out, day("2027-01-11"));
}
