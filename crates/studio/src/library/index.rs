//! The SQLite index: a cache of the folder for fast paging, filtering and full-text search.
//! Schema changes are numbered SQL files applied in order (PRAGMA user_version records the last).

use super::lineage::ParentLink;
use super::{Item, ItemKind, LibraryError, MediaType};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashMap;
use std::path::Path;

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_jobs.sql"),
    include_str!("../../migrations/0003_results.sql"),
    include_str!("../../migrations/0004_lineage_tools.sql"),
    include_str!("../../migrations/0005_video_ids.sql"),
];

pub(crate) const ITEM_COLUMNS: &str = "id, rel_path, sidecar_path, kind, media, task_id, item_index, model, prompt, \
     negative_prompt, created_at, width, height, duration_ms, favorite, tool";

/// One row as the scanner writes it.
pub(crate) struct IndexRow {
    pub item: Item,
    pub file_size: u64,
    pub file_mtime: i64,
    pub sidecar_mtime: Option<i64>,
    pub tags: Vec<String>,
    /// The parents its sidecar names, in order.
    pub made_from: Vec<ParentLink>,
}

/// What the scanner compares to tell whether a file changed.
pub(crate) struct FileState {
    pub id: String,
    pub file_size: u64,
    pub file_mtime: i64,
    pub sidecar_path: Option<String>,
    pub sidecar_mtime: Option<i64>,
}

pub(crate) fn open(path: &Path) -> Result<Connection, LibraryError> {
    let conn = Connection::open(path)?;
    // WAL: readers never wait for the writer; NORMAL sync is safe with WAL (the folder is the truth anyway).
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // The file is input (the folder is synced and shared): no SQL functions from a planted
    // schema's views or triggers run with the app's rights.
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    // 64 MiB of page cache: with five B-trees and the FTS index, the 2 MiB default thrashes
    // on large libraries (a 100,000-item rebuild ran several times slower).
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrate(&conn)?;
    // A quick check so a damaged file is caught now, not in the middle of a scroll.
    let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(LibraryError::Index(rusqlite::Error::InvalidQuery));
    }
    Ok(conn)
}

