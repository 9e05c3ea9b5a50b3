/*
** static_files.h — serving the web/ directory.
**
** Only regular files below the web root are served: the path must not contain "..", a
** backslash, a NUL or a hidden segment, and the resolved real path must still lie inside the
** root (so a symbolic link cannot lead out of it). Directories serve their index.html.
** Responses carry the right Content-Type, an ETag from size and mtime, and Cache-Control
** (long for web/vendor/, short otherwise); If-None-Match answers 304.
*/
#ifndef BM_STATIC_FILES_H
#define BM_STATIC_FILES_H

struct MHD_Connection;
struct MHD_Response;

/* Builds the response for GET/HEAD `path`. Returns the HTTP status (200, 304, or 301 to the
 * same path with a trailing slash for a directory named without one) with *out set, or 404
 * with *out NULL. */
int static_file_response(const char *web_root, const char *path, struct MHD_Connection *conn,
			 struct MHD_Response **out);

#endif
