/*
** assessment_rules.c — periods, sources, linear scores, competition ranks, thresholds and
** bulletin numbers for 目标责任考核 (see assessment_rules.h). Pure: no database, no clock.
*/
#include "domain/assessment_rules.h"

#include "core/date.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const as_kind_names[AS_KIND_COUNT + 1] = {"month", "quarter", "year", NULL};

const char *as_kind_name(enum as_period_kind kind)
{
	return kind >= 0 && kind < AS_KIND_COUNT ? as_kind_names[kind] : "";
}

int as_kind_parse(const char *name, enum as_period_kind *out)
{
	for (int k = 0; name && k < AS_KIND_COUNT; k++)
		if (strcmp(name, as_kind_names[k]) == 0) {
			*out = (enum as_period_kind)k;
			return 0;
		}
	return -1;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Fills the first and last day of months first_month..last_month of the year. */
static void fill_range(struct as_period *p, int first_month, int last_month)
{
	int last_day = date_from_ymd(last_month == 12 ? p->year + 1 : p->year,
				     last_month == 12 ? 1 : last_month + 1, 1) - 1;
	date_format(date_from_ymd(p->year, first_month, 1), p->from);
	date_format(last_day, p->to);
}

int as_period_parse(const char *text, struct as_period *out)
{
	if (!text)
		return -1;
	size_t len = strlen(text);
	if (len < 4 || !all_digits(text, 4))
		return -1;
	struct as_period p = {0};
	p.year = atoi(text);
	if (p.year < 2000 || p.year > 2999)
		return -1;
	if (len == 4) {
		p.kind = AS_YEAR;
		fill_range(&p, 1, 12);
	} else if (len == 7 && text[4] == '-' && all_digits(text + 5, 2)) {
		p.kind = AS_MONTH;
		p.index = atoi(text + 5);
		if (p.index < 1 || p.index > 12)
			return -1;
		fill_range(&p, p.index, p.index);
	} else if (len == 7 && text[4] == '-' && text[5] == 'Q' && text[6] >= '1' && text[6] <= '4') {
		p.kind = AS_QUARTER;
		p.index = text[6] - '0';
		fill_range(&p, 3 * p.index - 2, 3 * p.index);
	} else {
		return -1;
	}
	snprintf(p.text, sizeof p.text, "%s", text);
	*out = p;
	return 0;
}

void as_period_previous_month(int day, struct as_period *out)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	if (--m == 0) {
		m = 12;
		y--;
	}
	char text[16];
	snprintf(text, sizeof text, "%04d-%02d", y, m);
	as_period_parse(text, out);
}

const char *const as_source_names[AS_SOURCE_COUNT + 1] = {
	"on_time_rate", "overdue_count", "satisfaction_rate", "rectification_rate", "window_gaps",
	"red_cards", "standard_score", "training_hours_per_staff", "training_coverage",
	"petition_on_time_rate", "coverage_rate", "attendance_rate", NULL,
};

/* Names repeat as_source_names (a unit test checks they agree). */
static const struct as_source_info sources[AS_SOURCE_COUNT] = {
	[AS_ON_TIME_RATE] = {"on_time_rate", "按时办结率", "%", AS_RATE, "on_time", "completed"},
	[AS_OVERDUE_COUNT] = {"overdue_count", "超期办件", "件", AS_COUNT, "overdue", NULL},
	[AS_SATISFACTION_RATE] = {"satisfaction_rate", "群众满意率", "%", AS_RATE, "satisfied",
				  "ratings"},
	[AS_RECTIFICATION_RATE] = {"rectification_rate", "差评整改率", "%", AS_RATE,
				   "bad_rectified_on_time", "bad"},
	[AS_WINDOW_GAPS] = {"window_gaps", "窗口断档", "次", AS_COUNT, "window_gaps", NULL},
	[AS_RED_CARDS] = {"red_cards", "红牌", "张", AS_COUNT, "red_cards", NULL},
	[AS_STANDARD_SCORE] = {"standard_score", "标准化得分", "分", AS_MEAN, NULL, NULL},
	[AS_TRAINING_HOURS_PER_STAFF] = {"training_hours_per_staff", "人均培训学时", "小时",
					 AS_RATIO, NULL, NULL},
	[AS_TRAINING_COVERAGE] = {"training_coverage", "培训覆盖率", "%", AS_RATE, NULL, NULL},
	[AS_PETITION_ON_TIME_RATE] = {"petition_on_time_rate", "信访按期办结率", "%", AS_RATE,
				      "petitions_on_time", NULL},
	[AS_WINDOW_COVERAGE] = {"coverage_rate", "窗口在岗率", "%", AS_RATE, "staffed_seconds",
				"open_post_seconds"},
	[AS_ATTENDANCE] = {"attendance_rate", "A岗出勤率", "%", AS_RATE, "a_post_seconds",
			   "open_post_seconds"},
};

