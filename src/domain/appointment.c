/*
** appointment.c — booking, lookup, cancellation, check-in and closures of appointments
** (domain/appointment.h).
*/
#include "domain/appointment.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/notify.h"
#include "domain/phone.h"
#include "domain/queue.h"
#include "domain/workcal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static json_t *time_json(int64_t t)
{
	char text[CLOCK_TEXT_SIZE];
	clock_format_rfc3339(t, text);
	return json_string(text);
}

/* --- rules and the venue ------------------------------------------------------------------ */

int appointment_rules_load(struct db *db, int64_t venue_id, struct appointment_rules *out,
			   struct bm_error *err)
{
	int64_t one;
	int found = db_query_int(db, err, &one, "SELECT 1 FROM venues WHERE id = ?", "i", venue_id);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
	*out = appointment_rules_default;
	struct db_stmt *st = db_query(db, err,
				      "SELECT slot_minutes, buffer_minutes, open_days, close_minutes, "
				      "per_day, open_max, noshow_limit, noshow_days "
				      "FROM appointment_rules WHERE venue_id = ?",
				      "i", venue_id);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		out->slot_minutes = (int)db_col_int(st, 0);
		out->buffer_minutes = (int)db_col_int(st, 1);
		out->open_days = (int)db_col_int(st, 2);
		out->close_minutes = (int)db_col_int(st, 3);
		out->per_day = (int)db_col_int(st, 4);
		out->open_max = (int)db_col_int(st, 5);
		out->noshow_limit = (int)db_col_int(st, 6);
		out->noshow_days = (int)db_col_int(st, 7);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

json_t *appointment_rules_json(const struct appointment_rules *r)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "slot_minutes", r->slot_minutes,
			 "buffer_minutes", r->buffer_minutes, "open_days", r->open_days,
			 "close_minutes", r->close_minutes, "per_day", r->per_day, "open_max",
			 r->open_max, "noshow_limit", r->noshow_limit, "noshow_days", r->noshow_days);
}

static const struct jcheck_field rules_fields[] = {
	{"slot_minutes", "每个时段分钟数", JC_INT, true, .min = 5, .max = 240},
	{"buffer_minutes", "时段间隔分钟数", JC_INT, true, .min = 0, .max = 120},
	{"open_days", "提前预约天数", JC_INT, true, .min = 1, .max = 60},
	{"close_minutes", "截止预约提前分钟数", JC_INT, true, .min = 0, .max = 1440},
	{"per_day", "每人每天预约次数", JC_INT, true, .min = 1, .max = 10},
	{"open_max", "每人同时保留预约数", JC_INT, true, .min = 1, .max = 20},
	{"noshow_limit", "爽约次数上限（0 为不限）", JC_INT, true, .min = 0, .max = 20},
	{"noshow_days", "爽约统计天数", JC_INT, true, .min = 1, .max = 365},
	{NULL},
};

int appointment_rules_put(struct db *db, int64_t venue_id, json_t *body,
			  const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	struct appointment_rules before;
	char idtext[24];
	if (jcheck_object(body, rules_fields, "", err) < 0 ||
	    appointment_rules_load(db, venue_id, &before, err) < 0)
		return -1;
#define RULE(name) ((int64_t)json_integer_value(json_object_get(body, name)))
	if (db_exec_params(db, err,
			   "INSERT INTO appointment_rules (venue_id, slot_minutes, buffer_minutes, "
			   "open_days, close_minutes, per_day, open_max, noshow_limit, noshow_days, "
			   "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (venue_id) DO "
			   "UPDATE SET slot_minutes = excluded.slot_minutes, buffer_minutes = "
			   "excluded.buffer_minutes, open_days = excluded.open_days, close_minutes = "
			   "excluded.close_minutes, per_day = excluded.per_day, open_max = "
			   "excluded.open_max, noshow_limit = excluded.noshow_limit, noshow_days = "
			   "excluded.noshow_days, updated_at = excluded.updated_at",
			   "iiiiiiiiii", venue_id, RULE("slot_minutes"), RULE("buffer_minutes"),
			   RULE("open_days"), RULE("close_minutes"), RULE("per_day"), RULE("open_max"),
			   RULE("noshow_limit"), RULE("noshow_days"), now) < 0)
		return -1;
#undef RULE
	json_t *old = appointment_rules_json(&before);
	snprintf(idtext, sizeof idtext, "%lld", (long long)venue_id);
	int rc = audit_append(db, actor, now, "appointment.rules", "venue", idtext, old, body, err);
	json_decref(old);
	return rc;
}