fn migrate(conn: &Connection) -> Result<(), LibraryError> {
    let version: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

pub(crate) fn item_from_row(row: &Row<'_>) -> rusqlite::Result<Item> {
    let kind: String = row.get(3)?;
    let media: String = row.get(4)?;
    Ok(Item {
        id: row.get(0)?,
        rel_path: row.get(1)?,
        sidecar_path: row.get(2)?,
        kind: kind.parse().unwrap_or(ItemKind::Imported),
        tool: row.get(15)?,
        media: MediaType::from_stored(&media),
        task_id: row.get(5)?,
        index: row.get(6)?,
        model: row.get(7)?,
        prompt: row.get(8)?,
        negative_prompt: row.get(9)?,
        created_at: row.get(10)?,
        width: row.get(11)?,
        height: row.get(12)?,
        duration_ms: row.get(13)?,
        favorite: row.get::<_, i64>(14)? != 0,
    })
}

pub(crate) fn upsert(conn: &Connection, row: &IndexRow) -> Result<(), LibraryError> {
    upsert_into(conn, row, false)
}

/// `fresh`: the table was just emptied (a full rebuild), so no older row can be in the way.
pub(crate) fn upsert_into(conn: &Connection, row: &IndexRow, fresh: bool) -> Result<(), LibraryError> {
    let i = &row.item;
    // A file can change identity (a sidecar appears for a hand-added file): drop any other row
    // holding the same path first.
    if !fresh {
        conn.prepare_cached("DELETE FROM items WHERE rel_path = ?1 AND id <> ?2")?.execute(params![i.rel_path, i.id])?;
    }
    conn.prepare_cached(
        "INSERT INTO items (id, rel_path, sidecar_path, kind, media, task_id, item_index, model, prompt, negative_prompt,
                            created_at, width, height, duration_ms, favorite, file_size, file_mtime, sidecar_mtime, tool)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
         ON CONFLICT (id) DO UPDATE SET
            rel_path = excluded.rel_path, sidecar_path = excluded.sidecar_path, kind = excluded.kind,
            media = excluded.media, task_id = excluded.task_id, item_index = excluded.item_index,
            model = excluded.model, prompt = excluded.prompt, negative_prompt = excluded.negative_prompt,
            created_at = excluded.created_at, width = excluded.width, height = excluded.height,
            duration_ms = excluded.duration_ms, favorite = excluded.favorite, file_size = excluded.file_size,
            file_mtime = excluded.file_mtime, sidecar_mtime = excluded.sidecar_mtime, tool = excluded.tool",
    )?
    .execute(params![
        i.id,
        i.rel_path,
        i.sidecar_path,
        i.kind.as_str(),
        i.media.as_str(),
        i.task_id,
        i.index,
        i.model,
        i.prompt,
        i.negative_prompt,
        i.created_at,
        i.width,
        i.height,
        i.duration_ms,
        i.favorite as i64,
        row.file_size as i64,
        row.file_mtime,
        row.sidecar_mtime,
        i.tool
    ])?;
    set_lineage(conn, &i.id, &row.made_from, fresh)?;
    if row.tags.is_empty() {
        if fresh {
            return Ok(());
        }
        conn.prepare_cached("DELETE FROM tags WHERE item_id = ?1")?.execute([&i.id])?;
        return Ok(());
    }
    set_tags(conn, &i.id, &row.tags)
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<Item>, LibraryError> {
    Ok(conn.query_row(&format!("SELECT {ITEM_COLUMNS} FROM items WHERE id = ?1"), [id], item_from_row).optional()?)
}

pub(crate) fn delete(conn: &Connection, id: &str) -> Result<(), LibraryError> {
    conn.prepare_cached("DELETE FROM items WHERE id = ?1")?.execute([id])?;
    Ok(())
}

pub(crate) fn delete_all(conn: &Connection) -> Result<(), LibraryError> {
    conn.execute("DELETE FROM lineage", [])?;
    conn.execute("DELETE FROM items", [])?;
    Ok(())
}

pub(crate) fn file_states(conn: &Connection) -> Result<HashMap<String, FileState>, LibraryError> {
    let mut stmt = conn.prepare("SELECT rel_path, id, file_size, file_mtime, sidecar_path, sidecar_mtime FROM items")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            FileState { id: r.get(1)?, file_size: r.get::<_, i64>(2)? as u64, file_mtime: r.get(3)?, sidecar_path: r.get(4)?, sidecar_mtime: r.get(5)? },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn models(conn: &Connection) -> Result<Vec<String>, LibraryError> {
    let mut stmt = conn.prepare("SELECT DISTINCT model FROM items WHERE model IS NOT NULL ORDER BY model")?;
    let models = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(models)
}

/// The tools present in the library, for the gallery's filter.
pub(crate) fn tools(conn: &Connection) -> Result<Vec<String>, LibraryError> {
    let mut stmt = conn.prepare("SELECT DISTINCT tool FROM items ORDER BY tool")?;
    let tools = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(tools)
}

pub(crate) fn get_by_path(conn: &Connection, rel_path: &str) -> Result<Option<Item>, LibraryError> {
    Ok(conn.query_row(&format!("SELECT {ITEM_COLUMNS} FROM items WHERE rel_path = ?1"), [rel_path], item_from_row).optional()?)
}

/// Replaces the parents recorded for `child` (`fresh`: it has none yet).
fn set_lineage(conn: &Connection, child: &str, links: &[ParentLink], fresh: bool) -> Result<(), LibraryError> {
    if !fresh {
        conn.prepare_cached("DELETE FROM lineage WHERE child_id = ?1")?.execute([child])?;
    }
    if links.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare_cached(
        "INSERT OR REPLACE INTO lineage (child_id, position, parent_file, parent_item_id, parent_task_id, parent_tool, role)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, l) in links.iter().enumerate() {
        stmt.execute(params![child, position as i64, l.file, l.item_id, l.task_id, l.tool, l.role])?;
    }
    Ok(())
}

/// The parents `child` records, in order.
pub(crate) fn parent_links(conn: &Connection, child: &str) -> Result<Vec<ParentLink>, LibraryError> {
    let mut stmt = conn.prepare("SELECT parent_file, parent_task_id, parent_item_id, parent_tool, role FROM lineage WHERE child_id = ?1 ORDER BY position")?;
    let links = stmt
        .query_map([child], |r| Ok(ParentLink { file: r.get(0)?, task_id: r.get(1)?, item_id: r.get(2)?, tool: r.get(3)?, role: r.get(4)? }))?
        .collect::<Result<_, _>>()?;
    Ok(links)
}

/// The items that record `parent` (by its id, or by its file for a link made before it had
/// this id), with the role it had, newest first.
pub(crate) fn children(conn: &Connection, parent: &Item) -> Result<Vec<(Item, String)>, LibraryError> {
    let columns: String = ITEM_COLUMNS.split(", ").map(|c| format!("i.{}", c.trim())).collect::<Vec<_>>().join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT {columns}, l.role FROM lineage l JOIN items i ON i.id = l.child_id
         WHERE l.parent_item_id = ?1 OR l.parent_file = ?2
         GROUP BY l.child_id, l.role ORDER BY i.created_at DESC, i.id DESC, MIN(l.position)"
    ))?;
    let children = stmt.query_map(params![parent.id, parent.rel_path], |r| Ok((item_from_row(r)?, r.get::<_, String>(16)?)))?.collect::<Result<_, _>>()?;
    Ok(children)
}

