-- 0003 cases (办件) and first inquiries (首问负责). See domain/inquiry.h and domain/case_store.h.
-- Times are epoch seconds; dates 'YYYY-MM-DD'; booleans 0/1; JSON lists as text.

CREATE TABLE inquiries (
	id           INTEGER PRIMARY KEY,
	venue_id     INTEGER NOT NULL REFERENCES venues (id),
	staff_id     INTEGER NOT NULL REFERENCES users (id),    -- who logged this hop
	responder_id INTEGER NOT NULL REFERENCES users (id),    -- 首问责任人 of the whole chain
	handed_from  INTEGER REFERENCES inquiries (id),         -- the previous hop, or NULL
	citizen_name TEXT,
	phone        TEXT,
	question     TEXT NOT NULL,
	item_code    TEXT REFERENCES items (code),
	status       TEXT NOT NULL CHECK (status IN ('open', 'answered', 'handed_over', 'accepted')),
	answer       TEXT,
	case_no      TEXT,
	created_at   INTEGER NOT NULL,
	closed_at    INTEGER
);
CREATE INDEX inquiries_venue ON inquiries (venue_id, status);
CREATE INDEX inquiries_staff ON inquiries (staff_id);
CREATE INDEX inquiries_handed_from ON inquiries (handed_from);

-- The county-wide daily sequence of case numbers (YYYYMMDD-NNNNNN).
CREATE TABLE case_sequences (
	day  TEXT PRIMARY KEY,                 -- 'YYYYMMDD'
	last_no INTEGER NOT NULL
);

CREATE TABLE cases (
	no                   TEXT PRIMARY KEY,
	status               TEXT NOT NULL,
	item_code            TEXT NOT NULL REFERENCES items (code),
	item_version         INTEGER NOT NULL,
	item_name            TEXT NOT NULL,
	kind                 TEXT NOT NULL CHECK (kind IN ('instant', 'promised')),
	promised_days        INTEGER NOT NULL,
	channel              TEXT NOT NULL,
	urgent               INTEGER NOT NULL DEFAULT 0,
	applicant_name       TEXT NOT NULL,
	applicant_id_number  TEXT NOT NULL,
	applicant_phone      TEXT NOT NULL,
	origin_venue_id      INTEGER NOT NULL REFERENCES venues (id),
	current_venue_id     INTEGER NOT NULL REFERENCES venues (id),
	receiver_id          INTEGER NOT NULL REFERENCES users (id),
	first_responder_id   INTEGER NOT NULL REFERENCES users (id),
	holder_id            INTEGER REFERENCES users (id),     -- who took it at the current venue
	inquiry_id           INTEGER REFERENCES inquiries (id),
	note                 TEXT,
	created_at           INTEGER NOT NULL,
	accepted_at          INTEGER,
	due_date             TEXT,
	completed_at         INTEGER,
	delivered_at         INTEGER,
	outcome              TEXT,
	result               TEXT,
	documents            TEXT,                              -- JSON array of names
	delivery             TEXT,
	track_key            TEXT NOT NULL,
	deferred_materials   TEXT,                              -- JSON array of names (容缺), or NULL
	deferred_promise     TEXT,
	deferred_supply_date TEXT,
	deferred_supplied_at INTEGER,
	updated_at           INTEGER NOT NULL
);
CREATE INDEX cases_venue_status ON cases (current_venue_id, status);
CREATE INDEX cases_due ON cases (due_date);
CREATE INDEX cases_receiver ON cases (receiver_id);
CREATE INDEX cases_holder ON cases (holder_id);
CREATE INDEX cases_supply ON cases (deferred_supply_date);

-- The item's materials as at intake, and whether each was handed in.
CREATE TABLE case_materials (
	case_no     TEXT NOT NULL REFERENCES cases (no),
	seq         INTEGER NOT NULL,
	name        TEXT NOT NULL,
	necessity   TEXT NOT NULL,
	received    INTEGER NOT NULL DEFAULT 0,
	received_at INTEGER,
	PRIMARY KEY (case_no, seq)
);

-- 一次性告知书: the first (seq 1) is the notice; later ones are later requests.
CREATE TABLE case_notices (
	case_no   TEXT NOT NULL REFERENCES cases (no),
	seq       INTEGER NOT NULL,
	issued_at INTEGER NOT NULL,
	issued_by TEXT NOT NULL,
	doc       TEXT NOT NULL,                 -- {materials,conditions,process,time_limit,legal_basis}
	PRIMARY KEY (case_no, seq)
);

CREATE TABLE case_breaches (
	id       INTEGER PRIMARY KEY,
	case_no  TEXT NOT NULL REFERENCES cases (no),
	kind     TEXT NOT NULL CHECK (kind IN ('notice_not_listed', 'late_step')),
	detail   TEXT NOT NULL,
	venue_id INTEGER REFERENCES venues (id),
	user_id  INTEGER REFERENCES users (id),
	at       INTEGER NOT NULL
);
CREATE INDEX case_breaches_case ON case_breaches (case_no);
CREATE INDEX case_breaches_at ON case_breaches (at);

CREATE TABLE case_suspensions (
	case_no     TEXT NOT NULL REFERENCES cases (no),
	seq         INTEGER NOT NULL,
	reason_kind TEXT NOT NULL,
	reason      TEXT NOT NULL,
	started_at  INTEGER NOT NULL,
	ended_at    INTEGER,
	paused_days INTEGER,
	PRIMARY KEY (case_no, seq)
);

-- Hand-overs (village → town), forwards (转报) and the item's process steps (办理环节).
CREATE TABLE case_steps (
	case_no     TEXT NOT NULL REFERENCES cases (no),
	seq         INTEGER NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('handover', 'forward', 'process')),
	name        TEXT NOT NULL,
	venue_id    INTEGER REFERENCES venues (id),
	actor_id    INTEGER REFERENCES users (id),
	days        INTEGER NOT NULL DEFAULT 0,            -- process: its own limit, working days
	paused      INTEGER NOT NULL DEFAULT 0,            -- working days suspended while open
	started_at  INTEGER,
	finished_at INTEGER,
	due_date    TEXT,
	outcome     TEXT,
	PRIMARY KEY (case_no, seq)
);
CREATE INDEX case_steps_due ON case_steps (due_date);

CREATE TABLE case_events (
	id      INTEGER PRIMARY KEY,
	case_no TEXT NOT NULL REFERENCES cases (no),
	at      INTEGER NOT NULL,
	action  TEXT NOT NULL,
	actor   TEXT NOT NULL,
	from_status TEXT,
	to_status   TEXT,
	note    TEXT
);
CREATE INDEX case_events_case ON case_events (case_no);

-- Every venue a case passed through (scope: who may see it).
CREATE TABLE case_venues (
	case_no  TEXT NOT NULL REFERENCES cases (no),
	venue_id INTEGER NOT NULL REFERENCES venues (id),
	org_code TEXT NOT NULL,
	org_path TEXT NOT NULL,
	PRIMARY KEY (case_no, venue_id)
);
CREATE INDEX case_venues_path ON case_venues (org_path);
CREATE INDEX case_venues_venue ON case_venues (venue_id);
