/*
** org.c — orgs of the three levels (see org.h).
*/
#include "domain/org.h"
#include "core/buf.h"
#include "db/db.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static void org_from_row(struct db_stmt *st, struct org *o)
{
	copy_text(o->code, sizeof o->code, db_col_text(st, 0));
	copy_text(o->name, sizeof o->name, db_col_text(st, 1));
	copy_text(o->level, sizeof o->level, db_col_text(st, 2));
	copy_text(o->kind, sizeof o->kind, db_col_text(st, 3));
	copy_text(o->parent_code, sizeof o->parent_code, db_col_text(st, 4));
	copy_text(o->path, sizeof o->path, db_col_text(st, 5));
}

#define ORG_COLUMNS "code, name, level, kind, parent_code, path"

int org_get(struct db *db, const char *code, struct org *out, struct bm_error *err)
{
	struct db_stmt *st =
		db_query(db, err, "SELECT " ORG_COLUMNS " FROM orgs WHERE code = ?", "t", code);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		org_from_row(st, out);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

json_t *org_to_json(const struct org *o)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s?}", "code", o->code, "name", o->name, "level",
			 o->level, "kind", o->kind, "parent_code",
			 o->parent_code[0] ? o->parent_code : NULL);
}

/* The filter is written once with "? IS NULL OR" so one cached statement serves every
 * combination; CAST keeps PostgreSQL's type inference happy for the bare placeholders. */
#define ORG_FILTER                                                                     \
	" WHERE (CAST(? AS TEXT) IS NULL OR level = ?)"                                \
	" AND (CAST(? AS TEXT) IS NULL OR parent_code = ?)"                            \
	" AND path LIKE ?"

int org_list(struct db *db, const struct org_filter *f, int64_t limit, int64_t offset,
	     json_t **items, int64_t *total, struct bm_error *err)
{
	char like[300];
	snprintf(like, sizeof like, "%s%%", f->scope_path ? f->scope_path : "/");
	if (db_query_int(db, err, total, "SELECT COUNT(*) FROM orgs" ORG_FILTER, "ttttt", f->level,
			 f->level, f->parent_code, f->parent_code, like) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      "SELECT " ORG_COLUMNS " FROM orgs" ORG_FILTER
				      " ORDER BY code LIMIT ? OFFSET ?",
				      "tttttii", f->level, f->level, f->parent_code, f->parent_code,
				      like, limit, offset);
	if (!st)
		return -1;
	*items = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct org o;
		org_from_row(st, &o);
		json_array_append_new(*items, org_to_json(&o));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	return 0;
}

/* --- validation --------------------------------------------------------------------------- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static const char *const levels[] = {"county", "town", "village", NULL};

static int expected_code_length(const char *level)
{
	if (strcmp(level, "county") == 0)
		return 6;
	if (strcmp(level, "town") == 0)
		return 9;
	return 12;
}

static const char *parent_level_of(const char *level)
{
	return strcmp(level, "town") == 0 ? "county" : strcmp(level, "village") == 0 ? "town" : NULL;
}

static bool kind_fits_level(const char *kind, const char *level)
{
	if (strcmp(level, "village") == 0)
		return strcmp(kind, "village") == 0 || strcmp(kind, "community") == 0;
	return strcmp(kind, level) == 0;
}

/* Checks one org's own fields and its parent; fills o->path. `where` prefixes messages
 * ("第 5 行 " in imports, "" for single creates). */
static int org_validate(struct db *db, struct org *o, const char *where, struct bm_error *err)
{
	bool level_ok = false;
	for (int i = 0; levels[i]; i++)
		level_ok |= strcmp(o->level, levels[i]) == 0;
	if (!level_ok)
		return bm_error_set(err, 400, "invalid_field",
				    "%slevel：层级应为 county、town 或 village", where);
	if (!all_digits(o->code) || (int)strlen(o->code) != expected_code_length(o->level))
		return bm_error_set(err, 400, "invalid_field",
				    "%scode：%s 级区划代码应为 %d 位数字", where, o->level,
				    expected_code_length(o->level));
	if (!o->name[0])
		return bm_error_set(err, 400, "invalid_field", "%sname：名称不能为空", where);
	if (!o->kind[0])
		copy_text(o->kind, sizeof o->kind, o->level);
	if (!kind_fits_level(o->kind, o->level))
		return bm_error_set(err, 400, "invalid_field", "%skind：类型 %s 与层级 %s 不符", where,
				    o->kind, o->level);
	const char *parent_level = parent_level_of(o->level);
	if (!parent_level) {
		if (o->parent_code[0])
			return bm_error_set(err, 400, "invalid_field",
					    "%sparent_code：县级机构不应有上级", where);
		snprintf(o->path, sizeof o->path, "/%s/", o->code);
		return 0;
	}
	struct org parent;
	int found = org_get(db, o->parent_code, &parent, err);
	if (found < 0)
		return -1;
	if (!found)
		return bm_error_set(err, 400, "invalid_field", "%sparent_code：上级 %s 不存在", where,
				    o->parent_code);
	if (strcmp(parent.level, parent_level) != 0)
		return bm_error_set(err, 400, "invalid_field",
				    "%sparent_code：%s 级机构的上级应为 %s 级", where, o->level,
				    parent_level);
	snprintf(o->path, sizeof o->path, "%s%s/", parent.path, o->code);
	return 0;
}