/* 404 group_not_found unless the group is an active group of the venue. */
static int require_group(struct db *db, int64_t venue_id, int64_t group_id, struct bm_error *err)
{
	int64_t one;
	int found = db_query_int(db, err, &one,
				 "SELECT 1 FROM venue_groups WHERE id = ? AND venue_id = ? AND active = 1",
				 "ii", group_id, venue_id);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 404, "group_not_found", "事项分组不存在");
	return 0;
}

/* The group's nominal capacity: the active windows serving it. */
static int group_capacity(struct db *db, int64_t group_id, int64_t *out, struct bm_error *err)
{
	return db_query_int(db, err, out,
			    "SELECT COUNT(*) FROM window_groups wg JOIN windows w ON w.id = wg.window_id "
			    "WHERE wg.group_id = ? AND w.active = 1",
			    "i", group_id) < 0 ? -1 : 0;
}

/* A holder of a window post who has no absence recorded on the date (the ? placeholders: the
 * date twice). */
#define HOLDER_PRESENT(col)                                                                    	"(" col " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM absences x WHERE x.user_id = " col   	" AND x.start_date <= ? AND x.end_date >= ?))"

/* A slot's capacity on a date: the active windows serving the group that someone can staff
 * that day — the A holder, or else the B holder (AB岗), not absent. A window whose both
 * holders are away takes no bookings. */
static int group_capacity_on(struct db *db, int64_t group_id, const char *date, int64_t *out,
			     struct bm_error *err)
{
	return db_query_int(db, err, out,
			    "SELECT COUNT(*) FROM window_groups wg JOIN windows w ON w.id = wg.window_id "
			    "WHERE wg.group_id = ? AND w.active = 1 AND (" HOLDER_PRESENT("w.a_user_id")
			    " OR " HOLDER_PRESENT("w.b_user_id") ")",
			    "itttt", group_id, date, date, date, date) < 0 ? -1 : 0;
}

/* Bookings holding a place in the slot starting at slot_start. */
static int slot_booked(struct db *db, int64_t venue_id, int64_t group_id, int64_t slot_start,
		       int64_t *out, struct bm_error *err)
{
	return db_query_int(db, err, out,
			    "SELECT COUNT(*) FROM appointments WHERE venue_id = ? AND group_id = ? "
			    "AND slot_start = ? AND status IN ('booked', 'checked_in')",
			    "iii", venue_id, group_id, slot_start) < 0 ? -1 : 0;
}

/* 1 when a closure of the venue covering the group overlaps [start, end), 0 when none. */
static int slot_closed(struct db *db, int64_t venue_id, int64_t group_id, int64_t start,
		       int64_t end, struct bm_error *err)
{
	int64_t one;
	return db_query_int(db, err, &one,
			    "SELECT 1 FROM appointment_closures WHERE venue_id = ? "
			    "AND (group_id IS NULL OR group_id = ?) AND starts_at < ? AND ends_at > ? "
			    "LIMIT 1",
			    "iiii", venue_id, group_id, end, start);
}

/* The slots of one date with the venue's hours and the shared calendar. */
static int slots_of_date(struct db *db, const struct venue_hours *hours,
			 const struct appointment_rules *rules, int date,
			 struct appointment_slot *slots, int *n, struct bm_error *err)
{
	void *handle;
	const struct calendar *cal = workcal_acquire(db, &handle, err);
	if (!cal)
		return -1;
	*n = appointment_slots_on(hours, cal, date, rules, slots, APPOINTMENT_MAX_SLOTS);
	workcal_release(handle);
	return 0;
}

/* --- the bookable slots ------------------------------------------------------------------- */

