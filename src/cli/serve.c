/*
** serve.c — `bianmin serve` and `bianmin demo`.
**
** serve runs the HTTP server on an existing (or new, then migrated) database. demo first seeds
** the Baihe County demonstration data when the database holds none, prints the demo accounts
** and URLs, then serves.
*/
#include "cli/cli.h"
#include "cli/config.h"
#include "core/clock.h"
#include "core/log.h"
#include "domain/bulletin.h"
#include "domain/case_store.h"
#include "domain/demo.h"
#include "domain/supervision.h"
#include "http/forwarded.h"
#include "http/notify_worker.h"
#include "http/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char serve_usage[] =
	"用法：bianmin serve [--db PATH | --pg CONNINFO] [--listen ADDR:PORT] [--config FILE]\n"
	"                    [--threads N] [--web-root DIR] [--tls-cert PEM --tls-key PEM]\n"
	"                    [--test-clock] [--public-url URL] [--notify-webhook URL]\n"
	"                    [--trusted-proxies ADDR,...]\n"
	"  --listen      监听地址，默认 127.0.0.1:8080\n"
	"  --config      配置文件（键 = 值：db、pg、listen、web_root、threads、connection_limit、\n"
	"                timeout、body_limit、tls_cert、tls_key、public_url、notify_webhook、\n"
	"                notify_secret、trusted_proxies）；其后的命令行选项优先\n"
	"  --public-url  对外访问地址（如 https://bm.example.gov.cn），用于回执二维码中的链接\n"
	"  --notify-webhook  短信网关的 HTTP 回调地址（消息通知）；管理员也可在运行时设置\n"
	"  --trusted-proxies  反向代理的地址：来自这些地址的请求按 X-Forwarded-For 识别客户端\n"
	"                （登录和查询的失败次数按客户端地址计）\n"
	"  --test-clock  允许 POST /api/v1/test/clock 设置服务器时间（仅用于测试和演示）\n";

static const char demo_usage[] =
	"用法：bianmin demo [--db PATH | --pg CONNINFO] [--listen ADDR:PORT] [--seed-only]\n"
	"  生成白河县演示数据（数据库为空时），然后运行服务。默认 --db demo.db。\n"
	"  所有演示账号的密码均为 bianmin-demo。\n";

struct serve_options {
	struct cli_common common;
	struct server_config server;
	bool seed_only;
};

static int take_value(int argc, char **argv, int *i, const char **out)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "bianmin: 选项 %s 需要一个值\n", argv[*i]);
		return -1;
	}
	*out = argv[++*i];
	return 0;
}

/* Parses serve/demo options; the config file is applied first, then the command line. */
static int parse_serve_options(int argc, char **argv, struct serve_options *o)
{
	server_config_defaults(&o->server);
	for (int i = 1; i < argc; i++) /* find --config first so the command line can override */
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			struct bm_error err;
			if (config_load(argv[i + 1], &o->server, &err) < 0)
				return cli_fail(&err) ? -1 : -1;
		}
	o->common.db = o->server.db;
	for (int i = 1; i < argc; i++) {
		const char *value, *a = argv[i];
		int c = cli_common_option(&o->common, argc, argv, &i);
		if (c < 0)
			return -1;
		if (c > 0)
			continue;
		if (strcmp(a, "--test-clock") == 0)
			o->server.test_clock = true;
		else if (strcmp(a, "--seed-only") == 0)
			o->seed_only = true;
		else if (strcmp(a, "--listen") == 0 && take_value(argc, argv, &i, &value) == 0)
			o->server.listen = value;
		else if (strcmp(a, "--web-root") == 0 && take_value(argc, argv, &i, &value) == 0)
			o->server.web_root = value;
		else if (strcmp(a, "--tls-cert") == 0 && take_value(argc, argv, &i, &value) == 0)
			o->server.tls_cert = value;
		else if (strcmp(a, "--public-url") == 0 && take_value(argc, argv, &i, &value) == 0)
			o->server.public_url = value;
		else if (strcmp(a, "--tls-key") == 0 && take_value(argc, argv, &i, &value) == 0)
			o->server.tls_key = value;
		else if (strcmp(a, "--notify-webhook") == 0 && take_value(argc, argv, &i, &value) == 0)
			o->server.notify_webhook = value;
		else if (strcmp(a, "--trusted-proxies") == 0 &&
			 take_value(argc, argv, &i, &value) == 0) {
			if (!forwarded_list_valid(value)) {
				fprintf(stderr, "bianmin: --trusted-proxies 应为以逗号分隔的 IP 地址\n");
				return -1;
			}
			o->server.trusted_proxies = value;
		} else if (strcmp(a, "--threads") == 0 && take_value(argc, argv, &i, &value) == 0)
			o->server.threads = (unsigned)atoi(value);
		else {
			fprintf(stderr, "bianmin: 未知选项 %s\n", a);
			return -1;
		}
	}
	if (o->server.threads < 1 || o->server.threads > 256) {
		fprintf(stderr, "bianmin: --threads 应在 1 到 256 之间\n");
		return -1;
	}
	return 0;
}

