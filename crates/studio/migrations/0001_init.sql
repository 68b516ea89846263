-- The index is a cache of the library folder: everything here can be rebuilt from the sidecars.
CREATE TABLE items (
    id              TEXT PRIMARY KEY,          -- "<kind>:<task_id>:<index>", or "file:<rel_path>" for hand-added files
    rel_path        TEXT NOT NULL UNIQUE,      -- media file, relative to the library root, '/'-separated
    sidecar_path    TEXT,                      -- its JSON sidecar, when there is one
    kind            TEXT NOT NULL,             -- image | text2video | image2video | imported
    media           TEXT NOT NULL,             -- image | video
    task_id         TEXT,
    item_index      INTEGER,
    model           TEXT,
    prompt          TEXT NOT NULL DEFAULT '',
    negative_prompt TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,          -- ms since the epoch
    width           INTEGER,
    height          INTEGER,
    duration_ms     INTEGER,
    favorite        INTEGER NOT NULL DEFAULT 0,
    file_size       INTEGER NOT NULL,
    file_mtime      INTEGER NOT NULL,          -- ms; with file_size, tells a rescan what changed
    sidecar_mtime   INTEGER
);
CREATE INDEX items_by_date ON items (created_at DESC, id DESC);
CREATE INDEX items_by_kind ON items (kind, created_at DESC);
CREATE INDEX items_by_model ON items (model, created_at DESC);
CREATE INDEX items_favorites ON items (favorite, created_at DESC);

CREATE TABLE tags (
    item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    tag     TEXT NOT NULL,
    PRIMARY KEY (item_id, tag)
);
CREATE INDEX tags_by_tag ON tags (tag);

-- Full-text search over prompts, kept in step with items by triggers.
CREATE VIRTUAL TABLE items_fts USING fts5 (
    prompt, negative_prompt, content = 'items', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, prompt, negative_prompt) VALUES (new.rowid, new.prompt, new.negative_prompt);
END;
CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, prompt, negative_prompt) VALUES ('delete', old.rowid, old.prompt, old.negative_prompt);
END;
CREATE TRIGGER items_au AFTER UPDATE OF prompt, negative_prompt ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, prompt, negative_prompt) VALUES ('delete', old.rowid, old.prompt, old.negative_prompt);
    INSERT INTO items_fts (rowid, prompt, negative_prompt) VALUES (new.rowid, new.prompt, new.negative_prompt);
END;
