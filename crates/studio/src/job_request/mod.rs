//! What a job asks Kling for, in the one form that is stored (jobs table, sidecars), sent to the
//! UI (generated bindings) and turned into the API call: one variant per kind of task, holding
//! the typed kling-api request and its input pictures as references (a path inside the library,
//! `inputs/…`, or an http(s) URL). Pictures travel as base64 only on the wire.
//!
//! Adding a kind of task: its request type in kling-api, a variant here (and its arm in each
//! match below), an emulator route, a form. See docs/architecture.md.

mod legacy;
mod wire;

pub(crate) use legacy::from_sidecar_params as legacy_sidecar_request;
pub use legacy::LegacyRequestError;
pub use wire::WireRequest;

use kling_api::{ImageRequest, ImageToVideoRequest, TaskKind, TextToVideoRequest};
use serde::{Deserialize, Serialize};

/// The stored form's version. 1 was the untyped API body with pictures in separate columns
/// (still read, see `legacy`); 2 is this enum.
pub const REQUEST_SCHEMA: u32 = 2;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum JobRequest {
    /// Text to image, or image to image with a reference picture.
    #[serde(rename = "image")]
    Image {
        request: ImageRequest,
        #[serde(default)]
        image: Option<String>,
    },
    #[serde(rename = "text2video")]
    TextToVideo { request: TextToVideoRequest },
    /// Animate a picture (`image`), optionally ending on another (`image_tail`).
    #[serde(rename = "image2video")]
    ImageToVideo {
        request: ImageToVideoRequest,
        #[serde(default)]
        image: Option<String>,
        #[serde(default)]
        image_tail: Option<String>,
    },
    /// A task found in the account's history by `sync`: Kling does not return a task's prompt or
    /// settings, so it is followed and downloaded but cannot be sent again.
    #[serde(rename = "history")]
    FromHistory { task_kind: TaskKind },
}

/// The stored JSON: the request with its schema version beside the kind tag.
#[derive(Serialize)]
struct Stored<'a> {
    schema: u32,
    #[serde(flatten)]
    request: &'a JobRequest,
}

impl JobRequest {
    pub fn kind(&self) -> TaskKind {
        match self {
            JobRequest::Image { .. } => TaskKind::Image,
            JobRequest::TextToVideo { .. } => TaskKind::TextToVideo,
            JobRequest::ImageToVideo { .. } => TaskKind::ImageToVideo,
            JobRequest::FromHistory { task_kind } => *task_kind,
        }
    }

    pub fn model(&self) -> &str {
        match self {
            JobRequest::Image { request, .. } => &request.model_name,
            JobRequest::TextToVideo { request } => &request.model_name,
            JobRequest::ImageToVideo { request, .. } => &request.model_name,
            JobRequest::FromHistory { .. } => "",
        }
    }

    pub fn prompt(&self) -> &str {
        match self {
            JobRequest::Image { request, .. } => &request.prompt,
            JobRequest::TextToVideo { request } => &request.prompt,
            JobRequest::ImageToVideo { request, .. } => request.prompt.as_deref().unwrap_or(""),
            JobRequest::FromHistory { .. } => "",
        }
    }

    /// The words that describe the result in the gallery and its search: the prompt, or, for a
    /// clip given shot by shot (whose own prompt is empty), its shots' prompts in order.
    pub fn description(&self) -> String {
        let shots = match self {
            JobRequest::TextToVideo { request } => request.multi_prompt.as_deref(),
            JobRequest::ImageToVideo { request, .. } => request.multi_prompt.as_deref(),
            _ => None,
        };
        match shots {
            Some(shots) if self.prompt().trim().is_empty() && !shots.is_empty() => shots.iter().map(|s| s.prompt.trim()).collect::<Vec<_>>().join(" / "),
            _ => self.prompt().to_string(),
        }
    }

    pub fn negative_prompt(&self) -> &str {
        let negative = match self {
            JobRequest::Image { request, .. } => &request.negative_prompt,
            JobRequest::TextToVideo { request } => &request.negative_prompt,
            JobRequest::ImageToVideo { request, .. } => &request.negative_prompt,
            JobRequest::FromHistory { .. } => return "",
        };
        negative.as_deref().unwrap_or("")
    }

    /// Slots the task takes at Kling: an image task takes one per picture asked for.
    pub fn slots(&self) -> u32 {
        match self {
            JobRequest::Image { request, .. } => u32::from(request.count()).clamp(1, 9),
            _ => 1,
        }
    }

    /// The id of ours the task is created with, to find it after a lost answer.
    pub fn external_task_id(&self) -> Option<&str> {
        match self {
            JobRequest::FromHistory { .. } => None,
            JobRequest::Image { request, .. } => request.external_task_id.as_deref(),
            JobRequest::TextToVideo { request } => request.external_task_id.as_deref(),
            JobRequest::ImageToVideo { request, .. } => request.external_task_id.as_deref(),
        }
    }

