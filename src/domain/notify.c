/*
** notify.c — the outbox of messages to citizens (see notify.h).
*/
#include "domain/notify.h"
#include "core/text.h"
#include "db/db.h"
#include "db/row_json.h"
#include "domain/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *kind;
	const char *label;
} kinds[] = {
	{"appointment_reminder", "预约提醒"},
	{"appointment_changed", "预约变更"},
	{"material_request", "补正材料通知"},
	{"case_accepted", "受理通知"},
	{"case_completed", "办结通知"},
	{"ready_for_pickup", "领取通知"},
	{"petition_accepted", "信访受理告知"},
	{"petition_declined", "信访不予受理告知"},
	{"petition_reply", "信访答复"},
};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

const char *const notify_kinds[] = {
	"appointment_reminder", "appointment_changed", "material_request", "case_accepted",
	"case_completed",	"ready_for_pickup",    "petition_accepted", "petition_declined",
	"petition_reply",	NULL,
};

const char *notify_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < KIND_COUNT; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].label;
	return NULL;
}

static const char *status_label(const char *status)
{
	if (!status)
		return "";
	if (strcmp(status, "sent") == 0)
		return "已发送";
	if (strcmp(status, "failed") == 0)
		return "发送失败";
	return "待发送";
}

static const struct audit_actor system_actor = {0, "system"};

static int audit_message(struct db *db, const struct audit_actor *actor, int64_t now,
			 const char *action, int64_t id, json_t *after, struct bm_error *err)
{
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	int rc = audit_append(db, actor, now, action, "notification", id_text, NULL, after, err);
	json_decref(after);
	return rc;
}

int notify_enqueue(struct db *db, const struct notify_message *msg,
		   const struct audit_actor *actor, int64_t now, int64_t *id, struct bm_error *err)
{
	int64_t new_id;
	if (!notify_kind_label(msg->kind))
		return bm_error_set(err, 400, "invalid_notification_kind", "消息类型 %.40s 无效",
				    msg->kind ? msg->kind : "");
	if (!phone_is_mobile(msg->phone))
		return bm_error_set(err, 400, "invalid_phone", "短信只能发送到 11 位手机号码");
	size_t len = msg->text && utf8_valid(msg->text) ? utf8_length(msg->text) : 0;
	if (len == 0 || len > NOTIFY_TEXT_MAX)
		return bm_error_set(err, 400, "invalid_field", "短信内容应为 1 到 %d 个字",
				    NOTIFY_TEXT_MAX);
	int found = db_query_int(db, err, &new_id,
				 "INSERT INTO notifications (kind, phone, text, entity, entity_id, "
				 "org_code, status, attempts, next_attempt_at, created_at) "
				 "VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) RETURNING id",
				 "ttttttii", msg->kind, msg->phone, msg->text, msg->entity,
				 msg->entity_id, msg->org_code, now, now);
	if (found <= 0)
		return found < 0 ? -1 : bm_error_internal(err, "INSERT RETURNING gave no row");
	if (id)
		*id = new_id;
	return audit_message(db, actor, now, "notification.enqueue", new_id,
			     json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", msg->kind, "entity",
				       msg->entity, "entity_id", msg->entity_id, "org_code",
				       msg->org_code, "text", msg->text),
			     err);
}

int64_t notify_retry_delay(int64_t failed)
{
	static const int64_t delays[NOTIFY_MAX_ATTEMPTS - 1] = {60, 300, 1800, 7200, 43200};
	if (failed < 1)
		return 0;
	if (failed >= NOTIFY_MAX_ATTEMPTS)
		return -1;
	return delays[failed - 1];
}

/* ---- staff views ---- */

#define MESSAGE_SELECT                                                                        \
	"SELECT n.id AS id, n.kind AS kind, n.phone AS phone, n.text AS text, "                 \
	"n.entity AS entity, n.entity_id AS entity_id, n.org_code AS org_code, "                \
	"o.name AS org_name, n.status AS status, n.attempts AS attempts, "                      \
	"n.next_attempt_at AS next_attempt_at, n.last_error AS last_error, "                    \
	"n.created_at AS created_at, n.sent_at AS sent_at, o.path AS org_path "                 \
	"FROM notifications n JOIN orgs o ON o.code = n.org_code "
#define MESSAGE_TYPES "ittttttttiTtTTt"