/* The periodic jobs, every minute and once at start: the 容缺 expiry sweep (case_store.h),
 * the full supervision pass (supervision.h) and the monthly 督查通报 (bulletin.h), on a
 * connection of their own that lives as long as the server. */
struct sweeper {
	const struct db_config *cfg;
	struct db *db;
};

static void periodic_jobs(void *vctx)
{
	struct sweeper *s = vctx;
	struct bm_error err = {0};
	if (!s->db && db_open(s->cfg, &s->db, &err) < 0) {
		log_error("deferred sweep: %s", err.message);
		return;
	}
	int n = case_sweep_deferred(s->db, clock_now(), &err);
	if (n < 0)
		log_error("deferred sweep: %s", err.message);
	else if (n > 0)
		log_info("deferred sweep: %d case(s) terminated", n);
	struct sv_stats stats;
	if (n >= 0 && supervision_run(s->db, clock_now(), &stats, &err) < 0) {
		log_error("supervision pass: %s", err.message);
		n = -1;
	} else if (n >= 0 && stats.opened + stats.escalated + stats.closed > 0)
		log_info("supervision pass: %lld opened, %lld escalated, %lld closed",
			 (long long)stats.opened, (long long)stats.escalated,
			 (long long)stats.closed);
	if (n >= 0 && bulletin_schedule_tick(s->db, clock_now(), &err) < 0) {
		log_error("monthly bulletin: %s", err.message);
		n = -1;
	}
	if (n < 0 && db_connection_lost(s->db)) {
		db_close(s->db);
		s->db = NULL;
	}
}

static int run_server(struct serve_options *o)
{
	struct db *db;
	if (cli_open_db(&o->common, &db) != 0) /* migrates before the workers open theirs */
		return 1;
	db_close(db);
	o->server.db = o->common.db;
	if (o->server.db.backend == DB_SQLITE && !o->server.db.sqlite_path)
		o->server.db.sqlite_path = "bianmin.db";
	if (o->server.test_clock)
		clock_enable_test_mode();
	struct notify_worker_config notify = {o->server.db, o->server.notify_webhook,
					       o->server.notify_secret};
	if (notify_worker_start(&notify) < 0)
		return 1;
	struct sweeper sweeper = {&o->server.db, NULL};
	o->server.periodic = periodic_jobs;
	o->server.periodic_ctx = &sweeper;
	periodic_jobs(&sweeper); /* at start, then every minute */
	int rc = server_run(&o->server) == 0 ? 0 : 1;
	if (sweeper.db)
		db_close(sweeper.db);
	notify_worker_stop();
	return rc;
}

int cmd_serve(int argc, char **argv)
{
	struct serve_options o = {0};
	if (parse_serve_options(argc, argv, &o) < 0)
		return cli_usage(serve_usage, false);
	if (o.common.help)
		return cli_usage(serve_usage, true);
	return run_server(&o);
}

int cmd_demo(int argc, char **argv)
{
	struct serve_options o = {0};
	if (parse_serve_options(argc, argv, &o) < 0)
		return cli_usage(demo_usage, false);
	if (o.common.help)
		return cli_usage(demo_usage, true);
	if (o.common.db.backend == DB_SQLITE && !o.common.db.sqlite_path)
		o.common.db.sqlite_path = "demo.db";

	struct db *db;
	struct bm_error err = {0};
	if (cli_open_db(&o.common, &db) != 0)
		return 1;
	int seeded = demo_seed_if_empty(db, clock_now(), &err);
	db_close(db);
	if (seeded < 0)
		return cli_fail(&err);
	demo_print_welcome(stdout, o.server.listen, seeded > 0);
	if (o.seed_only)
		return 0;
	return run_server(&o);
}
