/*
** calendar.c — the official working-day calendar (see calendar.h).
**
** While it is being loaded, a calendar is a date-sorted array of announced days and a sorted
** array of loaded years; keeping both sorted lets conflicts and names be found by binary search.
** calendar_build() then lays one prefix-sum array over the whole loaded range,
**     cum[i] = working days from the first loaded 1 January through range day i,
** so every query is a subtraction on cum[] or a binary search in it, never a walk over days.
*/
#include "core/calendar.h"
#include "core/buf.h"
#include "core/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct calendar_day {
	int date;
	enum calendar_kind kind;
	char *name;
};

struct calendar {
	struct calendar_day *days; /* sorted by date, one entry per date */
	size_t ndays, days_alloc;
	int *years; /* loaded years, ascending, no duplicates */
	size_t nyears, years_alloc;
	bool built;
	int first_date; /* 1 January of the first loaded year (once built, nyears > 0) */
	size_t span;    /* days in the loaded range; cum has this many entries */
	int *cum;
};

/* Like buf.c, allocation failure aborts: see buf.h for why. */
static void *xrealloc(void *ptr, size_t size)
{
	void *result = realloc(ptr, size ? size : 1);
	if (!result) {
		fputs("bianmin: out of memory\n", stderr);
		abort();
	}
	return result;
}

static char *xstrdup(const char *s)
{
	size_t size = strlen(s) + 1;
	return memcpy(xrealloc(NULL, size), s, size);
}

/* Makes room for `need` items of `size` bytes, doubling so appends stay amortised O(1). */
static void *grow_array(void *items, size_t *alloc, size_t need, size_t size)
{
	if (need <= *alloc)
		return items;
	size_t new_alloc = *alloc ? *alloc * 2 : 16;
	while (new_alloc < need)
		new_alloc *= 2;
	*alloc = new_alloc;
	return xrealloc(items, new_alloc * size);
}

/* The first index whose value is >= key (n when there is none). Serves both the year list and
 * cum[], which is non-decreasing. */
