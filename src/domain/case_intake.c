/*
** case_intake.c — registering a case (登记): numbering and the checks at the counter.
**
** A case number is the day of intake and a county-wide sequence of that day,
** "20251009-000042". The sequence is one row per day, bumped with an upsert inside the write
** transaction, so concurrent intakes (writers run one at a time, db.h) never share a number.
** The case keeps the item version current at intake and a copy of its material list, so later
** revisions of the catalogue change nothing in cases already taken in.
*/
#include "domain/case_internal.h"

#include "core/date.h"
#include "core/jcheck.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/claim.h"
#include "domain/idcard.h"
#include "domain/stats.h"
#include "domain/venue.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const channels[] = {"window",       "village_agency", "phone",
				       "door_to_door", "online",         NULL};

static const struct jcheck_field applicant_spec[] = {
	{"name", "申请人姓名", JC_STRING, true, 1, 32, 0, NULL, NULL},
	{"id_number", "身份证号码", JC_STRING, true, 1, 32, 0, NULL, NULL},
	{"phone", "联系电话", JC_STRING, true, 1, 20, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

static const struct jcheck_field intake_spec[] = {
	{"item_code", "事项编码", JC_STRING, true, 1, 40, 0, NULL, NULL},
	{"venue_id", "受理场所", JC_INT, false, 1, INT64_MAX, 0, NULL, NULL},
	{"channel", "受理渠道", JC_ENUM, true, 0, 0, 0, channels, NULL},
	{"applicant", "申请人", JC_OBJECT, true, 0, 0, 0, NULL, applicant_spec},
	{"materials_received", "已收材料", JC_STRINGS, false, 0, 100, 128, NULL, NULL},
	{"inquiry_id", "首问登记", JC_INT, false, 1, INT64_MAX, 0, NULL, NULL},
	{"urgent", "加急", JC_BOOL, false, 0, 0, 0, NULL, NULL},
	{"note", "备注", JC_TEXT, false, 0, 500, 0, NULL, NULL},
	{NULL, NULL, 0, false, 0, 0, 0, NULL, NULL},
};

/* A mobile number (11 digits starting with 1) or a fixed line with its area code
 * ("0915-7821001", "09157821001"). */
static bool phone_valid(const char *p)
{
	size_t n = strlen(p);
	if (n == 11 && p[0] == '1') {
		for (size_t i = 0; i < n; i++)
			if (!isdigit((unsigned char)p[i]))
				return false;
		return true;
	}
	if (p[0] != '0')
		return false;
	int digits = 0, dashes = 0;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)p[i]))
			digits++;
		else if (p[i] == '-' && i >= 3 && i <= 4 && !dashes)
			dashes++;
		else
			return false;
	}
	return digits >= 10 && digits <= 12;
}

/* The index of the material named `name` in the item's list, or -1. */
static int material_index(json_t *materials, const char *name)
{
	size_t i;
	json_t *m;
	json_array_foreach(materials, i, m)
		if (strcmp(json_string_value(json_object_get(m, "name")), name) == 0)
			return (int)i;
	return -1;
}

int case_check_material_names(json_t *item_materials, json_t *names, const char *field,
			      struct bm_error *err)
{
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n) {
		if (material_index(item_materials, json_string_value(n)) < 0) {
			char path[96];
			snprintf(path, sizeof path, "%s[%zu]", field, i);
			bm_error_set(err, 400, "unknown_material",
				     "材料“%.60s”不在该事项的材料清单中", json_string_value(n));
			return bm_error_field(err, path);
		}
	}
	return 0;
}

/* The next number of the day of `now`. */
static int next_case_no(struct db *db, int64_t now, char no[CASE_NO_SIZE], struct bm_error *err)
{
	int y, m, d;
	date_to_ymd(date_of_epoch(now), &y, &m, &d);
	char day[16];
	snprintf(day, sizeof day, "%04d%02d%02d", y, m, d);
	int64_t seq = 0;
	int rc =
	    db_query_int(db, err, &seq,
			 "INSERT INTO case_sequences (day, last_no) VALUES (?, 1) "
			 "ON CONFLICT (day) DO UPDATE SET last_no = case_sequences.last_no + 1 "
			 "RETURNING last_no",
			 "t", day);
	if (rc < 0)
		return -1;
	if (rc == 0 || seq > 999999)
		return bm_error_set(err, 409, "case_numbers_exhausted", "今日办件编号已用完");
	snprintf(no, CASE_NO_SIZE, "%s-%06lld", day, (long long)seq);
	return 0;
}

/* The receiving venue: the one named (it must belong to the caller's org), or the main venue
 * of the caller's org. */
