//! The files: `elements/<element id>/element.json` (+ pictures), `voices/<voice id>/voice.json`
//! (+ `trial.mp3`), and `<kind>/pending.json` for the creates still being made. Every write is
//! atomic; every read is checked (`stored`), and a folder or sidecar that fails is skipped.

use super::stored::{is_element_id, is_picture_name, AssetKindName, Pending, StoredElement, StoredVoice};
use super::AssetError;
use crate::atomic;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub const ELEMENTS_DIR: &str = "elements";
pub const VOICES_DIR: &str = "voices";
const PENDING_FILE: &str = "pending.json";
/// Far more than any sidecar the app writes: a planted huge file is not read.
const MAX_SIDECAR_BYTES: u64 = 256 * 1024;

/// The elements and voices kept in one library folder.
#[derive(Clone, Debug)]
pub struct AssetStore {
    root: PathBuf,
}

fn read_json<T: DeserializeOwned>(path: &Path) -> Option<T> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_SIDECAR_BYTES {
        tracing::warn!("skipped {}: not a sidecar the app writes", path.display());
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).map_err(|e| tracing::warn!("skipped {}: unreadable ({e})", path.display())).ok()
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), AssetError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| AssetError::io("cannot create the folder", dir, e))?;
    }
    let bytes = serde_json::to_vec_pretty(value).map_err(|e| AssetError::io("cannot write", path, std::io::Error::other(e)))?;
    atomic::write(path, &bytes).map_err(|e| AssetError::io("cannot write", path, e))
}

impl AssetStore {
    pub fn new(library_root: impl Into<PathBuf>) -> Self {
        Self { root: library_root.into() }
    }

    fn dir(&self, kind: AssetKindName) -> PathBuf {
        self.root.join(match kind {
            AssetKindName::Element => ELEMENTS_DIR,
            AssetKindName::Voice => VOICES_DIR,
        })
    }

    /// An element's folder; None for an id the app would never write.
    pub fn element_dir(&self, element_id: &str) -> Option<PathBuf> {
        is_element_id(element_id).then(|| self.dir(AssetKindName::Element).join(element_id))
    }

    pub fn voice_dir(&self, voice_id: &str) -> Option<PathBuf> {
        kling_api::is_task_id(voice_id).then(|| self.dir(AssetKindName::Voice).join(voice_id))
    }

    /// Where one of an element's pictures is kept; None for a name it never has.
    pub fn picture_path(&self, element_id: &str, name: &str) -> Option<PathBuf> {
        is_picture_name(name).then(|| self.element_dir(element_id)).flatten().map(|d| d.join(name))
    }

    pub fn trial_path(&self, voice_id: &str) -> Option<PathBuf> {
        self.voice_dir(voice_id).map(|d| d.join("trial.mp3"))
    }

