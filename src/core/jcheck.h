/*
** jcheck.h — declarative validation of JSON documents.
**
** A document's shape is a table of struct jcheck_field, one per key, ended by an entry whose
** name is NULL. jcheck_object() checks an object against its table: unknown keys, missing
** required keys, types, lengths (in characters, not bytes), ranges, enumerations, dates, and
** nested arrays of objects with their own tables. The first problem found becomes a 400
** error whose message names the field by its path and its Chinese label, e.g.
**     材料必要性（materials[2].necessity）的取值 "maybe" 无效
** so the same table serves the API, CSV import (prefixing "第 N 行 ") and tests.
*/
#ifndef BM_JCHECK_H
#define BM_JCHECK_H

#include "core/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum jcheck_type {
	JC_STRING,  /* one line of text: min..max characters, no control characters */
	JC_TEXT,    /* text that may hold line breaks: min..max characters */
	JC_INT,     /* integer in min..max */
	JC_BOOL,
	JC_ENUM,    /* one of `values` */
	JC_DATE,    /* "YYYY-MM-DD" */
	JC_STRINGS, /* array of min..max one-line strings, each 1..item_max characters */
	JC_ENUMS,   /* array of distinct members of `values`, min..max of them */
	JC_OBJECTS, /* array of min..max objects, each checked against `fields` */
	JC_OBJECT,  /* one object checked against `fields` */
};

struct jcheck_field {
	const char *name;
	const char *label; /* Chinese, for messages */
	enum jcheck_type type;
	bool required;     /* absent or null is an error; otherwise absent and null are allowed */
	int64_t min, max;  /* characters, value range or element count, by type */
	int64_t item_max;  /* JC_STRINGS: characters per element */
	const char *const *values;          /* JC_ENUM, JC_ENUMS: NULL-terminated */
	const struct jcheck_field *fields;  /* JC_OBJECTS, JC_OBJECT */
};

/* Checks obj against spec. `where` prefixes the message (e.g. "第 5 行 "; may be ""). */
int jcheck_object(json_t *obj, const struct jcheck_field *spec, const char *where,
		  struct bm_error *err);

#endif
