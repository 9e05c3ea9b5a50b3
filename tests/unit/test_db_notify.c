/*
** test_db_notify.c — notifications reach listeners after commit and never after a rollback
** (db.h, "notifications"; SQLite delivers them in this process).
*/
#include "db/db.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <string.h>

struct heard {
	int count;
	char last[64];
};

static void on_note(const char *payload, void *ctx)
{
	struct heard *h = ctx;
	h->count++;
	snprintf(h->last, sizeof h->last, "%s", payload ? payload : "(null)");
}

static int notify_twice(struct db *db, void *ctx, struct bm_error *err)
{
	if (db_notify(db, "first", err) < 0 || db_notify(db, "second", err) < 0)
		return -1;
	return *(int *)ctx; /* 0 commits, -1 rolls back */
}

/* A test database with a listener on it. */
struct fixture {
	struct t_db t;
	struct heard h;
	struct db_listener *l;
};

static void fixture_open(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	t_db_open(&f->t);
	struct db_config cfg = {.backend = DB_SQLITE, .sqlite_path = f->t.path};
	struct bm_error err = {0};
	cr_assert_eq(db_listen(&cfg, on_note, &f->h, &f->l, &err), 0);
}

static void fixture_close(struct fixture *f)
{
	db_unlisten(f->l);
	t_db_close(&f->t);
}

Test(notify, committed_notifications_arrive_in_order)
{
	struct fixture f;
	fixture_open(&f);
	struct bm_error err = {0};
	int outcome = 0;
	cr_assert_eq(db_transaction(f.t.db, notify_twice, &outcome, &err), 0);
	cr_assert_eq(f.h.count, 2);
	cr_assert_str_eq(f.h.last, "second");
	fixture_close(&f);
}

Test(notify, rolled_back_notifications_are_dropped)
{
	struct fixture f;
	fixture_open(&f);
	struct bm_error err = {0};
	int outcome = -1;
	cr_assert_eq(db_transaction(f.t.db, notify_twice, &outcome, &err), -1);
	cr_assert_eq(f.h.count, 0);
	outcome = 0;
	cr_assert_eq(db_transaction(f.t.db, notify_twice, &outcome, &err), 0);
	cr_assert_eq(f.h.count, 2, "only the committed transaction's notes");
	fixture_close(&f);
}

Test(notify, outside_a_transaction_is_an_error)
{
	struct t_db t;
	t_db_open(&t);
	struct bm_error err = {0};
	cr_assert_eq(db_notify(t.db, "x", &err), -1);
	t_db_close(&t);
}