static int intake_venue(struct case_op *op, json_t *body, struct venue_brief *v,
			struct bm_error *err)
{
	json_t *given = json_object_get(body, "venue_id");
	int64_t id = json_is_integer(given) ? json_integer_value(given) : 0;
	if (!id) {
		int found = venue_main_of_org(op->db, op->who->org_code, &id, err);
		if (found <= 0)
			return found < 0 ? -1
					 : bm_error_set(err, 409, "no_venue",
							"本单位没有服务场所，不能受理办件");
	}
	int found = venue_brief_get(op->db, id, v, err);
	if (found < 0)
		return -1;
	if (found == 0) {
		bm_error_set(err, 404, "venue_not_found", "服务场所不存在");
		return bm_error_field(err, "venue_id");
	}
	if (strcmp(v->org_code, op->who->org_code) != 0) {
		bm_error_set(err, 403, "out_of_scope", "只能在本单位的服务场所受理办件");
		return bm_error_field(err, "venue_id");
	}
	return 0;
}

/* The item as current now; it must be published and handled at the venue (claimed, or
 * receivable at the venue's level). Caller owns *doc. */
static int intake_item(struct case_op *op, const char *code, const struct venue_brief *v,
		       json_t **doc, struct bm_error *err)
{
	int found = catalog_get(op->db, code, 0, doc, err);
	if (found < 0)
		return -1;
	if (found == 0 || strcmp(json_string_value(json_object_get(*doc, "status")), "published")) {
		if (found)
			json_decref(*doc);
		*doc = NULL;
		bm_error_set(err, 404, "item_not_found", "事项 %.40s 不存在或已停用", code);
		return bm_error_field(err, "item_code");
	}
	int64_t claimed = 0;
	if (db_query_int(op->db, err, &claimed,
			 "SELECT COUNT(*) FROM item_claims WHERE venue_id = ? AND item_code = ?",
			 "it", v->id, code) < 0)
		return -1;
	if (!claimed && !claim_level_allowed(v->level, json_object_get(*doc, "receive_levels"))) {
		bm_error_set(err, 409, "item_not_handled", "%s不办理该事项", v->name);
		return bm_error_field(err, "item_code");
	}
	return 0;
}

/* The open first inquiry this case settles, in the caller's scope; *responder is its chain's
 * 首问责任人. */
static int intake_inquiry(struct case_op *op, int64_t inquiry_id, int64_t *responder,
			  struct bm_error *err)
{
	char like[300];
	snprintf(like, sizeof like, "%s%%", op->who->org_path);
	struct db_stmt *st =
	    db_query(op->db, err,
		     "SELECT q.responder_id, q.status FROM inquiries q "
		     "JOIN venues v ON v.id = q.venue_id JOIN orgs o ON o.code = v.org_code "
		     "WHERE q.id = ? AND o.path LIKE ?",
		     "it", inquiry_id, like);
	if (!st)
		return -1;
	int rc = db_step(st, err);
	bool open = false;
	if (rc == DB_ROW) {
		*responder = db_col_int(st, 0);
		open = strcmp(db_col_text(st, 1), "open") == 0;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == DB_DONE) {
		bm_error_set(err, 404, "inquiry_not_found", "首问登记不存在");
		return bm_error_field(err, "inquiry_id");
	}
	if (!open) {
		bm_error_set(err, 409, "inquiry_closed", "该首问登记已办结或已转交");
		return bm_error_field(err, "inquiry_id");
	}
	return 0;
}

static int insert_case(struct case_op *op, json_t *body, json_t *item, const struct venue_brief *v,
		       const char *id_number, int64_t responder, int64_t inquiry_id,
		       struct bm_error *err)
{
	json_t *applicant = json_object_get(body, "applicant");
	unsigned char raw[12];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(op->c.track_key, sizeof op->c.track_key, raw, sizeof raw);
	const char *kind = json_string_value(json_object_get(item, "kind"));
	json_t *promised = json_object_get(item, "promised_days");
	json_t *note = json_object_get(body, "note");
	return db_exec_params(
		   op->db, err,
		   "INSERT INTO cases (no, status, item_code, item_version, item_name, kind, "
		   "promised_days, channel, urgent, applicant_name, applicant_id_number, "
		   "applicant_phone, origin_venue_id, current_venue_id, receiver_id, "
		   "first_responder_id, holder_id, inquiry_id, note, created_at, track_key, "
		   "updated_at) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		   "NULLIF(CAST(? AS BIGINT), 0), ?, ?, ?, ?)",
		   "ttittititttiiiiiititi", op->c.no,
		   json_string_value(json_object_get(item, "code")),
		   (int64_t)json_integer_value(json_object_get(item, "version")),
		   json_string_value(json_object_get(item, "name")), kind,
		   (int64_t)(json_is_integer(promised) ? json_integer_value(promised) : 0),
		   json_string_value(json_object_get(body, "channel")),
		   (int64_t)json_is_true(json_object_get(body, "urgent")),
		   json_string_value(json_object_get(applicant, "name")), id_number,
		   json_string_value(json_object_get(applicant, "phone")), v->id, v->id,
		   op->who->user_id, responder, op->who->user_id, inquiry_id,
		   json_string_value(note), op->now, op->c.track_key, op->now) < 0
		   ? -1
		   : 0;
}

