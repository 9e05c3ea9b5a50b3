-- 0002 catalogue: service items with versions, the search index, claims by venues, life events.

CREATE TABLE items (
	code            TEXT PRIMARY KEY,                -- 事项编码 (basic code)
	current_version INTEGER NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('published', 'retired')),
	updated_at      INTEGER NOT NULL
);

-- Every version ever published; cases keep the version they were accepted under.
CREATE TABLE item_versions (
	code           TEXT NOT NULL REFERENCES items (code),
	version        INTEGER NOT NULL,
	doc            TEXT NOT NULL,                   -- the item document (domain/item.h), canonical JSON
	effective_from TEXT NOT NULL,                   -- 'YYYY-MM-DD'
	effective_to   TEXT,                            -- the day the next version took over (exclusive), or NULL
	created_at     INTEGER NOT NULL,
	created_by     TEXT NOT NULL,
	PRIMARY KEY (code, version)
);

-- One row per published item, from its current version: what search and filters read. The
-- text columns hold ASCII letters lowercased (search ignores case); display data is in summary.
CREATE TABLE item_search (
	code           TEXT PRIMARY KEY REFERENCES items (code),
	name           TEXT NOT NULL,
	keywords       TEXT NOT NULL,                   -- keywords joined by spaces
	materials      TEXT NOT NULL,                   -- material names joined by spaces
	type           TEXT NOT NULL,
	category       TEXT NOT NULL,
	receive_levels TEXT NOT NULL,                   -- ',village,town,': commas around each
	summary        TEXT NOT NULL                    -- the list entry, as JSON
);

-- Trigram index for queries of 3 characters or more (SQLite only; see catalog_search.c).
CREATE VIRTUAL TABLE item_fts USING fts5(code UNINDEXED, name, keywords, materials,
                                         tokenize = 'trigram');

CREATE TABLE item_claims (                          -- 认领: this venue implements this item
	venue_id   INTEGER NOT NULL REFERENCES venues (id),
	item_code  TEXT NOT NULL REFERENCES items (code),
	claimed_at INTEGER NOT NULL,
	PRIMARY KEY (venue_id, item_code)
);
CREATE INDEX item_claims_item ON item_claims (item_code);

CREATE TABLE life_events (                          -- 一件事: 新生儿出生, 农村建房 ...
	code        TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL,
	seq         INTEGER NOT NULL
);

CREATE TABLE life_event_items (
	event_code TEXT NOT NULL REFERENCES life_events (code),
	item_code  TEXT NOT NULL REFERENCES items (code),
	seq        INTEGER NOT NULL,
	PRIMARY KEY (event_code, item_code)
);
