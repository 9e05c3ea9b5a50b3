/*
** assessment.h — 目标责任考核: the scoring model of each period kind and the assessment of a
** period (indicator values, scores, how each was computed, ranking, 表彰先进 / 通报后进).
**
** The model is one JSON document per period kind (month, quarter, year), kept in
** assessment_models with a version number; a kind never edited uses the built-in default
** (version 0). Its shape:
**   {"indicators": [{"key", "label", "source", "weight", "full_at", "zero_at", "on_null"}],
**    "commend": {"top": N, "min_score": X}, "name": {"bottom": N, "below_score": Y}}
** weights are whole points adding up to 100; full_at/zero_at whole numbers in the source's unit
** (percent for rates); on_null "half" (default), "full" or "zero" (assessment_rules.h).
**
** Values come from the other modules' contract functions, per org subtree and period:
** stats_totals_for() (stats.h), standard_org_score() (standard.h), training_org_summary()
** (training.h).
*/
#ifndef BM_ASSESSMENT_H
#define BM_ASSESSMENT_H

#include "core/error.h"
#include "domain/assessment_rules.h"
#include "domain/audit.h"

#include <jansson.h>
#include <stdint.h>

struct db;
struct stats_totals;

#define AS_MAX_INDICATORS 12

struct as_indicator {
	char key[40];
	char label[64];
	enum as_source source;
	struct as_formula formula;
};

struct as_model {
	enum as_period_kind kind;
	int count;
	struct as_indicator indicators[AS_MAX_INDICATORS];
	struct as_thresholds thresholds;
	int64_t version; /* 0: the built-in default */
};

/* The model of a kind as JSON: the document plus "kind", "version", "updated_at",
 * "updated_by" and "sources" (every source with its label and unit). Caller owns *out. */
int assessment_model_json(struct db *db, enum as_period_kind kind, json_t **out,
			  struct bm_error *err);

/* Validates `doc` (400 with error.field on the first problem: jcheck shape, weights adding up to
 * 100, full_at != zero_at, distinct keys) and stores it as the kind's next version, audited.
 * When doc holds "version", it must be the current one (409 "version_conflict"). Must run
 * inside db_transaction(). */
int assessment_model_store(struct db *db, enum as_period_kind kind, json_t *doc,
			   const struct audit_actor *actor, int64_t now, struct bm_error *err);

/* Loads the kind's model (stored or default) into *out. */
int assessment_model_load(struct db *db, enum as_period_kind kind, struct as_model *out,
			  struct bm_error *err);

/* The assessment of a period for the towns of the county (level "town"; parent must be the
 * county) or the villages under parent (level "village"; parent a town or the county). *out
 * (caller owns): {"period": {text, kind, from, to}, "level", "org": {code, name},
 * "model_version", "indicators": [{key, label, source, unit, weight, full_at, zero_at,
 * on_null}], "units": [{org_code, org_name, rank, total, commended, named, indicators: [{key,
 * value|null, numerator, denominator, score, num_measure, den_measure}]}]} with units ordered
 * by rank then code, each also with "figures" (assessment_figures_json()); totals and scores are
 * numbers with one decimal. 400 "invalid_level". */
int assessment_run(struct db *db, const struct as_period *period, const char *level,
		   const char *parent_code, json_t **out, struct bm_error *err);

/* The figures of stats totals as JSON: every count, and the rates (percent, one decimal, null
 * over nothing) on_time_rate, satisfaction_rate, rectification_rate, petition_on_time_rate.
 * Caller owns the result. */
json_t *assessment_figures_json(const struct stats_totals *t);

#endif
