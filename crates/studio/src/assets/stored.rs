//! An element or voice as the library keeps it. Sidecars are input like anything read from disk:
//! each is checked on reading (ids, names, file names), and one that fails is skipped.

use serde::{Deserialize, Serialize};

/// Longest name or description kept (the API's limits are 20 and 100; presets may say more).
const MAX_TEXT_CHARS: usize = 400;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredElement {
    /// A whole number, as text (it exceeds what a JavaScript number holds exactly).
    pub element_id: String,
    pub name: String,
    pub description: String,
    /// Made from a clip of a person rather than pictures.
    #[serde(default)]
    pub from_clip: bool,
    /// Tag ids, `o_101`–`o_108`.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub voice_id: Option<String>,
    #[serde(default)]
    pub voice_name: Option<String>,
    /// One of Kling's, not the account's own.
    #[serde(default)]
    pub preset: bool,
    /// The pictures kept in its folder, the front one first (`front.png`, `refer-1.jpg`…).
    #[serde(default)]
    pub pictures: Vec<String>,
    /// Deleted from the account: kept here so the results made with it still name it.
    #[serde(default)]
    pub deleted: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredVoice {
    pub voice_id: String,
    pub name: String,
    #[serde(default)]
    pub preset: bool,
    /// The trial sound kept in its folder (`trial.mp3`), once fetched.
    #[serde(default)]
    pub trial: Option<String>,
    #[serde(default)]
    pub deleted: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AssetKindName {
    Element,
    Voice,
}

impl AssetKindName {
    pub fn api(self) -> kling_api::AssetKind {
        match self {
            AssetKindName::Element => kling_api::AssetKind::Element,
            AssetKindName::Voice => kling_api::AssetKind::Voice,
        }
    }
}

/// A create sent to the account whose task has not ended yet (or failed, until dismissed).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub task_id: String,
    pub kind: AssetKindName,
    pub name: String,
    #[cfg_attr(feature = "specta", specta(type = f64))]
    pub started_ms: i64,
    /// Why Kling could not make it; None while it is being made.
    #[serde(default)]
    pub failure: Option<String>,
}

/// One line of plain text of at most `most` characters.
fn plain(text: &str, most: usize) -> bool {
    !text.chars().any(char::is_control) && text.chars().count() <= most
}

/// `front.png`, `refer-1.jpg`…: the only file names an element's folder holds.
pub fn is_picture_name(name: &str) -> bool {
    let Some((stem, ext)) = name.split_once('.') else { return false };
    matches!(stem, "front" | "refer-1" | "refer-2" | "refer-3") && matches!(ext, "png" | "jpg")
}

pub fn is_element_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()) && id.parse::<u64>().is_ok()
}

impl StoredElement {
    /// Whether a sidecar read from disk is one the app could have written.
    pub fn is_sound(&self) -> bool {
        is_element_id(&self.element_id)
            && plain(&self.name, MAX_TEXT_CHARS)
            && plain(&self.description, MAX_TEXT_CHARS)
            && self.pictures.len() <= 4
            && self.pictures.iter().all(|p| is_picture_name(p))
            && self.tags.iter().all(|t| kling_api::ELEMENT_TAG_NAMES.iter().any(|(id, _)| id == t))
            && self.voice_id.as_deref().is_none_or(kling_api::is_task_id)
            && self.voice_name.as_deref().is_none_or(|n| plain(n, MAX_TEXT_CHARS))
    }
}

impl StoredVoice {
    pub fn is_sound(&self) -> bool {
        kling_api::is_task_id(&self.voice_id) && plain(&self.name, MAX_TEXT_CHARS) && self.trial.as_deref().is_none_or(|t| t == "trial.mp3")
    }
}

impl Pending {
    pub fn is_sound(&self) -> bool {
        kling_api::is_task_id(&self.task_id) && plain(&self.name, MAX_TEXT_CHARS) && self.failure.as_deref().is_none_or(|f| plain(f, 1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_app_writes_is_taken() {
        let good = StoredElement {
            element_id: "829836802793406551".into(),
            name: "Mia".into(),
            description: "a girl".into(),
            from_clip: false,
            tags: vec!["o_102".into()],
            voice_id: None,
            voice_name: None,
            preset: false,
            pictures: vec!["front.png".into(), "refer-1.jpg".into()],
            deleted: false,
        };
        assert!(good.is_sound());
        for bad in [
            StoredElement { element_id: "../../x".into(), ..good.clone() },
            StoredElement { element_id: "99999999999999999999".into(), ..good.clone() },
            StoredElement { pictures: vec!["../../.ssh/id_rsa".into()], ..good.clone() },
            StoredElement { pictures: vec!["front.png/..".into()], ..good.clone() },
            StoredElement { tags: vec!["o_999".into()], ..good.clone() },
            StoredElement { name: "a\nb".into(), ..good.clone() },
            StoredElement { voice_id: Some("a/b".into()), ..good.clone() },
        ] {
            assert!(!bad.is_sound(), "{bad:?}");
        }
        let voice = StoredVoice { voice_id: "v-1".into(), name: "Calm".into(), preset: true, trial: Some("trial.mp3".into()), deleted: false };
        assert!(voice.is_sound());
        assert!(!StoredVoice { trial: Some("../x.mp3".into()), ..voice.clone() }.is_sound());
        assert!(!StoredVoice { voice_id: "..".into(), ..voice }.is_sound());
    }
}
