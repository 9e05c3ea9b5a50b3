/*
** standard_score.h — scoring one venue against a standard checklist (pure, no database).
**
** A checklist is a JSON array of criteria, each an object
**     {"field": "area_m2", "rule": "at_least", "min": 50, "weight": 10, "label":
*"面积不少于50平方米"}
** over the venue profile fields of venue_fields[] (domain/venue.h). Rules, by the field's type:
**     at_least   {min}   integer field >= min; zones: at least min zones
**     is_true            boolean field is true
**     not_empty          text field is not blank; zones: at least one zone
**     contains   {text}  text field contains text (e.g. location "镇政府一楼"); zones: has that
*zone
** The score is the sum of the met criteria's weights over the sum of all weights × 100, rounded
** to one decimal (half up). An empty checklist (or one whose weights sum to 0) scores 0. A field
** the venue lacks, or holds with another type, fails its criterion with actual null.
*/
#ifndef BM_STANDARD_SCORE_H
#define BM_STANDARD_SCORE_H

#include "core/error.h"
#include "core/jcheck.h"

#include <jansson.h>

/* The shape of one criterion (jcheck table) and of a checklist body {"criteria": [...]}. */
extern const struct jcheck_field standard_criterion_fields[];
extern const struct jcheck_field standard_checklist_fields[];

/* Checks a checklist array: each criterion's shape, that its field is a venue profile field,
 * that its rule fits that field's type and that it carries the rule's parameter. 400
 * "invalid_criterion" (error.field "criteria[i].rule" …) otherwise. */
int standard_checklist_check(json_t *criteria, struct bm_error *err);

/* Whether one criterion is met by the venue (a JSON object as from venue_get). */
int standard_criterion_met(json_t *criterion, json_t *venue);

/* Scores venue against criteria. *score gets 0..100 (one decimal). When gaps is not NULL,
 * *gaps gets a new array (caller owns) of the unmet criteria, in checklist order, each
 * {field, rule, min?, text?, weight, label, index, actual} where index is the criterion's
 * position in the checklist and actual is the venue's value (or
 * null when the venue lacks the field). */
void standard_score(json_t *criteria, json_t *venue, double *score, json_t **gaps);

/* x rounded to one decimal, half up (66.65 -> 66.7). */
double standard_round1(double x);

#endif