    /// The folder names of one kind's sidecars (ids), as found on disk.
    fn ids(&self, kind: AssetKindName) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.dir(kind)) else { return Vec::new() };
        entries.filter_map(Result::ok).filter(|e| e.file_type().is_ok_and(|t| t.is_dir())).filter_map(|e| e.file_name().into_string().ok()).collect()
    }

    pub fn element(&self, element_id: &str) -> Option<StoredElement> {
        let dir = self.element_dir(element_id)?;
        let element: StoredElement = read_json(&dir.join("element.json"))?;
        // Only the pictures that are there; the sidecar must be the folder's own.
        let mut element = (element.is_sound() && element.element_id == element_id).then_some(element)?;
        element.pictures.retain(|p| dir.join(p).is_file());
        Some(element)
    }

    pub fn voice(&self, voice_id: &str) -> Option<StoredVoice> {
        let dir = self.voice_dir(voice_id)?;
        let mut voice: StoredVoice = read_json(&dir.join("voice.json")).filter(|v: &StoredVoice| v.is_sound() && v.voice_id == voice_id)?;
        voice.trial = voice.trial.filter(|t| dir.join(t).is_file());
        Some(voice)
    }

    /// Every element kept: the account's own first, then Kling's presets, each by name.
    pub fn elements(&self) -> Vec<StoredElement> {
        let mut all: Vec<StoredElement> = self.ids(AssetKindName::Element).iter().filter_map(|id| self.element(id)).collect();
        all.sort_by_key(|a| (a.preset, a.deleted, a.name.to_lowercase()));
        all
    }

    pub fn voices(&self) -> Vec<StoredVoice> {
        let mut all: Vec<StoredVoice> = self.ids(AssetKindName::Voice).iter().filter_map(|id| self.voice(id)).collect();
        all.sort_by_key(|a| (a.preset, a.deleted, a.name.to_lowercase()));
        all
    }

    pub fn put_element(&self, element: &StoredElement) -> Result<(), AssetError> {
        let dir = self.element_dir(&element.element_id).ok_or_else(|| AssetError::Invalid { field: "element_id", message: "not a whole number".into() })?;
        write_json(&dir.join("element.json"), element)
    }

    pub fn put_voice(&self, voice: &StoredVoice) -> Result<(), AssetError> {
        let dir = self.voice_dir(&voice.voice_id).ok_or_else(|| AssetError::Invalid { field: "voice_id", message: "not an id Kling gives".into() })?;
        write_json(&dir.join("voice.json"), voice)
    }

    /// The creates still being made (or failed), both kinds, oldest first.
    pub fn pending(&self) -> Vec<Pending> {
        let mut all: Vec<Pending> = [AssetKindName::Element, AssetKindName::Voice]
            .into_iter()
            .flat_map(|kind| {
                let listed: Vec<Pending> = read_json(&self.dir(kind).join(PENDING_FILE)).unwrap_or_default();
                listed.into_iter().filter(move |p| p.is_sound() && p.kind == kind)
            })
            .collect();
        all.sort_by_key(|p| p.started_ms);
        all
    }

    fn set_pending(&self, kind: AssetKindName, list: &[Pending]) -> Result<(), AssetError> {
        let mine: Vec<&Pending> = list.iter().filter(|p| p.kind == kind).collect();
        write_json(&self.dir(kind).join(PENDING_FILE), &mine)
    }

    pub fn add_pending(&self, pending: Pending) -> Result<(), AssetError> {
        let mut all = self.pending();
        all.retain(|p| p.task_id != pending.task_id);
        let kind = pending.kind;
        all.push(pending);
        self.set_pending(kind, &all)
    }

    /// Replaces one create's record (ended: None drops it).
    pub fn update_pending(&self, task_id: &str, kind: AssetKindName, replacement: Option<Pending>) -> Result<(), AssetError> {
        let mut all = self.pending();
        all.retain(|p| !(p.task_id == task_id && p.kind == kind));
        all.extend(replacement);
        self.set_pending(kind, &all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(id: &str, name: &str, preset: bool) -> StoredElement {
        StoredElement {
            element_id: id.into(),
            name: name.into(),
            description: "d".into(),
            from_clip: false,
            tags: Vec::new(),
            voice_id: None,
            voice_name: None,
            preset,
            pictures: vec!["front.png".into()],
            deleted: false,
        }
    }

    #[test]
    fn sidecars_round_trip_and_planted_ones_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let store = AssetStore::new(dir.path());
        store.put_element(&element("12", "Zed", false)).unwrap();
        store.put_element(&element("11", "amy", true)).unwrap();
        store.put_element(&element("13", "Bo", false)).unwrap();
        std::fs::write(store.picture_path("13", "front.png").unwrap(), b"png").unwrap();
        let names: Vec<String> = store.elements().iter().map(|e| e.name.clone()).collect();
        assert_eq!(names, ["Bo", "Zed", "amy"], "own first, then presets, by name");
        assert_eq!(store.element("13").unwrap().pictures, ["front.png"]);
        assert!(store.element("12").unwrap().pictures.is_empty(), "a picture not there is not listed");

        // A sidecar under another id's folder, a planted path, a huge file, junk: skipped.
        let planted = dir.path().join("elements/14");
        std::fs::create_dir_all(&planted).unwrap();
        std::fs::write(planted.join("element.json"), serde_json::to_vec(&element("12", "Twin", false)).unwrap()).unwrap();
        let outside = dir.path().join("elements/15");
        std::fs::create_dir_all(&outside).unwrap();
        let mut bad = element("15", "Evil", false);
        bad.pictures = vec!["../../../etc/passwd".into()];
        std::fs::write(outside.join("element.json"), serde_json::to_vec(&bad).unwrap()).unwrap();
        std::fs::create_dir_all(dir.path().join("elements/16")).unwrap();
        std::fs::write(dir.path().join("elements/16/element.json"), vec![b' '; 300 * 1024]).unwrap();
        std::fs::create_dir_all(dir.path().join("elements/..x")).unwrap();
        assert_eq!(store.elements().len(), 3);
        assert!(store.picture_path("13", "../x.png").is_none() && store.element_dir("../13").is_none());
    }

    #[test]
    fn pending_creates_survive_and_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = AssetStore::new(dir.path());
        let p = |id: &str, kind, at| Pending { task_id: id.into(), kind, name: "n".into(), started_ms: at, failure: None };
        store.add_pending(p("2", AssetKindName::Voice, 2)).unwrap();
        store.add_pending(p("1", AssetKindName::Element, 1)).unwrap();
        assert_eq!(AssetStore::new(dir.path()).pending().iter().map(|p| p.task_id.as_str()).collect::<Vec<_>>(), ["1", "2"]);
        store.update_pending("1", AssetKindName::Element, Some(Pending { failure: Some("refused".into()), ..p("1", AssetKindName::Element, 1) })).unwrap();
        assert_eq!(store.pending()[0].failure.as_deref(), Some("refused"));
        store.update_pending("2", AssetKindName::Voice, None).unwrap();
        assert_eq!(store.pending().len(), 1);
        std::fs::write(dir.path().join("elements/pending.json"), b"[{\"task_id\":\"../x\",\"kind\":\"element\",\"name\":\"n\",\"started_ms\":1}]").unwrap();
        assert!(store.pending().is_empty(), "a planted task id is not followed");
    }
}
