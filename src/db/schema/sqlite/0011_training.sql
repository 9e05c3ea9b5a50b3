-- 0011 business training (业务培训, survey §三(三)): sessions and pilot-site meetings (现场会),
-- attendance per staff account, yearly plans per venue. See domain/training.h.
-- Times are epoch seconds (INTEGER); dates 'YYYY-MM-DD'; booleans 0/1; hours in tenths.

-- One session, held at a venue (venue_path: the venue's org path, copied) and organised by an org
-- (org_code/org_path: the venue's org or one of its ancestors, e.g. a town's 现场会 at a village
-- room). Attendees are staff of the organiser's subtree.
CREATE TABLE training_sessions (
	id           INTEGER PRIMARY KEY,
	venue_id     INTEGER NOT NULL REFERENCES venues (id),
	org_code     TEXT NOT NULL REFERENCES orgs (code),
	org_path     TEXT NOT NULL,
	venue_path   TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('training', 'site_meeting')),
	topic        TEXT NOT NULL,
	day          TEXT NOT NULL,
	hours_tenths INTEGER NOT NULL CHECK (hours_tenths > 0),
	trainer      TEXT NOT NULL,
	audience     TEXT NOT NULL DEFAULT '',
	created_by   INTEGER NOT NULL REFERENCES users (id),
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE INDEX training_sessions_path ON training_sessions (org_path, day);
CREATE INDEX training_sessions_venue_path ON training_sessions (venue_path, day);

-- Attendance, recorded by the organiser: attended = 1, or 0 (absent) with a reason.
CREATE TABLE training_attendance (
	session_id     INTEGER NOT NULL REFERENCES training_sessions (id),
	user_id        INTEGER NOT NULL REFERENCES users (id),
	attended       INTEGER NOT NULL CHECK (attended IN (0, 1)),
	absence_reason TEXT NOT NULL DEFAULT '',
	recorded_by    INTEGER NOT NULL REFERENCES users (id),
	recorded_at    INTEGER NOT NULL,
	PRIMARY KEY (session_id, user_id)
);
CREATE INDEX training_attendance_user ON training_attendance (user_id);

-- A venue's plan for one year.
CREATE TABLE training_plans (
	venue_id             INTEGER NOT NULL REFERENCES venues (id),
	year                 INTEGER NOT NULL,
	org_path             TEXT NOT NULL,
	planned_sessions     INTEGER NOT NULL CHECK (planned_sessions >= 0),
	planned_hours_tenths INTEGER NOT NULL CHECK (planned_hours_tenths >= 0),
	topics               TEXT NOT NULL DEFAULT '',
	updated_by           INTEGER NOT NULL REFERENCES users (id),
	updated_at           INTEGER NOT NULL,
	PRIMARY KEY (venue_id, year)
);
CREATE INDEX training_plans_path ON training_plans (org_path, year);
