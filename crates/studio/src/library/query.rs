//! The gallery's questions: a page of items, newest or oldest first, filtered by kind, tool,
//! media, favourite, model or tag, and searched by prompt words.

use super::index::{item_from_row, ITEM_COLUMNS};
use super::{Item, ItemKind, LibraryError, MediaType};
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    NewestFirst,
    OldestFirst,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GalleryQuery {
    /// Only these kinds; empty means every kind.
    pub kinds: Vec<ItemKind>,
    /// Only items made by these tools (`TaskKind::as_str`, or "imported"); empty means every tool.
    pub tools: Vec<String>,
    /// Only these media (pictures, clips, sounds); empty means all.
    pub media: Vec<MediaType>,
    pub favorites_only: bool,
    pub model: Option<String>,
    pub tag: Option<String>,
    /// Words that must all appear in the prompt (prefixes match: "light" finds "lighthouse").
    pub search: Option<String>,
    pub sort: SortOrder,
    pub offset: u64,
    /// At most 500 a page.
    pub limit: u64,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Page {
    pub items: Vec<Item>,
    /// How many items match in all, so a virtualized grid can size its scrollbar.
    pub total: u64,
}

pub(crate) fn run(conn: &Connection, q: &GalleryQuery) -> Result<Page, LibraryError> {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if !q.kinds.is_empty() {
        let marks = vec!["?"; q.kinds.len()].join(", ");
        clauses.push(format!("kind IN ({marks})"));
        args.extend(q.kinds.iter().map(|k| Value::Text(k.as_str().into())));
    }
    if !q.tools.is_empty() {
        let marks = vec!["?"; q.tools.len()].join(", ");
        clauses.push(format!("tool IN ({marks})"));
        args.extend(q.tools.iter().map(|t| Value::Text(t.clone())));
    }
    if !q.media.is_empty() {
        let marks = vec!["?"; q.media.len()].join(", ");
        clauses.push(format!("media IN ({marks})"));
        args.extend(q.media.iter().map(|m| Value::Text(m.as_str().into())));
    }
    if q.favorites_only {
        clauses.push("favorite = 1".into());
    }
    if let Some(model) = q.model.as_deref().filter(|m| !m.is_empty()) {
        clauses.push("model = ?".into());
        args.push(Value::Text(model.into()));
    }
    if let Some(tag) = q.tag.as_deref().filter(|t| !t.is_empty()) {
        clauses.push("id IN (SELECT item_id FROM tags WHERE tag = ?)".into());
        args.push(Value::Text(tag.into()));
    }
    if let Some(fts) = q.search.as_deref().and_then(fts_query) {
        clauses.push("rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)".into());
        args.push(Value::Text(fts));
    }
    let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    let order = match q.sort {
        SortOrder::NewestFirst => "created_at DESC, id DESC",
        SortOrder::OldestFirst => "created_at ASC, id ASC",
    };

    let total: i64 = conn.query_row(&format!("SELECT COUNT(*) FROM items {filter}"), rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
    let limit = q.limit.clamp(1, 500);
    let mut page_args = args.clone();
    page_args.push(Value::Integer(limit as i64));
    page_args.push(Value::Integer(q.offset.min(i64::MAX as u64) as i64));
    let mut stmt = conn.prepare(&format!("SELECT {ITEM_COLUMNS} FROM items {filter} ORDER BY {order} LIMIT ? OFFSET ?"))?;
    let items = stmt.query_map(rusqlite::params_from_iter(page_args.iter()), item_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(Page { items, total: total as u64 })
}

/// Turns what a person typed into a safe FTS5 query: each word quoted (so FTS syntax in the text
/// is never interpreted) and prefix-matched, all words required.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{}\"*", w.to_lowercase())).collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn search_text_never_reaches_fts_as_syntax() {
        assert_eq!(fts_query("Red fox").as_deref(), Some("\"red\"* \"fox\"*"));
        assert_eq!(fts_query("\"a\" OR b*").as_deref(), Some("\"a\"* \"or\"* \"b\"*"));
        assert_eq!(fts_query("  ** ").as_deref(), None);
    }
}
