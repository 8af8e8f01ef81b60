-- Session hashes are hex digests: their order means nothing, so they are compared byte by byte
-- (collation "C"), not by the database's locale. PostgreSQL 15 compares text under any other
-- collation, C.UTF-8 included, through strcoll() and without abbreviated sort keys: every index
-- lookup, join, sort and GROUP BY on session_hash paid for it. Measured at 1 M events, the same
-- database before and after: the latest-state lookups of history_adoption over 30 days with a DAY
-- series 255 -> 200 ms, a retention cohort 75 -> 64 ms, wau 78 -> 67 ms. SQLite already compares
-- text byte by byte (BINARY). Changing only the collation rewrites no table, only the indexes on
-- the column.
ALTER TABLE "telemetry_events" ALTER COLUMN "session_hash" TYPE TEXT COLLATE "C";
ALTER TABLE "survey_responses" ALTER COLUMN "session_hash" TYPE TEXT COLLATE "C";
ALTER TABLE "deleted_sessions" ALTER COLUMN "session_hash" TYPE TEXT COLLATE "C";
ALTER TABLE "session_days" ALTER COLUMN "session_hash" TYPE TEXT COLLATE "C";
ALTER TABLE "session_hours" ALTER COLUMN "session_hash" TYPE TEXT COLLATE "C";
ALTER TABLE "session_first_seen" ALTER COLUMN "session_hash" TYPE TEXT COLLATE "C";
