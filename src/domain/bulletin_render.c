/*
** bulletin_render.c — the two renderings of a bulletin's content (bulletin.h): a standalone
** printable HTML file (inline A4 print CSS and inline SVG bar charts drawn here, no scripts, so
** the file prints with its charts anywhere) and an Excel workbook (libxlsxwriter). Both walk
** the same tables of figures and columns below.
*/
#include "domain/bulletin.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- what both renderings show ---- */

struct figure_row {
	const char *key;
	const char *label;
	bool rate; /* a percentage, null over nothing ("—") */
};

static const struct figure_row figure_rows[] = {
	{"received", "受理件数", false},
	{"completed", "办结件数", false},
	{"on_time", "按时办结", false},
	{"on_time_rate", "按时办结率（%）", true},
	{"overdue", "超期件数", false},
	{"ratings", "评价数", false},
	{"satisfied", "满意数", false},
	{"satisfaction_rate", "满意率（%）", true},
	{"bad", "差评数", false},
	{"bad_rectified_on_time", "差评按时整改", false},
	{"rectification_rate", "差评整改率（%）", true},
	{"warnings", "预警", false},
	{"yellow_cards", "黄牌", false},
	{"red_cards", "红牌", false},
	{"petitions", "信访受理", false},
	{"petition_on_time_rate", "信访按期办结率（%）", true},
	{"window_gaps", "窗口断档", false},
	{"coverage_rate", "窗口在岗率（%）", true},
	{"attendance_rate", "A岗出勤率（%）", true},
};
#define FIGURE_ROWS (sizeof figure_rows / sizeof *figure_rows)

/* A column of a list: the JSON key of a row, its heading, and how to show it. */
struct column {
	const char *key;
	const char *heading;
	char kind; /* 't' text, 'n' number, 'r' rate/score (one decimal or —), 's' task status,
		      'c' card, 'l' rating level, 'm' commended/named mark */
};

static const struct column ranking_columns[] = {
	{"rank", "名次", 'n'},      {"org_name", "单位", 't'},
	{"total", "总分", 'r'},     {"", "表彰/通报", 'm'},
	{"received", "受理", 'n'},  {"completed", "办结", 'n'},
	{"on_time_rate", "按时办结率（%）", 'r'},
	{"satisfaction_rate", "满意率（%）", 'r'},
	{"rectification_rate", "整改率（%）", 'r'},
	{"yellow_cards", "黄牌", 'n'}, {"red_cards", "红牌", 'n'},
	{NULL, NULL, 0},
};

static const struct column card_columns[] = {
	{"card", "牌", 'c'},           {"no", "编号", 't'},
	{"org_name", "单位", 't'},     {"venue_name", "场所", 't'},
	{"title", "事项", 't'},        {"day", "日期", 't'},
	{NULL, NULL, 0},
};

static const struct column task_columns[] = {
	{"case_no", "办件编号", 't'},    {"org_name", "单位", 't'},
	{"venue_name", "场所", 't'},     {"level", "评价", 'l'},
	{"rated_on", "评价日期", 't'},   {"due_date", "整改期限", 't'},
	{"rectified_on", "整改日期", 't'}, {"status", "状态", 's'},
	{NULL, NULL, 0},
};

static const struct {
	const char *key, *label;
} task_states[] = {
	{"on_time", "按时整改"}, {"late", "逾期整改"}, {"open", "整改中"},
	{"overdue", "逾期未整改"}, {"cancelled", "已撤销"},
};

static const char *status_label(const char *key)
{
	for (size_t i = 0; key && i < sizeof task_states / sizeof *task_states; i++)
		if (strcmp(key, task_states[i].key) == 0)
			return task_states[i].label;
	return key ? key : "";
}

static const char *level_label(const char *level)
{
	if (level && strcmp(level, "very_dissatisfied") == 0)
		return "非常不满意";
	return level && strcmp(level, "dissatisfied") == 0 ? "不满意" : (level ? level : "");
}

/* A unit row's value: the row's own key, else its "figures". */
static json_t *cell_value(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);
	return v ? v : json_object_get(json_object_get(row, "figures"), key);
}

/* The text of a cell (into buf of size n). */
static const char *cell_text(json_t *row, const struct column *c, char *buf, size_t n)
{
	json_t *v = cell_value(row, c->key);
	switch (c->kind) {
	case 'm':
		return json_is_true(json_object_get(row, "commended")) ? "表彰"
		       : json_is_true(json_object_get(row, "named")) ? "通报" : "";
	case 'c':
		return strcmp(json_string_value(v) ? json_string_value(v) : "", "red") == 0 ? "红牌"
											   : "黄牌";
	case 's':
		return status_label(json_string_value(v));
	case 'l':
		return level_label(json_string_value(v));
	case 'r':
		if (!json_is_number(v))
			return "—";
		snprintf(buf, n, "%.1f", json_number_value(v));
		return buf;
	case 'n':
		snprintf(buf, n, "%lld", (long long)json_number_value(v));
		return buf;
	default:
		return json_string_value(v) ? json_string_value(v) : "";
	}
}

