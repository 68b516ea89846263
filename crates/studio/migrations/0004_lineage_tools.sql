-- Issue 13: the tool that made each item (a filter of its own, apart from what the file holds:
-- `media` now also says 'audio'), and which items each result was made from.
ALTER TABLE items ADD COLUMN tool TEXT NOT NULL DEFAULT 'imported';  -- TaskKind as_str, or 'imported'
-- Until now each kind was made by the task kind of the same name.
UPDATE items SET tool = kind;
CREATE INDEX items_by_tool ON items (tool, created_at DESC);

-- One row per parent a result's sidecar names (`made_from`), in its order. A parent deleted
-- later keeps its rows: the child shows it as gone, by the file, task and tool kept here.
CREATE TABLE lineage (
    child_id       TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    parent_file    TEXT NOT NULL,             -- the parent's media, relative to the library root
    parent_item_id TEXT NOT NULL,
    parent_task_id TEXT,
    parent_tool    TEXT NOT NULL,
    role           TEXT NOT NULL,             -- image | image_tail | video | audio | ...
    PRIMARY KEY (child_id, position)
);
CREATE INDEX lineage_by_parent_item ON lineage (parent_item_id);
CREATE INDEX lineage_by_parent_file ON lineage (parent_file);

-- The parents a queued job records (JSON array of links), written into each result's sidecar.
ALTER TABLE jobs ADD COLUMN parents TEXT;
