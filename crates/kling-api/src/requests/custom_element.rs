//! `POST /v1/general/advanced-custom-elements` (addendum §6.10): an element — a character or
//! object the newest models keep the same from video to video — made from a front picture and 1–3
//! more pictures of it, or from one reference clip of a person; with a name, a description, tags
//! and an optional voice. An asynchronous task whose result is the element (`task_result.elements`).

use super::media::{check_id, check_media_url};
use crate::image_input::ImageInput;
use crate::validation::{check_callback_url, check_external_id, ValidationError};
use serde::{Deserialize, Serialize};

pub const MAX_ELEMENT_NAME_CHARS: usize = 20;
pub const MAX_ELEMENT_DESCRIPTION_CHARS: usize = 100;
/// More pictures of the element beside the front one: 1 to 3.
pub const ELEMENT_REFER_IMAGES: (usize, usize) = (1, 3);
/// The tags Kling documents, `o_101` to `o_108`.
pub const ELEMENT_TAGS: std::ops::RangeInclusive<u16> = 101..=108;
/// The tags' names: one API doc table (verified with the search tool; two other clients agree on
/// o_102 character, o_104 item and o_106 scene).
pub const ELEMENT_TAG_NAMES: [(&str, &str); 8] = [
    ("o_101", "Hottest"),
    ("o_102", "Character"),
    ("o_103", "Animal"),
    ("o_104", "Item"),
    ("o_105", "Costume"),
    ("o_106", "Scene"),
    ("o_107", "Effect"),
    ("o_108", "Others"),
];

/// What the element is made from.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReferenceType {
    /// A front picture and 1–3 more.
    #[default]
    #[serde(rename = "image_refer")]
    Pictures,
    /// One clip of a real person, 3–8 s, 1080p, 16:9 or 9:16.
    #[serde(rename = "video_refer")]
    Clip,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferImage {
    pub image_url: ImageInput,
}

/// `element_image_list`: the front picture and the others.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ElementImages {
    pub frontal_image: ImageInput,
    #[serde(default)]
    pub refer_images: Vec<ReferImage>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferVideo {
    pub video_url: String,
}