    /// Gives a request that can carry one a fresh external id (a new submission needs a new one:
    /// the old one may belong to a failed task). Returns the id set, if any.
    pub fn renew_external_task_id(&mut self) -> Option<String> {
        let slot = match self {
            JobRequest::FromHistory { .. } => return None,
            JobRequest::Image { request, .. } => &mut request.external_task_id,
            JobRequest::TextToVideo { request } => &mut request.external_task_id,
            JobRequest::ImageToVideo { request, .. } => &mut request.external_task_id,
        };
        let id = uuid::Uuid::new_v4().to_string();
        *slot = Some(id.clone());
        Some(id)
    }

    /// The input picture (reference image, or the frame to animate): a library path or a URL.
    pub fn image_ref(&self) -> Option<&str> {
        match self {
            JobRequest::Image { image, .. } | JobRequest::ImageToVideo { image, .. } => image.as_deref(),
            JobRequest::TextToVideo { .. } | JobRequest::FromHistory { .. } => None,
        }
    }

    /// The end frame of an animation.
    pub fn image_tail_ref(&self) -> Option<&str> {
        match self {
            JobRequest::ImageToVideo { image_tail, .. } => image_tail.as_deref(),
            _ => None,
        }
    }

    /// Whether a watermarked copy of each result was asked for.
    pub fn wants_watermark(&self) -> bool {
        let info = match self {
            JobRequest::Image { request, .. } => request.watermark_info,
            JobRequest::TextToVideo { request } => request.watermark_info,
            JobRequest::ImageToVideo { request, .. } => request.watermark_info,
            JobRequest::FromHistory { .. } => None,
        };
        info.is_some_and(|w| w.enabled)
    }

    /// The cost before sending, from the catalogue's price rule (None for a task from history).
    pub fn estimate(&self) -> Option<kling_api::pricing::Estimate> {
        let query = match self {
            JobRequest::Image { request, image } => kling_api::pricing::PriceQuery { with_image: image.is_some(), ..request.price_query() },
            JobRequest::TextToVideo { request } => request.price_query(),
            JobRequest::ImageToVideo { request, .. } => request.price_query(),
            JobRequest::FromHistory { .. } => return None,
        };
        Some(kling_api::pricing::estimate(&query))
    }

    /// The JSON kept in the jobs table.
    pub fn to_stored_json(&self) -> String {
        serde_json::to_string(&Stored { schema: REQUEST_SCHEMA, request: self }).expect("requests always serialise")
    }

    /// Reads what `to_stored_json` wrote, or a row written before requests were typed (its body,
    /// kind and picture columns). Refuses what a newer version wrote rather than guess.
    pub fn from_stored(kind: TaskKind, json: &str, image_ref: Option<String>, image_tail_ref: Option<String>) -> Result<Self, LegacyRequestError> {
        let mut request = Self::read_stored(kind, json, image_ref, image_tail_ref)?;
        request.check_stored()?;
        Ok(request)
    }

    /// What a stored request may hold, whoever wrote the library: pictures only as library
    /// inputs or web addresses, and no `callback_url` (the app never sets one; a planted one
    /// would have Kling report to someone else's server under the person's keys).
    pub(crate) fn check_stored(&mut self) -> Result<(), LegacyRequestError> {
        for reference in [self.image_ref(), self.image_tail_ref()].into_iter().flatten() {
            if !crate::library::paths::is_input_reference(reference) {
                let shown: String = reference.chars().take(60).collect();
                return Err(LegacyRequestError::Unreadable(format!("a picture reference that is not a library input or a web address: {shown:?}")));
            }
        }
        match self {
            JobRequest::Image { request, .. } => request.callback_url = None,
            JobRequest::TextToVideo { request } => request.callback_url = None,
            JobRequest::ImageToVideo { request, .. } => request.callback_url = None,
            JobRequest::FromHistory { .. } => {}
        }
        Ok(())
    }

    /// Drops the picture references that are not library inputs or web addresses (a sidecar
    /// keeps its item without them: a description, not a job to run). Returns one line per
    /// reference dropped.
    pub(crate) fn drop_outside_pictures(&mut self) -> Vec<String> {
        let slots = match self {
            JobRequest::Image { image, .. } => vec![("image", image)],
            JobRequest::ImageToVideo { image, image_tail, .. } => vec![("image", image), ("image_tail", image_tail)],
            JobRequest::TextToVideo { .. } | JobRequest::FromHistory { .. } => Vec::new(),
        };
        let mut dropped = Vec::new();
        for (field, slot) in slots {
            if let Some(reference) = slot.take_if(|r| !crate::library::paths::is_input_reference(r)) {
                let shown: String = reference.chars().take(60).collect();
                dropped.push(format!("refused its {field} {shown:?} (not a library input or a web address)"));
            }
        }
        dropped
    }