static int day_json(struct db *db, int64_t venue_id, int64_t group_id,
		    const struct appointment_rules *rules, const struct venue_hours *hours, int date,
		    int64_t now, json_t *days, struct bm_error *err)
{
	struct appointment_slot slots[APPOINTMENT_MAX_SLOTS];
	char text[DATE_TEXT_SIZE];
	int64_t capacity;
	int n;
	date_format(date, text);
	if (group_capacity_on(db, group_id, text, &capacity, err) < 0 ||
	    slots_of_date(db, hours, rules, date, slots, &n, err) < 0)
		return -1;
	if (capacity == 0) /* nobody to staff the group's windows that day */
		return 0;
	json_t *list = json_array();
	for (int i = 0; i < n; i++) {
		int64_t start = hours_epoch(date, slots[i].start), end = hours_epoch(date, slots[i].end);
		int64_t booked;
		if (appointment_window_at(rules, start, now) != APPT_BOOKABLE)
			continue;
		int closed = slot_closed(db, venue_id, group_id, start, end, err);
		if (closed < 0 || slot_booked(db, venue_id, group_id, start, &booked, err) < 0) {
			json_decref(list);
			return -1;
		}
		if (closed)
			continue;
		json_array_append_new(list, json_pack("{s:o, s:o, s:I, s:I, s:I}", "start",
						      time_json(start), "end", time_json(end),
						      "capacity", (json_int_t)capacity, "booked",
						      (json_int_t)booked, "left",
						      (json_int_t)(booked < capacity ? capacity - booked : 0)));
	}
	if (json_array_size(list) == 0) {
		json_decref(list);
		return 0;
	}
	json_array_append_new(days, json_pack("{s:s, s:o}", "date", text, "slots", list));
	return 0;
}

int appointment_slots(struct db *db, int64_t venue_id, int64_t group_id, int64_t now,
		      json_t **out, struct bm_error *err)
{
	struct appointment_rules rules;
	struct venue_hours hours;
	int64_t capacity;
	if (appointment_rules_load(db, venue_id, &rules, err) < 0 ||
	    require_group(db, venue_id, group_id, err) < 0 ||
	    group_capacity(db, group_id, &capacity, err) < 0 ||
	    hours_load(db, venue_id, &hours, err) < 0)
		return -1;
	json_t *days = json_array();
	int today = date_of_epoch(now);
	for (int date = today; capacity > 0 && date <= today + rules.open_days; date++)
		if (day_json(db, venue_id, group_id, &rules, &hours, date, now, days, err) < 0) {
			json_decref(days);
			return -1;
		}
	*out = json_pack("{s:I, s:I, s:I, s:i, s:o}", "venue_id", (json_int_t)venue_id, "group_id",
			 (json_int_t)group_id, "capacity", (json_int_t)capacity, "slot_minutes",
			 rules.slot_minutes, "days", days);
	return 0;
}

/* --- reading one appointment -------------------------------------------------------------- */

#define APPOINTMENT_COLUMNS                                                                    \
	"SELECT a.id, a.venue_id, v.name, a.group_id, g.code, g.name, a.service_date, "        \
	"a.slot_start, a.slot_end, a.name, a.phone, a.status, a.ticket_id, a.created_at "      \
	"FROM appointments a JOIN venues v ON v.id = a.venue_id "                              \
	"JOIN venue_groups g ON g.id = a.group_id "

static const char *status_at(const char *stored, int64_t slot_end, int64_t now)
{
	return strcmp(stored, "booked") == 0 && slot_end <= now ? "missed" : stored;
}

static json_t *row_json(struct db_stmt *st, int64_t now)
{
	char masked[PHONE_SIZE];
	phone_mask(db_col_text(st, 10), masked);
	json_t *ticket = db_col_is_null(st, 12) ? json_null() : json_integer(db_col_int(st, 12));
	return json_pack("{s:I, s:{s:I, s:s}, s:{s:I, s:s, s:s}, s:s, s:o, s:o, s:s, s:s, s:s, s:o, "
			 "s:o}",
			 "id", (json_int_t)db_col_int(st, 0), "venue", "id",
			 (json_int_t)db_col_int(st, 1), "name", db_col_text(st, 2), "group", "id",
			 (json_int_t)db_col_int(st, 3), "code", db_col_text(st, 4), "name",
			 db_col_text(st, 5), "service_date", db_col_text(st, 6), "slot_start",
			 time_json(db_col_int(st, 7)), "slot_end", time_json(db_col_int(st, 8)),
			 "name", db_col_text(st, 9), "phone", masked, "status",
			 status_at(db_col_text(st, 11), db_col_int(st, 8), now), "ticket_id", ticket,
			 "created_at", time_json(db_col_int(st, 13)));
}