/// `element_video_list`: the one clip.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ElementVideos {
    pub refer_videos: Vec<ReferVideo>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElementTag {
    pub tag_id: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomElementRequest {
    pub element_name: String,
    pub element_description: String,
    #[serde(default)]
    pub reference_type: ReferenceType,
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_image_list: Option<ElementImages>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_video_list: Option<ElementVideos>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_voice_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_list: Option<Vec<ElementTag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

fn err<T>(field: &str, message: impl Into<String>) -> Result<T, ValidationError> {
    Err(ValidationError::new(field, message))
}

fn check_words(field: &str, text: &str, most: usize) -> Result<(), ValidationError> {
    let chars = text.chars().count();
    if text.trim().is_empty() {
        return err(field, "must not be empty");
    }
    if chars > most {
        return err(field, format!("at most {most} characters (got {chars})"));
    }
    if text.chars().any(char::is_control) {
        return err(field, "must be one line of text");
    }
    Ok(())
}

impl CustomElementRequest {
    /// An element from a front picture and the others.
    pub fn from_pictures(name: impl Into<String>, description: impl Into<String>, front: ImageInput, others: Vec<ImageInput>) -> Self {
        Self {
            element_name: name.into(),
            element_description: description.into(),
            reference_type: ReferenceType::Pictures,
            element_image_list: Some(ElementImages { frontal_image: front, refer_images: others.into_iter().map(|image_url| ReferImage { image_url }).collect() }),
            element_video_list: None,
            element_voice_id: None,
            tag_list: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    /// An element from one clip of a person, by its public link.
    pub fn from_clip(name: impl Into<String>, description: impl Into<String>, video_url: impl Into<String>) -> Self {
        Self {
            reference_type: ReferenceType::Clip,
            element_image_list: None,
            element_video_list: Some(ElementVideos { refer_videos: vec![ReferVideo { video_url: video_url.into() }] }),
            ..Self::from_pictures(name, description, ImageInput::Base64(String::new()), Vec::new())
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        check_words("element_name", &self.element_name, MAX_ELEMENT_NAME_CHARS)?;
        check_words("element_description", &self.element_description, MAX_ELEMENT_DESCRIPTION_CHARS)?;
        match (self.reference_type, &self.element_image_list, &self.element_video_list) {
            (ReferenceType::Pictures, None, _) => return err("element_image_list", "give the front picture and 1 to 3 more"),
            (ReferenceType::Pictures, Some(_), Some(_)) => return err("element_video_list", "an element from pictures takes no clip"),
            (ReferenceType::Pictures, Some(images), None) => {
                images.frontal_image.check("frontal_image")?;
                let (least, most) = ELEMENT_REFER_IMAGES;
                let count = images.refer_images.len();
                if !(least..=most).contains(&count) {
                    return err("refer_images", format!("give {least} to {most} more pictures beside the front one (got {count})"));
                }
                for (i, picture) in images.refer_images.iter().enumerate() {
                    picture.image_url.check("refer_images").map_err(|e| ValidationError::new(e.field, format!("picture {}: {}", i + 1, e.message)))?;
                }
            }
            (ReferenceType::Clip, _, None) => return err("element_video_list", "give the clip of the person (one link)"),
            (ReferenceType::Clip, Some(_), Some(_)) => return err("element_image_list", "an element from a clip takes no pictures"),
            (ReferenceType::Clip, None, Some(videos)) => match videos.refer_videos.as_slice() {
                [one] => check_media_url("refer_videos", &one.video_url)?,
                other => return err("refer_videos", format!("give exactly one clip (got {})", other.len())),
            },
        }
        if let Some(voice) = &self.element_voice_id {
            check_id("element_voice_id", voice)?;
        }
        let tags = self.tag_list.as_deref().unwrap_or_default();
        for (i, tag) in tags.iter().enumerate() {
            let known = tag.tag_id.strip_prefix("o_").and_then(|n| n.parse::<u16>().ok()).is_some_and(|n| ELEMENT_TAGS.contains(&n));
            if !known {
                return err("tag_list", format!("{:?} is not a tag Kling offers (o_101 to o_108)", tag.tag_id));
            }
            if tags[..i].contains(tag) {
                return err("tag_list", format!("{} is given twice", tag.tag_id));
            }
        }
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::test_support::{refused, url};

    #[test]
    fn an_element_from_pictures_or_from_a_clip() {
        let req = CustomElementRequest {
            tag_list: Some(vec![ElementTag { tag_id: "o_101".into() }, ElementTag { tag_id: "o_108".into() }]),
            element_voice_id: Some("voice-7".into()),
            ..CustomElementRequest::from_pictures("Mia", "a girl in a yellow raincoat", url("front"), vec![url("side"), url("back")])
        };
        req.validate().unwrap();
        let body = serde_json::to_value(&req).unwrap();
        assert_eq!(body["reference_type"], "image_refer");
        assert_eq!(body["element_image_list"]["frontal_image"], "https://example.com/front.png");
        assert_eq!(body["element_image_list"]["refer_images"][1]["image_url"], "https://example.com/back.png");
        assert_eq!(body["tag_list"][1]["tag_id"], "o_108");
        let clip = CustomElementRequest::from_clip("Leo", "a man in a grey coat", "https://example.com/leo.mp4");
        clip.validate().unwrap();
        let body = serde_json::to_value(&clip).unwrap();
        assert_eq!((body["reference_type"].as_str(), body.get("element_image_list")), (Some("video_refer"), None));
        assert_eq!(body["element_video_list"]["refer_videos"][0]["video_url"], "https://example.com/leo.mp4");
    }

    #[test]
    fn the_rules() {
        let good = CustomElementRequest::from_pictures("Mia", "a girl", url("front"), vec![url("side")]);
        refused(CustomElementRequest { element_name: "x".repeat(21), ..good.clone() }.validate(), "element_name", "at most 20 characters (got 21)");
        refused(CustomElementRequest { element_name: " ".into(), ..good.clone() }.validate(), "element_name", "must not be empty");
        refused(CustomElementRequest { element_description: "y".repeat(101), ..good.clone() }.validate(), "element_description", "at most 100");
        refused(
            CustomElementRequest::from_pictures("Mia", "a girl", url("front"), Vec::new()).validate(),
            "refer_images",
            "1 to 3 more pictures beside the front one (got 0)",
        );
        refused(CustomElementRequest::from_pictures("Mia", "a girl", url("front"), vec![url("a"), url("b"), url("c"), url("d")]).validate(), "refer_images", "(got 4)");
        refused(CustomElementRequest::from_pictures("Mia", "a girl", ImageInput::Base64(String::new()), vec![url("a")]).validate(), "frontal_image", "is empty");
        refused(CustomElementRequest { reference_type: ReferenceType::Clip, ..good.clone() }.validate(), "element_video_list", "the clip of the person");
        refused(CustomElementRequest::from_clip("Leo", "a man", "file:///etc/passwd").validate(), "refer_videos", "");
        refused(CustomElementRequest { tag_list: Some(vec![ElementTag { tag_id: "o_109".into() }]), ..good.clone() }.validate(), "tag_list", "o_101 to o_108");
        let twice = vec![ElementTag { tag_id: "o_102".into() }, ElementTag { tag_id: "o_102".into() }];
        refused(CustomElementRequest { tag_list: Some(twice), ..good.clone() }.validate(), "tag_list", "twice");
        refused(CustomElementRequest { element_voice_id: Some("a b".into()), ..good }.validate(), "element_voice_id", "");
    }
}