    fn read_stored(kind: TaskKind, json: &str, image_ref: Option<String>, image_tail_ref: Option<String>) -> Result<Self, LegacyRequestError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| LegacyRequestError::Unreadable(e.to_string()))?;
        match value.get("schema").and_then(|v| v.as_u64()) {
            None => legacy::from_body(kind, value, image_ref, image_tail_ref),
            Some(v) if v > u64::from(REQUEST_SCHEMA) => Err(LegacyRequestError::Newer(v)),
            Some(_) => {
                let request: JobRequest = serde_json::from_value(value).map_err(|e| LegacyRequestError::Unreadable(e.to_string()))?;
                if request.kind() != kind {
                    return Err(LegacyRequestError::Unreadable(format!("{} request in {} job", request.kind().with_article(), kind.with_article())));
                }
                Ok(request)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kling_api::{AspectRatio, CameraControl, Mode, VideoDuration};

    pub(crate) fn one_of_each() -> Vec<JobRequest> {
        vec![
            JobRequest::Image {
                request: ImageRequest { n: Some(3), aspect_ratio: Some(AspectRatio::R1x1), image_fidelity: Some(0.25), ..ImageRequest::new("a fox") },
                image: Some("inputs/0123456789abcdef01234567.png".into()),
            },
            JobRequest::TextToVideo {
                request: TextToVideoRequest {
                    mode: Some(Mode::Pro),
                    duration: Some(VideoDuration::TEN),
                    camera_control: Some(CameraControl::parse("simple:zoom=5").unwrap()),
                    external_task_id: Some("ext-1".into()),
                    ..TextToVideoRequest::new("waves")
                },
            },
            JobRequest::ImageToVideo {
                request: ImageToVideoRequest { prompt: Some("turn".into()), cfg_scale: Some(0.3), ..Default::default() },
                image: Some("https://example.com/a.png".into()),
                image_tail: Some("inputs/89abcdef0123456789abcdef.jpg".into()),
            },
        ]
    }

    #[test]
    fn a_clip_given_shot_by_shot_is_described_by_its_shots() {
        use kling_api::{Shot, ShotType};
        let shot = |index, prompt: &str| Shot { index, prompt: prompt.into(), duration: 2 };
        let request = TextToVideoRequest {
            model_name: "kling-v3".into(),
            multi_shot: Some(true),
            shot_type: Some(ShotType::Customize),
            multi_prompt: Some(vec![shot(1, "a lighthouse"), shot(2, " waves ")]),
            ..TextToVideoRequest::new("")
        };
        assert_eq!(JobRequest::TextToVideo { request: request.clone() }.description(), "a lighthouse / waves");
        let prompted = JobRequest::TextToVideo { request: TextToVideoRequest { prompt: "one scene".into(), ..request } };
        assert_eq!(prompted.description(), "one scene");
    }

    #[test]
    fn every_kind_round_trips_through_the_stored_form() {
        for request in one_of_each() {
            let json = request.to_stored_json();
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(value["schema"], REQUEST_SCHEMA);
            assert_eq!(value["kind"], request.kind().as_str());
            assert_eq!(JobRequest::from_stored(request.kind(), &json, None, None).unwrap(), request);
        }
    }

    #[test]
    fn a_newer_or_mismatched_or_broken_row_is_refused() {
        let json = one_of_each()[0].to_stored_json().replace("\"schema\":2", "\"schema\":9");
        assert!(matches!(JobRequest::from_stored(TaskKind::Image, &json, None, None), Err(LegacyRequestError::Newer(9))));
        let json = one_of_each()[1].to_stored_json();
        assert!(JobRequest::from_stored(TaskKind::Image, &json, None, None).unwrap_err().to_string().contains("a text2video request in an image job"));
        assert!(JobRequest::from_stored(TaskKind::Image, "{not json", None, None).is_err());
        assert!(JobRequest::from_stored(TaskKind::Image, r#"{"schema":2,"kind":"image"}"#, None, None).is_err());
    }

    #[test]
    fn accessors_read_the_request() {
        let [image, t2v, i2v] = <[JobRequest; 3]>::try_from(one_of_each()).unwrap();
        assert_eq!((image.prompt(), image.model(), image.slots(), image.image_ref()), ("a fox", "kling-v1", 3, Some("inputs/0123456789abcdef01234567.png")));
        assert_eq!((t2v.external_task_id(), t2v.slots(), t2v.image_ref()), (Some("ext-1"), 1, None));
        assert_eq!((i2v.prompt(), i2v.image_tail_ref()), ("turn", Some("inputs/89abcdef0123456789abcdef.jpg")));
        let mut renewed = t2v.clone();
        let id = renewed.renew_external_task_id().unwrap();
        assert_ne!(Some(id.as_str()), t2v.external_task_id());
        assert_eq!(renewed.external_task_id(), Some(id.as_str()));
        let mut picture = image.clone();
        let id = picture.renew_external_task_id().expect("pictures take an external id since 2026");
        assert_eq!(picture.external_task_id(), Some(id.as_str()));
    }
}