/* The appointment chosen by `where` (binding `types`): 1 found, 0 not, -1 error. */
static int appointment_where(struct db *db, int64_t now, json_t **out, struct bm_error *err,
			     const char *sql, const char *types, int64_t id, const char *phone,
			     const char *code)
{
	struct db_stmt *st = strcmp(types, "i") == 0 ? db_query(db, err, sql, "i", id)
						     : db_query(db, err, sql, "tt", phone, code);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*out = row_json(st, now);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

static int get_by_id(struct db *db, int64_t id, int64_t now, json_t **out, struct bm_error *err)
{
	int found = appointment_where(db, now, out, err, APPOINTMENT_COLUMNS "WHERE a.id = ?", "i",
				      id, NULL, NULL);
	if (found <= 0)
		return found < 0 ? -1
				 : bm_error_set(err, 404, "appointment_not_found", "预约不存在");
	return 0;
}

int appointment_find(struct db *db, const char *phone, const char *code, int64_t now,
		     json_t **out, struct bm_error *err)
{
	int found = 0;
	if (phone && code)
		found = appointment_where(db, now, out, err,
					  APPOINTMENT_COLUMNS "WHERE a.phone = ? AND a.code = ?", "tt",
					  0, phone, code);
	if (found <= 0)
		return found < 0 ? -1
				 : bm_error_set(err, 404, "appointment_not_found",
						"未找到该预约，请核对手机号和预约码");
	return 0;
}

int appointment_venue(struct db *db, int64_t id, int64_t *venue_id, struct bm_error *err)
{
	int found = db_query_int(db, err, venue_id, "SELECT venue_id FROM appointments WHERE id = ?",
				 "i", id);
	if (found <= 0)
		return found < 0 ? -1
				 : bm_error_set(err, 404, "appointment_not_found", "预约不存在");
	return 0;
}

/* --- booking ------------------------------------------------------------------------------ */

static const struct jcheck_field book_fields[] = {
	{"venue_id", "服务场所", JC_INT, true, .min = 1, .max = INT32_MAX},
	{"group_id", "事项分组", JC_INT, true, .min = 1, .max = INT32_MAX},
	{"slot_start", "预约时段", JC_STRING, true, .min = 20, .max = 40},
	{"name", "姓名", JC_STRING, true, .min = 1, .max = 40},
	{"phone", "手机号", JC_STRING, true, .min = 11, .max = 11},
	{NULL},
};

/* 409 unless slot_start is the start of one of the day's slots; *slot_end receives its end. */
static int offered_slot(struct db *db, int64_t venue_id, const struct appointment_rules *rules,
			int64_t slot_start, int64_t *slot_end, struct bm_error *err)
{
	struct venue_hours hours;
	struct appointment_slot slots[APPOINTMENT_MAX_SLOTS];
	int n, date = date_of_epoch(slot_start);
	if (hours_load(db, venue_id, &hours, err) < 0 ||
	    slots_of_date(db, &hours, rules, date, slots, &n, err) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (hours_epoch(date, slots[i].start) == slot_start) {
			*slot_end = hours_epoch(date, slots[i].end);
			return 0;
		}
	return bm_error_set(err, 409, "slot_not_offered", "该时段不提供预约");
}

/* The per-person limits and the no-show block for `phone`. */
static int check_person(struct db *db, const struct appointment_rules *rules, const char *phone,
			const char *date, int64_t now, struct bm_error *err)
{
	int64_t that_day, open, missed;
	if (db_query_int(db, err, &that_day,
			 "SELECT COUNT(*) FROM appointments WHERE phone = ? AND service_date = ? "
			 "AND status IN ('booked', 'checked_in')",
			 "tt", phone, date) < 0 ||
	    db_query_int(db, err, &open,
			 "SELECT COUNT(*) FROM appointments WHERE phone = ? AND status = 'booked' "
			 "AND slot_end > ?",
			 "ti", phone, now) < 0 ||
	    db_query_int(db, err, &missed,
			 "SELECT COUNT(*) FROM appointments WHERE phone = ? AND status = 'booked' "
			 "AND slot_end <= ? AND slot_end > ?",
			 "tii", phone, now, now - (int64_t)rules->noshow_days * 86400) < 0)
		return -1;
	if (appointment_noshow_blocked(rules, missed))
		return bm_error_set(err, 409, "noshow_blocked",
				    "近 %d 天内已有 %lld 次预约未到，暂不能预约", rules->noshow_days,
				    (long long)missed);
	if (that_day >= rules->per_day)
		return bm_error_set(err, 409, "daily_limit", "同一手机号每天最多预约 %d 次",
				    rules->per_day);
	if (open >= rules->open_max)
		return bm_error_set(err, 409, "open_limit", "同一手机号最多同时保留 %d 个预约",
				    rules->open_max);
	return 0;
}

static void new_code(char code[APPOINTMENT_CODE_SIZE])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; /* 32, no 0/O/1/I */
	unsigned char raw[APPOINTMENT_CODE_SIZE - 1];
	randombytes_buf(raw, sizeof raw);
	for (size_t i = 0; i < sizeof raw; i++)
		code[i] = alphabet[raw[i] % 32];
	code[APPOINTMENT_CODE_SIZE - 1] = '\0';
}

/* Queues the reminder sent at booking. */
static int queue_reminder(struct db *db, int64_t id, const char *phone, const char *code,
			  const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	json_t *a;
	if (get_by_id(db, id, now, &a, err) < 0)
		return -1;
	char text[400], idtext[24], org[32] = "";
	int64_t venue_id = json_integer_value(json_object_get(json_object_get(a, "venue"), "id"));
	struct db_stmt *st = db_query(db, err, "SELECT org_code FROM venues WHERE id = ?", "i",
				      venue_id);
	if (!st) {
		json_decref(a);
		return -1;
	}
	if (db_step(st, err) == DB_ROW)
		snprintf(org, sizeof org, "%s", db_col_text(st, 0));
	db_reset(st);
	snprintf(text, sizeof text, "【便民服务】您已预约%s%s，时间 %.16s，预约码 %s。请按时到场签到，如不能前来请取消预约。",
		 json_string_value(json_object_get(json_object_get(a, "venue"), "name")),
		 json_string_value(json_object_get(json_object_get(a, "group"), "name")),
		 json_string_value(json_object_get(a, "slot_start")), code);
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	json_decref(a);
	struct notify_message msg = {"appointment_reminder", phone, text, "appointment", idtext, org};
	return notify_enqueue(db, &msg, actor, now, NULL, err);
}

struct booking {
	int64_t venue_id, group_id, slot_start, slot_end;
	const char *name, *phone;
	char date[DATE_TEXT_SIZE];
};

/* Everything short of the insert: the slot is offered, open, not closed and not full; the
 * person may book. */
static int check_booking(struct db *db, struct booking *b, int64_t now, struct bm_error *err)
{
	struct appointment_rules rules;
	int64_t capacity, booked;
	if (appointment_rules_load(db, b->venue_id, &rules, err) < 0 ||
	    require_group(db, b->venue_id, b->group_id, err) < 0 ||
	    offered_slot(db, b->venue_id, &rules, b->slot_start, &b->slot_end, err) < 0)
		return -1;
	date_format(date_of_epoch(b->slot_start), b->date);
	enum appointment_window w = appointment_window_at(&rules, b->slot_start, now);
	if (w == APPT_TOO_LATE)
		return bm_error_set(err, 409, "booking_too_late", "该时段已截止预约（开始前 %d 分钟截止）",
				    rules.close_minutes);
	if (w == APPT_TOO_EARLY)
		return bm_error_set(err, 409, "booking_too_early", "只能预约 %d 天内的时段",
				    rules.open_days);
	int closed = slot_closed(db, b->venue_id, b->group_id, b->slot_start, b->slot_end, err);
	if (closed)
		return closed < 0 ? -1 : bm_error_set(err, 409, "slot_closed", "该时段已暂停预约");
	if (group_capacity_on(db, b->group_id, b->date, &capacity, err) < 0 ||
	    slot_booked(db, b->venue_id, b->group_id, b->slot_start, &booked, err) < 0)
		return -1;
	if (booked >= capacity)
		return bm_error_set(err, 409, "slot_full", "该时段已约满，请选择其他时段");
	return check_person(db, &rules, b->phone, b->date, now, err);
}

static int parse_booking(json_t *body, struct booking *b, struct bm_error *err)
{
	if (jcheck_object(body, book_fields, "", err) < 0)
		return -1;
	b->venue_id = json_integer_value(json_object_get(body, "venue_id"));
	b->group_id = json_integer_value(json_object_get(body, "group_id"));
	b->name = json_string_value(json_object_get(body, "name"));
	b->phone = json_string_value(json_object_get(body, "phone"));
	if (clock_parse_rfc3339(json_string_value(json_object_get(body, "slot_start")),
				&b->slot_start) < 0) {
		bm_error_set(err, 400, "invalid_field", "预约时段（slot_start）应为 RFC 3339 时间");
		return bm_error_field(err, "slot_start");
	}
	if (!phone_is_mobile(b->phone)) {
		bm_error_set(err, 400, "invalid_phone", "请填写正确的手机号");
		return bm_error_field(err, "phone");
	}
	return 0;
}

int appointment_book(struct db *db, json_t *body, const struct audit_actor *actor, int64_t now,
		     json_t **out, struct bm_error *err)
{
	struct booking b = {0};
	char code[APPOINTMENT_CODE_SIZE];
	int64_t id;
	if (parse_booking(body, &b, err) < 0 || check_booking(db, &b, now, err) < 0)
		return -1;
	new_code(code);
	if (db_query_int(db, err, &id,
			 "INSERT INTO appointments (venue_id, group_id, service_date, slot_start, "
			 "slot_end, name, phone, code, status, created_at, updated_at) "
			 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?) RETURNING id",
			 "iitiitttii", b.venue_id, b.group_id, b.date, b.slot_start, b.slot_end, b.name,
			 b.phone, code, now, now) <= 0 ||
	    get_by_id(db, id, now, out, err) < 0)
		return -1;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	if (audit_append(db, actor, now, "appointment.book", "appointment", idtext, NULL, *out, err) <
		    0 ||
	    queue_reminder(db, id, b.phone, code, actor, now, err) < 0) {
		json_decref(*out);
		return -1;
	}
	json_object_set_new(*out, "code", json_string(code));
	return 0;
}

