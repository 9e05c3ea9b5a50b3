/*
** public_posts.c — the public post board (岗位公示) of a venue, without logging in.
**   GET /api/v1/public/venues/{id}/posts   windows, who is on duty (name, A/B post), their items
** Nothing private: no ids, usernames or absences (domain/duty.h, duty_public_posts).
*/
#include "api/handlers.h"
#include "api/venue_resource.h"
#include "core/clock.h"
#include "domain/duty.h"

int api_public_posts(struct request *rq, struct response *rs)
{
	int64_t venue_id = 0;
	json_t *board;
	if (api_venue_arg(rq, &venue_id, &rs->err) < 0 ||
	    duty_public_posts(rq->db, venue_id, clock_now(), &board, &rs->err) < 0)
		return -1;
	response_json(rs, 200, board);
	return 0;
}
