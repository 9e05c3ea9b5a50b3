/*
** test_assessment.c — unit tests for domain/assessment_rules.c: periods, source values, linear
** formulas (higher and lower is better, clamping, null rules, rounding to 0.1), competition
** ranks with ties, the commend/name thresholds and bulletin numbers.
*/
#include "core/date.h"
#include "domain/assessment_rules.h"

#include <criterion/criterion.h>
#include <string.h>

TestSuite(assessment_rules);

Test(assessment_rules, periods_month_quarter_year)
{
	struct as_period p;
	cr_assert_eq(as_period_parse("2026-10", &p), 0);
	cr_assert_eq(p.kind, AS_MONTH);
	cr_assert_str_eq(p.from, "2026-10-01");
	cr_assert_str_eq(p.to, "2026-10-31");
	cr_assert_eq(as_period_parse("2026-02", &p), 0);
	cr_assert_str_eq(p.to, "2026-02-28");
	cr_assert_eq(as_period_parse("2028-02", &p), 0);
	cr_assert_str_eq(p.to, "2028-02-29");
	cr_assert_eq(as_period_parse("2026-12", &p), 0);
	cr_assert_str_eq(p.to, "2026-12-31");
	cr_assert_eq(as_period_parse("2026-Q3", &p), 0);
	cr_assert_eq(p.kind, AS_QUARTER);
	cr_assert_str_eq(p.from, "2026-07-01");
	cr_assert_str_eq(p.to, "2026-09-30");
	cr_assert_eq(as_period_parse("2026", &p), 0);
	cr_assert_eq(p.kind, AS_YEAR);
	cr_assert_str_eq(p.from, "2026-01-01");
	cr_assert_str_eq(p.to, "2026-12-31");
	const char *bad[] = {"", "2026-13", "2026-00", "2026-Q5", "2026-1", "26-10", "2026-10-01",
			     "1999", "2026-q3", "abcd"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_assert_eq(as_period_parse(bad[i], &p), -1, "%s", bad[i]);
	cr_assert_eq(as_period_parse(NULL, &p), -1);
}

Test(assessment_rules, previous_month_crosses_the_year)
{
	struct as_period p;
	as_period_previous_month(date_from_ymd(2026, 11, 1), &p);
	cr_assert_str_eq(p.text, "2026-10");
	as_period_previous_month(date_from_ymd(2027, 1, 15), &p);
	cr_assert_str_eq(p.text, "2026-12");
	cr_assert_str_eq(p.to, "2026-12-31");
}

Test(assessment_rules, source_values_and_nulls)
{
	double v = -1;
	cr_assert(as_source_value(AS_RATE, 9, 10, &v));
	cr_assert_float_eq(v, 90.0, 1e-9);
	cr_assert_not(as_source_value(AS_RATE, 0, 0, &v), "a rate over nothing is null, not 0");
	cr_assert(as_source_value(AS_COUNT, 0, 0, &v));
	cr_assert_float_eq(v, 0.0, 1e-9);
	cr_assert_not(as_source_value(AS_MEAN, 80, 0, &v));
	cr_assert(as_source_value(AS_RATIO, 12, 8, &v));
	cr_assert_float_eq(v, 1.5, 1e-9);
	enum as_source s;
	cr_assert_eq(as_source_parse("satisfaction_rate", &s), 0);
	cr_assert_eq(s, AS_SATISFACTION_RATE);
	cr_assert_str_eq(as_source_info(s)->num_measure, "satisfied");
	cr_assert_eq(as_source_parse("nope", &s), -1);
	for (int i = 0; i < AS_SOURCE_COUNT; i++)
		cr_assert_str_eq(as_source_names[i], as_source_info((enum as_source)i)->name);
	cr_assert_null(as_source_names[AS_SOURCE_COUNT]);
}

Test(assessment_rules, linear_formula_higher_is_better)
{
	struct as_formula f = {25, 100, 80, AS_NULL_HALF};
	cr_assert_eq(as_score(&f, true, 100), 250);
	cr_assert_eq(as_score(&f, true, 80), 0);
	cr_assert_eq(as_score(&f, true, 90), 125);
	cr_assert_eq(as_score(&f, true, 120), 250, "clamped at the weight");
	cr_assert_eq(as_score(&f, true, 50), 0, "clamped at zero");
	/* 95.3% -> 25 * 15.3 / 20 = 19.125 -> 19.1 */
	cr_assert_eq(as_score(&f, true, 95.3), 191);
	/* 2/3 of the way -> 16.666… -> 16.7 */
	cr_assert_eq(as_score(&f, true, 80 + 40.0 / 3), 167);
}

Test(assessment_rules, linear_formula_lower_is_better)
{
	struct as_formula f = {10, 0, 10, AS_NULL_FULL};
	cr_assert_eq(as_score(&f, true, 0), 100);
	cr_assert_eq(as_score(&f, true, 3), 70);
	cr_assert_eq(as_score(&f, true, 10), 0);
	cr_assert_eq(as_score(&f, true, 25), 0);
	struct as_formula g = {5, 0, 3, AS_NULL_HALF};
	cr_assert_eq(as_score(&g, true, 1), 33, "5 * 2/3 = 3.33 -> 3.3");
}

Test(assessment_rules, null_rules)
{
	struct as_formula f = {15, 100, 50, AS_NULL_HALF};
	cr_assert_eq(as_score(&f, false, 0), 75);
	f.on_null = AS_NULL_FULL;
	cr_assert_eq(as_score(&f, false, 0), 150);
	f.on_null = AS_NULL_ZERO;
	cr_assert_eq(as_score(&f, false, 0), 0);
	struct as_formula odd = {5, 100, 60, AS_NULL_HALF};
	cr_assert_eq(as_score(&odd, false, 0), 25, "half of 5 is 2.5");
	enum as_null_rule r;
	cr_assert_eq(as_null_rule_parse("full", &r), 0);
	cr_assert_eq(r, AS_NULL_FULL);
	cr_assert_eq(as_null_rule_parse("most", &r), -1);
}

Test(assessment_rules, rounding_to_tenths)
{
	cr_assert_eq(as_round_tenths(87.45), 875);
	cr_assert_eq(as_round_tenths(87.44), 874);
	cr_assert_eq(as_round_tenths(0.05), 1);
	cr_assert_eq(as_round_tenths(0), 0);
	cr_assert_eq(as_round_tenths(-1.25), -13);
}

Test(assessment_rules, competition_ranks_with_ties)
{
	long totals[] = {900, 850, 850, 700, 950, 700};
	int ranks[6], bottom[6];
	as_rank(totals, 6, ranks);
	int want[] = {2, 3, 3, 5, 1, 5};
	for (int i = 0; i < 6; i++)
		cr_assert_eq(ranks[i], want[i], "rank of %d", i);
	as_rank_from_bottom(totals, 6, bottom);
	int want_bottom[] = {5, 3, 3, 1, 6, 1};
	for (int i = 0; i < 6; i++)
		cr_assert_eq(bottom[i], want_bottom[i], "bottom rank of %d", i);
	long four[] = {80, 70, 70, 60};
	int r4[4];
	as_rank(four, 4, r4);
	cr_assert(r4[0] == 1 && r4[1] == 2 && r4[2] == 2 && r4[3] == 4, "1,2,2,4");
	long all_equal[] = {50, 50, 50};
	int r3[3];
	as_rank(all_equal, 3, r3);
	cr_assert(r3[0] == 1 && r3[1] == 1 && r3[2] == 1);
}

Test(assessment_rules, thresholds)
{
	struct as_thresholds t = {.commend_top = 2, .commend_has_min = true,
				  .commend_min_tenths = 900, .name_bottom = 1,
				  .name_has_below = true, .name_below_tenths = 600};
	cr_assert(as_commended(&t, 1, 950));
	cr_assert(as_commended(&t, 2, 900), "ties at the N-th place are in; >= X");
	cr_assert_not(as_commended(&t, 2, 899), "below the score");
	cr_assert_not(as_commended(&t, 3, 990), "outside the top N");
	cr_assert(as_named(&t, 5, 1, 550));
	cr_assert_not(as_named(&t, 5, 1, 600), "not below Y");
	cr_assert_not(as_named(&t, 4, 2, 500), "not in the bottom N");
	struct as_thresholds only_score = {.commend_has_min = true, .commend_min_tenths = 800,
					   .name_has_below = true, .name_below_tenths = 600};
	cr_assert(as_commended(&only_score, 7, 800));
	cr_assert(as_named(&only_score, 9, 3, 100));
	struct as_thresholds only_rank = {.commend_top = 1, .name_bottom = 1};
	cr_assert(as_commended(&only_rank, 1, 10));
	cr_assert_not(as_named(&only_rank, 1, 1, 10), "commended wins over named");
	struct as_thresholds none = {0};
	cr_assert_not(as_commended(&none, 1, 1000));
	cr_assert_not(as_named(&none, 9, 1, 0));
}

Test(assessment_rules, bulletin_numbers)
{
	char prefix[32], no[64];
	as_bulletin_prefix(prefix, sizeof prefix, "白河县");
	cr_assert_str_eq(prefix, "白河");
	as_bulletin_number(no, sizeof no, prefix, 2026, 10);
	cr_assert_str_eq(no, "白河督通〔2026〕10号");
	as_bulletin_prefix(prefix, sizeof prefix, "县");
	cr_assert_str_eq(prefix, "县", "a name that is only the suffix stays");
	as_bulletin_prefix(prefix, sizeof prefix, "汉滨区");
	cr_assert_str_eq(prefix, "汉滨");
}
