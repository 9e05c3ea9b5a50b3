/*
** webhook.h — POSTing a JSON message to an operator's HTTP endpoint (the SMS gateway).
**
** The request: POST <url>, Content-Type: application/json, the body as given, and, when a
** shared secret is configured, two headers that let the receiver check it came from us and is
** fresh:
**     X-Bianmin-Timestamp: <epoch seconds>
**     X-Bianmin-Signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>
** (libsodium's crypto_auth_hmacsha256; the secret is the key, any length). The receiver
** recomputes the HMAC over the timestamp it received, a dot and the raw body, compares in
** constant time, and refuses timestamps far from its own clock.
**
** Delivery counts only on a 2xx answer. Transport: libcurl (http:// and https://, system CA
** certificates, 5 s to connect, 15 s in all, no redirects followed; a proxy is taken from the
** usual environment variables, as libcurl does). Blocking: call it from
** the delivery worker, never from a request thread.
*/
#ifndef BM_WEBHOOK_H
#define BM_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#define WEBHOOK_SIGNATURE_SIZE 72 /* "sha256=" + 64 hex digits + NUL */
#define WEBHOOK_ERROR_SIZE 256

/* Once per process, before any thread posts (curl_global_init), and once at the end. */
int webhook_global_init(void);
void webhook_global_cleanup(void);

/* Writes "sha256=<hex>" of HMAC-SHA256 over "<timestamp>.<body>" keyed by secret. Pure. */
void webhook_signature(const char *secret, int64_t timestamp, const char *body, size_t body_len,
		       char out[WEBHOOK_SIGNATURE_SIZE]);

/* POSTs body to url, signed when secret is non-empty (timestamp: now, clock.h). Returns 0 on a
 * 2xx answer; -1 otherwise with a short reason in `error` ("HTTP 500", "连接失败：…"). */
int webhook_post(const char *url, const char *secret, const char *body, int64_t now,
		 char error[WEBHOOK_ERROR_SIZE]);

#endif