/* ---- HTML ---- */

static void html_text(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '&': buf_puts(out, "&amp;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		default: buf_putc(out, *s);
		}
	}
}

static void html_table(struct buf *out, json_t *rows, const struct column *cols)
{
	buf_puts(out, "<table><thead><tr>");
	for (const struct column *c = cols; c->key; c++)
		buf_printf(out, "<th>%s</th>", c->heading);
	buf_puts(out, "</tr></thead><tbody>");
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		buf_puts(out, "<tr>");
		for (const struct column *c = cols; c->key; c++) {
			char tmp[32];
			buf_puts(out, strchr("nr", c->kind) ? "<td class=\"num\">" : "<td>");
			html_text(out, cell_text(row, c, tmp, sizeof tmp));
			buf_puts(out, "</td>");
		}
		buf_puts(out, "</tr>");
	}
	if (json_array_size(rows) == 0)
		buf_puts(out, "<tr><td colspan=\"20\">无</td></tr>");
	buf_puts(out, "</tbody></table>");
}

struct series {
	const char *key;   /* in the unit row or its figures */
	const char *label;
	const char *color;
};

/* A horizontal bar chart, one group of bars per unit, scaled to max. */
static void svg_bars(struct buf *out, const char *title, json_t *units,
		     const struct series *series, size_t n_series, double max)
{
	const int label_w = 110, bar_w = 460, bar_h = 12, gap = 8;
	size_t n = json_array_size(units);
	int group_h = (int)n_series * bar_h + gap;
	int height = 40 + (int)n * group_h + 10;
	buf_printf(out,
		   "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
		   "width=\"640\" height=\"%d\" viewBox=\"0 0 640 %d\" role=\"img\">"
		   "<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">",
		   height, height);
	html_text(out, title);
	buf_puts(out, "</text>");
	for (size_t s = 0; s < n_series; s++)
		buf_printf(out,
			   "<rect x=\"%d\" y=\"24\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			   "<text x=\"%d\" y=\"33\" font-size=\"11\">%s</text>",
			   label_w + (int)s * 140, series[s].color, label_w + 14 + (int)s * 140,
			   series[s].label);
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u) {
		int y = 40 + (int)i * group_h;
		buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">",
			   label_w - 6, y + (int)n_series * bar_h / 2 + 4);
		html_text(out, json_string_value(json_object_get(u, "org_name")));
		buf_puts(out, "</text>");
		for (size_t s = 0; s < n_series; s++) {
			json_t *v = cell_value(u, series[s].key);
			int by = y + (int)s * bar_h;
			if (!json_is_number(v)) {
				buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"10\">—</text>",
					   label_w + 2, by + bar_h - 2);
				continue;
			}
			double value = json_number_value(v);
			int w = max > 0 ? (int)(bar_w * (value < 0 ? 0 : value > max ? max : value) /
						max)
					: 0;
			buf_printf(out,
				   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"10\">%.1f</text>",
				   label_w, by, w, bar_h - 2, series[s].color, label_w + w + 4,
				   by + bar_h - 3, value);
		}
	}
	buf_puts(out, "</svg></figure>");
}

static const char html_style[] =
	"body{font-family:'Noto Serif CJK SC','SimSun',serif;margin:0 auto;max-width:180mm;"
	"color:#000;font-size:11pt}"
	"h1{text-align:center;color:#c00;font-size:22pt;letter-spacing:4pt;margin:8mm 0 2mm}"
	".no{text-align:center;border-bottom:2px solid #c00;padding-bottom:2mm}"
	"h2{font-size:13pt;margin:5mm 0 2mm}"
	"table{border-collapse:collapse;width:100%;font-size:9pt;margin:2mm 0}"
	"th,td{border:1px solid #444;padding:1mm 1.5mm;text-align:left}td.num{text-align:right}"
	"figure.chart{margin:2mm 0;break-inside:avoid}svg{max-width:100%;height:auto}"
	"footer{margin-top:8mm;text-align:right}"
	"@page{size:A4;margin:18mm 15mm}"
	"@media print{h2{break-after:avoid}tr{break-inside:avoid}}";

