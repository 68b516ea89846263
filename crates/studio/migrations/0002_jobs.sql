-- The engine's durable queue. Unlike items, jobs are not in the folder: they are the engine's
-- own bookkeeping, and a job that is done has already filed its results (with sidecars).
CREATE TABLE jobs (
    id               TEXT PRIMARY KEY,        -- local id (uuid)
    kind             TEXT NOT NULL,           -- image | text2video | image2video
    state            TEXT NOT NULL,           -- queued | submitting | submitted | processing | downloading | done | failed
    request          TEXT NOT NULL,           -- the API request body as JSON, input pictures left out
    image_ref        TEXT,                    -- input picture: a library path (inputs/...) or a URL
    image_tail_ref   TEXT,
    external_task_id TEXT,                    -- videos: fixed before the first POST, so a lost answer can be found
    task_id          TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,                    -- a person's sentence
    last_error_code  TEXT,                    -- a stable code (bad_keys, content_refused, ...)
    result_urls      TEXT,                    -- JSON array, once the task succeeded
    item_ids         TEXT,                    -- JSON array of library items filed
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    submit_started_at INTEGER,                -- set when a POST may have gone out
    finished_at      INTEGER,
    next_check_at    INTEGER NOT NULL DEFAULT 0,
    -- Several processes (the app, a `kling` run) may share a library: an engine works on a job
    -- only while it holds the job's lease, renewed as it goes; a crashed engine's lease runs out.
    lease_owner      TEXT,
    lease_until      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX jobs_by_state ON jobs (state, created_at);
CREATE UNIQUE INDEX jobs_by_task ON jobs (kind, task_id) WHERE task_id IS NOT NULL;