static int org_upsert(struct db *db, const struct org *o, int64_t now, struct bm_error *err)
{
	return db_exec_params(db, err,
			      "INSERT INTO orgs (code, name, level, kind, parent_code, path, created_at) "
			      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET "
			      "name = excluded.name, kind = excluded.kind",
			      "tttttti", o->code, o->name, o->level, o->kind,
			      o->parent_code[0] ? o->parent_code : NULL, o->path, now) < 0
		       ? -1
		       : 0;
}

int org_create(struct db *db, const struct org *in, const struct audit_actor *actor, int64_t now,
	       struct bm_error *err)
{
	struct org o = *in, existing;
	if (org_validate(db, &o, "", err) < 0)
		return -1;
	int found = org_get(db, o.code, &existing, err);
	if (found < 0)
		return -1;
	if (found)
		return bm_error_set(err, 409, "org_exists", "区划代码 %s 已存在", o.code);
	if (org_upsert(db, &o, now, err) < 0)
		return -1;
	json_t *after = org_to_json(&o);
	int rc = audit_append(db, actor, now, "org.create", "org", o.code, NULL, after, err);
	json_decref(after);
	return rc;
}

/* --- CSV import --------------------------------------------------------------------------- */

/* Splits one CSV line into at most `max` fields (no quoting: register fields hold no commas).
 * Returns the field count. Trailing CR and surrounding spaces are trimmed. */
static int csv_split(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;
	size_t len = strlen(line);
	while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
		line[--len] = '\0';
	while (n < max) {
		while (*p == ' ')
			p++;
		fields[n++] = p;
		char *comma = strchr(p, ',');
		if (!comma)
			break;
		*comma = '\0';
		for (char *q = comma - 1; q >= fields[n - 1] && *q == ' '; q--)
			*q = '\0';
		p = comma + 1;
	}
	/* Text left after the last field kept (p moved past its comma) means more columns. */
	return p != fields[n - 1] ? max + 1 : n;
}

/* Parses one data row into *o, naming the row in errors. */
static int org_parse_row(char *line, int row, struct org *o, struct bm_error *err)
{
	char *f[6];
	int n = csv_split(line, f, 5);
	if (n < 4 || n > 5)
		return bm_error_set(err, 400, "import_invalid",
				    "第 %d 行：应为 4 或 5 列（code,name,level,parent_code[,kind]），实为 %d 列",
				    row, n);
	memset(o, 0, sizeof *o);
	if (strlen(f[0]) >= sizeof o->code || strlen(f[1]) >= sizeof o->name ||
	    strlen(f[2]) >= sizeof o->level || strlen(f[3]) >= sizeof o->parent_code ||
	    (n == 5 && strlen(f[4]) >= sizeof o->kind))
		return bm_error_set(err, 400, "import_invalid", "第 %d 行：字段过长", row);
	copy_text(o->code, sizeof o->code, f[0]);
	copy_text(o->name, sizeof o->name, f[1]);
	copy_text(o->level, sizeof o->level, f[2]);
	copy_text(o->parent_code, sizeof o->parent_code, f[3]);
	if (n == 5)
		copy_text(o->kind, sizeof o->kind, f[4]);
	return 0;
}

static bool is_header_or_blank(const char *line)
{
	return line[0] == '\0' || line[0] == '\r' || line[0] == '#' ||
	       strncmp(line, "code,", 5) == 0;
}

int org_import_csv(struct db *db, const char *text, const struct audit_actor *actor, int64_t now,
		   struct bm_error *err)
{
	/* Rows go in by level (county, then towns, then villages) so that parents defined later
	 * in the file are still found; the row numbers in errors are the file's own. */
	int imported = 0;
	for (int pass = 0; levels[pass]; pass++) {
		char *copy = strdup(text);
		if (!copy)
			return bm_error_oom(err);
		int row = 0, rc = 0;
		if (strncmp(copy, "\xEF\xBB\xBF", 3) == 0)
			memset(copy, ' ', 3);
		/* Line by line, blank lines included, so that row numbers are the file's own. */
		for (char *line = copy, *next; line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			row++;
			while (*line == ' ')
				line++;
			if (is_header_or_blank(line))
				continue;
			struct org o;
			char where[32];
			snprintf(where, sizeof where, "第 %d 行 ", row);
			if ((rc = org_parse_row(line, row, &o, err)) < 0)
				break;
			if (strcmp(o.level, levels[pass]) != 0 && pass > 0)
				continue;
			bool known_level = false;
			for (int i = 0; levels[i]; i++)
				known_level |= strcmp(o.level, levels[i]) == 0;
			if (known_level && strcmp(o.level, levels[pass]) != 0)
				continue;
			if ((rc = org_validate(db, &o, where, err)) < 0 ||
			    (rc = org_upsert(db, &o, now, err)) < 0)
				break;
			imported++;
		}
		free(copy);
		if (rc < 0) {
			if (strcmp(err->code, "invalid_field") == 0)
				err->code = "import_invalid";
			return -1;
		}
	}
	char summary[64];
	snprintf(summary, sizeof summary, "%d", imported);
	json_t *after = json_pack("{s:i}", "rows", imported);
	int rc = audit_append(db, actor, now, "org.import", "org", summary, NULL, after, err);
	json_decref(after);
	return rc < 0 ? -1 : imported;
}
