/*
** track.c — GET /api/v1/track/{no}?phone4=NNNN | ?key=K (public): a case's progress for the
** citizen, reached from the receipt's QR code or by number and phone digits. No personal data;
** a wrong number, phone or key is one and the same 404 (domain/case_store.h case_track()).
*/
#include "api/handlers.h"
#include "core/clock.h"
#include "domain/case_store.h"

int api_track(struct request *rq, struct response *rs)
{
	json_t *out;
	if (case_track(rq->db, clock_now(), rq->args[0], request_query(rq, "phone4"),
		       request_query(rq, "key"), &out, &rs->err) < 0)
		return -1;
	response_json(rs, 200, out);
	return 0;
}
