-- 0013 assessment (目标责任考核) and inspection bulletins (督查通报). See domain/assessment.h and
-- domain/bulletin.h. Times are epoch seconds; booleans 0/1.

-- The scoring model of a period kind: one JSON document, versioned (version 1 is the first
-- edit; a kind without a row uses the built-in default, version 0).
CREATE TABLE assessment_models (
	kind       TEXT PRIMARY KEY CHECK (kind IN ('month', 'quarter', 'year')),
	doc        TEXT NOT NULL,
	version    INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL
);

-- A kept 督查通报: the frozen content of the bulletin as JSON. Numbers run per year of the
-- period (白河督通〔2026〕10号). scheduled_key is the period for the monthly bulletin the server
-- makes by itself (NULL for bulletins asked for), so each month gets at most one, whichever
-- process gets there first.
CREATE TABLE bulletins (
	id            INTEGER PRIMARY KEY,
	period        TEXT NOT NULL,
	org_code      TEXT NOT NULL REFERENCES orgs (code),
	year          INTEGER NOT NULL,
	seq           INTEGER NOT NULL,
	number        TEXT NOT NULL,
	generated_at  INTEGER NOT NULL,
	generated_by  TEXT NOT NULL,          -- a username, 'cli' or 'schedule'
	scheduled_key TEXT UNIQUE,
	content       TEXT NOT NULL,
	UNIQUE (year, seq)
);
CREATE INDEX bulletins_period ON bulletins (period);
