/*
** supervision_rules.h — when a matter with a due date earns a warning or a card (电子监察), without
** storage: pure functions of their arguments and the working-day calendar.
**
** The levels of a timed matter (a case, a process step, an inquiry, a petition decision):
**   warning (预警)  from warn_days working days before the due date to the due date itself
**                   (warn_days 1 and due Friday: Thursday and Friday; warn_days 0: the due day);
**   yellow (黄牌)   the day after the due date, i.e. overdue;
**   red (红牌)      still not done after red_days more working days: more than red_days working
**                   days in (due, today].
** Pauses (暂停计时): while a matter is suspended since pause_start, its effective due date is its
** due date plus the working days in (pause_start, today] (case_paused_days()), so a suspended
** matter never escalates; when it resumes, the stored due date already carries the pause.
** Levels only go up while a matter stays open: an alert is closed by the fix, never lowered.
*/
#ifndef BM_SUPERVISION_RULES_H
#define BM_SUPERVISION_RULES_H

#include "core/calendar.h"
#include "core/error.h"

#include <stdbool.h>

enum sv_level {
	SV_NONE,
	SV_WARNING, /* "warning" 预警 */
	SV_YELLOW,  /* "yellow" 黄牌 */
	SV_RED,     /* "red" 红牌 */
	SV_BREACH,  /* "breach" 违规: a fact, not a countdown */
};

#define SV_DEFAULT_WARN_DAYS    1
#define SV_DEFAULT_RED_DAYS     3
#define SV_DEFAULT_INQUIRY_DAYS 1

/* "warning", "yellow", "red", "breach" (NULL for SV_NONE); labels 预警, 黄牌, 红牌, 违规. */
const char *sv_level_name(enum sv_level level);
const char *sv_level_label(enum sv_level level);
/* 0, or -1 for an unknown name (*out untouched). */
int sv_level_parse(const char *name, enum sv_level *out);

/* The due date in effect on `today`: `due`, pushed out by the working days in
 * (pause_start, today] while paused (pause_start != CASE_NO_DATE). Returns 0 or -1 (calendar). */
int sv_effective_due(const struct calendar *cal, int due, int pause_start, int today, int *out,
                     struct bm_error *err);

/* The level a matter open on `today` with effective due date `due` has. Returns 0 or -1
 * (a calendar error: the matter is then left as it is). */
int sv_level_on(const struct calendar *cal, int due, int today, int warn_days, int red_days,
                enum sv_level *out, struct bm_error *err);

/* The last due date a full pass must look at: matters due after it cannot be warned yet (the
 * day before the (warn_days + 1)-th working day after today). Returns 0 or -1. */
int sv_horizon(const struct calendar *cal, int today, int warn_days, int *out,
               struct bm_error *err);

#endif
