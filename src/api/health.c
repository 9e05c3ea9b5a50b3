/*
** health.c — GET /healthz: the process is up and its database answers.
*/
#include "api/handlers.h"
#include "db/db.h"

int api_healthz(struct request *rq, struct response *rs)
{
	int64_t one;
	if (db_query_int(rq->db, &rs->err, &one, "SELECT 1", "") < 0)
		return -1;
	response_json(rs, 200, json_pack("{s:s}", "status", "ok"));
	return 0;
}

struct audit_actor api_actor(const struct request *rq)
{
	struct audit_actor actor = {0, "anonymous"};
	if (rq->user) {
		actor.user_id = rq->user->user_id;
		actor.name = rq->user->username;
	}
	return actor;
}
