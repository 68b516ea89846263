//! Making an element or a voice: the request built and checked (nothing is sent when it is
//! refused), sent, and its task remembered until `sync` sees it end.

use super::stored::{AssetKindName, Pending};
use super::{AssetError, AssetStore};
use kling_api::{CustomElementRequest, CustomVoiceRequest, ElementTag, ImageInput, KlingClient, ValidationError};

/// An element as a person describes it: pictures (files or links; the front one first, then 1–3
/// more) or one clip by link. The app's "New element" form sends it as it is.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ElementSpec {
    pub name: String,
    pub description: String,
    pub pictures: Vec<String>,
    pub clip_url: Option<String>,
    /// Tag ids (`o_102`) or names (`Character`), any case.
    pub tags: Vec<String>,
    pub voice_id: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct VoiceSpec {
    pub name: String,
    /// A recording's link (mp3, wav, mp4, mov; 5–30 s).
    pub url: Option<String>,
    /// Or a Kling video made with sound.
    pub video_id: Option<String>,
}

/// A tag by its id or its name.
fn tag_id(tag: &str) -> Result<String, ValidationError> {
    let tag = tag.trim();
    kling_api::ELEMENT_TAG_NAMES.iter().find(|(id, name)| id.eq_ignore_ascii_case(tag) || name.eq_ignore_ascii_case(tag)).map(|(id, _)| id.to_string()).ok_or_else(|| {
        let names: Vec<&str> = kling_api::ELEMENT_TAG_NAMES.iter().map(|(_, name)| *name).collect();
        ValidationError::new("tag_list", format!("{tag:?} is not a tag Kling offers ({})", names.join(", ")))
    })
}

/// The request for a spec, checked; pictures read from disk here.
pub fn element_request(spec: &ElementSpec) -> Result<CustomElementRequest, ValidationError> {
    let mut request = match (&spec.clip_url, spec.pictures.as_slice()) {
        (Some(_), [_, ..]) => return Err(ValidationError::new("element_image_list", "give pictures or a clip, not both")),
        (Some(url), []) => CustomElementRequest::from_clip(&spec.name, &spec.description, url.trim()),
        (None, []) => return Err(ValidationError::new("element_image_list", "give the front picture and 1 to 3 more, or a clip")),
        (None, [front, others @ ..]) => {
            let read = |field: &'static str, text: &str| ImageInput::from_path_or_url(text).map_err(|e| ValidationError::new(field, e.message));
            let others = others.iter().map(|p| read("refer_images", p)).collect::<Result<Vec<_>, _>>()?;
            CustomElementRequest::from_pictures(&spec.name, &spec.description, read("frontal_image", front)?, others)
        }
    };
    let tags = spec.tags.iter().map(|t| tag_id(t).map(|tag_id| ElementTag { tag_id })).collect::<Result<Vec<_>, _>>()?;
    request.tag_list = (!tags.is_empty()).then_some(tags);
    request.element_voice_id = spec.voice_id.clone().filter(|v| !v.trim().is_empty());
    request.validate()?;
    Ok(request)
}

pub fn voice_request(spec: &VoiceSpec) -> Result<CustomVoiceRequest, ValidationError> {
    let request = CustomVoiceRequest {
        voice_url: spec.url.clone().filter(|u| !u.trim().is_empty()),
        video_id: spec.video_id.clone().filter(|v| !v.trim().is_empty()),
        ..CustomVoiceRequest::from_link(&spec.name, "")
    };
    request.validate()?;
    Ok(request)
}

fn remember(store: &AssetStore, task_id: String, kind: AssetKindName, name: &str) -> Result<Pending, AssetError> {
    let pending = Pending { task_id, kind, name: name.to_string(), started_ms: kling_api::now_ms(), failure: None };
    store.add_pending(pending.clone())?;
    Ok(pending)
}

/// Sends the element's create; its task is kept in `pending.json` until `sync` sees it end.
pub async fn create_element(client: &KlingClient, store: &AssetStore, spec: &ElementSpec) -> Result<Pending, AssetError> {
    let request = element_request(spec).map_err(kling_api::KlingError::from)?;
    let task = client.create_element(&request).await?;
    remember(store, task.task_id, AssetKindName::Element, &spec.name)
}

/// Sends the voice's create (charged per call).
pub async fn create_voice(client: &KlingClient, store: &AssetStore, spec: &VoiceSpec) -> Result<Pending, AssetError> {
    let request = voice_request(spec).map_err(kling_api::KlingError::from)?;
    let task = client.create_voice(&request).await?;
    remember(store, task.task_id, AssetKindName::Voice, &spec.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_become_checked_requests() {
        let spec = ElementSpec {
            name: "Mia".into(),
            description: "a girl".into(),
            pictures: vec!["https://example.com/f.png".into(), "https://example.com/s.png".into()],
            tags: vec!["character".into(), "O_106".into()],
            ..ElementSpec::default()
        };
        let request = element_request(&spec).unwrap();
        let tags: Vec<String> = request.tag_list.unwrap().into_iter().map(|t| t.tag_id).collect();
        assert_eq!(tags, ["o_102", "o_106"]);
        let field = |spec: ElementSpec| element_request(&spec).unwrap_err().field;
        assert_eq!(field(ElementSpec { tags: vec!["hat".into()], ..spec.clone() }), "tag_list");
        assert_eq!(field(ElementSpec { pictures: vec!["https://example.com/f.png".into()], ..spec.clone() }), "refer_images");
        assert_eq!(field(ElementSpec { pictures: vec!["/no/such/file.png".into(), "https://e.com/s.png".into()], ..spec.clone() }), "frontal_image");
        assert_eq!(field(ElementSpec { clip_url: Some("https://e.com/c.mp4".into()), ..spec.clone() }), "element_image_list");
        let clip = element_request(&ElementSpec { clip_url: Some("https://e.com/c.mp4".into()), pictures: Vec::new(), ..spec }).unwrap();
        assert_eq!(clip.reference_type, kling_api::ReferenceType::Clip);
        assert_eq!(voice_request(&VoiceSpec { name: "n".into(), ..VoiceSpec::default() }).unwrap_err().field, "voice_url");
        assert!(voice_request(&VoiceSpec { name: "n".into(), video_id: Some("123".into()), url: Some(" ".into()) }).is_ok());
    }
}
