//! Lineage: which library items a result was made from (a picture animated, a clip extended).
//! Each result's sidecar lists its parents (`Sidecar::made_from`), so the links live in the folder
//! and a rebuilt index finds them again; the index keeps them in its `lineage` table to answer
//! "made from" and "used in" both ways. A parent deleted later is shown as gone, by what the child
//! recorded of it.

use super::{paths, Item};
use serde::{Deserialize, Serialize};

/// Most parents one result records (the tools take a handful of inputs).
pub const MAX_PARENTS: usize = 32;
/// Longest id, tool or role word kept from a sidecar or a job row.
const MAX_WORD: usize = 128;
/// Longest file path kept.
const MAX_FILE: usize = 1024;

/// One parent of a result, as recorded when the job was queued.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentLink {
    /// The parent's media file, relative to the library root.
    pub file: String,
    /// The parent's task at Kling (none for an imported file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    /// The parent's library item id.
    pub item_id: String,
    /// The tool that made the parent (`TaskKind::as_str`), or "imported".
    pub tool: String,
    /// What the parent was to the new job: the request field it filled ("image", "image_tail",
    /// "video", "audio", ...).
    pub role: String,
}

impl ParentLink {
    /// The link to `item`, in the given role.
    pub fn to_item(item: &Item, role: &str) -> Self {
        ParentLink { file: item.rel_path.clone(), task_id: item.task_id.clone(), item_id: item.id.clone(), tool: item.tool.clone(), role: role.to_string() }
    }

    /// Why a link read from a sidecar or a job row is not kept: a file that is not a plain path
    /// inside the library (`../../etc/passwd`, `/home/…`), or words longer than any the app writes.
    pub fn refusal(&self) -> Option<String> {
        let shown = |text: &str| text.chars().take(60).collect::<String>();
        if self.file.len() > MAX_FILE || !paths::is_plain_relative(&self.file) {
            return Some(format!("refused its made_from file {:?} (not a path inside the library)", shown(&self.file)));
        }
        let words = [Some(self.item_id.as_str()), self.task_id.as_deref(), Some(self.tool.as_str()), Some(self.role.as_str())];
        if words.into_iter().flatten().any(|w| w.len() > MAX_WORD || w.chars().any(char::is_control)) {
            return Some(format!("refused its made_from link to {:?} (a field longer than {MAX_WORD} characters or with control characters)", shown(&self.file)));
        }
        None
    }
}

/// Keeps the links that may be kept (see `ParentLink::refusal`), at most [`MAX_PARENTS`], and
/// returns one line per link dropped.
pub(crate) fn keep_plain(links: &mut Vec<ParentLink>) -> Vec<String> {
    let mut refused = Vec::new();
    links.retain(|link| match link.refusal() {
        Some(why) => {
            refused.push(why);
            false
        }
        None => true,
    });
    if links.len() > MAX_PARENTS {
        refused.push(format!("refused {} made_from links past the first {MAX_PARENTS}", links.len() - MAX_PARENTS));
        links.truncate(MAX_PARENTS);
    }
    refused
}

/// A parent as the detail panel shows it: the item when it is still in the library, or what the
/// child recorded of it when it is gone (deleted, or never in this library).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Parent {
    Present { item: Item, role: String },
    Gone { file: String, task_id: Option<String>, tool: String, role: String },
}

/// A result made from an item, and the role the item had in it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Child {
    pub item: Item,
    pub role: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(file: &str) -> ParentLink {
        ParentLink { file: file.into(), task_id: Some("1".into()), item_id: "image:1:0".into(), tool: "image".into(), role: "image".into() }
    }

    #[test]
    fn only_plain_paths_and_short_words_are_kept() {
        let mut links =
            vec![link("2026-11/a_1.png"), link("../../etc/passwd"), link("/etc/passwd"), link("a\\..\\b"), ParentLink { role: "x".repeat(500), ..link("b.png") }];
        let refused = keep_plain(&mut links);
        assert_eq!(links, vec![link("2026-11/a_1.png")]);
        assert_eq!(refused.len(), 4, "{refused:?}");
        assert!(refused[0].contains("made_from file \"../../etc/passwd\""), "{refused:?}");
        let mut many = vec![link("a.png"); MAX_PARENTS + 3];
        assert_eq!(keep_plain(&mut many).len(), 1);
        assert_eq!(many.len(), MAX_PARENTS);
    }
}
