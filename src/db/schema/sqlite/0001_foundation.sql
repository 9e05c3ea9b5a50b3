-- 0001 foundation: settings, orgs, venues, users, sessions, login throttling, audit, calendar.
-- Times are epoch seconds (INTEGER); dates are 'YYYY-MM-DD' text; booleans are 0/1.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE orgs (
	code        TEXT PRIMARY KEY,                 -- 统计用区划代码
	name        TEXT NOT NULL,
	level       TEXT NOT NULL CHECK (level IN ('county', 'town', 'village')),
	kind        TEXT NOT NULL CHECK (kind IN ('county', 'town', 'village', 'community')),
	parent_code TEXT REFERENCES orgs (code),
	path        TEXT NOT NULL,                    -- '/610929/610929100/': ancestors, for scope
	created_at  INTEGER NOT NULL
);
CREATE INDEX orgs_parent ON orgs (parent_code);
CREATE INDEX orgs_path ON orgs (path);

CREATE TABLE venues (
	id               INTEGER PRIMARY KEY,
	org_code         TEXT NOT NULL REFERENCES orgs (code),
	level            TEXT NOT NULL CHECK (level IN ('county', 'town', 'village')),
	name             TEXT NOT NULL,
	kind             TEXT NOT NULL,              -- center, hall, room, dept_hall
	location         TEXT NOT NULL DEFAULT '',   -- where it is (e.g. 镇政府一楼)
	area_m2          INTEGER NOT NULL DEFAULT 0,
	window_count     INTEGER NOT NULL DEFAULT 0,
	open_to_public   INTEGER NOT NULL DEFAULT 0, -- 1: public counter; 0: office layout
	outdoor_sign     INTEGER NOT NULL DEFAULT 0,
	item_screen      INTEGER NOT NULL DEFAULT 0, -- 事项分类吊屏
	zones            TEXT NOT NULL DEFAULT '',   -- comma list: handling,waiting,self_service,consultation,meeting
	cctv_inside      INTEGER NOT NULL DEFAULT 0,
	cctv_outside     INTEGER NOT NULL DEFAULT 0,
	post_board       INTEGER NOT NULL DEFAULT 0, -- 岗位公示牌
	disclosure_board INTEGER NOT NULL DEFAULT 0, -- 公开栏
	equipment        TEXT NOT NULL DEFAULT '',
	opened_on        TEXT,                       -- 'YYYY-MM-DD'
	phone            TEXT NOT NULL DEFAULT '',
	hours            TEXT NOT NULL DEFAULT '',
	updated_at       INTEGER NOT NULL
);
CREATE INDEX venues_org ON venues (org_code);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('village_agent', 'window_staff', 'venue_manager',
	                                             'county_supervisor', 'admin')),
	org_code      TEXT NOT NULL REFERENCES orgs (code),
	password_hash TEXT NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
);
CREATE INDEX users_org ON users (org_code);

CREATE TABLE sessions (
	token_hash   TEXT PRIMARY KEY,               -- BLAKE2b of the cookie token; the token is never stored
	user_id      INTEGER NOT NULL REFERENCES users (id),
	csrf_token   TEXT NOT NULL,
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
	key          TEXT PRIMARY KEY,               -- 'user:<name>' or 'ip:<address>'
	failures     INTEGER NOT NULL,
	window_start INTEGER NOT NULL
);

CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	at          INTEGER NOT NULL,
	actor_id    INTEGER,                          -- NULL for the system / CLI
	actor       TEXT NOT NULL,                    -- username or 'system'
	action      TEXT NOT NULL,                    -- e.g. venue.update, user.create, case.read
	entity      TEXT NOT NULL,
	entity_id   TEXT NOT NULL,
	before_json TEXT,
	after_json  TEXT,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL
);

CREATE TABLE calendar_days (
	day  TEXT PRIMARY KEY,                        -- 'YYYY-MM-DD'
	kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
	name TEXT NOT NULL
);
