-- 0014: window duty time in the maintained counters (issue 8: window coverage and attendance).
-- Seconds of window time while the venue was open, summed from the closed duty_log intervals
-- (domain/duty.h) per the venue's org and the China day the interval started: all of it, the
-- part someone was on duty (A or B), and the part the A holder was.
ALTER TABLE stats_daily ADD COLUMN open_post_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN staffed_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_daily ADD COLUMN a_post_seconds INTEGER NOT NULL DEFAULT 0;

-- The duty history already kept is counted once by stats_rebuild_if_pending() (domain/stats.h).
INSERT INTO settings (key, value) VALUES ('stats_rebuild', 'pending')
ON CONFLICT (key) DO UPDATE SET value = excluded.value;
