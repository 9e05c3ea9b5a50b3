/*
** standard_score.c — a venue's score against a checklist (see standard_score.h).
*/
#include "domain/standard_score.h"
#include "domain/venue.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const rule_names[] = {"at_least", "is_true", "not_empty", "contains", NULL};

const struct jcheck_field standard_criterion_fields[] = {
    {"field", "检查字段", JC_STRING, true, 1, 32, 0, NULL, NULL},
    {"rule", "检查规则", JC_ENUM, true, 0, 0, 0, rule_names, NULL},
    {"min", "最低数量", JC_INT, false, 0, 100000, 0, NULL, NULL},
    {"text", "应包含文字", JC_STRING, false, 1, 64, 0, NULL, NULL},
    {"weight", "权重", JC_INT, true, 1, 100, 0, NULL, NULL},
    {"label", "标准项名称", JC_STRING, true, 1, 40, 0, NULL, NULL},
    {NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

const struct jcheck_field standard_checklist_fields[] = {
    {"criteria", "标准项", JC_OBJECTS, true, 0, 40, 0, NULL, standard_criterion_fields},
    {NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field *profile_field(const char *name)
{
	for (int i = 0; venue_fields[i].name; i++)
		if (strcmp(venue_fields[i].name, name) == 0)
			return &venue_fields[i];
	return NULL;
}

static const char *str_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Whether `rule` applies to a profile field of type `type`, and the parameter it needs
 * ("min", "text" or NULL). */
static int rule_fits(const char *rule, enum jcheck_type type, const char **param)
{
	bool text = type == JC_STRING || type == JC_DATE;
	*param = NULL;
	if (strcmp(rule, "at_least") == 0) {
		*param = "min";
		return type == JC_INT || type == JC_ENUMS;
	}
	if (strcmp(rule, "is_true") == 0)
		return type == JC_BOOL;
	if (strcmp(rule, "not_empty") == 0)
		return text || type == JC_ENUMS;
	*param = "text"; /* contains */
	return type == JC_STRING || type == JC_ENUMS;
}

/* A "contains" criterion on zones must name a zone code. */
static bool zone_text_unknown(const struct jcheck_field *f, const char *param, json_t *value)
{
	if (f->type != JC_ENUMS || !param || strcmp(param, "text") != 0)
		return false;
	for (int k = 0; f->values[k]; k++)
		if (strcmp(f->values[k], json_string_value(value)) == 0)
			return false;
	return true;
}

static int criterion_error(struct bm_error *err, size_t i, const char *key, const char *msg,
                           const char *what)
{
	char path[64];
	bm_error_set(err, 400, "invalid_criterion", "第 %zu 项标准：%s%s", i + 1, msg, what);
	snprintf(path, sizeof path, "criteria[%zu].%s", i, key);
	return bm_error_field(err, path);
}

int standard_checklist_check(json_t *criteria, struct bm_error *err)
{
	if (!json_is_array(criteria))
		return bm_error_set(err, 400, "invalid_field", "标准项（criteria）应为数组");
	size_t i;
	json_t *c;
	json_array_foreach(criteria, i, c)
	{
		char where[32];
		snprintf(where, sizeof where, "第 %zu 项标准 ", i + 1);
		if (jcheck_object(c, standard_criterion_fields, where, err) < 0)
			return -1;
		const struct jcheck_field *f = profile_field(str_of(c, "field"));
		const char *param;
		if (!f || strcmp(f->name, "name") == 0)
			return criterion_error(err, i, "field", "未知的场所字段 ",
			                       str_of(c, "field"));
		if (!rule_fits(str_of(c, "rule"), f->type, &param))
			return criterion_error(err, i, "rule", "规则不适用于字段 ", f->label);
		json_t *value = param ? json_object_get(c, param) : NULL;
		if (param && (!value || json_is_null(value)))
			return criterion_error(err, i, param, "缺少规则参数 ", param);
		if (zone_text_unknown(f, param, value))
			return criterion_error(err, i, "text", "未知的功能分区 ",
			                       json_string_value(value));
	}
	return 0;
}

static bool zones_have(json_t *zones, const char *code)
{
	size_t i;
	json_t *z;
	json_array_foreach(zones, i, z)
	{
		if (json_is_string(z) && strcmp(json_string_value(z), code) == 0)
			return true;
	}
	return false;
}

/* Text that is not blank (spaces alone count as blank). */
static bool text_present(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t')
			return true;
	return false;
}

int standard_criterion_met(json_t *criterion, json_t *venue)
{
	const char *rule = str_of(criterion, "rule");
	json_t *value = json_object_get(venue, str_of(criterion, "field"));
	json_int_t min = json_integer_value(json_object_get(criterion, "min"));
	const char *text = str_of(criterion, "text");
	if (!rule || !value)
		return 0;
	if (strcmp(rule, "at_least") == 0)
		return json_is_integer(value) ? json_integer_value(value) >= min
		       : json_is_array(value) ? (json_int_t)json_array_size(value) >= min
		                              : 0;
	if (strcmp(rule, "is_true") == 0)
		return json_is_true(value);
	if (strcmp(rule, "not_empty") == 0)
		return json_is_array(value) ? json_array_size(value) > 0
		                            : text_present(json_string_value(value));
	if (strcmp(rule, "contains") == 0 && text)
		return json_is_array(value)    ? zones_have(value, text)
		       : json_is_string(value) ? strstr(json_string_value(value), text) != NULL
		                               : 0;
	return 0;
}

double standard_round1(double x)
{
	return floor(x * 10.0 + 0.5) / 10.0;
}

/* The gap entry of an unmet criterion: the criterion and the venue's actual value. */
static json_t *gap_of(json_t *criterion, size_t index, json_t *venue)
{
	json_t *gap = json_deep_copy(criterion);
	json_object_set_new(gap, "index", json_integer((json_int_t)index));
	json_t *actual = json_object_get(venue, str_of(criterion, "field"));
	json_object_set_new(gap, "actual", actual ? json_deep_copy(actual) : json_null());
	return gap;
}

void standard_score(json_t *criteria, json_t *venue, double *score, json_t **gaps)
{
	json_int_t total = 0, met = 0;
	size_t i;
	json_t *c;
	if (gaps)
		*gaps = json_array();
	json_array_foreach(criteria, i, c)
	{
		json_int_t weight = json_integer_value(json_object_get(c, "weight"));
		total += weight;
		if (standard_criterion_met(c, venue))
			met += weight;
		else if (gaps)
			json_array_append_new(*gaps, gap_of(c, i, venue));
	}
	*score = total > 0 ? standard_round1(100.0 * (double)met / (double)total) : 0.0;
}
