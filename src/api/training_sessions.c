/*
** training_sessions.c — training sessions and 现场会 (业务培训).
**   GET    /api/v1/training/sessions?year&org&kind   sessions of the subtree (newest first)
**   POST   /api/v1/training/sessions                 hold one (venue manager, county, admin)
**   GET    /api/v1/training/sessions/{id}
**   PATCH  /api/v1/training/sessions/{id}
**   DELETE /api/v1/training/sessions/{id}            with its attendance
*/
#include "api/handlers.h"
#include "api/training_write.h"
#include "domain/training.h"

int api_training_sessions_list(struct request *rq, struct response *rs)
{
	int64_t limit, offset, total;
	json_t *items;
	struct training_filter f = {request_query(rq, "org"), 0, request_query(rq, "kind")};
	if (request_query(rq, "year") && api_training_year(rq, &f.year, &rs->err) < 0)
		return -1;
	if (request_page(rq, &limit, &offset, &rs->err) < 0 ||
	    training_session_list(rq->db, rq->user, &f, limit, offset, &items, &total, &rs->err) <
	        0)
		return -1;
	response_list(rs, items, total);
	return 0;
}

int api_training_session_create(struct request *rq, struct response *rs)
{
	return api_training_write(rq, rs, TRAINING_SESSION_CREATE, 0, 0);
}

int api_training_session_get(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *session;
	if (api_training_session_arg(rq, 0, &id, &rs->err) < 0 ||
	    training_session_get(rq->db, rq->user, id, &session, &rs->err) < 0)
		return -1;
	response_json(rs, 200, session);
	return 0;
}

int api_training_session_patch(struct request *rq, struct response *rs)
{
	int64_t id;
	if (api_training_session_arg(rq, 0, &id, &rs->err) < 0)
		return -1;
	return api_training_write(rq, rs, TRAINING_SESSION_UPDATE, id, 0);
}

int api_training_session_delete(struct request *rq, struct response *rs)
{
	int64_t id;
	if (api_training_session_arg(rq, 0, &id, &rs->err) < 0)
		return -1;
	return api_training_write(rq, rs, TRAINING_SESSION_DELETE, id, 0);
}
