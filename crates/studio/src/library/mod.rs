//! The media library: a folder a person can open, where every result is a file with a JSON
//! sidecar beside it, plus a hidden `.kling-studio` folder with the SQLite index and thumbnails.
//! The folder is the truth; the index can always be rebuilt from it.

pub mod audio;
mod errors;
pub mod export;
mod index;
mod item;
mod lineage;
mod naming;
pub mod paths;
mod query;
mod relocate;
mod scan;
mod sidecar;
mod thumbnail_pool;
mod thumbnails;
pub mod video;

pub use errors::LibraryError;
pub use item::{Item, ItemKind, MediaType, IMPORTED_TOOL};
pub(crate) use lineage::keep_plain as keep_plain_links;
pub use lineage::{Child, Parent, ParentLink, MAX_PARENTS};
pub use naming::{is_companion, media_rel_path, sidecar_rel_path, wav_copy_rel_path};
pub use query::{GalleryQuery, Page, SortOrder};
pub use relocate::{relocate, RelocateError, RelocateReport};
pub use scan::ScanReport;
pub use sidecar::Sidecar;
pub use thumbnail_pool::ThumbnailPool;
pub use thumbnails::{picture_thumbnail, thumbnail_mime};

pub fn sidecar_version() -> u32 {
    sidecar::SIDECAR_VERSION
}

use crate::atomic;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The hidden folder inside the library that holds what can be rebuilt (index, thumbnails)
/// and downloads in progress.
pub const HIDDEN_DIR: &str = ".kling-studio";
/// Copies of the pictures given as inputs (animate, reference images), named by content.
pub const INPUTS_DIR: &str = "inputs";

/// Where the built-in sandbox keeps its emulator's tasks for the sandbox library at `root`: the
/// app and `kling --sandbox` share it, so jobs in that library find their tasks after a restart.
pub fn sandbox_task_file(root: &Path) -> PathBuf {
    root.join(HIDDEN_DIR).join("sandbox-tasks.json")
}

/// "Kling Studio" in the user's Pictures folder, resolved the platform's way.
pub fn default_library_root() -> Option<PathBuf> {
    dirs::picture_dir().or_else(|| dirs::home_dir().map(|h| h.join("Pictures"))).map(|p| p.join("Kling Studio"))
}

pub struct Library {
    root: PathBuf,
    conn: Mutex<Connection>,
}

