/*
** assessment_rules.h — the pure arithmetic of 目标责任考核 (no database): periods, the sources an
** indicator reads, linear scoring with clamping and null rules, competition ranking, the
** commend/name thresholds and the bulletin's document number.
**
** Scores are kept in tenths of a point (long): 87.5 points is 875. Rounding happens once, per
** indicator (half away from zero); a total is the sum of its indicators' rounded scores, so the
** parts shown always add up to the total and equal totals compare exactly.
*/
#ifndef BM_ASSESSMENT_RULES_H
#define BM_ASSESSMENT_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* --- periods ------------------------------------------------------------------------------ */

enum as_period_kind { AS_MONTH, AS_QUARTER, AS_YEAR, AS_KIND_COUNT };

struct as_period {
	enum as_period_kind kind;
	int year;
	int index;     /* month 1..12, quarter 1..4, 0 for a year */
	char text[12]; /* "2026-10", "2026-Q3", "2026" */
	char from[11]; /* first day 'YYYY-MM-DD' */
	char to[11];   /* last day, inclusive */
};

const char *as_kind_name(enum as_period_kind kind); /* "month", "quarter", "year" */
int as_kind_parse(const char *name, enum as_period_kind *out); /* 0 or -1 */
extern const char *const as_kind_names[AS_KIND_COUNT + 1]; /* NULL-terminated */
/* Parses "YYYY-MM", "YYYY-Qn" or "YYYY" (years 2000..2999). 0, or -1 when malformed. */
int as_period_parse(const char *text, struct as_period *out);
/* The month before the one holding `day` (a day number, core/date.h). */
void as_period_previous_month(int day, struct as_period *out);

/* --- sources ------------------------------------------------------------------------------ */

enum as_source {
	AS_ON_TIME_RATE,
	AS_OVERDUE_COUNT,
	AS_SATISFACTION_RATE,
	AS_RECTIFICATION_RATE,
	AS_WINDOW_GAPS,
	AS_RED_CARDS,
	AS_STANDARD_SCORE,
	AS_TRAINING_HOURS_PER_STAFF,
	AS_TRAINING_COVERAGE,
	AS_PETITION_ON_TIME_RATE,
	AS_WINDOW_COVERAGE, /* 窗口在岗率: window time someone was on duty, of the time open */
	AS_ATTENDANCE,      /* A岗出勤率: window time the A holder was on duty, of the time open */
	AS_SOURCE_COUNT
};

/* How a source's value follows from its numerator and denominator. */
enum as_value_kind {
	AS_RATE,  /* 100 * num / den, percent; null when den == 0 */
	AS_COUNT, /* num; never null */
	AS_MEAN,  /* num is already the mean; null when den (what it covers) == 0 */
	AS_RATIO, /* num / den; null when den == 0 */
};

struct as_source_info {
	const char *name;        /* stable API name: "on_time_rate" */
	const char *label;       /* default Chinese label */
	const char *unit;        /* "%", "件", "分", "小时" ... */
	enum as_value_kind kind;
	const char *num_measure; /* stats_records() measure behind the numerator, or NULL */
	const char *den_measure; /* ... behind the denominator, or NULL */
};

const struct as_source_info *as_source_info(enum as_source source);
/* Every source's name in enum order, NULL-terminated (for jcheck enumerations). */
extern const char *const as_source_names[AS_SOURCE_COUNT + 1];
int as_source_parse(const char *name, enum as_source *out); /* 0 or -1 */

/* The value of a source from its numerator and denominator. Returns false (null: no records)
 * when there is nothing to measure, true with *value set otherwise. */
bool as_source_value(enum as_value_kind kind, double num, double den, double *value);

/* --- scoring ------------------------------------------------------------------------------ */

/* What an indicator scores when its value is null: half its weight (the default: neither
 * rewarded nor punished for having no records), its full weight, or nothing. */
enum as_null_rule { AS_NULL_HALF, AS_NULL_FULL, AS_NULL_ZERO, AS_NULL_COUNT };
const char *as_null_rule_name(enum as_null_rule rule); /* "half", "full", "zero" */
extern const char *const as_null_rule_names[AS_NULL_COUNT + 1]; /* NULL-terminated */
int as_null_rule_parse(const char *name, enum as_null_rule *out);

/* A linear formula: the value full_at scores the whole weight, zero_at scores nothing, values in
 * between score proportionally and values beyond either end are clamped. full_at > zero_at
 * means higher is better, full_at < zero_at lower is better; they must differ. */
struct as_formula {
	int weight; /* points, > 0 */
	double full_at, zero_at;
	enum as_null_rule on_null;
};

/* The score in tenths of a point. */
long as_score(const struct as_formula *f, bool has_value, double value);
/* x rounded to one decimal, as tenths (half away from zero). */
long as_round_tenths(double x);

/* --- ranking ------------------------------------------------------------------------------ */

/* Competition ranks ("1, 2, 2, 4") of n totals, higher first: ranks[i] = 1 + the number of
 * totals strictly greater than totals[i]. */
void as_rank(const long *totals, size_t n, int *ranks);
/* The same from the bottom: 1 + the number of totals strictly lower. */
void as_rank_from_bottom(const long *totals, size_t n, int *ranks);

/* Who is commended (表彰先进) and who is named (通报后进). Each condition that is set must hold;
 * a threshold with no condition set selects nobody. Ties at the N-th place are all in. */
struct as_thresholds {
	int commend_top;         /* rank <= N; 0: no rank condition */
	bool commend_has_min;
	long commend_min_tenths; /* total >= X */
	int name_bottom;         /* rank from the bottom <= N; 0: no rank condition */
	bool name_has_below;
	long name_below_tenths;  /* total < Y */
};

bool as_commended(const struct as_thresholds *t, int rank, long total);
/* A unit that is commended is never named as well (small sets could put it in both). */
bool as_named(const struct as_thresholds *t, int rank, int rank_from_bottom, long total);

/* --- bulletins ---------------------------------------------------------------------------- */

/* "白河督通〔2026〕10号" from prefix "白河", year and sequence. */
void as_bulletin_number(char *out, size_t size, const char *prefix, int year, long seq);
/* The number prefix from the county's name: "白河县" -> "白河" (a trailing 县/区/市 dropped). */
void as_bulletin_prefix(char *out, size_t size, const char *county_name);

#endif