static void html_figures(struct buf *out, json_t *figures)
{
	buf_puts(out, "<table><tbody>");
	for (size_t i = 0; i < FIGURE_ROWS; i++) {
		struct column c = {figure_rows[i].key, figure_rows[i].label,
				   figure_rows[i].rate ? 'r' : 'n'};
		char tmp[32];
		buf_printf(out, "<tr><th>%s</th><td class=\"num\">", c.heading);
		html_text(out, cell_text(figures, &c, tmp, sizeof tmp));
		buf_puts(out, "</td></tr>");
	}
	buf_puts(out, "</tbody></table>");
}

static void html_names(struct buf *out, const char *label, json_t *names)
{
	buf_printf(out, "<p><strong>%s：</strong>", label);
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n) {
		if (i)
			buf_puts(out, "、");
		html_text(out, json_string_value(n));
	}
	if (json_array_size(names) == 0)
		buf_puts(out, "无");
	buf_puts(out, "</p>");
}

void bulletin_render_html(json_t *c, struct buf *out)
{
	json_t *period = json_object_get(c, "period"), *org = json_object_get(c, "org");
	json_t *units = json_object_get(json_object_get(c, "ranking"), "units");
	json_t *cards = json_object_get(c, "cards"), *rect = json_object_get(c, "rectification");
	const char *period_text = json_string_value(json_object_get(period, "text"));
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
	html_text(out, json_string_value(json_object_get(c, "number")));
	buf_printf(out, " 督查通报</title><style>%s</style></head><body>", html_style);
	buf_puts(out, "<h1>督查通报</h1><p class=\"no\">");
	html_text(out, json_string_value(json_object_get(c, "number")));
	buf_puts(out, "</p><p>");
	html_text(out, json_string_value(json_object_get(org, "name")));
	buf_puts(out, " · ");
	html_text(out, period_text);
	buf_printf(out, "（%s 至 %s）</p>", json_string_value(json_object_get(period, "from")),
		   json_string_value(json_object_get(period, "to")));
	buf_puts(out, "<h2>一、总体情况</h2>");
	html_figures(out, json_object_get(c, "figures"));
	buf_puts(out, "<h2>二、考核排名</h2>");
	html_table(out, units, ranking_columns);
	static const struct series score[] = {{"total", "考核得分", "#c0392b"}};
	static const struct series rates[] = {{"on_time_rate", "按时办结率", "#2c7fb8"},
					      {"satisfaction_rate", "满意率", "#41ab5d"}};
	if (json_array_size(units)) {
		svg_bars(out, "考核得分", units, score, 1, 100);
		svg_bars(out, "按时办结率与满意率（%）", units, rates, 2, 100);
	}
	buf_puts(out, "<h2>三、表彰与通报</h2>");
	html_names(out, "表彰先进", json_object_get(c, "commended"));
	html_names(out, "通报后进", json_object_get(c, "named"));
	buf_printf(out, "<h2>四、红黄牌（红牌 %lld 张，黄牌 %lld 张）</h2>",
		   (long long)json_integer_value(json_object_get(cards, "red")),
		   (long long)json_integer_value(json_object_get(cards, "yellow")));
	html_table(out, json_object_get(cards, "items"), card_columns);
	buf_printf(out, "<h2>五、差评整改（共 %lld 件", (long long)json_integer_value(
								  json_object_get(rect, "total")));
	for (size_t i = 0; i < sizeof task_states / sizeof *task_states; i++)
		buf_printf(out, "，%s %lld", task_states[i].label,
			   (long long)json_integer_value(json_object_get(rect, task_states[i].key)));
	buf_puts(out, "）</h2>");
	html_table(out, json_object_get(rect, "items"), task_columns);
	buf_puts(out, "<footer>生成时间：");
	html_text(out, json_string_value(json_object_get(c, "generated_at")));
	buf_puts(out, "</footer></body></html>\n");
}

/* ---- Excel ---- */

static void xlsx_cell(lxw_worksheet *ws, int row, int col, json_t *data, const struct column *c)
{
	char tmp[32];
	json_t *v = cell_value(data, c->key);
	if (strchr("nr", c->kind) && json_is_number(v))
		worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, json_number_value(v),
				       NULL);
	else
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col,
				       cell_text(data, c, tmp, sizeof tmp), NULL);
}

/* A sheet's list: headings on `row`, then one row per element. Returns the next free row. */
static int xlsx_list(lxw_worksheet *ws, int row, json_t *rows, const struct column *cols,
		     lxw_format *bold)
{
	int col = 0;
	for (const struct column *c = cols; c->key; c++, col++)
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, c->heading, bold);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		col = 0;
		for (const struct column *c = cols; c->key; c++, col++)
			xlsx_cell(ws, row + 1 + (int)i, col, r, c);
	}
	return row + 1 + (int)json_array_size(rows);
}