/* --- state changes ------------------------------------------------------------------------ */

/* Moves the appointment to `status` (and ticket) with an audit entry; *out is it afterwards. */
static int set_status(struct db *db, int64_t id, const char *status, int64_t ticket_id,
		      const char *action, const struct audit_actor *actor, int64_t now,
		      json_t **out, struct bm_error *err)
{
	json_t *before;
	char idtext[24];
	if (get_by_id(db, id, now, &before, err) < 0)
		return -1;
	int64_t rc = ticket_id ? db_exec_params(db, err,
						"UPDATE appointments SET status = ?, ticket_id = ?, "
						"updated_at = ? WHERE id = ?",
						"tiii", status, ticket_id, now, id)
			       : db_exec_params(db, err,
						"UPDATE appointments SET status = ?, updated_at = ? "
						"WHERE id = ?",
						"tii", status, now, id);
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	if (rc < 0 || get_by_id(db, id, now, out, err) < 0) {
		json_decref(before);
		return -1;
	}
	rc = audit_append(db, actor, now, action, "appointment", idtext, before, *out, err);
	json_decref(before);
	if (rc < 0)
		json_decref(*out);
	return rc < 0 ? -1 : 0;
}

/* 409 appointment_not_open unless the appointment is still booked and its slot not over. */
static int require_open(json_t *a, struct bm_error *err)
{
	const char *status = json_string_value(json_object_get(a, "status"));
	if (strcmp(status, "missed") == 0)
		return bm_error_set(err, 409, "appointment_missed", "预约时段已过，预约已失效");
	if (strcmp(status, "booked") != 0)
		return bm_error_set(err, 409, "appointment_not_open", "该预约已取消或已签到");
	return 0;
}

