/*
** config.h — the server's configuration file.
**
** A file of "key = value" lines; '#' starts a comment. Keys: db, pg, listen, web_root,
** threads, connection_limit, timeout, body_limit, tls_cert, tls_key, public_url. Command-line
** options given after --config override the file's values. Strings read from the file are owned by
** the config module and live until the process ends.
*/
#ifndef BM_CLI_CONFIG_H
#define BM_CLI_CONFIG_H

#include "core/error.h"
#include "http/server.h"

/* Applies the file's settings to *cfg. 400 "config_invalid" names the line that is wrong. */
int config_load(const char *path, struct server_config *cfg, struct bm_error *err);

#endif
