-- 0009 electronic supervision (电子监察): warnings, cards and breaches, and the accountability
-- records (责任追究) made from them. See domain/supervision.h.
-- Times are epoch seconds; dates 'YYYY-MM-DD'; booleans 0/1.

-- One row per warning/card or breach. A timed alert (case_due, step_due, inquiry_open,
-- petition_accept, petition_reply) escalates in place: warning -> yellow -> red, with the time
-- of each step kept; it is closed when the matter is done (closed_by_fix = 1), never deleted.
-- open_key is 'kind:entity_id' while the alert is open and NULL once closed, so at most one
-- alert per matter is open at a time.
CREATE TABLE supervision_alerts (
	id             INTEGER PRIMARY KEY,
	kind           TEXT NOT NULL,
	level          TEXT NOT NULL CHECK (level IN ('warning', 'yellow', 'red', 'breach')),
	entity         TEXT NOT NULL,      -- case, case_step, inquiry, petition, case_breach, window
	entity_id      TEXT NOT NULL,
	case_no        TEXT,               -- the case concerned, if any
	breach_id      INTEGER REFERENCES case_breaches (id),
	title          TEXT NOT NULL,
	due_date       TEXT,
	responsible_id INTEGER REFERENCES users (id),
	venue_id       INTEGER REFERENCES venues (id),
	org_code       TEXT NOT NULL REFERENCES orgs (code),
	org_path       TEXT NOT NULL,
	opened_at      INTEGER NOT NULL,
	yellow_at      INTEGER,
	red_at         INTEGER,
	closed_at      INTEGER,
	closed_by_fix  INTEGER NOT NULL DEFAULT 0,
	open_key       TEXT UNIQUE
);
CREATE INDEX supervision_alerts_open ON supervision_alerts (kind, closed_at);
CREATE INDEX supervision_alerts_path ON supervision_alerts (org_path);
CREATE INDEX supervision_alerts_person ON supervision_alerts (responsible_id);
CREATE INDEX supervision_alerts_breach ON supervision_alerts (breach_id);

-- 责任追究: what the county supervisor decided about an alert.
CREATE TABLE accountability_records (
	id         INTEGER PRIMARY KEY,
	alert_id   INTEGER NOT NULL REFERENCES supervision_alerts (id),
	measure    TEXT NOT NULL CHECK (measure IN ('talk', 'criticism', 'notice')),
	decision   TEXT NOT NULL,
	person_id  INTEGER REFERENCES users (id),
	venue_id   INTEGER REFERENCES venues (id),
	org_code   TEXT NOT NULL REFERENCES orgs (code),
	org_path   TEXT NOT NULL,
	decided_by INTEGER NOT NULL REFERENCES users (id),
	decided_at INTEGER NOT NULL
);
CREATE INDEX accountability_alert ON accountability_records (alert_id);
CREATE INDEX accountability_person ON accountability_records (person_id);
CREATE INDEX accountability_path ON accountability_records (org_path);

-- The full pass reads only open cases and open steps near or past their due dates.
CREATE INDEX cases_status_due ON cases (status, due_date);
CREATE INDEX case_steps_open_due ON case_steps (finished_at, due_date);
