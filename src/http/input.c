/*
** input.c — JSON field validation (see input.h).
*/
#include "http/input.h"
#include "core/text.h"

#include <string.h>

int input_reject_unknown(json_t *obj, const char *const allowed[], struct bm_error *err)
{
	const char *key;
	json_t *value;
	json_object_foreach(obj, key, value) {
		bool known = false;
		for (int i = 0; allowed[i]; i++)
			if (strcmp(key, allowed[i]) == 0)
				known = true;
		if (!known)
			return bm_error_set(err, 400, "unknown_field", "不支持的字段：%.64s", key), bm_error_field(err, key);
	}
	return 0;
}

/* Looks the field up; returns 1 when present and not null, 0 when absent (error if required). */
static int input_lookup(json_t *obj, const char *field, const char *label, bool required,
			json_t **value, struct bm_error *err)
{
	*value = json_object_get(obj, field);
	if (*value && !json_is_null(*value))
		return 1;
	if (required)
		return bm_error_set(err, 400, "missing_field", "缺少必填字段：%s（%s）", field, label), bm_error_field(err, field);
	return 0;
}

int input_string(json_t *obj, const char *field, const char *label, bool required, size_t max_chars,
		 const char **out, struct bm_error *err)
{
	json_t *value;
	*out = NULL;
	int found = input_lookup(obj, field, label, required, &value, err);
	if (found <= 0)
		return found;
	if (!json_is_string(value))
		return bm_error_set(err, 400, "invalid_field", "%s（%s）应为字符串", label, field), bm_error_field(err, field);
	const char *s = json_string_value(value);
	if (strlen(s) != json_string_length(value) || text_has_control_chars(s))
		return bm_error_set(err, 400, "invalid_field", "%s（%s）含有不允许的控制字符", label,
				    field), bm_error_field(err, field);
	size_t len = utf8_length(s);
	if (required && len == 0)
		return bm_error_set(err, 400, "missing_field", "%s（%s）不能为空", label, field), bm_error_field(err, field);
	if (len > max_chars)
		return bm_error_set(err, 400, "invalid_field", "%s（%s）不能超过 %zu 个字", label, field,
				    max_chars), bm_error_field(err, field);
	*out = s;
	return 0;
}

int input_int(json_t *obj, const char *field, const char *label, bool required, int64_t min,
	      int64_t max, int64_t *out, bool *present, struct bm_error *err)
{
	json_t *value;
	if (present)
		*present = false;
	int found = input_lookup(obj, field, label, required, &value, err);
	if (found <= 0)
		return found;
	if (!json_is_integer(value))
		return bm_error_set(err, 400, "invalid_field", "%s（%s）应为整数", label, field), bm_error_field(err, field);
	json_int_t v = json_integer_value(value);
	if (v < min || v > max)
		return bm_error_set(err, 400, "invalid_field", "%s（%s）应在 %lld 到 %lld 之间", label,
				    field, (long long)min, (long long)max), bm_error_field(err, field);
	*out = v;
	if (present)
		*present = true;
	return 0;
}

int input_bool(json_t *obj, const char *field, const char *label, bool required, bool *out,
	       bool *present, struct bm_error *err)
{
	json_t *value;
	if (present)
		*present = false;
	int found = input_lookup(obj, field, label, required, &value, err);
	if (found <= 0)
		return found;
	if (!json_is_boolean(value))
		return bm_error_set(err, 400, "invalid_field", "%s（%s）应为 true 或 false", label, field), bm_error_field(err, field);
	*out = json_is_true(value);
	if (present)
		*present = true;
	return 0;
}

int input_enum(json_t *obj, const char *field, const char *label, bool required,
	       const char *const allowed[], const char **out, struct bm_error *err)
{
	if (input_string(obj, field, label, required, 64, out, err) < 0)
		return -1;
	if (!*out)
		return 0;
	for (int i = 0; allowed[i]; i++)
		if (strcmp(*out, allowed[i]) == 0)
			return 0;
	return bm_error_set(err, 400, "invalid_field", "%s（%s）的取值 \"%.32s\" 无效", label, field,
			    *out), bm_error_field(err, field);
}
