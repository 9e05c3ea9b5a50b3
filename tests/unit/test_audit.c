/*
** test_audit.c — the hash-chained audit log (domain/audit.c): a clean chain verifies, and
** editing, deleting or cutting off any entry is found, at the entry where it shows.
**
** Each test appends entries 1..3 (or none) to a fresh database and then tampers with the table
** by raw SQL, the way someone with the database file could.
*/
#include "db/db.h"
#include "domain/audit.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

static struct t_db t;

static void setup(void)
{
	t_db_open(&t);
}

static void teardown(void)
{
	t_db_close(&t);
}

TestSuite(audit, .init = setup, .fini = teardown);

static int append_three(struct db *db, void *ctx, struct bm_error *err)
{
	for (int i = 1; i <= 3; i++) {
		char id[8];
		snprintf(id, sizeof id, "%d", i);
		json_t *before = i > 1 ? json_pack("{s:i}", "area_m2", i * 10 - 10) : NULL;
		json_t *after = json_pack("{s:i, s:s}", "area_m2", i * 10, "name", "城关镇便民服务中心");
		int rc = audit_append(db, &t_actor, T_NOW + i, "venue.update", "venue", id, before,
				      after, err);
		json_decref(before);
		json_decref(after);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void append_entries(void)
{
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, append_three, NULL, &err), 0, "append: %s", err.message);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), 3);
}

static struct audit_report verify(void)
{
	struct audit_report r;
	struct bm_error err = {0};
	cr_assert_eq(audit_verify(t.db, &r, &err), 0, "audit_verify: %s", err.message);
	return r;
}

Test(audit, empty_log_verifies_as_intact)
{
	struct audit_report r = verify();
	cr_assert_eq(r.entries, 0);
	cr_assert_eq(r.first_bad, 0, "empty log reported bad at %lld: %s", (long long)r.first_bad,
		     r.problem);
}

Test(audit, appended_entries_are_numbered_from_one_and_verify_intact)
{
	append_entries();
	cr_assert_eq(t_int(t.db, "SELECT MIN(id) FROM audit_log"), 1);
	cr_assert_eq(t_int(t.db, "SELECT MAX(id) FROM audit_log"), 3);
	struct audit_report r = verify();
	cr_assert_eq(r.entries, 3);
	cr_assert_eq(r.first_bad, 0, "intact chain reported bad at %lld: %s",
		     (long long)r.first_bad, r.problem);
}

Test(audit, each_entry_links_to_the_hash_of_the_one_before)
{
	append_entries();
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log a JOIN audit_log b "
				 "ON b.id = a.id + 1 WHERE b.prev_hash = a.hash"),
		     2);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log WHERE id = 1 AND prev_hash = "
				 "'0000000000000000000000000000000000000000000000000000000000000000'"),
		     1);
}

Test(audit, editing_after_json_of_an_entry_is_detected_at_that_entry)
{
	append_entries();
	t_sql(t.db, "UPDATE audit_log SET after_json = '{\"area_m2\":999,\"name\":\"城关镇便民服务中心\"}' "
		    "WHERE id = 2");
	struct audit_report r = verify();
	cr_assert_eq(r.first_bad, 2, "expected entry 2 to be reported, got %lld (%s)",
		     (long long)r.first_bad, r.problem);
	cr_assert_eq(r.entries, 3);
}

Test(audit, editing_before_json_to_null_is_detected)
{
	append_entries();
	t_sql(t.db, "UPDATE audit_log SET before_json = NULL WHERE id = 3");
	cr_assert_eq(verify().first_bad, 3);
}

Test(audit, editing_the_actor_is_detected)
{
	append_entries();
	t_sql(t.db, "UPDATE audit_log SET actor = 'someone-else' WHERE id = 1");
	cr_assert_eq(verify().first_bad, 1);
}

Test(audit, deleting_a_middle_entry_is_detected_at_the_entry_after_the_gap)
{
	append_entries();
	t_sql(t.db, "DELETE FROM audit_log WHERE id = 2");
	struct audit_report r = verify();
	cr_assert_eq(r.first_bad, 3, "expected the gap to show at entry 3, got %lld (%s)",
		     (long long)r.first_bad, r.problem);
}

