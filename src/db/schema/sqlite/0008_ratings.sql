-- 0008 ratings (好差评, issue 7): citizens' ratings of a case's service, the rectification task
-- (整改) every 差评 opens, and appeals (申诉) against mistaken or malicious ratings.
-- Times are epoch seconds (INTEGER); dates are 'YYYY-MM-DD' text; booleans are 0/1.

-- One row per rating. slot makes "one rating per case per channel" a constraint: it is the
-- channel for a first rating and 'supplementary' for the one 追评 a case may get later.
CREATE TABLE ratings (
	id              INTEGER PRIMARY KEY,
	case_no         TEXT NOT NULL REFERENCES cases (no),
	channel         TEXT NOT NULL CHECK (channel IN ('onsite', 'online', 'paper')),
	slot            TEXT NOT NULL,                 -- channel, or 'supplementary'
	level           TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'basic',
	                                               'dissatisfied', 'very_dissatisfied')),
	bad             INTEGER NOT NULL,              -- 1: 差评 (the last two levels)
	attitude        INTEGER,                       -- dimension scores 1..5, or NULL
	efficiency      INTEGER,
	quality         INTEGER,
	integrity       INTEGER,
	comment         TEXT NOT NULL DEFAULT '',
	ticket_id       INTEGER,                       -- the queue ticket (no foreign key)
	window_id       INTEGER REFERENCES windows (id),
	staff_id        INTEGER REFERENCES users (id), -- who received the case
	item_code       TEXT NOT NULL,
	venue_id        INTEGER NOT NULL REFERENCES venues (id),
	org_code        TEXT NOT NULL REFERENCES orgs (code), -- the venue's org (scope, figures)
	entered_by      INTEGER REFERENCES users (id), -- paper forms: the clerk who typed it in
	excluded        INTEGER NOT NULL DEFAULT 0,    -- 1: an upheld appeal took it out of the figures
	excluded_reason TEXT,
	created_at      INTEGER NOT NULL,
	UNIQUE (case_no, slot)
);
CREATE INDEX ratings_venue ON ratings (venue_id, created_at);
CREATE INDEX ratings_org ON ratings (org_code, created_at);

-- 整改: one task per 差评.
CREATE TABLE rectifications (
	id               INTEGER PRIMARY KEY,
	rating_id        INTEGER NOT NULL UNIQUE REFERENCES ratings (id),
	venue_id         INTEGER NOT NULL REFERENCES venues (id),
	org_code         TEXT NOT NULL REFERENCES orgs (code),
	responsible_id   INTEGER REFERENCES users (id), -- the staff member rated
	status           TEXT NOT NULL CHECK (status IN ('open', 'rectified', 'cancelled')),
	due_date         TEXT NOT NULL,                 -- follow-up and rectification by (working days)
	opened_at        INTEGER NOT NULL,
	followed_up_at   INTEGER,                       -- 回访
	follow_up_by     INTEGER REFERENCES users (id),
	follow_up_note   TEXT,
	rectified_at     INTEGER,
	rectified_on     TEXT,                          -- the China date of rectified_at
	rectified_by     INTEGER REFERENCES users (id),
	outcome          TEXT,
	citizen_view     TEXT,                          -- satisfied, basically_satisfied, unsatisfied, no_response
	citizen_note     TEXT,
	citizen_view_at  INTEGER,
	cancelled_reason TEXT
);
CREATE INDEX rectifications_open ON rectifications (status, due_date);
CREATE INDEX rectifications_org ON rectifications (org_code, status);

-- 申诉: at most one per rating; the county decides.
CREATE TABLE rating_appeals (
	id          INTEGER PRIMARY KEY,
	rating_id   INTEGER NOT NULL UNIQUE REFERENCES ratings (id),
	reason_kind TEXT NOT NULL CHECK (reason_kind IN ('mistaken', 'malicious')),
	reason      TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('pending', 'upheld', 'rejected')),
	filed_by    INTEGER NOT NULL REFERENCES users (id),
	filed_at    INTEGER NOT NULL,
	decided_by  INTEGER REFERENCES users (id),
	decided_at  INTEGER,
	decision    TEXT
);
CREATE INDEX rating_appeals_status ON rating_appeals (status, filed_at);