/* Adds the Chinese labels and drops the org path (returned through org_path when wanted). */
static void finish_message(json_t *m, char org_path[256])
{
	const char *kind = json_string_value(json_object_get(m, "kind"));
	const char *status = json_string_value(json_object_get(m, "status"));
	const char *label = notify_kind_label(kind);
	json_object_set_new(m, "kind_label", json_string(label ? label : kind));
	json_object_set_new(m, "status_label", json_string(status_label(status)));
	if (status && strcmp(status, "pending") != 0)
		json_object_set_new(m, "next_attempt_at", json_null());
	if (org_path)
		snprintf(org_path, 256, "%s", json_string_value(json_object_get(m, "org_path")));
	json_object_del(m, "org_path");
}

int notify_list(struct db *db, const char *scope_path, const char *status, int64_t limit,
		int64_t offset, json_t **items, int64_t *total, struct bm_error *err)
{
	char like[264];
	snprintf(like, sizeof like, "%s%%", scope_path);
	if (db_query_int(db, err, total,
			 "SELECT COUNT(*) FROM notifications n JOIN orgs o ON o.code = n.org_code "
			 "WHERE o.path LIKE ? AND (CAST(? AS TEXT) IS NULL OR n.status = ?)",
			 "ttt", like, status, status) < 0)
		return -1;
	struct db_stmt *st = db_query(db, err,
				      MESSAGE_SELECT
				      "WHERE o.path LIKE ? AND (CAST(? AS TEXT) IS NULL OR n.status = ?) "
				      "ORDER BY n.id DESC LIMIT ? OFFSET ?",
				      "tttii", like, status, status, limit, offset);
	if (!st || row_json_all(st, MESSAGE_TYPES, items, err) < 0)
		return -1;
	size_t i;
	json_t *m;
	json_array_foreach(*items, i, m)
		finish_message(m, NULL);
	return 0;
}

int notify_get(struct db *db, int64_t id, json_t **out, char org_path[256], struct bm_error *err)
{
	struct db_stmt *st = db_query(db, err, MESSAGE_SELECT "WHERE n.id = ?", "i", id);
	int found = st ? row_json_one(st, MESSAGE_TYPES, out, err) : -1;
	if (found > 0)
		finish_message(*out, org_path);
	return found;
}

int notify_retry(struct db *db, int64_t id, const struct audit_actor *actor, int64_t now,
		 struct bm_error *err)
{
	int64_t changed = db_exec_params(db, err,
					 "UPDATE notifications SET status = 'pending', attempts = 0, "
					 "next_attempt_at = ? WHERE id = ? AND status <> 'sent'",
					 "ii", now, id);
	if (changed < 0)
		return -1;
	if (changed == 0) {
		int64_t exists;
		int found = db_query_int(db, err, &exists, "SELECT id FROM notifications WHERE id = ?",
					 "i", id);
		if (found < 0)
			return -1;
		return found ? bm_error_set(err, 409, "notification_already_sent", "该消息已发送，无需重发")
			     : bm_error_set(err, 404, "notification_not_found", "消息不存在");
	}
	return audit_message(db, actor, now, "notification.retry", id,
			     json_pack("{s:s, s:i}", "status", "pending", "attempts", 0), err);
}

/* ---- delivery ---- */

int notify_claim_due(struct db *db, int64_t now, struct notify_outgoing *out, size_t max,
		     size_t *n, struct bm_error *err)
{
	*n = 0;
	struct db_stmt *st = db_query(db, err,
				      "SELECT id, kind, phone, text FROM notifications "
				      "WHERE status = 'pending' AND next_attempt_at <= ? "
				      "ORDER BY next_attempt_at, id LIMIT ?",
				      "ii", now, (int64_t)max);
	if (!st)
		return -1;
	int rc;
	while (*n < max && (rc = db_step(st, err)) == DB_ROW) {
		struct notify_outgoing *m = &out[*n];
		m->id = db_col_int(st, 0);
		snprintf(m->kind, sizeof m->kind, "%s", db_col_text(st, 1));
		snprintf(m->phone, sizeof m->phone, "%s", db_col_text(st, 2));
		m->text = strdup(db_col_text(st, 3));
		if (!m->text) {
			rc = bm_error_oom(err);
			break;
		}
		(*n)++;
	}
	db_reset(st);
	for (size_t i = 0; rc >= 0 && i < *n; i++)
		if (db_exec_params(db, err, "UPDATE notifications SET next_attempt_at = ? WHERE id = ?",
				   "ii", now + NOTIFY_LEASE_SECONDS, out[i].id) < 0)
			rc = -1;
	if (rc < 0) {
		notify_outgoing_free(out, *n);
		*n = 0;
		return -1;
	}
	return 0;
}