int appointment_cancel(struct db *db, const char *phone, const char *code,
		       const struct audit_actor *actor, int64_t now, json_t **out,
		       struct bm_error *err)
{
	json_t *a;
	if (appointment_find(db, phone, code, now, &a, err) < 0)
		return -1;
	int64_t id = json_integer_value(json_object_get(a, "id"));
	int rc = require_open(a, err);
	json_decref(a);
	if (rc < 0)
		return -1;
	return set_status(db, id, "cancelled", 0, "appointment.cancel", actor, now, out, err);
}

static int take_ticket(struct db *db, int64_t id, const struct audit_actor *actor, int64_t now,
		       json_t **ticket, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT venue_id, group_id, slot_start, slot_end "
				      "FROM appointments WHERE id = ?",
				      "i", id);
	if (!st)
		return -1;
	struct queue_take_input in = {.appointment = true};
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		in.venue_id = db_col_int(st, 0);
		in.group_id = db_col_int(st, 1);
		in.slot_start = db_col_int(st, 2);
		in.slot_end = db_col_int(st, 3);
	}
	db_reset(st);
	if (rc != DB_ROW)
		return rc < 0 ? -1 : bm_error_set(err, 404, "appointment_not_found", "预约不存在");
	return queue_take(db, &in, actor, now, ticket, err);
}