Test(audit, deleting_a_middle_entry_and_renumbering_is_detected_by_the_hash_link)
{
	append_entries();
	t_sql(t.db, "DELETE FROM audit_log WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3");
	struct audit_report r = verify();
	cr_assert_eq(r.first_bad, 2, "got %lld (%s)", (long long)r.first_bad, r.problem);
}

Test(audit, deleting_the_last_entry_is_detected_by_the_recorded_head)
{
	append_entries();
	t_sql(t.db, "DELETE FROM audit_log WHERE id = 3");
	struct audit_report r = verify();
	cr_assert_eq(r.entries, 2);
	cr_assert_neq(r.first_bad, 0, "cutting off the last entry went unnoticed");
	cr_assert(strstr(r.problem, "末尾") != NULL, "problem should name the end of the log: %s",
		  r.problem);
}

Test(audit, deleting_every_entry_is_detected_by_the_recorded_head)
{
	append_entries();
	t_sql(t.db, "DELETE FROM audit_log");
	struct audit_report r = verify();
	cr_assert_eq(r.entries, 0);
	cr_assert_neq(r.first_bad, 0, "emptying the whole log went unnoticed");
}

Test(audit, deleting_the_recorded_head_is_detected)
{
	append_entries();
	t_sql(t.db, "DELETE FROM settings WHERE key = 'audit_head'");
	struct audit_report r = verify();
	cr_assert_neq(r.first_bad, 0, "deleting the recorded head went unnoticed");
}

Test(audit, editing_the_recorded_head_is_detected)
{
	append_entries();
	t_sql(t.db, "UPDATE settings SET value = '2' || substr(value, 2) WHERE key = 'audit_head'");
	struct audit_report r = verify();
	cr_assert_neq(r.first_bad, 0, "a head naming entry 2 instead of 3 went unnoticed");
}

Test(audit, entry_added_after_the_last_without_moving_the_head_is_detected)
{
	append_entries();
	/* A forged entry 4 linked to entry 3, inserted by SQL: the recorded head still says 3. */
	t_sql(t.db, "INSERT INTO audit_log (id, at, actor_id, actor, action, entity, entity_id, "
		    "before_json, after_json, prev_hash, hash) SELECT 4, at, 0, 'admin', "
		    "'user.create', 'user', 'intruder', NULL, NULL, hash, hash FROM audit_log "
		    "WHERE id = 3");
	struct audit_report r = verify();
	cr_assert_eq(r.first_bad, 4, "forged entry 4 reported as %lld (%s)", (long long)r.first_bad,
		     r.problem);
}

Test(audit, editing_prev_hash_is_detected_at_that_entry)
{
	append_entries();
	t_sql(t.db, "UPDATE audit_log SET prev_hash = "
		    "'1111111111111111111111111111111111111111111111111111111111111111' WHERE id = 2");
	struct audit_report r = verify();
	cr_assert_eq(r.first_bad, 2, "got %lld (%s)", (long long)r.first_bad, r.problem);
}

Test(audit, rewriting_an_entry_with_a_recomputed_hash_breaks_the_next_link)
{
	append_entries();
	/* Someone who recomputes entry 2's own hash still cannot fix entry 3's prev_hash
	 * without recomputing it too; here entry 2's hash is simply replaced. */
	t_sql(t.db, "UPDATE audit_log SET hash = "
		    "'2222222222222222222222222222222222222222222222222222222222222222' WHERE id = 2");
	struct audit_report r = verify();
	cr_assert_eq(r.first_bad, 2, "got %lld (%s)", (long long)r.first_bad, r.problem);
}

static int append_then_fail(struct db *db, void *ctx, struct bm_error *err)
{
	if (append_three(db, ctx, err) < 0)
		return -1;
	return bm_error_set(err, 409, "test_failure", "the change this entry audits failed");
}

Test(audit, entries_of_a_rolled_back_transaction_leave_no_trace_in_the_chain)
{
	append_entries();
	struct bm_error err = {0};
	cr_assert_eq(db_transaction(t.db, append_then_fail, NULL, &err), -1);
	cr_assert_eq(t_int(t.db, "SELECT COUNT(*) FROM audit_log"), 3);
	cr_assert_eq(db_transaction(t.db, append_three, NULL, &err), 0, "%s", err.message);
	struct audit_report r = verify();
	cr_assert_eq(r.entries, 6);
	cr_assert_eq(r.first_bad, 0, "%lld: %s", (long long)r.first_bad, r.problem);
}
