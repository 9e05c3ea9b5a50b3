-- 0007 appointments (预约服务) and door-to-door service (上门服务), issue 6.
-- Times are epoch seconds (INTEGER); dates are 'YYYY-MM-DD' text; booleans are 0/1.

-- A venue's booking rules (domain/appointment_rules.h); a venue without a row uses the defaults.
CREATE TABLE appointment_rules (
	venue_id       INTEGER PRIMARY KEY REFERENCES venues (id),
	slot_minutes   INTEGER NOT NULL DEFAULT 30,
	buffer_minutes INTEGER NOT NULL DEFAULT 0,   -- gap after each slot
	open_days      INTEGER NOT NULL DEFAULT 7,   -- booking opens N days ahead
	close_minutes  INTEGER NOT NULL DEFAULT 60,  -- and closes M minutes before the slot
	per_day        INTEGER NOT NULL DEFAULT 1,   -- bookings per phone per day
	open_max       INTEGER NOT NULL DEFAULT 3,   -- open (future) bookings per phone
	noshow_limit   INTEGER NOT NULL DEFAULT 3,   -- this many missed ...
	noshow_days    INTEGER NOT NULL DEFAULT 90,  -- ... within these days block new bookings
	updated_at     INTEGER NOT NULL DEFAULT 0
);

-- One booking of a slot [slot_start, slot_end) of a venue's item group. status: booked,
-- cancelled (by the citizen), closed (the venue closed the slot), checked_in (a ticket was
-- taken); a booked appointment whose slot has ended is missed (computed at read).
CREATE TABLE appointments (
	id           INTEGER PRIMARY KEY,
	venue_id     INTEGER NOT NULL REFERENCES venues (id),
	group_id     INTEGER NOT NULL REFERENCES venue_groups (id),
	service_date TEXT NOT NULL,
	slot_start   INTEGER NOT NULL,
	slot_end     INTEGER NOT NULL,
	name         TEXT NOT NULL,
	phone        TEXT NOT NULL,
	code         TEXT NOT NULL,                  -- random; with the phone, the citizen's proof
	status       TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'closed', 'checked_in')),
	ticket_id    INTEGER REFERENCES tickets (id),
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE INDEX appointments_slot ON appointments (venue_id, group_id, slot_start);
CREATE INDEX appointments_phone ON appointments (phone, slot_start);
CREATE UNIQUE INDEX appointments_code ON appointments (code);

-- Slots a venue manager closed (emergency): [starts_at, ends_at) of one group or, group_id
-- NULL, of every group of the venue.
CREATE TABLE appointment_closures (
	id         INTEGER PRIMARY KEY,
	venue_id   INTEGER NOT NULL REFERENCES venues (id),
	group_id   INTEGER REFERENCES venue_groups (id),
	starts_at  INTEGER NOT NULL,
	ends_at    INTEGER NOT NULL,
	reason     TEXT NOT NULL,
	created_by INTEGER NOT NULL REFERENCES users (id),
	created_at INTEGER NOT NULL
);
CREATE INDEX appointment_closures_venue ON appointment_closures (venue_id, starts_at);

-- 上门服务: a request for someone who cannot come, owned by an org (scope), assigned to a
-- staff member or village agent with a due date, closed by a visit record.
CREATE TABLE home_visits (
	id           INTEGER PRIMARY KEY,
	org_code     TEXT NOT NULL REFERENCES orgs (code),
	person_name  TEXT NOT NULL,
	phone        TEXT NOT NULL DEFAULT '',
	address      TEXT NOT NULL,
	flags        TEXT NOT NULL DEFAULT '',       -- comma list: elderly,disabled,ill,left_behind
	item_code    TEXT REFERENCES items (code),
	need         TEXT NOT NULL,
	urgency      TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
	status       TEXT NOT NULL CHECK (status IN ('open', 'assigned', 'done', 'cancelled')),
	assignee_id  INTEGER REFERENCES users (id),
	due_on       TEXT,
	outcome      TEXT,
	visited_at   INTEGER,
	case_no      TEXT REFERENCES cases (no),
	created_by   INTEGER NOT NULL REFERENCES users (id),
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE INDEX home_visits_org ON home_visits (org_code, status);
CREATE INDEX home_visits_assignee ON home_visits (assignee_id, status);