int appointment_check_in(struct db *db, int64_t id, const char *code,
			 const struct audit_actor *actor, int64_t now, json_t **out,
			 struct bm_error *err)
{
	json_t *a, *ticket, *after;
	int64_t match;
	if (code) {
		int found = db_query_int(db, err, &match,
					 "SELECT 1 FROM appointments WHERE id = ? AND code = ?", "it",
					 id, code);
		if (found <= 0)
			return found < 0 ? -1
					 : bm_error_set(err, 404, "appointment_not_found", "预约不存在");
	}
	if (get_by_id(db, id, now, &a, err) < 0)
		return -1;
	char today[DATE_TEXT_SIZE];
	date_format(date_of_epoch(now), today);
	int rc = require_open(a, err);
	if (rc == 0 && strcmp(json_string_value(json_object_get(a, "service_date")), today) != 0)
		rc = bm_error_set(err, 409, "appointment_not_today", "只能在预约当天签到");
	json_decref(a);
	if (rc < 0 || take_ticket(db, id, actor, now, &ticket, err) < 0)
		return -1;
	if (set_status(db, id, "checked_in", json_integer_value(json_object_get(ticket, "id")),
		       "appointment.check_in", actor, now, &after, err) < 0) {
		json_decref(ticket);
		return -1;
	}
	*out = json_pack("{s:o, s:o}", "appointment", after, "ticket", ticket);
	return 0;
}

/* --- staff: the day, closures ------------------------------------------------------------- */

static json_t *group_windows(struct db *db, int64_t group_id, struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err,
				      "SELECT w.number FROM window_groups wg JOIN windows w ON w.id = "
				      "wg.window_id WHERE wg.group_id = ? AND w.active = 1 "
				      "ORDER BY w.number",
				      "i", group_id);
	if (!st)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(list, json_integer(db_col_int(st, 0)));
	db_reset(st);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

int appointments_of_day(struct db *db, int64_t venue_id, const char *date, int64_t group_id,
			int64_t now, json_t **out, struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		APPOINTMENT_COLUMNS "WHERE a.venue_id = ? AND a.service_date = ? "
				    "AND (CAST(? AS BIGINT) = 0 OR a.group_id = CAST(? AS BIGINT)) "
				    "ORDER BY a.slot_start, g.code, a.id",
		"itii", venue_id, date, group_id, group_id);
	if (!st)
		return -1;
	json_t *list = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(list, row_json(st, now));
	db_reset(st);
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a)
	{
		json_t *windows = rc < 0 ? NULL
					 : group_windows(db, json_integer_value(json_object_get(
								     json_object_get(a, "group"), "id")),
							 err);
		if (!windows)
			rc = -1;
		else
			json_object_set_new(a, "windows", windows);
	}
	if (rc < 0) {
		json_decref(list);
		return -1;
	}
	*out = list;
	return 0;
}

static const struct jcheck_field close_fields[] = {
	{"group_id", "事项分组", JC_INT, false, .min = 1, .max = INT32_MAX},
	{"starts_at", "暂停开始时间", JC_STRING, true, .min = 20, .max = 40},
	{"ends_at", "暂停结束时间", JC_STRING, true, .min = 20, .max = 40},
	{"reason", "暂停原因", JC_STRING, true, .min = 1, .max = 200},
	{NULL},
};

static int parse_time_field(json_t *body, const char *name, int64_t *out, struct bm_error *err)
{
	if (clock_parse_rfc3339(json_string_value(json_object_get(body, name)), out) == 0)
		return 0;
	bm_error_set(err, 400, "invalid_field", "时间（%s）应为 RFC 3339 时间", name);
	return bm_error_field(err, name);
}

/* Tells the holder of a closed booking. */
static int notify_closed(struct db *db, int64_t id, const char *phone, const char *org,
			 const char *reason, const struct audit_actor *actor, int64_t now,
			 struct bm_error *err)
{
	json_t *a;
	char text[400], idtext[24];
	if (get_by_id(db, id, now, &a, err) < 0)
		return -1;
	snprintf(text, sizeof text, "【便民服务】因%s，您预约的%s%s（%.16s）已取消，请重新预约，给您带来不便敬请谅解。",
		 reason, json_string_value(json_object_get(json_object_get(a, "venue"), "name")),
		 json_string_value(json_object_get(json_object_get(a, "group"), "name")),
		 json_string_value(json_object_get(a, "slot_start")));
	json_decref(a);
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	struct notify_message msg = {"appointment_changed", phone, text, "appointment", idtext, org};
	return notify_enqueue(db, &msg, actor, now, NULL, err);
}

