/*
** rating_rules.c — levels, channels, the 追评 window, rectification due dates and rates
** (see rating_rules.h).
*/
#include "domain/rating_rules.h"
#include "core/calendar.h"
#include "core/date.h"

#include <string.h>

const char *const rating_level_names[] = {"very_satisfied", "satisfied", "basic", "dissatisfied",
					  "very_dissatisfied", NULL};
static const char *const level_labels[] = {"非常满意", "满意", "基本满意", "不满意", "非常不满意"};

const char *const rating_channel_names[] = {"onsite", "online", "paper", NULL};

const char *rating_level_label(enum rating_level level)
{
	return level < RATING_LEVEL_COUNT ? level_labels[level] : "";
}

int rating_level_parse(const char *name, enum rating_level *out)
{
	for (int i = 0; name && i < RATING_LEVEL_COUNT; i++) {
		if (strcmp(name, rating_level_names[i]) == 0) {
			*out = (enum rating_level)i;
			return 0;
		}
	}
	return -1;
}

bool rating_level_is_bad(enum rating_level level)
{
	return level == RATING_DISSATISFIED || level == RATING_VERY_DISSATISFIED;
}

bool rating_supplement_open(int first_day, int day, int period)
{
	return day >= first_day && day - first_day <= period;
}

static int add_weekdays(int day, int n)
{
	while (n > 0) {
		day++;
		if (date_weekday(day) <= 5)
			n--;
	}
	return day;
}

int rectify_due_date(const struct calendar *cal, int day, int days, int *out)
{
	struct bm_error ignored = {0};
	if (days < 0)
		return -1;
	if (cal && calendar_add_working_days(cal, day, days, out, &ignored) == 0)
		return 0;
	*out = add_weekdays(day, days);
	return 0;
}

int rating_rate_permille(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return -1;
	return (int)((part * 1000 * 2 + whole) / (whole * 2));
}