const struct as_source_info *as_source_info(enum as_source source)
{
	return source >= 0 && source < AS_SOURCE_COUNT ? &sources[source] : NULL;
}

int as_source_parse(const char *name, enum as_source *out)
{
	for (int s = 0; name && s < AS_SOURCE_COUNT; s++)
		if (strcmp(name, sources[s].name) == 0) {
			*out = (enum as_source)s;
			return 0;
		}
	return -1;
}

bool as_source_value(enum as_value_kind kind, double num, double den, double *value)
{
	switch (kind) {
	case AS_COUNT:
		*value = num;
		return true;
	case AS_MEAN:
		if (den <= 0)
			return false;
		*value = num;
		return true;
	case AS_RATE:
		if (den <= 0)
			return false;
		*value = 100.0 * num / den;
		return true;
	case AS_RATIO:
		if (den <= 0)
			return false;
		*value = num / den;
		return true;
	}
	return false;
}

const char *const as_null_rule_names[AS_NULL_COUNT + 1] = {"half", "full", "zero", NULL};

const char *as_null_rule_name(enum as_null_rule rule)
{
	return rule >= 0 && rule < AS_NULL_COUNT ? as_null_rule_names[rule] : "";
}

int as_null_rule_parse(const char *name, enum as_null_rule *out)
{
	for (int r = 0; name && r < AS_NULL_COUNT; r++)
		if (strcmp(name, as_null_rule_names[r]) == 0) {
			*out = (enum as_null_rule)r;
			return 0;
		}
	return -1;
}

long as_round_tenths(double x)
{
	/* The small nudge keeps 87.45 (stored as 87.4499999…) from rounding down. */
	return (long)(x >= 0 ? floor(x * 10.0 + 0.5 + 1e-9) : -floor(-x * 10.0 + 0.5 + 1e-9));
}

long as_score(const struct as_formula *f, bool has_value, double value)
{
	if (!has_value) {
		switch (f->on_null) {
		case AS_NULL_FULL:
			return 10L * f->weight;
		case AS_NULL_ZERO:
			return 0;
		default:
			return as_round_tenths(f->weight / 2.0);
		}
	}
	if (f->full_at == f->zero_at)
		return value >= f->full_at ? 10L * f->weight : 0;
	double t = (value - f->zero_at) / (f->full_at - f->zero_at);
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	return as_round_tenths(t * f->weight);
}

void as_rank(const long *totals, size_t n, int *ranks)
{
	for (size_t i = 0; i < n; i++) {
		int above = 0;
		for (size_t j = 0; j < n; j++)
			above += totals[j] > totals[i];
		ranks[i] = 1 + above;
	}
}

void as_rank_from_bottom(const long *totals, size_t n, int *ranks)
{
	for (size_t i = 0; i < n; i++) {
		int below = 0;
		for (size_t j = 0; j < n; j++)
			below += totals[j] < totals[i];
		ranks[i] = 1 + below;
	}
}

bool as_commended(const struct as_thresholds *t, int rank, long total)
{
	if (t->commend_top <= 0 && !t->commend_has_min)
		return false;
	if (t->commend_top > 0 && rank > t->commend_top)
		return false;
	return !t->commend_has_min || total >= t->commend_min_tenths;
}

bool as_named(const struct as_thresholds *t, int rank, int rank_from_bottom, long total)
{
	if (t->name_bottom <= 0 && !t->name_has_below)
		return false;
	if (as_commended(t, rank, total))
		return false;
	if (t->name_bottom > 0 && rank_from_bottom > t->name_bottom)
		return false;
	return !t->name_has_below || total < t->name_below_tenths;
}

void as_bulletin_number(char *out, size_t size, const char *prefix, int year, long seq)
{
	snprintf(out, size, "%s督通〔%d〕%ld号", prefix, year, seq);
}

void as_bulletin_prefix(char *out, size_t size, const char *county_name)
{
	static const char *const suffixes[] = {"县", "区", "市"};
	snprintf(out, size, "%s", county_name ? county_name : "");
	size_t len = strlen(out);
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t sl = strlen(suffixes[i]);
		if (len > sl && strcmp(out + len - sl, suffixes[i]) == 0) {
			out[len - sl] = '\0';
			return;
		}
	}
}