void notify_outgoing_free(struct notify_outgoing *msgs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(msgs[i].text);
		msgs[i].text = NULL;
	}
}

int notify_record_attempt(struct db *db, int64_t id, int64_t now, bool delivered,
			  const char *error, struct bm_error *err)
{
	int64_t attempts;
	int found = db_query_int(db, err, &attempts,
				 "SELECT attempts FROM notifications WHERE id = ? AND status = 'pending'",
				 "i", id);
	if (found <= 0)
		return found;
	attempts++;
	char detail[256];
	snprintf(detail, sizeof detail, "%s", error && *error ? error : "发送失败");
	utf8_repair(detail);
	int64_t delay = delivered ? 0 : notify_retry_delay(attempts);
	const char *status = delivered ? "sent" : delay < 0 ? "failed" : "pending";
	int64_t changed =
		delivered ? db_exec_params(db, err,
					   "UPDATE notifications SET status = 'sent', attempts = ?, "
					   "sent_at = ? WHERE id = ?",
					   "iii", attempts, now, id)
			  : db_exec_params(db, err,
					   "UPDATE notifications SET status = ?, attempts = ?, "
					   "next_attempt_at = ?, last_error = ? WHERE id = ?",
					   "tiiti", status, attempts, now + (delay > 0 ? delay : 0),
					   detail, id);
	if (changed < 0)
		return -1;
	json_t *after = json_pack("{s:s, s:I}", "status", status, "attempts", (json_int_t)attempts);
	if (!delivered)
		json_object_set_new(after, "last_error", json_string(detail));
	return audit_message(db, &system_actor, now, "notification.attempt", id, after, err);
}

char *notify_payload(const struct notify_outgoing *msg)
{
	json_t *body = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)msg->id, "phone",
				 msg->phone, "text", msg->text, "kind", msg->kind);
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	return text;
}

/* ---- configuration ---- */

#define KEY_URL "notify_webhook_url"
#define KEY_SECRET "notify_webhook_secret"

int notify_config_load(struct db *db, const struct notify_config *fallback,
		       struct notify_config *out, struct bm_error *err)
{
	memset(out, 0, sizeof *out);
	int stored = settings_get(db, KEY_URL, out->webhook_url, sizeof out->webhook_url, err);
	if (stored < 0)
		return -1;
	if (stored && out->webhook_url[0]) {
		out->source = "settings";
		return settings_get(db, KEY_SECRET, out->secret, sizeof out->secret, err) < 0 ? -1 : 0;
	}
	if (fallback && fallback->webhook_url[0]) {
		*out = *fallback;
		out->source = "config";
		return 0;
	}
	out->webhook_url[0] = '\0';
	out->source = "none";
	return 0;
}

static bool url_acceptable(const char *url)
{
	size_t len = strlen(url);
	if (len > NOTIFY_URL_MAX || text_has_control_chars(url) || strchr(url, ' '))
		return false;
	return (strncmp(url, "http://", 7) == 0 && len > 7) ||
	       (strncmp(url, "https://", 8) == 0 && len > 8);
}

int notify_config_store(struct db *db, const char *url, const char *secret,
			const struct audit_actor *actor, int64_t now, struct bm_error *err)
{
	if (url && *url && !url_acceptable(url)) {
		bm_error_set(err, 400, "invalid_webhook_url",
			     "短信网关地址应以 http:// 或 https:// 开头，不超过 %d 个字符", NOTIFY_URL_MAX);
		return bm_error_field(err, "webhook_url");
	}
	if (secret && (strlen(secret) > NOTIFY_SECRET_MAX || text_has_control_chars(secret))) {
		bm_error_set(err, 400, "invalid_field", "签名密钥不超过 %d 个字符，且不含控制字符",
			     NOTIFY_SECRET_MAX);
		return bm_error_field(err, "secret");
	}
	if (settings_set(db, KEY_URL, url ? url : "", err) < 0 ||
	    (secret && settings_set(db, KEY_SECRET, secret, err) < 0))
		return -1;
	char has_secret[8] = "";
	if (settings_get(db, KEY_SECRET, has_secret, sizeof has_secret, err) < 0)
		return -1;
	json_t *after = json_pack("{s:s, s:b}", "webhook_url", url ? url : "", "secret_set",
				  has_secret[0] != '\0');
	int rc = audit_append(db, actor, now, "settings.notify", "settings", "notify", NULL, after,
			      err);
	json_decref(after);
	return rc;
}
