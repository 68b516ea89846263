//! Reconciling the index with the folder. The folder wins: files added by hand appear, files
//! removed by hand disappear, a changed sidecar is read again, and an unreadable sidecar is
//! reported and set aside (its media file is still listed) rather than stopping the scan.

use super::index::{self, IndexRow};
use super::{naming, Item, ItemKind, Library, LibraryError, MediaType, Sidecar, HIDDEN_DIR, IMPORTED_TOOL, INPUTS_DIR};
use kling_api::picture_limits;
use serde::Serialize;
use std::fs::Metadata;
use std::path::Path;
use walkdir::{DirEntry, WalkDir};

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScanReport {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Things skipped along the way (unreadable sidecars, unreadable folders), one line each.
    pub warnings: Vec<String>,
}

pub(crate) fn reconcile(library: &Library, full: bool) -> Result<ScanReport, LibraryError> {
    let root = library.root().to_path_buf();
    // Phase 1: what the index knows (a short read under the lock).
    let mut known = if full { Default::default() } else { index::file_states(&library.db())? };
    // An empty index (a first open, a rebuild) has no older rows to clean up per file.
    let fresh = full || known.is_empty();
    let mut report = ScanReport::default();

    // Phase 2: walk the folder without holding the database, noting what is new or changed.
    let mut to_read: Vec<(String, Metadata, Option<i64>)> = Vec::new();
    let walker = WalkDir::new(&root).follow_links(false).into_iter().filter_entry(|e| !skipped(e, &root));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                report.warnings.push(format!("skipped {}: {e}", e.path().map(|p| p.display().to_string()).unwrap_or_default()));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(rel) = rel_path(&root, entry.path()) else { continue };
        if MediaType::of_path(&rel).is_none() || naming::is_companion(&rel) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let sidecar_meta = std::fs::metadata(root.join(naming::sidecar_rel_path(&rel))).ok();
        let sidecar_mtime = sidecar_meta.as_ref().map(mtime_ms);
        match known.remove(&rel) {
            Some(state)
                if state.file_size == meta.len()
                    && state.file_mtime == mtime_ms(&meta)
                    && state.sidecar_mtime == sidecar_mtime
                    && state.sidecar_path.is_some() == sidecar_meta.is_some() =>
            {
                report.unchanged += 1;
                continue;
            }
            Some(_) => report.updated += 1,
            None => report.added += 1,
        }
        to_read.push((rel, meta, sidecar_mtime));
    }

    // Phase 3: read sidecars (and headers of files without one) on every core.
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
    let chunk = to_read.len().div_ceil(threads).max(1);
    let read: Vec<(IndexRow, Option<String>)> = std::thread::scope(|s| {
        let workers: Vec<_> = to_read
            .chunks(chunk)
            .map(|part| {
                let root = &root;
                s.spawn(move || part.iter().map(|(rel, meta, sidecar_mtime)| read_row(root, rel, meta, *sidecar_mtime)).collect::<Vec<_>>())
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a scan worker never panics")).collect()
    });

    // Phase 4: one write transaction.
    let conn = library.db();
    let tx = conn.unchecked_transaction()?;
    if full {
        index::delete_all(&tx)?;
    }
    // Rows whose file is gone go first: a row found again under another path (a file moved by
    // hand, a planted path) keeps its id, and must not be deleted after it is written back.
    for state in known.values() {
        index::delete(&tx, &state.id)?;
        report.removed += 1;
    }
    for (row, warning) in read {
        report.warnings.extend(warning);
        index::upsert_into(&tx, &row, fresh)?;
    }
    tx.commit()?;
    for warning in &report.warnings {
        tracing::warn!("library scan: {warning}");
    }
    Ok(report)
}

/// The row for one media file, from its sidecar when it has a readable one.
fn read_row(root: &Path, rel: &str, meta: &Metadata, sidecar_mtime: Option<i64>) -> (IndexRow, Option<String>) {
    let sidecar_rel = naming::sidecar_rel_path(rel);
    let (row, warning) = match sidecar_mtime {
        Some(mtime) => match Sidecar::read_reporting(&root.join(&sidecar_rel)) {
            Ok((sidecar, refused)) => {
                let warning = (!refused.is_empty()).then(|| format!("the sidecar {sidecar_rel} {}; the item is kept without it", refused.join(", ")));
                (row_for(rel, meta, Some((&sidecar_rel, mtime)), Some(&sidecar)), warning)
            }
            Err(detail) => (row_for(rel, meta, None, None), Some(format!("ignored the unreadable sidecar {sidecar_rel}: {detail}"))),
        },
        None => (row_for(rel, meta, None, None), None),
    };
    let (row, refused) = with_dimensions(root, row);
    (row, warning.or(refused))
}

/// The index row for a result the engine has just filed.
pub(crate) fn row_from_sidecar(library: &Library, media_rel: &str, sidecar: &Sidecar) -> Result<IndexRow, LibraryError> {
    let media_abs = library.absolute(media_rel)?;
    let meta = std::fs::metadata(&media_abs).map_err(|e| LibraryError::io("cannot read", &media_abs, e))?;
    let sidecar_rel = naming::sidecar_rel_path(media_rel);
    let sidecar_mtime = std::fs::metadata(library.absolute(&sidecar_rel)?).map(|m| mtime_ms(&m)).unwrap_or(0);
    // What the sidecar does not say (a sound's length) is read from the file's header.
    let (row, _) = with_dimensions(library.root(), row_for(media_rel, &meta, Some((&sidecar_rel, sidecar_mtime)), Some(sidecar)));
    Ok(row)
}

/// The item a media file inside the library is, as a scan would index it (its sidecar read when
/// it has one), for a file the index does not know yet.
pub(crate) fn item_of_file(root: &Path, rel: &str) -> Option<Item> {
    let meta = std::fs::metadata(root.join(rel)).ok().filter(|m| m.is_file())?;
    let sidecar_mtime = std::fs::metadata(root.join(naming::sidecar_rel_path(rel))).ok().map(|m| mtime_ms(&m));
    Some(read_row(root, rel, &meta, sidecar_mtime).0.item)
}

fn row_for(rel: &str, meta: &Metadata, sidecar_file: Option<(&str, i64)>, sidecar: Option<&Sidecar>) -> IndexRow {
    let media = MediaType::of_path(rel).unwrap_or(MediaType::Image);
    let item = match sidecar {
        Some(s) => Item {
            id: s.item_id(),
            rel_path: rel.to_string(),
            sidecar_path: sidecar_file.map(|(p, _)| p.to_string()),
            kind: s.kind,
            tool: s.tool().to_string(),
            media,
            task_id: Some(s.task_id.clone()),
            index: Some(s.index),
            model: Some(s.model.clone()),
            prompt: s.prompt.clone(),
            negative_prompt: s.negative_prompt.clone(),
            created_at: s.created_at,
            width: s.width,
            height: s.height,
            duration_ms: s.duration_secs.map(|d| (d * 1000.0).round() as u64),
            favorite: s.favorite,
        },
        None => Item {
            id: format!("file:{rel}"),
            rel_path: rel.to_string(),
            sidecar_path: None,
            kind: ItemKind::Imported,
            tool: IMPORTED_TOOL.to_string(),
            media,
            task_id: None,
            index: None,
            model: None,
            prompt: String::new(),
            negative_prompt: String::new(),
            created_at: mtime_ms(meta),
            width: None,
            height: None,
            duration_ms: None,
            favorite: false,
        },
    };
    IndexRow {
        item,
        file_size: meta.len(),
        file_mtime: mtime_ms(meta),
        sidecar_mtime: sidecar_file.map(|(_, m)| m),
        tags: sidecar.map(|s| s.tags.clone()).unwrap_or_default(),
        made_from: sidecar.map(|s| s.made_from.clone()).unwrap_or_default(),
    }
}

/// Pixel size of a picture the sidecar did not describe, read from its header only, and a
/// warning when that header claims more pixels than a picture may have: such a file stays listed
/// (so the person can see and delete it) but is never decoded. A sound's length likewise, with a
/// warning when it is not a readable sound.
fn with_dimensions(root: &Path, mut row: IndexRow) -> (IndexRow, Option<String>) {
    let path = root.join(&row.item.rel_path);
    if row.item.media == MediaType::Audio {
        if row.item.duration_ms.is_some() {
            return (row, None);
        }
        return match super::audio::probe(&path) {
            Ok(info) => {
                row.item.duration_ms = Some(info.duration_ms);
                (row, None)
            }
            Err(why) => {
                let warning = format!("{}: {why}; it is listed, with no length or waveform", row.item.rel_path);
                (row, Some(warning))
            }
        };
    }
    if row.item.width.is_some() {
        return (row, None);
    }
    match row.item.media {
        MediaType::Image => match picture_limits::file_dimensions(&path) {
            Ok((w, h)) => {
                row.item.width = Some(w);
                row.item.height = Some(h);
            }
            Err(e @ picture_limits::PictureError::TooLarge { .. }) => {
                let warning = format!("{}: {e}", row.item.rel_path);
                return (row, Some(warning));
            }
            Err(_) => {}
        },
        MediaType::Video => {
            if let Ok(info) = super::video::probe(&path) {
                row.item.width = Some(info.width);
                row.item.height = Some(info.height);
                row.item.duration_ms = Some(info.duration_ms);
            }
        }
        MediaType::Audio => {}
    }
    (row, None)
}

/// Hidden folders (the index, downloads in progress), hidden files (temporary writes), the
/// inputs folder and the elements' and voices' folders are not gallery items.
fn skipped(entry: &DirEntry, root: &Path) -> bool {
    if entry.depth() == 0 {
        return false;
    }
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.')
        || (entry.depth() == 1 && (name == INPUTS_DIR || name == HIDDEN_DIR || name == crate::assets::ELEMENTS_DIR || name == crate::assets::VOICES_DIR))
        || entry.path() == root.join(HIDDEN_DIR)
}

pub(crate) fn rel_path(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Some(parts.join("/"))
}

pub(crate) fn mtime_ms(meta: &Metadata) -> i64 {
    meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_millis() as i64).unwrap_or(0)
}
