-- 0012 maintained statistics (issue 8): per org and local day, the counters of the dashboard
-- and the bulletins, kept up to date by domain/stats.c in the same transaction as the event
-- (case registered or completed, alert raised, rating counted or excluded, 差评 rectified,
-- petition registered or closed), and recomputable from the base tables (stats_rebuild()).
-- org_code is the org of the venue concerned; day is the Asia/Shanghai date of the event.

CREATE TABLE stats_daily (
	org_code              TEXT NOT NULL REFERENCES orgs (code),
	day                   TEXT NOT NULL,
	received              BIGINT NOT NULL DEFAULT 0,
	completed             BIGINT NOT NULL DEFAULT 0,
	on_time               BIGINT NOT NULL DEFAULT 0,
	overdue               BIGINT NOT NULL DEFAULT 0,
	ratings               BIGINT NOT NULL DEFAULT 0,
	satisfied             BIGINT NOT NULL DEFAULT 0,
	bad                   BIGINT NOT NULL DEFAULT 0,
	bad_rectified_on_time BIGINT NOT NULL DEFAULT 0,
	warnings              BIGINT NOT NULL DEFAULT 0,
	yellow_cards          BIGINT NOT NULL DEFAULT 0,
	red_cards             BIGINT NOT NULL DEFAULT 0,
	petitions             BIGINT NOT NULL DEFAULT 0,
	petitions_on_time     BIGINT NOT NULL DEFAULT 0,
	petitions_closed      BIGINT NOT NULL DEFAULT 0,
	window_gaps           BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (org_code, day)
);
CREATE INDEX stats_daily_day ON stats_daily (day);

-- Every date of 2000-2099 with its day number (days since 1970-01-01, date.h): SQL compares
-- an epoch second's local date with a due date through it, the same on both engines
-- (day n starts at n * 86400 - 28800 epoch seconds, UTC+8).
CREATE TABLE stats_days (
	day TEXT PRIMARY KEY,
	n   BIGINT NOT NULL UNIQUE
);
INSERT INTO stats_days (day, n)
SELECT to_char(DATE '1970-01-01' + i, 'YYYY-MM-DD'), i FROM generate_series(10957, 47481) AS i;

-- A database with history from before the counters needs them computed once from its rows:
-- stats_rebuild_if_pending() (domain/stats.h) does it when a command next opens the database.
INSERT INTO settings (key, value) VALUES ('stats_rebuild', 'pending');