/// The other results of the task that made `item` (an add-sound task's clip and its sound), in
/// the task's order. Their ids share the prefix "<kind>:<task_id>:", so the primary key finds them.
pub(crate) fn same_task(conn: &Connection, item: &Item) -> Result<Vec<Item>, LibraryError> {
    let Some(task_id) = item.task_id.as_deref() else { return Ok(Vec::new()) };
    let prefix = format!("{}:{task_id}:", item.kind);
    // ';' is the character after ':', so the range holds exactly the ids with that prefix.
    let end = format!("{}:{task_id};", item.kind);
    let mut stmt = conn.prepare_cached(&format!("SELECT {ITEM_COLUMNS} FROM items WHERE id > ?1 AND id < ?2 AND id <> ?3 ORDER BY item_index, id"))?;
    let items = stmt.query_map(params![prefix, end, item.id], item_from_row)?.collect::<Result<_, _>>()?;
    Ok(items)
}

pub(crate) fn count(conn: &Connection) -> Result<u64, LibraryError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM items", [], |r| r.get::<_, i64>(0))? as u64)
}

pub(crate) fn set_favorite(conn: &Connection, id: &str, favorite: bool) -> Result<(), LibraryError> {
    let changed = conn.execute("UPDATE items SET favorite = ?2 WHERE id = ?1", params![id, favorite as i64])?;
    if changed == 0 {
        return Err(LibraryError::NotFound(id.to_string()));
    }
    Ok(())
}

pub(crate) fn set_sidecar_mtime(conn: &Connection, id: &str, mtime: i64) -> Result<(), LibraryError> {
    conn.execute("UPDATE items SET sidecar_mtime = ?2 WHERE id = ?1", params![id, mtime])?;
    Ok(())
}

pub(crate) fn set_tags(conn: &Connection, id: &str, tags: &[String]) -> Result<(), LibraryError> {
    conn.execute("DELETE FROM tags WHERE item_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached("INSERT OR IGNORE INTO tags (item_id, tag) VALUES (?1, ?2)")?;
    for tag in tags {
        stmt.execute(params![id, tag])?;
    }
    Ok(())
}

pub(crate) fn tags(conn: &Connection, id: &str) -> Result<Vec<String>, LibraryError> {
    let mut stmt = conn.prepare("SELECT tag FROM tags WHERE item_id = ?1 ORDER BY tag")?;
    let tags = stmt.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(tags)
}

pub(crate) fn task_ids(conn: &Connection, kind: ItemKind) -> Result<std::collections::HashSet<String>, LibraryError> {
    let mut stmt = conn.prepare("SELECT DISTINCT task_id FROM items WHERE kind = ?1 AND task_id IS NOT NULL")?;
    let ids = stmt.query_map([kind.as_str()], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(ids)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_planted_schema_runs_no_sql_functions() {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::open(&dir.path().join("index.sqlite")).unwrap();
        let trusted: i64 = conn.query_row("PRAGMA trusted_schema", [], |r| r.get(0)).unwrap();
        assert_eq!(trusted, 0, "the index file is input, not trusted");
    }
}