static size_t int_lower_bound(const int *values, size_t n, int key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (values[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t day_lower_bound(const struct calendar *cal, int date)
{
	size_t lo = 0, hi = cal->ndays;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->days[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct calendar_day *find_day(const struct calendar *cal, int date)
{
	size_t i = day_lower_bound(cal, date);
	return i < cal->ndays && cal->days[i].date == date ? &cal->days[i] : NULL;
}

static const char *kind_label(enum calendar_kind kind)
{
	return kind == CALENDAR_WORK ? "调休上班" : "放假";
}

/* ---- errors shared by several entry points ---- */

static int error_built(struct bm_error *err)
{
	return bm_error_set(err, 409, "calendar_built",
			    "工作日历已生成，不能再修改；请重新创建日历后导入全部年度");
}

static int error_not_built(struct bm_error *err)
{
	return bm_error_set(err, 500, "calendar_not_built", "工作日历尚未生成，暂时无法计算工作日");
}

static int error_year_not_loaded(struct bm_error *err, int year)
{
	return bm_error_set(err, 409, "calendar_year_not_loaded",
			    "未加载 %d 年的工作日历，请管理员先导入该年度节假日安排", year);
}

/* ---- loading ---- */

struct calendar *calendar_new(void)
{
	struct calendar *cal = xrealloc(NULL, sizeof *cal);
	*cal = (struct calendar){0};
	return cal;
}

void calendar_free(struct calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->ndays; i++)
		free(cal->days[i].name);
	free(cal->days);
	free(cal->years);
	free(cal->cum);
	free(cal);
}

/* Whether the day may be recorded: the rules of calendar_add_day(), without changing anything,
 * so calendar_load_csv() can vet a whole file before it adds the first line. */
static int check_day(const struct calendar *cal, int date, enum calendar_kind kind,
		     struct bm_error *err)
{
	char text[DATE_TEXT_SIZE];
	date_format(date, text);
	if (kind == CALENDAR_WORK && date_weekday(date) < 6)
		return bm_error_set(err, 400, "calendar_workday_not_weekend",
				    "%s 不是周末，不能登记为调休上班日", text);
	const struct calendar_day *known = find_day(cal, date);
	if (known && known->kind != kind)
		return bm_error_set(err, 409, "calendar_conflict",
				    "%s 已登记为%s（%s），不能再登记为%s", text,
				    kind_label(known->kind), known->name, kind_label(kind));
	return 0;
}

static void insert_year(struct calendar *cal, int year)
{
	size_t i = int_lower_bound(cal->years, cal->nyears, year);
	if (i < cal->nyears && cal->years[i] == year)
		return;
	cal->years = grow_array(cal->years, &cal->years_alloc, cal->nyears + 1, sizeof *cal->years);
	memmove(&cal->years[i + 1], &cal->years[i], (cal->nyears - i) * sizeof *cal->years);
	cal->years[i] = year;
	cal->nyears++;
}

/* Records a day already vetted by check_day(). Returns whether it is new: recording a day again
 * with the same kind keeps the first name. */
static bool insert_day(struct calendar *cal, int date, enum calendar_kind kind, const char *name)
{
	insert_year(cal, date_year(date));
	size_t i = day_lower_bound(cal, date);
	if (i < cal->ndays && cal->days[i].date == date)
		return false;
	cal->days = grow_array(cal->days, &cal->days_alloc, cal->ndays + 1, sizeof *cal->days);
	memmove(&cal->days[i + 1], &cal->days[i], (cal->ndays - i) * sizeof *cal->days);
	cal->days[i] = (struct calendar_day){date, kind, xstrdup(name ? name : "")};
	cal->ndays++;
	return true;
}

int calendar_add_day(struct calendar *cal, int date, enum calendar_kind kind, const char *name,
		     struct bm_error *err)
{
	if (cal->built)
		return error_built(err);
	if (check_day(cal, date, kind, err) < 0)
		return -1;
	insert_day(cal, date, kind, name);
	return 0;
}

/* ---- CSV ---- */

/* Puts "第 N 行：" in front of the message already in *err, keeping its code and status. */
static int error_at_line(struct bm_error *err, int line_no)
{
	if (!err)
		return -1;
	char detail[sizeof err->message];
	memcpy(detail, err->message, sizeof detail);
	return bm_error_set(err, err->http_status, err->code, "第 %d 行：%s", line_no, detail);
}

static int error_csv(struct bm_error *err, int line_no, const char *what)
{
	return bm_error_set(err, 400, "calendar_csv_invalid", "第 %d 行：%s", line_no, what);
}

static bool is_blank(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return false;
	return true;
}

struct field {
	const char *start;
	size_t len;
};

static bool field_equals(struct field field, const char *word)
{
	return field.len == strlen(word) && memcmp(field.start, word, field.len) == 0;
}

/* Splits a line at every comma into at most `max` fields, and returns how many fields there
 * are in all, so that a line with too many is still recognised. */
static int split_fields(const char *line, size_t len, struct field *fields, int max)
{
	int count = 0;
	const char *start = line, *end = line + len;
	for (const char *p = line; p <= end; p++) {
		if (p < end && *p != ',')
			continue;
		if (count < max)
			fields[count] = (struct field){start, (size_t)(p - start)};
		count++;
		start = p + 1;
	}
	return count;
}

enum { CSV_DATE, CSV_KIND, CSV_NAME, CSV_FIELDS };

struct csv_record {
	int date;
	enum calendar_kind kind;
	struct buf name;
};

/* Parses one data line "date,kind,name" (already free of its line ending) into *record. */
static int parse_record(const char *line, size_t len, int line_no, struct csv_record *record,
			struct bm_error *err)
{
	struct field fields[CSV_FIELDS];
	if (split_fields(line, len, fields, CSV_FIELDS) != CSV_FIELDS)
		return error_csv(err, line_no, "每行应有 3 个字段：日期,类型,名称");

	char date_text[DATE_TEXT_SIZE] = "";
	if (fields[CSV_DATE].len == DATE_TEXT_SIZE - 1)
		memcpy(date_text, fields[CSV_DATE].start, DATE_TEXT_SIZE - 1);
	if (date_parse(date_text, &record->date) < 0)
		return error_csv(err, line_no, "日期格式应为 YYYY-MM-DD，且须为真实存在的日期");

	if (field_equals(fields[CSV_KIND], "off"))
		record->kind = CALENDAR_OFF;
	else if (field_equals(fields[CSV_KIND], "work"))
		record->kind = CALENDAR_WORK;
	else
		return error_csv(err, line_no, "类型应为 off（放假）或 work（调休上班）");

	if (is_blank(fields[CSV_NAME].start, fields[CSV_NAME].len))
		return error_csv(err, line_no, "名称不能为空");
	buf_reset(&record->name);
	buf_add(&record->name, fields[CSV_NAME].start, fields[CSV_NAME].len);
	return 0;
}

/* Vets one line against the calendar and the lines before it, and records it in `staged`.
 * Comments, blank lines and a header before the first record are skipped. */
static int stage_line(const struct calendar *cal, struct calendar *staged, const char *line,
		      size_t len, int line_no, bool *header_allowed, struct bm_error *err)
{
	if (is_blank(line, len) || line[0] == '#')
		return 0;
	bool header_here = *header_allowed
			   && field_equals((struct field){line, len}, "date,kind,name");
	*header_allowed = false;
	if (header_here)
		return 0;

	struct csv_record record = {.name = BUF_INIT};
	int rc = parse_record(line, len, line_no, &record, err);
	if (rc == 0 && (check_day(cal, record.date, record.kind, err) < 0
			|| calendar_add_day(staged, record.date, record.kind,
					    buf_cstr(&record.name), err) < 0))
		rc = error_at_line(err, line_no);
	buf_free(&record.name);
	return rc;
}

/* Splits the text into lines (LF or CRLF, UTF-8 BOM allowed) and stages each of them. */
static int stage_csv(const struct calendar *cal, struct calendar *staged, const char *text,
		     struct bm_error *err)
{
	static const char utf8_bom[] = "\xEF\xBB\xBF";
	const char *p = strncmp(text, utf8_bom, 3) == 0 ? text + 3 : text;
	bool header_allowed = true;
	for (int line_no = 1; *p; line_no++) {
		const char *newline = strchr(p, '\n');
		size_t len = newline ? (size_t)(newline - p) : strlen(p);
		const char *next = newline ? newline + 1 : p + len;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (stage_line(cal, staged, p, len, line_no, &header_allowed, err) < 0)
			return -1;
		p = next;
	}
	return 0;
}

/* Moves vetted days into the calendar; cannot fail. Returns how many were new. */
static int merge_staged(struct calendar *cal, const struct calendar *staged)
{
	int added = 0;
	for (size_t i = 0; i < staged->ndays; i++) {
		const struct calendar_day *day = &staged->days[i];
		added += insert_day(cal, day->date, day->kind, day->name);
	}
	return added;
}

/* All lines are parsed and vetted into a scratch calendar first, so a bad line at the end of
 * the file leaves the real calendar exactly as it was. */
int calendar_load_csv(struct calendar *cal, const char *text, struct bm_error *err)
{
	if (cal->built)
		return error_built(err);
	struct calendar *staged = calendar_new();
	int rc = stage_csv(cal, staged, text, err);
	if (rc == 0)
		rc = merge_staged(cal, staged);
	calendar_free(staged);
	return rc;
}

/* ---- building ---- */

static int check_years_contiguous(const struct calendar *cal, struct bm_error *err)
{
	for (size_t i = 1; i < cal->nyears; i++) {
		int before = cal->years[i - 1], after = cal->years[i];
		if (after != before + 1)
			return bm_error_set(err, 409, "calendar_year_gap",
					    "已加载 %d 年和 %d 年的工作日历，但缺少 %d 年；"
					    "各年度节假日安排须连续导入",
					    before, after, before + 1);
	}
	return 0;
}

static bool is_working_by_rule(const struct calendar *cal, int date)
{
	const struct calendar_day *announced = find_day(cal, date);
	if (announced)
		return announced->kind == CALENDAR_WORK;
	return date_weekday(date) <= 5;
}

static void fill_prefix_sums(struct calendar *cal)
{
	int first_year = cal->years[0], last_year = cal->years[cal->nyears - 1];
	cal->first_date = date_from_ymd(first_year, 1, 1);
	cal->span = (size_t)(date_from_ymd(last_year, 12, 31) - cal->first_date + 1);
	cal->cum = xrealloc(NULL, cal->span * sizeof *cal->cum);
	int total = 0;
	for (size_t i = 0; i < cal->span; i++) {
		total += is_working_by_rule(cal, cal->first_date + (int)i);
		cal->cum[i] = total;
	}
}

int calendar_build(struct calendar *cal, struct bm_error *err)
{
	if (cal->built)
		return 0;
	if (check_years_contiguous(cal, err) < 0)
		return -1;
	if (cal->nyears > 0)
		fill_prefix_sums(cal);
	cal->built = true;
	return 0;
}

void calendar_year_range(const struct calendar *cal, int *first, int *last)
{
	*first = cal->nyears ? cal->years[0] : 0;
	*last = cal->nyears ? cal->years[cal->nyears - 1] : 0;
}

/* ---- queries ---- */

/* The index of `date` in cum[], or an error when the calendar cannot answer for that date. */
static int range_index(const struct calendar *cal, int date, size_t *index, struct bm_error *err)
{
	if (!cal->built)
		return error_not_built(err);
	if (cal->span == 0 || date < cal->first_date
	    || (size_t)(date - cal->first_date) >= cal->span)
		return error_year_not_loaded(err, date_year(date));
	*index = (size_t)(date - cal->first_date);
	return 0;
}

int calendar_is_working_day(const struct calendar *cal, int date, bool *out, struct bm_error *err)
{
	size_t i = 0;
	if (range_index(cal, date, &i, err) < 0)
		return -1;
	int before = i > 0 ? cal->cum[i - 1] : 0;
	*out = cal->cum[i] > before;
	return 0;
}

int calendar_add_working_days(const struct calendar *cal, int date, int n, int *out,
			      struct bm_error *err)
{
	if (n < 0)
		return bm_error_set(err, 400, "calendar_negative_days", "工作日天数不能为负数：%d",
				    n);
	size_t i = 0;
	if (range_index(cal, date, &i, err) < 0)
		return -1;
	/* Compared as a difference so that a huge n cannot overflow cum[i] + n. */
	if (n > cal->cum[cal->span - 1] - cal->cum[i])
		return error_year_not_loaded(err, cal->years[cal->nyears - 1] + 1);
	if (n == 0) {
		*out = date;
		return 0;
	}
	/* cum[] first reaches cum[i] + n on exactly the n-th working day after `date`. */
	size_t j = int_lower_bound(cal->cum, cal->span, cal->cum[i] + n);
	*out = cal->first_date + (int)j;
	return 0;
}

int calendar_working_days_between(const struct calendar *cal, int from, int to, int *out,
				  struct bm_error *err)
{
	size_t i = 0, j = 0;
	if (range_index(cal, from, &i, err) < 0 || range_index(cal, to, &j, err) < 0)
		return -1;
	*out = cal->cum[j] - cal->cum[i];
	return 0;
}

const char *calendar_day_name(const struct calendar *cal, int date)
{
	const struct calendar_day *day = find_day(cal, date);
	return day ? day->name : NULL;
}

int calendar_each_day(const struct calendar *cal, calendar_day_fn fn, void *ctx)
{
	for (size_t i = 0; i < cal->ndays; i++) {
		const struct calendar_day *d = &cal->days[i];
		int rc = fn(d->date, d->kind, d->name, ctx);
		if (rc < 0)
			return rc;
	}
	return 0;
}
