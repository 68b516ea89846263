//! `POST /v1/general/advanced-custom-elements` (addendum §6.10): a name (≤ 20) and description
//! (≤ 100), `reference_type` `image_refer` with `element_image_list` (a front picture and 1–3
//! more) or `video_refer` with `element_video_list` (exactly one clip by link), an optional
//! voice id and tags `o_101`–`o_108`.

use super::external_id;
use super::fields::Fields;
use super::image_input;
use super::inline_file::{self, Given};
use crate::assets::ElementPicture;
use crate::envelope::ApiError;
use serde_json::Value;

/// A create as checked, before the account is asked (the voice must be one of its own or a preset).
pub struct ElementAsked {
    pub name: String,
    pub description: String,
    pub reference_type: String,
    pub pictures: Vec<ElementPicture>,
    pub clip: Option<String>,
    pub voice_id: Option<String>,
    pub tags: Vec<String>,
    pub external_task_id: Option<String>,
    /// Every text and link given, for the content checks.
    pub words: String,
}

fn words(f: &Fields, field: &str, most: usize) -> Result<String, ApiError> {
    let text = f.string(field)?.ok_or_else(|| ApiError::new(1200, format!("{field} is required")))?;
    let chars = text.chars().count();
    if text.trim().is_empty() {
        return Err(ApiError::new(1201, format!("{field} must not be empty")));
    }
    if chars > most {
        return Err(ApiError::new(1201, format!("{field} must be at most {most} characters, got {chars}")));
    }
    Ok(text.to_string())
}

/// A picture as given: kept when inline (served back as the element's), drawn when linked.
fn picture(field: &str, value: &Value) -> Result<ElementPicture, ApiError> {
    image_input::check(field, value)?;
    Ok(match inline_file::read(field, value, 10, "")? {
        Given::Link => ElementPicture::Drawn,
        Given::Inline(_) => ElementPicture::Given(value.as_str().unwrap_or_default().chars().filter(|c| !c.is_ascii_whitespace()).collect()),
    })
}

pub fn check(f: &Fields) -> Result<ElementAsked, ApiError> {
    let name = words(f, "element_name", kling_api::MAX_ELEMENT_NAME_CHARS)?;
    let description = words(f, "element_description", kling_api::MAX_ELEMENT_DESCRIPTION_CHARS)?;
    let reference_type = match f.string("reference_type")? {
        Some("image_refer") => "image_refer",
        Some("video_refer") => "video_refer",
        None => return Err(ApiError::new(1200, "reference_type is required: image_refer or video_refer")),
        Some(other) => return Err(ApiError::new(1201, format!("reference_type must be image_refer or video_refer, got {other}"))),
    };
    let images = f.nested("element_image_list")?;
    let videos = f.nested("element_video_list")?;
    let mut links = Vec::new();
    let (pictures, clip) = match (reference_type, images, videos) {
        ("image_refer", None, _) => return Err(ApiError::new(1200, "element_image_list is required for image_refer")),
        ("image_refer", Some(_), Some(_)) => return Err(ApiError::new(1201, "element_video_list is not taken with image_refer")),
        ("image_refer", Some(images), None) => {
            let front = images.present("frontal_image").ok_or_else(|| ApiError::new(1200, "element_image_list.frontal_image is required"))?;
            let (least, most) = kling_api::ELEMENT_REFER_IMAGES;
            image_input::check_list(&images, "refer_images", "image_url", (least, most))
                .map_err(|e| ApiError::new(e.code, format!("element_image_list.{}", e.message)))?;
            let mut pictures = vec![picture("element_image_list.frontal_image", front)?];
            links.push(front.as_str().unwrap_or_default().to_string());
            let refer = images.present("refer_images").and_then(Value::as_array).cloned().unwrap_or_default();
            for (i, item) in refer.iter().enumerate() {
                let value = item.get("image_url").cloned().unwrap_or(Value::Null);
                pictures.push(picture(&format!("element_image_list.refer_images[{i}].image_url"), &value)?);
                links.push(value.as_str().unwrap_or_default().to_string());
            }
            (pictures, None)
        }
        (_, _, None) => return Err(ApiError::new(1200, "element_video_list is required for video_refer")),
        (_, Some(_), Some(_)) => return Err(ApiError::new(1201, "element_image_list is not taken with video_refer")),
        (_, None, Some(videos)) => {
            let clips = match videos.present("refer_videos") {
                Some(Value::Array(clips)) => clips.clone(),
                _ => return Err(ApiError::new(1200, "element_video_list.refer_videos is required: one {\"video_url\": …}")),
            };
            let [clip] = clips.as_slice() else {
                return Err(ApiError::new(1201, format!("element_video_list.refer_videos must hold exactly one clip, got {}", clips.len())));
            };
            let url = clip.get("video_url").and_then(Value::as_str).unwrap_or_default();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(ApiError::new(1201, "element_video_list.refer_videos[0].video_url must be an http(s) URL of an mp4 or mov clip"));
            }
            links.push(url.to_string());
            (Vec::new(), Some(url.to_string()))
        }
    };
    let voice_id = match f.string("element_voice_id")? {
        Some(id) if id.trim().is_empty() => return Err(ApiError::new(1201, "element_voice_id must not be empty")),
        other => other.map(String::from),
    };
    let mut tags: Vec<String> = Vec::new();
    match f.present("tag_list") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let tag = item.get("tag_id").and_then(Value::as_str).unwrap_or_default();
                if !kling_api::ELEMENT_TAG_NAMES.iter().any(|(id, _)| *id == tag) {
                    return Err(ApiError::new(1201, format!("tag_list[{i}].tag_id must be one of o_101 to o_108, got {tag:?}")));
                }
                if tags.iter().any(|t| t == tag) {
                    return Err(ApiError::new(1201, format!("tag_list holds {tag} twice")));
                }
                tags.push(tag.to_string());
            }
        }
        Some(_) => return Err(ApiError::new(1200, "tag_list must be an array of {\"tag_id\": …}")),
    }
    let words = format!("{name} {description} {}", links.iter().filter(|l| l.starts_with("http")).cloned().collect::<Vec<_>>().join(" "));
    Ok(ElementAsked { name, description, reference_type: reference_type.to_string(), pictures, clip, voice_id, tags, external_task_id: external_id(f)?, words })
}
