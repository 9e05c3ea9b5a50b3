/*
** training_attendance.c — attendance at training sessions.
**   GET /api/v1/training/sessions/{id}/attendance   the roll: staff of the session's subtree
**   PUT /api/v1/training/sessions/{id}/attendance   {records: [{user_id, attended,
**                                                   absence_reason}]} by the organiser
**   GET /api/v1/training/attendance/mine?year       the caller's own records
*/
#include "api/handlers.h"
#include "api/training_write.h"
#include "domain/training.h"

int api_training_roll(struct request *rq, struct response *rs)
{
	int64_t id;
	json_t *items;
	if (api_training_session_arg(rq, 0, &id, &rs->err) < 0 ||
	    training_roll(rq->db, rq->user, id, &items, &rs->err) < 0)
		return -1;
	response_list(rs, items, (int64_t)json_array_size(items));
	return 0;
}

int api_training_attendance_put(struct request *rq, struct response *rs)
{
	int64_t id;
	if (api_training_session_arg(rq, 0, &id, &rs->err) < 0)
		return -1;
	return api_training_write(rq, rs, TRAINING_ATTENDANCE, id, 0);
}

int api_training_my_attendance(struct request *rq, struct response *rs)
{
	int year = 0;
	json_t *items;
	if ((request_query(rq, "year") && api_training_year(rq, &year, &rs->err) < 0) ||
	    training_my_attendance(rq->db, rq->user, year, &items, &rs->err) < 0)
		return -1;
	response_list(rs, items, (int64_t)json_array_size(items));
	return 0;
}