/* The item's materials as at intake, marking those handed in. */
static int insert_materials(struct case_op *op, json_t *item, json_t *received,
			    struct bm_error *err)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(item, "materials"), i, m) {
		const char *name = json_string_value(json_object_get(m, "name"));
		bool got = false;
		size_t j;
		json_t *r;
		json_array_foreach(received, j, r)
			got = got || strcmp(json_string_value(r), name) == 0;
		if (db_exec_params(
			op->db, err,
			"INSERT INTO case_materials (case_no, seq, name, necessity, received, "
			"received_at) VALUES (?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), 0))",
			"tittii", op->c.no, (int64_t)i + 1, name,
			json_string_value(json_object_get(m, "necessity")), (int64_t)got,
			got ? op->now : 0) < 0)
			return -1;
	}
	return 0;
}

static int intake_checked(struct case_op *op, json_t *body, struct bm_error *err)
{
	struct venue_brief v;
	char id_number[IDCARD_SIZE];
	json_t *applicant = json_object_get(body, "applicant");
	if (intake_venue(op, body, &v, err) < 0)
		return -1;
	if (idcard_validate(json_string_value(json_object_get(applicant, "id_number")), op->today,
			    id_number, err) < 0)
		return bm_error_field(err, "applicant.id_number");
	if (!phone_valid(json_string_value(json_object_get(applicant, "phone")))) {
		bm_error_set(err, 400, "invalid_field",
			     "联系电话（applicant.phone）应为 11 位手机号码或带区号的固定电话");
		return bm_error_field(err, "applicant.phone");
	}
	int64_t responder = op->who->user_id, inquiry_id = 0;
	json_t *inquiry = json_object_get(body, "inquiry_id");
	if (json_is_integer(inquiry)) {
		inquiry_id = json_integer_value(inquiry);
		if (intake_inquiry(op, inquiry_id, &responder, err) < 0)
			return -1;
	}
	json_t *item = NULL;
	json_t *received = json_object_get(body, "materials_received");
	int rc =
	    intake_item(op, json_string_value(json_object_get(body, "item_code")), &v, &item, err);
	if (rc == 0)
		rc = case_check_material_names(json_object_get(item, "materials"), received,
					       "materials_received", err);
	if (rc == 0)
		rc = next_case_no(op->db, op->now, op->c.no, err);
	if (rc == 0)
		rc = insert_case(op, body, item, &v, id_number, responder, inquiry_id, err);
	if (rc == 0)
		rc = stats_case_received(op->db, op->c.no, err);
	if (rc == 0)
		rc = insert_materials(op, item, received, err);
	json_decref(item);
	if (rc == 0 && inquiry_id)
		rc = db_exec_params(
			 op->db, err,
			 "UPDATE inquiries SET status = 'accepted', case_no = ?, closed_at = ? "
			 "WHERE id = ?",
			 "tii", op->c.no, op->now, inquiry_id) < 0
			 ? -1
			 : 0;
	if (rc == 0)
		rc = case_add_venue(op, v.id, err);
	if (rc == 0)
		rc = case_load(op, op->c.no, err);
	if (rc == 0)
		rc = case_record_change(op, "intake", CASE_STATE_DRAFT, NULL, NULL, err);
	return rc;
}

int case_intake(struct db *db, const struct principal *who, int64_t now, json_t *body,
		char no[CASE_NO_SIZE], struct bm_error *err)
{
	if (auth_require(who, ACT_CASE_WRITE, err) < 0 ||
	    jcheck_object(body, intake_spec, "", err) < 0)
		return -1;
	struct case_op op;
	if (case_op_begin(&op, db, who, now, err) < 0)
		return -1;
	int rc = intake_checked(&op, body, err);
	if (rc == 0)
		snprintf(no, CASE_NO_SIZE, "%s", op.c.no);
	case_op_end(&op);
	return rc;
}
