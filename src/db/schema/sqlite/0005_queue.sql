-- 0005 queue (排队叫号): tickets, the per-day number counters and each ticket's history, which
-- is also the event log the live displays replay from.
-- Times are epoch seconds (INTEGER); dates are 'YYYY-MM-DD' text (China time); booleans 0/1.

-- The last number given out per venue, group and day: the daily sequence (reset each day) and
-- the daily cap both read it.
CREATE TABLE ticket_counters (
	venue_id     INTEGER NOT NULL REFERENCES venues (id),
	group_id     INTEGER NOT NULL REFERENCES venue_groups (id),
	service_date TEXT NOT NULL,
	last_seq     INTEGER NOT NULL,
	PRIMARY KEY (venue_id, group_id, service_date)
);

CREATE TABLE tickets (
	id              INTEGER PRIMARY KEY,
	venue_id        INTEGER NOT NULL REFERENCES venues (id),
	group_id        INTEGER NOT NULL REFERENCES venue_groups (id), -- now (a transfer changes it)
	issued_group_id INTEGER NOT NULL REFERENCES venue_groups (id), -- the number's group
	service_date    TEXT NOT NULL,
	seq             INTEGER NOT NULL,                -- the day's number in issued_group_id
	number          TEXT NOT NULL,                   -- 'A012': prefix and seq
	priority        INTEGER NOT NULL DEFAULT 0,      -- 优先窗口/绿色通道
	priority_kind   TEXT CHECK (priority_kind IN ('elderly', 'disabled', 'military', 'pregnant', 'other')),
	source          TEXT NOT NULL CHECK (source IN ('walk_in', 'appointment')),
	slot_start      INTEGER,                         -- appointment slot [start, end)
	slot_end        INTEGER,
	status          TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show')),
	window_id       INTEGER REFERENCES windows (id), -- the window calling or serving it
	target_window_id INTEGER REFERENCES windows (id),-- transferred to this window only
	transfers       INTEGER NOT NULL DEFAULT 0,
	call_count      INTEGER NOT NULL DEFAULT 0,
	taken_at        INTEGER NOT NULL,
	queued_at       INTEGER NOT NULL,                -- taken, or last transferred
	first_called_at INTEGER,
	called_at       INTEGER,                         -- the last call
	started_at      INTEGER,
	finished_at     INTEGER,
	case_no         TEXT,                            -- the case (办件) it led to, if any
	ticket_key      TEXT NOT NULL,                   -- random; the phone page's proof
	UNIQUE (venue_id, issued_group_id, service_date, seq)
);
CREATE INDEX tickets_queue ON tickets (venue_id, service_date, status);
CREATE INDEX tickets_window ON tickets (window_id, status);
CREATE INDEX tickets_group_finished ON tickets (group_id, finished_at);

-- History of every ticket: take, call, recall, no_show, start, finish, transfer. `data` is the
-- event as pushed to the venue's live pages (JSON); ids increase in commit order, so a page
-- that reconnects with Last-Event-ID gets what it missed from here.
CREATE TABLE ticket_events (
	id             INTEGER PRIMARY KEY,
	ticket_id      INTEGER NOT NULL REFERENCES tickets (id),
	venue_id       INTEGER NOT NULL REFERENCES venues (id),
	kind           TEXT NOT NULL CHECK (kind IN ('take', 'call', 'recall', 'no_show', 'start', 'finish', 'transfer')),
	at             INTEGER NOT NULL,
	actor_id       INTEGER REFERENCES users (id),
	window_id      INTEGER REFERENCES windows (id),
	from_group_id  INTEGER REFERENCES venue_groups (id),
	to_group_id    INTEGER REFERENCES venue_groups (id),
	from_window_id INTEGER REFERENCES windows (id),
	to_window_id   INTEGER REFERENCES windows (id),
	note           TEXT NOT NULL DEFAULT '',
	data           TEXT NOT NULL
);
CREATE INDEX ticket_events_venue ON ticket_events (venue_id, id);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);
