/*
** input.h — validating fields of a JSON request body at the edge.
**
** Every reader takes the field name and a Chinese label for messages, and on failure fills
** *err with 400 and a stable code: "missing_field" (required and absent or null),
** "invalid_field" (wrong type, too long, out of range, not in the allowed set), and
** "unknown_field" (input_reject_unknown). Values returned point into the JSON object and live
** as long as it does.
*/
#ifndef BM_INPUT_H
#define BM_INPUT_H

#include "core/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Fails on any key of obj not listed in `allowed` (NULL-terminated). */
int input_reject_unknown(json_t *obj, const char *const allowed[], struct bm_error *err);

/* A string of 1..max_chars characters (UTF-8 code points) with no control characters.
 * Absent and optional: *out = NULL, returns 0. */
int input_string(json_t *obj, const char *field, const char *label, bool required, size_t max_chars,
		 const char **out, struct bm_error *err);

/* An integer in [min, max]. *present tells whether it was given (when optional). */
int input_int(json_t *obj, const char *field, const char *label, bool required, int64_t min,
	      int64_t max, int64_t *out, bool *present, struct bm_error *err);

/* A boolean. */
int input_bool(json_t *obj, const char *field, const char *label, bool required, bool *out,
	       bool *present, struct bm_error *err);

/* One of the strings in `allowed` (NULL-terminated). */
int input_enum(json_t *obj, const char *field, const char *label, bool required,
	       const char *const allowed[], const char **out, struct bm_error *err);

#endif
