-- 0012 maintained statistics (issue 8): per org and local day, the counters of the dashboard
-- and the bulletins, kept up to date by domain/stats.c in the same transaction as the event
-- (case registered or completed, alert raised, rating counted or excluded, 差评 rectified,
-- petition registered or closed), and recomputable from the base tables (stats_rebuild()).
-- org_code is the org of the venue concerned; day is the Asia/Shanghai date of the event.

CREATE TABLE stats_daily (
	org_code              TEXT NOT NULL REFERENCES orgs (code),
	day                   TEXT NOT NULL,
	received              INTEGER NOT NULL DEFAULT 0,
	completed             INTEGER NOT NULL DEFAULT 0,
	on_time               INTEGER NOT NULL DEFAULT 0,
	overdue               INTEGER NOT NULL DEFAULT 0,
	ratings               INTEGER NOT NULL DEFAULT 0,
	satisfied             INTEGER NOT NULL DEFAULT 0,
	bad                   INTEGER NOT NULL DEFAULT 0,
	bad_rectified_on_time INTEGER NOT NULL DEFAULT 0,
	warnings              INTEGER NOT NULL DEFAULT 0,
	yellow_cards          INTEGER NOT NULL DEFAULT 0,
	red_cards             INTEGER NOT NULL DEFAULT 0,
	petitions             INTEGER NOT NULL DEFAULT 0,
	petitions_on_time     INTEGER NOT NULL DEFAULT 0,
	petitions_closed      INTEGER NOT NULL DEFAULT 0,
	window_gaps           INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (org_code, day)
);
CREATE INDEX stats_daily_day ON stats_daily (day);

-- Every date of 2000-2099 with its day number (days since 1970-01-01, date.h): SQL compares
-- an epoch second's local date with a due date through it, the same on both engines
-- (day n starts at n * 86400 - 28800 epoch seconds, UTC+8).
CREATE TABLE stats_days (
	day TEXT PRIMARY KEY,
	n   INTEGER NOT NULL UNIQUE
);
INSERT INTO stats_days (day, n)
WITH RECURSIVE k(i) AS (SELECT 10957 UNION ALL SELECT i + 1 FROM k WHERE i < 47481)
SELECT date(i * 86400, 'unixepoch'), i FROM k;

-- A database with history from before the counters needs them computed once from its rows:
-- stats_rebuild_if_pending() (domain/stats.h) does it when a command next opens the database.
INSERT INTO settings (key, value) VALUES ('stats_rebuild', 'pending');