static void xlsx_overview(lxw_workbook *wb, json_t *c, lxw_format *bold)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "概况");
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, 1, 28, NULL);
	json_t *period = json_object_get(c, "period"), *org = json_object_get(c, "org");
	const char *head[][2] = {
		{"通报编号", json_string_value(json_object_get(c, "number"))},
		{"考核期间", json_string_value(json_object_get(period, "text"))},
		{"起始日期", json_string_value(json_object_get(period, "from"))},
		{"截止日期", json_string_value(json_object_get(period, "to"))},
		{"范围", json_string_value(json_object_get(org, "name"))},
		{"生成时间", json_string_value(json_object_get(c, "generated_at"))},
		{"生成者", json_string_value(json_object_get(c, "generated_by"))},
	};
	int row = 0;
	for (size_t i = 0; i < sizeof head / sizeof *head; i++, row++) {
		worksheet_write_string(ws, (lxw_row_t)row, 0, head[i][0], bold);
		worksheet_write_string(ws, (lxw_row_t)row, 1, head[i][1] ? head[i][1] : "", NULL);
	}
	json_t *figures = json_object_get(c, "figures");
	for (size_t i = 0; i < FIGURE_ROWS; i++, row++) {
		struct column col = {figure_rows[i].key, figure_rows[i].label,
				     figure_rows[i].rate ? 'r' : 'n'};
		worksheet_write_string(ws, (lxw_row_t)row, 0, col.heading, bold);
		xlsx_cell(ws, row, 1, figures, &col);
	}
}

int bulletin_write_xlsx(json_t *c, const char *path, struct bm_error *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return bm_error_internal(err, "xlsx: workbook_new failed");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	xlsx_overview(wb, c, bold);

	lxw_worksheet *ranking = workbook_add_worksheet(wb, "排名");
	worksheet_set_column(ranking, 0, 11, 14, NULL);
	int row = xlsx_list(ranking, 0, json_object_get(json_object_get(c, "ranking"), "units"),
			    ranking_columns, bold);
	json_t *lists[2] = {json_object_get(c, "commended"), json_object_get(c, "named")};
	const char *list_labels[2] = {"表彰先进", "通报后进"};
	for (int k = 0; k < 2; k++) {
		worksheet_write_string(ranking, (lxw_row_t)(row + 1 + k), 0, list_labels[k], bold);
		size_t i;
		json_t *n;
		json_array_foreach(lists[k], i, n)
			worksheet_write_string(ranking, (lxw_row_t)(row + 1 + k), (lxw_col_t)(1 + i),
					       json_string_value(n), NULL);
	}

	lxw_worksheet *cards = workbook_add_worksheet(wb, "红黄牌");
	worksheet_set_column(cards, 0, 6, 18, NULL);
	xlsx_list(cards, 0, json_object_get(json_object_get(c, "cards"), "items"), card_columns,
		  bold);

	lxw_worksheet *tasks = workbook_add_worksheet(wb, "整改");
	worksheet_set_column(tasks, 0, 7, 16, NULL);
	json_t *rect = json_object_get(c, "rectification");
	worksheet_write_string(tasks, 0, 0, "差评整改任务", bold);
	worksheet_write_number(tasks, 0, 1, (double)json_integer_value(json_object_get(rect, "total")),
			       NULL);
	for (size_t i = 0; i < sizeof task_states / sizeof *task_states; i++) {
		worksheet_write_string(tasks, (lxw_row_t)(1 + i), 0, task_states[i].label, bold);
		worksheet_write_number(tasks, (lxw_row_t)(1 + i), 1,
				       (double)json_integer_value(
					       json_object_get(rect, task_states[i].key)),
				       NULL);
	}
	xlsx_list(tasks, 7, json_object_get(rect, "items"), task_columns, bold);

	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return bm_error_internal(err, lxw_strerror(e));
	return 0;
}

int bulletin_xlsx_bytes(json_t *content, char **data, size_t *size, struct bm_error *err)
{
	char path[] = "/tmp/bianmin-bulletin-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return bm_error_internal(err, "xlsx: mkstemp failed");
	close(fd);
	int rc = bulletin_write_xlsx(content, path, err);
	FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
	if (rc == 0 && !f)
		rc = bm_error_internal(err, "xlsx: cannot read the workbook back");
	if (f) {
		struct buf b = BUF_INIT;
		char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&b, chunk, n);
		fclose(f);
		*size = b.len;
		*data = buf_detach(&b);
	}
	unlink(path);
	return rc;
}