impl Library {
    /// Opens (creating it when needed) the library at `root`. A missing or damaged index is
    /// rebuilt from the sidecars; an existing one is reconciled with the folder.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self, LibraryError> {
        let library = Self::open_unscanned(root)?;
        library.rescan()?;
        Ok(library)
    }

    /// Opens the index as it was left, without looking at the folder: the gallery can show at
    /// once while `rescan` runs in the background (at 100,000 items a rescan takes about a second).
    pub fn open_unscanned(root: impl Into<PathBuf>) -> Result<Self, LibraryError> {
        let root = root.into();
        for dir in [root.clone(), root.join(HIDDEN_DIR), root.join(HIDDEN_DIR).join("tmp"), root.join(HIDDEN_DIR).join("thumbs")] {
            std::fs::create_dir_all(&dir).map_err(|e| LibraryError::unwritable(&dir, &e))?;
        }
        probe_writable(&root)?;
        let db_path = root.join(HIDDEN_DIR).join("index.sqlite");
        let conn = match index::open(&db_path) {
            Ok(conn) => conn,
            Err(e) => {
                // The index is only a cache: set a damaged one aside and start again.
                tracing::warn!("library index unreadable ({e}); rebuilding it from the sidecars");
                let _ = std::fs::rename(&db_path, db_path.with_extension("sqlite.damaged"));
                index::open(&db_path)?
            }
        };
        Ok(Self { root, conn: Mutex::new(conn) })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where downloads are streamed before they are verified and renamed into place.
    pub fn tmp_dir(&self) -> PathBuf {
        self.root.join(HIDDEN_DIR).join("tmp")
    }

    pub fn thumbs_dir(&self) -> PathBuf {
        self.root.join(HIDDEN_DIR).join("thumbs")
    }

    /// The file a library-relative path names. The path usually comes from the library's own
    /// files, which are input: anything but plain names (`/etc/…`, `..`) is refused with
    /// `OutsidePath`, which the caller reports — no read or write leaves the library.
    pub fn absolute(&self, rel_path: &str) -> Result<PathBuf, LibraryError> {
        if paths::is_plain_relative(rel_path) {
            Ok(self.root.join(rel_path))
        } else {
            Err(LibraryError::outside_path(rel_path))
        }
    }

    pub(crate) fn db(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Brings the index in line with the folder: new files in, changed files re-read, vanished
    /// files out. Hand-added media without a sidecar are indexed as imported items.
    pub fn rescan(&self) -> Result<ScanReport, LibraryError> {
        scan::reconcile(self, false)
    }

    /// Forgets the index and reads every sidecar again.
    pub fn rebuild(&self) -> Result<ScanReport, LibraryError> {
        scan::reconcile(self, true)
    }

    /// Files a finished result: writes its sidecar, moves the verified media file (already
    /// inside the library's tmp folder) to its final name, and indexes it. Idempotent: filing the
    /// same result twice leaves one item.
    pub fn add(&self, downloaded: &Path, sidecar: &Sidecar) -> Result<Item, LibraryError> {
        self.add_with_copy(downloaded, None, sidecar)
    }

    /// Files a result and, when given, its watermarked copy beside it (`sidecar.watermarked`
    /// should say so).
    pub fn add_with_copy(&self, downloaded: &Path, watermarked: Option<&Path>, sidecar: &Sidecar) -> Result<Item, LibraryError> {
        self.add_with_copies(downloaded, watermarked, None, sidecar)
    }

    /// As `add_with_copy`, also moving a sound's wav beside its mp3 (`naming::wav_copy_rel_path`).
    pub fn add_with_copies(&self, downloaded: &Path, watermarked: Option<&Path>, wav: Option<&Path>, sidecar: &Sidecar) -> Result<Item, LibraryError> {
        let media_rel = sidecar.media_rel_path();
        let media_abs = self.absolute(&media_rel)?;
        let sidecar_abs = self.absolute(&naming::sidecar_rel_path(&media_rel))?;
        if let Some(parent) = media_abs.parent() {
            std::fs::create_dir_all(parent).map_err(|e| LibraryError::unwritable(parent, &e))?;
        }
        // Sidecar first: a crash between the two leaves a sidecar with no media, which a scan
        // ignores and the engine completes, never a media file with no description.
        atomic::write(&sidecar_abs, &sidecar.to_json()).map_err(|e| LibraryError::io("cannot write", &sidecar_abs, e))?;
        if let Some(copy) = watermarked {
            let copy_abs = self.absolute(&naming::watermarked_rel_path(&media_rel))?;
            atomic::rename(copy, &copy_abs).map_err(|e| LibraryError::io("cannot move the watermarked copy to", &copy_abs, e))?;
        }
        if let Some(wav) = wav {
            let wav_abs = self.absolute(&naming::wav_copy_rel_path(&media_rel))?;
            atomic::rename(wav, &wav_abs).map_err(|e| LibraryError::io("cannot move the sound's wav to", &wav_abs, e))?;
        }
        if downloaded != media_abs {
            atomic::rename(downloaded, &media_abs).map_err(|e| LibraryError::io("cannot move the download to", &media_abs, e))?;
        }
        let row = scan::row_from_sidecar(self, &media_rel, sidecar)?;
        index::upsert(&self.db(), &row)?;
        Ok(row.item)
    }

    /// Copies an input picture into `inputs/`, named by its content so repeats share one file.
    /// Returns its path relative to the library root.
    pub fn import_input(&self, path: &Path) -> Result<String, LibraryError> {
        let bytes = std::fs::read(path).map_err(|e| LibraryError::io("cannot read", path, e))?;
        let digest = Sha256::digest(&bytes);
        let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("bin").to_ascii_lowercase();
        let rel = format!("{INPUTS_DIR}/{hex}.{ext}");
        let abs = self.absolute(&rel)?;
        if !abs.exists() {
            let dir = self.root.join(INPUTS_DIR);
            std::fs::create_dir_all(&dir).map_err(|e| LibraryError::unwritable(&dir, &e))?;
            atomic::write(&abs, &bytes).map_err(|e| LibraryError::io("cannot write", &abs, e))?;
        }
        Ok(rel)
    }

    pub fn get(&self, id: &str) -> Result<Item, LibraryError> {
        index::get(&self.db(), id)?.ok_or_else(|| LibraryError::NotFound(id.to_string()))
    }

    /// The full description of an item (every parameter), read from its sidecar.
    pub fn sidecar(&self, id: &str) -> Result<Option<Sidecar>, LibraryError> {
        let item = self.get(id)?;
        let Some(rel) = item.sidecar_path.as_deref() else { return Ok(None) };
        Ok(Sidecar::read(&self.absolute(rel)?).ok())
    }

    /// The Kling video id of a video Kling made (kept in its sidecar), to send it to extend,
    /// lip-sync or video-to-audio by id; None for an item without one (a picture, an imported
    /// file, a video filed before ids were kept). Record the item as the job's parent (role
    /// "video", `Engine::enqueue_made_from`).
    pub fn kling_video_id(&self, item_id: &str) -> Result<Option<String>, LibraryError> {
        Ok(self.sidecar(item_id)?.and_then(|s| s.video_id))
    }

    pub fn query(&self, query: &GalleryQuery) -> Result<Page, LibraryError> {
        query::run(&self.db(), query)
    }

    /// The models present in the library, for the gallery's filter.
    pub fn models(&self) -> Result<Vec<String>, LibraryError> {
        index::models(&self.db())
    }

    /// The tools that made the items present ("imported" among them), for the gallery's filter.
    pub fn tools(&self) -> Result<Vec<String>, LibraryError> {
        index::tools(&self.db())
    }

    /// What item `id` was made from, in the order its sidecar lists them: each parent still in
    /// the library as its item (open it, show its thumbnail), or, when it was deleted since, as
    /// what the child recorded of it.
    pub fn made_from(&self, id: &str) -> Result<Vec<Parent>, LibraryError> {
        let db = self.db();
        index::get(&db, id)?.ok_or_else(|| LibraryError::NotFound(id.to_string()))?;
        let mut parents = Vec::new();
        for link in index::parent_links(&db, id)? {
            // By id; by file for a parent that was an imported file when the link was made and
            // has had a sidecar put beside it since.
            let present = match index::get(&db, &link.item_id)? {
                Some(item) => Some(item),
                None => index::get_by_path(&db, &link.file)?,
            };
            parents.push(match present {
                Some(item) => Parent::Present { item, role: link.role },
                None => Parent::Gone { file: link.file, task_id: link.task_id, tool: link.tool, role: link.role },
            });
        }
        Ok(parents)
    }

    /// The results made from item `id` (each with the role `id` had in it), newest first.
    pub fn used_in(&self, id: &str) -> Result<Vec<Child>, LibraryError> {
        let db = self.db();
        let parent = index::get(&db, id)?.ok_or_else(|| LibraryError::NotFound(id.to_string()))?;
        Ok(index::children(&db, &parent)?.into_iter().map(|(item, role)| Child { item, role }).collect())
    }

    /// The other results of the task that made item `id`: the video an add-sound task made
    /// beside its sound, and the reverse.
    pub fn same_task(&self, id: &str) -> Result<Vec<Item>, LibraryError> {
        let db = self.db();
        let item = index::get(&db, id)?.ok_or_else(|| LibraryError::NotFound(id.to_string()))?;
        index::same_task(&db, &item)
    }

    /// The library item a file given as a job's input is, when it is one: a media file inside
    /// this library (by any path leading there, symbolic links resolved), outside its hidden and
    /// inputs folders. A file the index does not know yet is read as a scan would read it.
    pub fn item_at(&self, path: &Path) -> Option<Item> {
        let root = std::fs::canonicalize(&self.root).ok()?;
        let file = std::fs::canonicalize(path).ok()?;
        let rel = scan::rel_path(&root, &file)?;
        let top = rel.split('/').next()?;
        if !paths::is_plain_relative(&rel) || rel.split('/').any(|part| part.starts_with('.')) || top == INPUTS_DIR || MediaType::of_path(&rel).is_none() {
            return None;
        }
        if naming::is_companion(&rel) {
            return None;
        }
        match index::get_by_path(&self.db(), &rel) {
            Ok(Some(item)) => Some(item),
            _ => scan::item_of_file(&root, &rel),
        }
    }

    /// Task ids already filed for a kind (sync skips them).
    pub fn task_ids(&self, kind: ItemKind) -> Result<std::collections::HashSet<String>, LibraryError> {
        index::task_ids(&self.db(), kind)
    }

    pub fn count(&self) -> Result<u64, LibraryError> {
        index::count(&self.db())
    }

    /// Marks or unmarks a favourite. Written to the sidecar too, so a rebuild keeps it.
    pub fn set_favorite(&self, id: &str, favorite: bool) -> Result<(), LibraryError> {
        self.edit_sidecar(id, |s| s.favorite = favorite)?;
        index::set_favorite(&self.db(), id, favorite)
    }

    pub fn set_tags(&self, id: &str, tags: &[String]) -> Result<(), LibraryError> {
        let mut clean: Vec<String> = tags.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        clean.sort();
        clean.dedup();
        self.edit_sidecar(id, |s| s.tags = clean.clone())?;
        index::set_tags(&self.db(), id, &clean)
    }

    pub fn tags(&self, id: &str) -> Result<Vec<String>, LibraryError> {
        index::tags(&self.db(), id)
    }

    /// Moves the items' files (media and sidecar) to the OS trash and drops them from the index.
    pub fn delete(&self, ids: &[String]) -> Result<usize, LibraryError> {
        let mut deleted = 0;
        for id in ids {
            let item = self.get(id)?;
            let media = self.absolute(&item.rel_path)?;
            let mut paths =
                vec![media.clone(), self.absolute(&naming::watermarked_rel_path(&item.rel_path))?, self.absolute(&naming::wav_copy_rel_path(&item.rel_path))?];
            if let Some(sidecar) = &item.sidecar_path {
                paths.push(self.absolute(sidecar)?);
            }
            paths.retain(|p| p.exists());
            if !paths.is_empty() {
                trash::delete_all(&paths).map_err(|e| LibraryError::Trash { path: media, detail: e.to_string() })?;
            }
            let _ = std::fs::remove_file(thumbnails::thumb_path(self, id, item.media));
            index::delete(&self.db(), id)?;
            deleted += 1;
        }
        Ok(deleted)
    }

    /// A small JPEG of the item for the gallery, made once and cached.
    pub fn thumbnail(&self, id: &str) -> Result<PathBuf, LibraryError> {
        let item = self.get(id)?;
        thumbnails::ensure(self, &item)
    }

    fn edit_sidecar(&self, id: &str, change: impl FnOnce(&mut Sidecar)) -> Result<(), LibraryError> {
        let item = self.get(id)?;
        let Some(rel) = item.sidecar_path else {
            return Err(LibraryError::NoSidecar(item.rel_path));
        };
        let path = self.absolute(&rel)?;
        let mut sidecar = Sidecar::read(&path).map_err(|detail| LibraryError::CorruptSidecar { path: path.clone(), detail })?;
        change(&mut sidecar);
        atomic::write(&path, &sidecar.to_json()).map_err(|e| LibraryError::io("cannot write", &path, e))?;
        let meta = std::fs::metadata(&path).map_err(|e| LibraryError::io("cannot read", &path, e))?;
        index::set_sidecar_mtime(&self.db(), id, scan::mtime_ms(&meta))
    }
}

/// The library's own hidden folder is where it writes first (the index): it must take a file.
fn probe_writable(root: &Path) -> Result<(), LibraryError> {
    crate::write_probe::check_writable(&root.join(HIDDEN_DIR)).map_err(|e| LibraryError::unwritable(root, &e))
}
