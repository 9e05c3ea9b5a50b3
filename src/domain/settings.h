/*
** settings.h — system-wide key/value settings kept in the database.
**
** Known keys: "system_kind" ("demo" for systems made by `bianmin demo`, "production" for
** `bianmin init`), "audit_head" (see audit.h), "notify_webhook_url" and
** "notify_webhook_secret" (notify.h), "petition_accept_days" and "petition_reply_days"
** (petition.h), "rating_supplement_days" and "rectify_working_days" (rating.h),
** "supervision_warn_days", "supervision_red_days" and "supervision_inquiry_days"
** (supervision.h).
*/
#ifndef BM_SETTINGS_H
#define BM_SETTINGS_H

#include "core/error.h"

#include <stdbool.h>
#include <stddef.h>

struct db;

/* Copies the value into out (size bytes). Returns 1 when set, 0 when not, -1 on error. */
int settings_get(struct db *db, const char *key, char *out, size_t size, struct bm_error *err);
int settings_set(struct db *db, const char *key, const char *value, struct bm_error *err);

/* A whole number of days (1..365) stored under key, else `fallback` when it is missing or out
 * of range. 0, or -1 on a database error. */
int settings_get_days(struct db *db, const char *key, int fallback, int *out,
		      struct bm_error *err);
/* Stores days under key; 400 "invalid_field" naming `field` unless 1..365. */
int settings_set_days(struct db *db, const char *key, const char *field, int days,
		      struct bm_error *err);

/* True when this database was created by `bianmin demo`. */
int settings_is_demo(struct db *db, bool *demo, struct bm_error *err);

#endif
