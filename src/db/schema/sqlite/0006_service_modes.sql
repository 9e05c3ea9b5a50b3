-- 0006 service modes (issue 6): the outbox of messages to citizens, the telephone log with its
-- callbacks, and petitions and disputes (信访调处) with their timeline.
-- Times are epoch seconds (INTEGER); dates are 'YYYY-MM-DD' text; booleans are 0/1.

-- 消息通知: one row per message; the delivery worker sends the pending ones whose
-- next_attempt_at has come (domain/notify.h).
CREATE TABLE notifications (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL,                 -- appointment_reminder, case_accepted, petition_reply ...
	phone           TEXT NOT NULL,                 -- mobile number, 11 digits
	text            TEXT NOT NULL,                 -- the message, in Chinese
	entity          TEXT NOT NULL,                 -- what it is about: petition, case, appointment ...
	entity_id       TEXT NOT NULL,
	org_code        TEXT NOT NULL REFERENCES orgs (code), -- whose message (scope of the staff list)
	status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
	attempts        INTEGER NOT NULL DEFAULT 0,    -- delivery attempts since enqueued or retried by staff
	next_attempt_at INTEGER NOT NULL,              -- pending: not before this time
	last_error      TEXT,
	created_at      INTEGER NOT NULL,
	sent_at         INTEGER
);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX notifications_org ON notifications (org_code, id);

-- 电话服务: one row per call taken at a venue.
CREATE TABLE calls (
	id               INTEGER PRIMARY KEY,
	venue_id         INTEGER NOT NULL REFERENCES venues (id),
	staff_id         INTEGER NOT NULL REFERENCES users (id),
	called_at        INTEGER NOT NULL,
	caller_name      TEXT NOT NULL DEFAULT '',
	phone            TEXT NOT NULL,
	question         TEXT NOT NULL,
	item_code        TEXT REFERENCES items (code),
	answer           TEXT,
	case_no          TEXT,                          -- a case opened by phone (no foreign key: text)
	callback_due_at  INTEGER,                       -- a callback was promised by then
	callback_done_at INTEGER,
	callback_by      INTEGER REFERENCES users (id),
	callback_note    TEXT,
	created_at       INTEGER NOT NULL
);
CREATE INDEX calls_venue ON calls (venue_id, called_at);
CREATE INDEX calls_callbacks ON calls (callback_done_at, callback_due_at);

-- 信访调处: petitions (信访) and disputes (矛盾纠纷) received by an org.
CREATE TABLE petitions (
	id               INTEGER PRIMARY KEY,
	no               TEXT NOT NULL UNIQUE,          -- XF20250926-0001
	kind             TEXT NOT NULL CHECK (kind IN ('petition', 'dispute')),
	channel          TEXT NOT NULL,                 -- visit, letter, phone, online, referral
	org_code         TEXT NOT NULL REFERENCES orgs (code), -- the receiving org
	subject          TEXT NOT NULL,
	content          TEXT NOT NULL,
	parties          TEXT NOT NULL,                 -- JSON array of {name, role, phone, address}
	petitioner_name  TEXT NOT NULL,                 -- the first petitioner, for lists
	petitioner_phone TEXT NOT NULL DEFAULT '',
	received_on      TEXT NOT NULL,
	accept_due       TEXT NOT NULL,                 -- decide acceptance by (calendar days)
	status           TEXT NOT NULL,                 -- domain/petition_rules.h
	assignee_id      INTEGER REFERENCES users (id),
	accepted_on      TEXT,
	reply_due        TEXT,
	transferred_to   TEXT,                          -- the responsible unit (责任单位)
	decline_reasons  TEXT,
	reply            TEXT,
	replied_at       INTEGER,
	outcome          TEXT,
	response         TEXT,                          -- satisfied, unsatisfied, no_response
	closed_at        INTEGER,
	created_by       INTEGER NOT NULL REFERENCES users (id),
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL
);
CREATE INDEX petitions_org ON petitions (org_code, status);
CREATE INDEX petitions_status ON petitions (status, accept_due);

-- The timeline of a petition: every action, mediation sessions included.
CREATE TABLE petition_events (
	petition_id INTEGER NOT NULL REFERENCES petitions (id),
	seq         INTEGER NOT NULL,
	at          INTEGER NOT NULL,
	action      TEXT NOT NULL,
	actor       TEXT NOT NULL,                      -- username
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	detail      TEXT NOT NULL,                      -- JSON object: the action's input
	PRIMARY KEY (petition_id, seq)
);
