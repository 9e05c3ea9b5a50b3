/*
** report.c — the reports of the command line:
**
**   bianmin report bulletin --period 2026-10 [--org CODE] [--out DIR]
**       generates and keeps a 督查通报 (domain/bulletin.h) like the supervisor's page does, and
**       writes its two files into DIR: bulletin-PERIOD.html (standalone, printable, with inline
**       SVG charts) and bulletin-PERIOD.xlsx (with --org, the org's code is added to the names:
**       bulletin-PERIOD-CODE.html).
**   bianmin report survey
**       prints the county survey report (domain/survey.h: the 2020 survey's figures from the
**       live tables) as JSON on stdout; web/survey.html is its printable form.
*/
#include "cli/cli.h"
#include "core/clock.h"
#include "domain/bulletin.h"
#include "domain/survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char report_usage[] =
	"用法：bianmin report bulletin --period 2026-10|2026-Q3|2026 [--org CODE] [--out DIR]\n"
	"                             [--db PATH | --pg CONNINFO]\n"
	"  生成并留存督查通报，写出 bulletin-期间.html（可打印，含图表）与 bulletin-期间.xlsx。\n"
	"  --org  范围（乡镇代码等），默认全县；文件名加上代码\n"
	"  --out  输出目录，默认当前目录\n"
	"      bianmin report survey [--db PATH | --pg CONNINFO]\n"
	"  以 JSON 输出全县便民服务体系调研统计（按现有数据生成；可打印版见 survey.html）。\n";

struct report_options {
	struct cli_common common;
	const char *period, *org, *out_dir;
};

struct report_ctx {
	struct as_period period;
	const char *org;
	int64_t id;
};

static int create_txn(struct db *db, void *vctx, struct bm_error *err)
{
	struct report_ctx *ctx = vctx;
	return bulletin_create(db, &ctx->period, ctx->org, &cli_actor, false, clock_now(), &ctx->id,
			       err) < 0 ? -1 : 0;
}

static int write_text(const char *path, const char *text, size_t len, struct bm_error *err)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
		return bm_error_set(err, 500, "file_unwritable", "无法写入文件 %s", path);
	return 0;
}

static int write_files(struct db *db, const struct report_options *o, int64_t id,
		       struct bm_error *err)
{
	json_t *bulletin;
	int found = bulletin_get(db, id, &bulletin, NULL, 0, err);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_internal(err, "the bulletin just made is gone");
	json_t *content = json_object_get(bulletin, "content");
	char base[512], path[560];
	snprintf(base, sizeof base, "%s/bulletin-%s%s%s", o->out_dir, o->period, o->org ? "-" : "",
		 o->org ? o->org : "");
	struct buf html = BUF_INIT;
	bulletin_render_html(content, &html);
	snprintf(path, sizeof path, "%s.html", base);
	int rc = write_text(path, buf_cstr(&html), html.len, err);
	buf_free(&html);
	if (rc == 0)
		printf("%s\n", path);
	snprintf(path, sizeof path, "%s.xlsx", base);
	if (rc == 0 && (rc = bulletin_write_xlsx(content, path, err)) == 0)
		printf("%s\n", path);
	if (rc == 0)
		printf("%s\n", json_string_value(json_object_get(bulletin, "number")));
	json_decref(bulletin);
	return rc;
}

static int report_bulletin(struct report_options *o)
{
	struct report_ctx ctx = {{0}, o->org, 0};
	if (as_period_parse(o->period, &ctx.period) < 0) {
		fprintf(stderr, "bianmin: 考核期间应为 2026-10、2026-Q3 或 2026 这样的形式\n");
		return 2;
	}
	struct db *db;
	if (cli_open_db(&o->common, &db) != 0)
		return 1;
	struct bm_error err = {0};
	char county[16], county_name[96];
	int rc = 0;
	if (!ctx.org) { /* the county by default */
		int found = bulletin_county(db, county, sizeof county, county_name, sizeof county_name,
					    &err);
		if (found == 0)
			rc = bm_error_set(&err, 404, "org_not_found", "系统中还没有县级组织");
		else
			rc = found < 0 ? -1 : 0;
		ctx.org = county;
	}
	if (rc == 0)
		rc = db_transaction(db, create_txn, &ctx, &err);
	if (rc == 0)
		rc = write_files(db, o, ctx.id, &err);
	db_close(db);
	return rc < 0 ? cli_fail(&err) : 0;
}

static int report_survey(struct report_options *o)
{
	struct db *db;
	if (cli_open_db(&o->common, &db) != 0)
		return 1;
	struct bm_error err = {0};
	json_t *report = NULL;
	int rc = survey_report_json(db, &report, &err);
	db_close(db);
	if (rc < 0)
		return cli_fail(&err);
	int dumped = json_dumpf(report, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(report);
	putchar('\n');
	return dumped == 0 ? 0 : 1;
}

int cmd_report(int argc, char **argv)
{
	struct report_options o = {.out_dir = "."};
	bool survey = argc >= 2 && strcmp(argv[1], "survey") == 0;
	if (argc < 2 || (!survey && strcmp(argv[1], "bulletin") != 0))
		return cli_usage(report_usage, argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
							     strcmp(argv[1], "-h") == 0));
	for (int i = 2; i < argc; i++) {
		int c = cli_common_option(&o.common, argc, argv, &i);
		if (c < 0)
			return cli_usage(report_usage, false);
		if (c > 0)
			continue;
		const char **target = strcmp(argv[i], "--period") == 0 ? &o.period
				      : strcmp(argv[i], "--org") == 0  ? &o.org
				      : strcmp(argv[i], "--out") == 0  ? &o.out_dir
								       : NULL;
		if (!target || i + 1 >= argc) {
			fprintf(stderr, "bianmin: 未知选项或缺少值：%s\n", argv[i]);
			return cli_usage(report_usage, false);
		}
		*target = argv[++i];
	}
	if (o.common.help)
		return cli_usage(report_usage, true);
	if (survey)
		return o.period || o.org ? cli_usage(report_usage, false) : report_survey(&o);
	if (!o.period)
		return cli_usage(report_usage, false);
	return report_bulletin(&o);
}
