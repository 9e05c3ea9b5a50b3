/*
** supervision_rules.c — warning and card timing (see supervision_rules.h).
*/
#include "domain/supervision_rules.h"

#include "domain/case_rules.h"

#include <string.h>

static const char *const level_names[] = {NULL, "warning", "yellow", "red", "breach"};
static const char *const level_labels[] = {NULL, "预警", "黄牌", "红牌", "违规"};

const char *sv_level_name(enum sv_level level)
{
	return (unsigned)level <= SV_BREACH ? level_names[level] : NULL;
}

const char *sv_level_label(enum sv_level level)
{
	return (unsigned)level <= SV_BREACH ? level_labels[level] : NULL;
}

int sv_level_parse(const char *name, enum sv_level *out)
{
	for (int i = SV_WARNING; name && i <= SV_BREACH; i++)
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum sv_level)i;
			return 0;
		}
	return -1;
}

int sv_effective_due(const struct calendar *cal, int due, int pause_start, int today, int *out,
                     struct bm_error *err)
{
	if (pause_start == CASE_NO_DATE || today <= pause_start) {
		*out = due;
		return 0;
	}
	return case_extend_for_pause(cal, due, pause_start, today, out, err);
}

int sv_level_on(const struct calendar *cal, int due, int today, int warn_days, int red_days,
                enum sv_level *out, struct bm_error *err)
{
	int days;
	if (today <= due) {
		if (calendar_working_days_between(cal, today, due, &days, err) < 0)
			return -1;
		*out = days <= warn_days ? SV_WARNING : SV_NONE;
		return 0;
	}
	if (calendar_working_days_between(cal, due, today, &days, err) < 0)
		return -1;
	*out = days > red_days ? SV_RED : SV_YELLOW;
	return 0;
}

int sv_horizon(const struct calendar *cal, int today, int warn_days, int *out, struct bm_error *err)
{
	/* The day before the (warn_days + 1)-th working day: a due date on a day off right after
	 * the last warned working day is still within reach. */
	if (calendar_add_working_days(cal, today, warn_days + 1, out, err) < 0)
		return -1;
	*out -= 1;
	return 0;
}
