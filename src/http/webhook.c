/*
** webhook.c — signed JSON POSTs to an operator's endpoint (see webhook.h).
**
** Why libcurl rather than a small client of our own: SMS gateways are reached over HTTPS, and
** a hand-written client would either stop at http:// (forcing operators to run a relay) or
** grow into a TLS client with certificate checks, proxies, timeouts and chunked answers —
** exactly what libcurl already does, hardened, and it is in every distribution.
*/
#include "http/webhook.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

int webhook_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK && sodium_init() >= 0 ? 0 : -1;
}

void webhook_global_cleanup(void)
{
	curl_global_cleanup();
}

void webhook_signature(const char *secret, int64_t timestamp, const char *body, size_t body_len,
		       char out[WEBHOOK_SIGNATURE_SIZE])
{
	crypto_auth_hmacsha256_state state;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char stamp[24];
	int stamp_len = snprintf(stamp, sizeof stamp, "%lld.", (long long)timestamp);
	crypto_auth_hmacsha256_init(&state, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&state, (const unsigned char *)stamp, (size_t)stamp_len);
	crypto_auth_hmacsha256_update(&state, (const unsigned char *)body, body_len);
	crypto_auth_hmacsha256_final(&state, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, WEBHOOK_SIGNATURE_SIZE - 7, mac, sizeof mac);
	sodium_memzero(&state, sizeof state);
}

/* The answer's body is not needed: read and dropped. */
static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
	return size * n;
}

int webhook_post(const char *url, const char *secret, const char *body, int64_t now,
		 char error[WEBHOOK_ERROR_SIZE])
{
	CURL *curl = curl_easy_init();
	if (!curl) {
		snprintf(error, WEBHOOK_ERROR_SIZE, "无法初始化 HTTP 客户端");
		return -1;
	}
	char stamp_header[64], signature_header[128], signature[WEBHOOK_SIGNATURE_SIZE];
	char curl_error[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
	headers = curl_slist_append(headers, "User-Agent: bianmin-notify/1");
	if (secret && *secret) {
		webhook_signature(secret, now, body, strlen(body), signature);
		snprintf(stamp_header, sizeof stamp_header, "X-Bianmin-Timestamp: %lld", (long long)now);
		snprintf(signature_header, sizeof signature_header, "X-Bianmin-Signature: %s", signature);
		headers = curl_slist_append(headers, stamp_header);
		headers = curl_slist_append(headers, signature_header);
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 15L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for DNS timeouts */
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
	CURLcode rc = curl_easy_perform(curl);
	long status = 0;
	if (rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
	if (rc != CURLE_OK) {
		snprintf(error, WEBHOOK_ERROR_SIZE, "连接失败：%s",
			 curl_error[0] ? curl_error : curl_easy_strerror(rc));
		return -1;
	}
	if (status < 200 || status > 299) {
		snprintf(error, WEBHOOK_ERROR_SIZE, "HTTP %ld", status);
		return -1;
	}
	error[0] = '\0';
	return 0;
}
