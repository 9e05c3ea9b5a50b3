/*
** track.c — GET /api/v1/track/{no}?phone4=NNNN | ?key=K (public): a case's progress for the
** citizen, reached from the receipt's QR code or by number and phone digits. No personal data;
** a wrong number, phone or key is one and the same 404 (domain/case_store.h case_track()), and
** counts as a guess: too many for one case or from one address answer 429 (domain/guard.h).
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "domain/case_store.h"
#include "domain/guard.h"

int api_track(struct request *rq, struct response *rs)
{
	json_t *out;
	const char *no = rq->args[0], *key = request_query(rq, "key");
	int64_t now = clock_now();
	if (case_guess_allowed(rq->db, no, key, rq->client_ip, now, &rs->err) < 0)
		return -1;
	if (case_track(rq->db, now, no, request_query(rq, "phone4"), key, &out, &rs->err) < 0)
		return case_guess_failed(rq->db, no, key, rq->client_ip, now, &rs->err);
	response_json(rs, 200, out);
	return 0;
}
