/*
** static_files.c — web/ files over HTTP (see static_files.h).
*/
#include "http/static_files.h"
#include "core/buf.h"

#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext;
	const char *type;
} mime_types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".txt", "text/plain; charset=utf-8"},
	{".csv", "text/csv; charset=utf-8"},
	{".pdf", "application/pdf"},
	{".map", "application/json"},
	{NULL, NULL},
};

static const char *mime_type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot)
		for (int i = 0; mime_types[i].ext; i++)
			if (strcmp(dot, mime_types[i].ext) == 0)
				return mime_types[i].type;
	return "application/octet-stream";
}

/* Appends "k=v" pairs of the query, percent-encoded again (MHD hands them over decoded). */
static enum MHD_Result append_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
					const char *value)
{
	struct buf *b = cls;
	buf_putc(b, b->len ? '&' : '?');
	for (int part = 0; part < 2; part++) {
		const char *s = part ? value : key;
		if (part && !value)
			break;
		if (part)
			buf_putc(b, '=');
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			if (isalnum(*p) || strchr("-._~", *p))
				buf_putc(b, (char)*p);
			else
				buf_printf(b, "%%%02X", *p);
		}
	}
	return MHD_YES;
}

/* Rejects paths that could name something outside the root or a hidden file. */
static int path_is_safe(const char *path)
{
	if (path[0] != '/' || strstr(path, "..") || strchr(path, '\\') || strstr(path, "/."))
		return 0;
	return 1;
}

int static_file_response(const char *web_root, const char *path, struct MHD_Connection *conn,
			 struct MHD_Response **out)
{
	*out = NULL;
	if (!path_is_safe(path) || strlen(path) > 512)
		return MHD_HTTP_NOT_FOUND;

	char root_real[PATH_MAX], wanted[PATH_MAX + 600], file_real[PATH_MAX];
	if (!realpath(web_root, root_real))
		return MHD_HTTP_NOT_FOUND;
	snprintf(wanted, sizeof wanted, "%s%s", root_real, path);
	size_t wlen = strlen(wanted);
	if (wanted[wlen - 1] == '/')
		snprintf(wanted + wlen, sizeof wanted - wlen, "index.html");
	if (!realpath(wanted, file_real))
		return MHD_HTTP_NOT_FOUND;
	size_t rlen = strlen(root_real);
	if (strncmp(file_real, root_real, rlen) != 0 || file_real[rlen] != '/')
		return MHD_HTTP_NOT_FOUND;

	struct stat st;
	if (stat(file_real, &st) < 0)
		return MHD_HTTP_NOT_FOUND;
	if (S_ISDIR(st.st_mode) && path[strlen(path) - 1] != '/') {
		/* "/portal" -> 301 "/portal/", so that the page's relative links resolve inside it. */
		struct buf query = BUF_INIT, location = BUF_INIT;
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, append_query_arg, &query);
		buf_printf(&location, "%s/%s", path, buf_cstr(&query));
		*out = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		if (*out)
			MHD_add_response_header(*out, MHD_HTTP_HEADER_LOCATION, buf_cstr(&location));
		buf_free(&query);
		buf_free(&location);
		if (!*out)
			return MHD_HTTP_NOT_FOUND;
		return MHD_HTTP_MOVED_PERMANENTLY;
	}
	if (S_ISDIR(st.st_mode)) {
		/* "/staff/" -> "/staff/index.html" */
		strncat(file_real, "/index.html", sizeof file_real - strlen(file_real) - 1);
		if (stat(file_real, &st) < 0 || !S_ISREG(st.st_mode))
			return MHD_HTTP_NOT_FOUND;
	} else if (!S_ISREG(st.st_mode)) {
		return MHD_HTTP_NOT_FOUND;
	}

	char etag[64];
	snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtime);
	const char *cache = strncmp(path, "/vendor/", 8) == 0 ? "public, max-age=86400"
							      : "no-cache";
	const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
	int status = MHD_HTTP_OK;
	struct MHD_Response *resp;
	if (inm && strcmp(inm, etag) == 0) {
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
	} else {
		int fd = open(file_real, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return MHD_HTTP_NOT_FOUND;
		resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
		if (!resp) {
			close(fd);
			return MHD_HTTP_NOT_FOUND;
		}
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, mime_type_of(file_real));
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
	*out = resp;
	return status;
}
