/*
** config.c — reading the configuration file (see config.h).
*/
#include "cli/config.h"
#include "core/buf.h"
#include "http/forwarded.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int parse_unsigned(const char *value, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v = strtoul(value, &end, 10);
	if (!*value || *end || v == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Applies one key; returns -1 when the key is unknown or the value bad. */
static int config_apply(struct server_config *cfg, const char *key, const char *value)
{
	unsigned long n;
	char *copy = strdup(value); /* lives for the process, as config.h says */
	if (!copy)
		return -1;
	if (strcmp(key, "db") == 0) {
		cfg->db.backend = DB_SQLITE;
		cfg->db.sqlite_path = copy;
	} else if (strcmp(key, "pg") == 0) {
		cfg->db.backend = DB_PG;
		cfg->db.pg_conninfo = copy;
	} else if (strcmp(key, "listen") == 0) {
		cfg->listen = copy;
	} else if (strcmp(key, "web_root") == 0) {
		cfg->web_root = copy;
	} else if (strcmp(key, "tls_cert") == 0) {
		cfg->tls_cert = copy;
	} else if (strcmp(key, "tls_key") == 0) {
		cfg->tls_key = copy;
	} else if (strcmp(key, "public_url") == 0) {
		cfg->public_url = copy;
	} else if (strcmp(key, "notify_webhook") == 0) {
		cfg->notify_webhook = copy;
	} else if (strcmp(key, "notify_secret") == 0) {
		cfg->notify_secret = copy;
	} else if (strcmp(key, "trusted_proxies") == 0 && forwarded_list_valid(copy)) {
		cfg->trusted_proxies = copy;
	} else {
		free(copy);
		if (strcmp(key, "threads") == 0 && parse_unsigned(value, 256, &n) == 0)
			cfg->threads = (unsigned)n;
		else if (strcmp(key, "connection_limit") == 0 && parse_unsigned(value, 100000, &n) == 0)
			cfg->connection_limit = (unsigned)n;
		else if (strcmp(key, "timeout") == 0 && parse_unsigned(value, 3600, &n) == 0)
			cfg->timeout_seconds = (unsigned)n;
		else if (strcmp(key, "body_limit") == 0 && parse_unsigned(value, 64UL << 20, &n) == 0)
			cfg->body_limit = n;
		else
			return -1;
	}
	return 0;
}

int config_load(const char *path, struct server_config *cfg, struct bm_error *err)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return bm_error_set(err, 400, "config_invalid", "无法读取配置文件 %s", path);
	char line[1024];
	int line_no = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		line_no++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *text = trim(line);
		if (!*text)
			continue;
		char *eq = strchr(text, '=');
		if (!eq) {
			rc = bm_error_set(err, 400, "config_invalid", "配置文件 %s 第 %d 行：应为 键 = 值",
					  path, line_no);
			break;
		}
		*eq = '\0';
		char *key = trim(text), *value = trim(eq + 1);
		if (config_apply(cfg, key, value) < 0)
			rc = bm_error_set(err, 400, "config_invalid",
					  "配置文件 %s 第 %d 行：未知的键或无效的值（%s）", path, line_no,
					  key);
	}
	fclose(f);
	return rc;
}
