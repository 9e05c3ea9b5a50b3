/*
** jcheck.c — declarative JSON validation (see jcheck.h).
**
** Paths in messages are built as the walk goes down ("materials[2].necessity"), in a fixed
** buffer: documents are shallow, and a path too long to print is truncated, not an error.
*/
#include "core/jcheck.h"
#include "core/date.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

#define PATH_SIZE 160

static int fail(struct bm_error *err, const char *where, const char *path,
		const struct jcheck_field *f, const char *what)
{
	bm_error_set(err, 400, "invalid_field", "%s%s（%s）%s", where, f->label, path, what);
	return bm_error_field(err, path);
}

static bool in_values(const char *const *values, const char *s)
{
	for (int i = 0; values && values[i]; i++)
		if (strcmp(values[i], s) == 0)
			return true;
	return false;
}

static int check_string(json_t *v, const struct jcheck_field *f, bool multiline, int64_t min,
			int64_t max, const char *where, const char *path, struct bm_error *err)
{
	char what[96];
	if (!json_is_string(v))
		return fail(err, where, path, f, "应为文字");
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return fail(err, where, path, f, "含有不允许的字符");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\t'))) || *p == 0x7f)
			return fail(err, where, path, f, "含有不允许的控制字符");
	int64_t len = (int64_t)utf8_length(s);
	if (len < min) {
		if (min == 1)
			return fail(err, where, path, f, "不能为空");
		snprintf(what, sizeof what, "至少应有 %lld 个字", (long long)min);
		return fail(err, where, path, f, what);
	}
	if (len > max) {
		snprintf(what, sizeof what, "不能超过 %lld 个字", (long long)max);
		return fail(err, where, path, f, what);
	}
	return 0;
}

static int check_array_size(json_t *v, const struct jcheck_field *f, const char *where,
			    const char *path, struct bm_error *err)
{
	char what[96];
	if (!json_is_array(v))
		return fail(err, where, path, f, "应为数组");
	int64_t n = (int64_t)json_array_size(v);
	if (n < f->min || n > f->max) {
		snprintf(what, sizeof what, "应有 %lld 到 %lld 项", (long long)f->min, (long long)f->max);
		return fail(err, where, path, f, what);
	}
	return 0;
}

static int check_object_at(json_t *obj, const struct jcheck_field *spec, const char *where,
			   const char *prefix, struct bm_error *err);

static int check_value(json_t *v, const struct jcheck_field *f, const char *where,
		       const char *path, struct bm_error *err)
{
	char what[128], sub[PATH_SIZE];
	size_t i;
	json_t *e;
	int date;
	switch (f->type) {
	case JC_STRING:
	case JC_TEXT:
		return check_string(v, f, f->type == JC_TEXT, f->min, f->max, where, path, err);
	case JC_INT:
		if (!json_is_integer(v) || json_integer_value(v) < f->min ||
		    json_integer_value(v) > f->max) {
			snprintf(what, sizeof what, "应为 %lld 到 %lld 之间的整数", (long long)f->min,
				 (long long)f->max);
			return fail(err, where, path, f, what);
		}
		return 0;
	case JC_BOOL:
		return json_is_boolean(v) ? 0 : fail(err, where, path, f, "应为 true 或 false");
	case JC_ENUM:
		if (!json_is_string(v) || !in_values(f->values, json_string_value(v))) {
			snprintf(what, sizeof what, "的取值 \"%.32s\" 无效",
				 json_is_string(v) ? json_string_value(v) : "?");
			return fail(err, where, path, f, what);
		}
		return 0;
	case JC_DATE:
		if (!json_is_string(v) || date_parse(json_string_value(v), &date) < 0)
			return fail(err, where, path, f, "应为 YYYY-MM-DD 格式的日期");
		return 0;
	case JC_STRINGS:
		if (check_array_size(v, f, where, path, err) < 0)
			return -1;
		json_array_foreach(v, i, e) {
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (check_string(e, f, false, 1, f->item_max, where, sub, err) < 0)
				return -1;
		}
		return 0;
	case JC_ENUMS:
		if (check_array_size(v, f, where, path, err) < 0)
			return -1;
		json_array_foreach(v, i, e) {
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (!json_is_string(e) || !in_values(f->values, json_string_value(e)))
				return fail(err, where, sub, f, "的取值无效");
			for (size_t k = 0; k < i; k++)
				if (json_equal(json_array_get(v, k), e))
					return fail(err, where, sub, f, "重复");
		}
		return 0;
	case JC_OBJECTS:
		if (check_array_size(v, f, where, path, err) < 0)
			return -1;
		json_array_foreach(v, i, e) {
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (!json_is_object(e))
				return fail(err, where, sub, f, "应为对象");
			if (check_object_at(e, f->fields, where, sub, err) < 0)
				return -1;
		}
		return 0;
	case JC_OBJECT:
		if (!json_is_object(v))
			return fail(err, where, path, f, "应为对象");
		return check_object_at(v, f->fields, where, path, err);
	}
	return 0;
}

static int check_object_at(json_t *obj, const struct jcheck_field *spec, const char *where,
			   const char *prefix, struct bm_error *err)
{
	const char *key;
	json_t *v;
	char path[PATH_SIZE];
	json_object_foreach(obj, key, v) {
		bool known = false;
		for (const struct jcheck_field *f = spec; f->name; f++)
			known |= strcmp(f->name, key) == 0;
		if (!known) {
			snprintf(path, sizeof path, "%s%s%.64s", prefix, *prefix ? "." : "", key);
			bm_error_set(err, 400, "unknown_field", "%s不支持的字段：%s", where, path);
			return bm_error_field(err, path);
		}
	}
	for (const struct jcheck_field *f = spec; f->name; f++) {
		snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", f->name);
		v = json_object_get(obj, f->name);
		if (!v || json_is_null(v)) {
			if (f->required) {
				bm_error_set(err, 400, "missing_field", "%s缺少必填字段：%s（%s）", where,
					     f->label, path);
				return bm_error_field(err, path);
			}
			continue;
		}
		if (check_value(v, f, where, path, err) < 0)
			return -1;
	}
	return 0;
}

int jcheck_object(json_t *obj, const struct jcheck_field *spec, const char *where,
		  struct bm_error *err)
{
	if (!json_is_object(obj))
		return bm_error_set(err, 400, "expected_object", "%s内容应为 JSON 对象", where);
	return check_object_at(obj, spec, where, "", err);
}
