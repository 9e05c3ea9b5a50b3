-- 0004 windows: item groups, service windows (posts with an A and a B holder), absences (AB岗),
-- structured opening hours and the duty history kept for assessment.
-- Times are epoch seconds (INTEGER); dates are 'YYYY-MM-DD' text; booleans are 0/1.

CREATE TABLE venue_groups (                          -- 事项分组: also the queue group of a venue
	id         INTEGER PRIMARY KEY,
	venue_id   INTEGER NOT NULL REFERENCES venues (id),
	code       TEXT NOT NULL,                        -- 'A', 'B' ...
	name       TEXT NOT NULL,                        -- '社会保障'
	prefix     TEXT NOT NULL,                        -- 1-2 upper-case letters on tickets
	daily_cap  INTEGER NOT NULL DEFAULT 0,           -- tickets per day, 0 = no cap
	wait_alert INTEGER NOT NULL DEFAULT 0,           -- waiting count that raises an alert, 0 = none
	sort       INTEGER NOT NULL DEFAULT 0,
	active     INTEGER NOT NULL DEFAULT 1,
	UNIQUE (venue_id, code),
	UNIQUE (venue_id, prefix)
);

CREATE TABLE venue_group_items (
	group_id  INTEGER NOT NULL REFERENCES venue_groups (id),
	item_code TEXT NOT NULL REFERENCES items (code),
	PRIMARY KEY (group_id, item_code)
);
CREATE INDEX venue_group_items_item ON venue_group_items (item_code);

CREATE TABLE windows (                               -- 窗口 = one post (岗位): A and B holder
	id         INTEGER PRIMARY KEY,
	venue_id   INTEGER NOT NULL REFERENCES venues (id),
	number     INTEGER NOT NULL,                     -- 窗口号 on the display
	name       TEXT NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('comprehensive', 'specialised')),
	a_user_id  INTEGER REFERENCES users (id),
	b_user_id  INTEGER REFERENCES users (id),
	active     INTEGER NOT NULL DEFAULT 1,
	updated_at INTEGER NOT NULL DEFAULT 0,
	UNIQUE (venue_id, number)
);
CREATE INDEX windows_a ON windows (a_user_id);
CREATE INDEX windows_b ON windows (b_user_id);

CREATE TABLE window_groups (
	window_id INTEGER NOT NULL REFERENCES windows (id),
	group_id  INTEGER NOT NULL REFERENCES venue_groups (id),
	PRIMARY KEY (window_id, group_id)
);
CREATE INDEX window_groups_group ON window_groups (group_id);

CREATE TABLE absences (                              -- AB岗: recorded absences
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	kind       TEXT NOT NULL CHECK (kind IN ('leave', 'training', 'trip', 'sick')),
	start_date TEXT NOT NULL,                        -- 'YYYY-MM-DD'
	end_date   TEXT NOT NULL,                        -- inclusive
	note       TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users (id),
	created_at INTEGER NOT NULL
);
CREATE INDEX absences_user ON absences (user_id, start_date);

-- Opening hours: one row per open range of a weekday (1 = Monday ... 7 = Sunday), minutes
-- after midnight China time, [opens, closes). A lunch break is two ranges. Announced holidays
-- close the venue; announced make-up working days keep Monday's hours (domain/hours.h).
CREATE TABLE venue_hours (
	venue_id INTEGER NOT NULL REFERENCES venues (id),
	weekday  INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	opens    INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),
	closes   INTEGER NOT NULL CHECK (closes BETWEEN 1 AND 1440),
	PRIMARY KEY (venue_id, weekday, opens),
	CHECK (opens < closes)
);

-- Duty history (for assessment): who was on duty at which window, and the gaps (窗口断档,
-- user_id NULL) during opening hours, as intervals [started_at, ended_at); ended_at NULL while
-- running. Written by duty_sync() (domain/duty.h), which replays the time since synced_at.
CREATE TABLE duty_log (
	id         INTEGER PRIMARY KEY,
	window_id  INTEGER NOT NULL REFERENCES windows (id),
	user_id    INTEGER REFERENCES users (id),
	post       TEXT CHECK (post IN ('A', 'B')),      -- NULL for a gap
	started_at INTEGER NOT NULL,
	ended_at   INTEGER
);
CREATE INDEX duty_log_window ON duty_log (window_id, started_at);

CREATE TABLE duty_sync (
	venue_id  INTEGER PRIMARY KEY REFERENCES venues (id),
	synced_at INTEGER NOT NULL
);
