/*
** item.c — the shape and rules of a service item document (see item.h).
*/
#include "domain/item.h"

#include <stdio.h>
#include <string.h>

static const char *const item_types[] = {"XK", "GF", "QR", "JL", "CJ", "QT", "GG", "ZS", NULL};
static const char *const item_type_labels[] = {"行政许可", "行政给付", "行政确认", "行政奖励",
					       "行政裁决", "其他行政权力", "公共服务", "行政征收"};
static const char *const levels[] = {"village", "town", "county", NULL};
static const char *const level_labels[] = {"村（社区）", "镇（街道）", "县级"};
static const char *const necessities[] = {"required", "deferrable", NULL};
static const char *const material_forms[] = {"original", "copy", "original_and_copy",
					     "electronic", NULL};
static const char *const material_sources[] = {"applicant", "village", "town", "county",
					       "shared", "other", NULL};
static const char *const kinds[] = {"instant", "promised", NULL};
static const char *const scopes[] = {"none", "cross_village", "town", "county", NULL};

static const struct jcheck_field material_spec[] = {
	{"name", "材料名称", JC_STRING, true, 1, 64, 0, NULL, NULL},
	{"necessity", "材料必要性", JC_ENUM, true, 0, 0, 0, necessities, NULL},
	{"form", "材料形式", JC_ENUM, true, 0, 0, 0, material_forms, NULL},
	{"copies", "份数", JC_INT, true, 0, 20, 0, NULL, NULL},
	{"source", "材料来源", JC_ENUM, true, 0, 0, 0, material_sources, NULL},
	{"source_note", "来源说明", JC_STRING, false, 0, 64, 0, NULL, NULL},
	{"blank_form", "空白表格", JC_STRING, false, 1, 200, 0, NULL, NULL},
	{"sample", "示范文本", JC_STRING, false, 1, 200, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field step_spec[] = {
	{"name", "环节名称", JC_STRING, true, 1, 32, 0, NULL, NULL},
	{"level", "办理层级", JC_ENUM, true, 0, 0, 0, levels, NULL},
	{"days", "环节工作日数", JC_INT, true, 0, 365, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field fee_item_spec[] = {
	{"name", "收费项目", JC_STRING, true, 1, 64, 0, NULL, NULL},
	{"standard", "收费标准", JC_STRING, true, 1, 128, 0, NULL, NULL},
	{"basis", "收费依据", JC_STRING, true, 1, 200, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field fee_spec[] = {
	{"charged", "是否收费", JC_BOOL, true, 0, 0, 0, NULL, NULL},
	{"items", "收费项目", JC_OBJECTS, false, 0, 20, 0, NULL, fee_item_spec},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field faq_spec[] = {
	{"q", "问题", JC_TEXT, true, 1, 200, 0, NULL, NULL},
	{"a", "解答", JC_TEXT, true, 1, 1000, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

const struct jcheck_field item_spec[] = {
	{"code", "事项编码", JC_STRING, true, 4, 40, 0, NULL, NULL},
	{"impl_code", "实施编码", JC_STRING, true, 4, 64, 0, NULL, NULL},
	{"name", "事项名称", JC_STRING, true, 2, 64, 0, NULL, NULL},
	{"type", "事项类型", JC_ENUM, true, 0, 0, 0, item_types, NULL},
	{"category", "事项分类", JC_STRING, true, 1, 16, 0, NULL, NULL},
	{"keywords", "关键词", JC_STRINGS, false, 0, 20, 16, NULL, NULL},
	{"implementing_body", "实施主体", JC_STRING, true, 2, 64, 0, NULL, NULL},
	{"body_level", "实施主体层级", JC_ENUM, true, 0, 0, 0, levels, NULL},
	{"receive_levels", "受理层级", JC_ENUMS, true, 1, 3, 0, levels, NULL},
	{"decide_level", "决定层级", JC_ENUM, true, 0, 0, 0, levels, NULL},
	{"legal_basis", "设定依据", JC_STRINGS, true, 1, 20, 200, NULL, NULL},
	{"conditions", "受理条件", JC_TEXT, true, 1, 2000, 0, NULL, NULL},
	{"materials", "申请材料", JC_OBJECTS, true, 0, 40, 0, NULL, material_spec},
	{"steps", "办理流程", JC_OBJECTS, true, 1, 20, 0, NULL, step_spec},
	{"statutory_days", "法定办结工作日数", JC_INT, true, 0, 365, 0, NULL, NULL},
	{"promised_days", "承诺办结工作日数", JC_INT, true, 0, 365, 0, NULL, NULL},
	{"kind", "办件类型", JC_ENUM, true, 0, 0, 0, kinds, NULL},
	{"fee", "收费", JC_OBJECT, true, 0, 0, 0, NULL, fee_spec},
	{"place", "办理地点", JC_STRING, true, 1, 128, 0, NULL, NULL},
	{"hours", "办理时间", JC_STRING, true, 1, 64, 0, NULL, NULL},
	{"consult_phone", "咨询电话", JC_STRING, true, 5, 32, 0, NULL, NULL},
	{"complaint_phone", "监督投诉电话", JC_STRING, true, 5, 32, 0, NULL, NULL},
	{"visits", "到现场次数", JC_INT, true, 0, 5, 0, NULL, NULL},
	{"online", "是否网办", JC_BOOL, true, 0, 0, 0, NULL, NULL},
	{"scope", "通办范围", JC_ENUM, true, 0, 0, 0, scopes, NULL},
	{"faq", "常见问题", JC_OBJECTS, false, 0, 30, 0, NULL, faq_spec},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static bool code_chars_valid(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') || *s == '-'))
			return false;
	return true;
}

static bool array_has_string(json_t *arr, const char *s)
{
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
		if (strcmp(json_string_value(e), s) == 0)
			return true;
	return false;
}

/* A broken cross-field rule: "<where><label>（<path>）<what>", with the path in err->field. */
static int rule_error(struct bm_error *err, const char *where, const char *path, const char *label,
		      const char *what)
{
	bm_error_set(err, 400, "invalid_field", "%s%s（%s）%s", where, label, path, what);
	return bm_error_field(err, path);
}

/* The rules that involve more than one field. */
static int item_check_rules(json_t *doc, const char *where, struct bm_error *err)
{
	json_int_t statutory = json_integer_value(json_object_get(doc, "statutory_days"));
	json_int_t promised = json_integer_value(json_object_get(doc, "promised_days"));
	const char *kind = json_string_value(json_object_get(doc, "kind"));
	json_t *fee = json_object_get(doc, "fee");
	size_t fee_items = json_array_size(json_object_get(fee, "items"));
	bool charged = json_is_true(json_object_get(fee, "charged"));
	json_t *receive = json_object_get(doc, "receive_levels");
	const char *decide = json_string_value(json_object_get(doc, "decide_level"));
	char what[96];

	if (!code_chars_valid(json_string_value(json_object_get(doc, "code"))))
		return rule_error(err, where, "code", "事项编码", "只能由大写字母、数字和 - 组成");
	if (!code_chars_valid(json_string_value(json_object_get(doc, "impl_code"))))
		return rule_error(err, where, "impl_code", "实施编码", "只能由大写字母、数字和 - 组成");
	if (promised > statutory) {
		snprintf(what, sizeof what, "不能超过法定办结时限（%lld 个工作日）", (long long)statutory);
		return rule_error(err, where, "promised_days", "承诺办结工作日数", what);
	}
	if (strcmp(kind, "instant") == 0 && promised != 0)
		return rule_error(err, where, "promised_days", "承诺办结工作日数", "：即办件应为 0");
	if (strcmp(kind, "promised") == 0 && promised == 0)
		return rule_error(err, where, "promised_days", "承诺办结工作日数", "：承诺件应有承诺时限");
	if (charged && fee_items == 0)
		return rule_error(err, where, "fee.items", "收费项目", "：收费事项应公示收费项目、标准和依据");
	if (!charged && fee_items > 0)
		return rule_error(err, where, "fee.items", "收费项目", "：不收费事项不应列出收费项目");

	size_t i;
	json_t *step;
	json_array_foreach(json_object_get(doc, "steps"), i, step) {
		const char *level = json_string_value(json_object_get(step, "level"));
		if (!array_has_string(receive, level) && strcmp(level, decide) != 0) {
			char path[32];
			snprintf(path, sizeof path, "steps[%zu].level", i);
			return rule_error(err, where, path, "办理层级", "应为受理层级或决定层级之一");
		}
	}
	return 0;
}

int item_validate(json_t *doc, const char *where, struct bm_error *err)
{
	if (jcheck_object(doc, item_spec, where, err) < 0)
		return -1;
	return item_check_rules(doc, where, err);
}

static void drop_nulls(json_t *obj)
{
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(obj, tmp, key, v) {
		if (json_is_null(v))
			json_object_del(obj, key);
	}
}

static void ensure_array(json_t *obj, const char *key)
{
	if (!json_is_array(json_object_get(obj, key)))
		json_object_set_new(obj, key, json_array());
}

void item_normalize(json_t *doc)
{
	drop_nulls(doc);
	ensure_array(doc, "keywords");
	ensure_array(doc, "faq");
	json_t *fee = json_object_get(doc, "fee");
	drop_nulls(fee);
	ensure_array(fee, "items");
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(doc, "materials"), i, m)
		drop_nulls(m);
}

static const char *label_of(const char *const *codes, const char *const *labels, const char *code)
{
	for (int i = 0; code && codes[i]; i++)
		if (strcmp(codes[i], code) == 0)
			return labels[i];
	return NULL;
}

const char *item_type_label(const char *type)
{
	return label_of(item_types, item_type_labels, type);
}

const char *item_level_label(const char *level)
{
	return label_of(levels, level_labels, level);
}