struct closure {
	int64_t venue_id, group_id, starts_at, ends_at;
	const char *reason;
};

/* Closes every booking the closure covers; *closed receives their number. */
static int close_bookings(struct db *db, const struct closure *c, const struct audit_actor *actor,
			  int64_t now, int64_t *closed, struct bm_error *err)
{
	struct db_stmt *st = db_query(
		db, err,
		"SELECT a.id, a.phone, v.org_code FROM appointments a JOIN venues v ON v.id = a.venue_id "
		"WHERE a.venue_id = ? AND a.status = 'booked' AND a.slot_start < ? AND a.slot_end > ? "
		"AND a.slot_end > ? AND (CAST(? AS BIGINT) = 0 OR a.group_id = CAST(? AS BIGINT)) "
		"ORDER BY a.id",
		"iiiiii", c->venue_id, c->ends_at, c->starts_at, now, c->group_id, c->group_id);
	if (!st)
		return -1;
	json_t *hit = json_array();
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		json_array_append_new(hit, json_pack("[I, s, s]", (json_int_t)db_col_int(st, 0),
						     db_col_text(st, 1), db_col_text(st, 2)));
	db_reset(st);
	size_t i;
	json_t *row, *after;
	json_array_foreach(hit, i, row)
	{
		int64_t id = json_integer_value(json_array_get(row, 0));
		if (rc < 0)
			break;
		if (set_status(db, id, "closed", 0, "appointment.close", actor, now, &after, err) < 0 ||
		    notify_closed(db, id, json_string_value(json_array_get(row, 1)),
				  json_string_value(json_array_get(row, 2)), c->reason, actor, now,
				  err) < 0)
			rc = -1;
		else
			json_decref(after);
	}
	*closed = (int64_t)json_array_size(hit);
	json_decref(hit);
	return rc < 0 ? -1 : 0;
}

int appointment_close_slots(struct db *db, int64_t venue_id, json_t *body,
			    const struct audit_actor *actor, int64_t now, json_t **out,
			    struct bm_error *err)
{
	struct closure c = {.venue_id = venue_id};
	struct appointment_rules rules;
	int64_t id, closed;
	if (jcheck_object(body, close_fields, "", err) < 0 ||
	    parse_time_field(body, "starts_at", &c.starts_at, err) < 0 ||
	    parse_time_field(body, "ends_at", &c.ends_at, err) < 0)
		return -1;
	if (c.ends_at <= c.starts_at) {
		bm_error_set(err, 400, "invalid_field", "暂停结束时间应晚于开始时间");
		return bm_error_field(err, "ends_at");
	}
	c.group_id = json_integer_value(json_object_get(body, "group_id"));
	c.reason = json_string_value(json_object_get(body, "reason"));
	if (appointment_rules_load(db, venue_id, &rules, err) < 0 ||
	    (c.group_id && require_group(db, venue_id, c.group_id, err) < 0))
		return -1;
	const char *sql = "INSERT INTO appointment_closures (venue_id, group_id, starts_at, "
			  "ends_at, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
			  "RETURNING id";
	int found = c.group_id ? db_query_int(db, err, &id, sql, "iiiitii", venue_id, c.group_id,
					      c.starts_at, c.ends_at, c.reason, actor->user_id, now)
			       : db_query_int(db, err, &id, sql, "iniitii", venue_id, c.starts_at,
					      c.ends_at, c.reason, actor->user_id, now);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_set(err, 500, "internal_error", "内部错误");
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	json_t *record = json_pack("{s:I, s:I, s:I, s:I, s:s}", "venue_id", (json_int_t)venue_id,
				   "group_id", (json_int_t)c.group_id, "starts_at",
				   (json_int_t)c.starts_at, "ends_at", (json_int_t)c.ends_at,
				   "reason", c.reason);
	int rc = audit_append(db, actor, now, "appointment.close_slots", "appointment_closure",
			      idtext, NULL, record, err);
	json_decref(record);
	if (rc < 0 || close_bookings(db, &c, actor, now, &closed, err) < 0)
		return -1;
	*out = json_pack("{s:I, s:I}", "id", (json_int_t)id, "closed", (json_int_t)closed);
	return 0;
}
