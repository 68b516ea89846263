//! Requests as version 1 stored them: the API body as untyped JSON (pictures left out, kept in
//! their own columns or sidecar fields). Read so that libraries made before requests were typed
//! keep working; never written.

use super::JobRequest;
use kling_api::TaskKind;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum LegacyRequestError {
    #[error("the stored request is unreadable ({0})")]
    Unreadable(String),
    #[error("the stored request was written by a newer Kling Studio (schema {0}); update Kling Studio")]
    Newer(u64),
}

/// A version-1 body of `kind` with its pictures, as the typed request.
pub(crate) fn from_body(kind: TaskKind, mut body: serde_json::Value, image: Option<String>, image_tail: Option<String>) -> Result<JobRequest, LegacyRequestError> {
    let bad = |e: serde_json::Error| LegacyRequestError::Unreadable(e.to_string());
    let Some(fields) = body.as_object_mut() else {
        return Err(LegacyRequestError::Unreadable("not a JSON object".into()));
    };
    // Version 1 marked tasks imported by `sync` this way (their settings are unknown).
    if fields.contains_key("imported_from") {
        return Ok(JobRequest::FromHistory { task_kind: kind });
    }
    // Pictures never were in the body; a planted one must not replace the stored reference.
    fields.remove("image");
    fields.remove("image_tail");
    Ok(match kind {
        TaskKind::Image => JobRequest::Image { request: serde_json::from_value(body).map_err(bad)?, image },
        TaskKind::TextToVideo => JobRequest::TextToVideo { request: serde_json::from_value(body).map_err(bad)? },
        TaskKind::ImageToVideo => JobRequest::ImageToVideo { request: serde_json::from_value(body).map_err(bad)?, image, image_tail },
        // The tools came after version 1: no stored row can hold one.
        TaskKind::OmniVideo
        | TaskKind::MultiImageToVideo
        | TaskKind::VideoExtend
        | TaskKind::LipSync
        | TaskKind::Effects
        | TaskKind::VideoToAudio
        | TaskKind::MotionControl
        | TaskKind::TextToAudio
        | TaskKind::ImageExpand
        | TaskKind::MultiImageToImage
        | TaskKind::VirtualTryOn
        | TaskKind::OmniImage => return Err(LegacyRequestError::Unreadable(format!("{kind} tasks have no version-1 form"))),
    })
}

/// A version-1 sidecar's request: `params` (the body), with the model and prompts the sidecar
/// also kept at its top level filled in where the body lacks them.
pub(crate) fn from_sidecar_params(
    kind: TaskKind,
    mut params: serde_json::Value,
    model: &str,
    prompt: &str,
    negative_prompt: &str,
    image: Option<String>,
    image_tail: Option<String>,
) -> Result<JobRequest, LegacyRequestError> {
    if params.get("imported_from").is_some() {
        return Ok(JobRequest::FromHistory { task_kind: kind });
    }
    if params.is_null() {
        params = serde_json::json!({});
    }
    if let Some(fields) = params.as_object_mut() {
        fields.entry("model_name").or_insert_with(|| model.into());
        if !prompt.is_empty() || kind != TaskKind::ImageToVideo {
            fields.entry("prompt").or_insert_with(|| prompt.into());
        }
        if !negative_prompt.is_empty() {
            fields.entry("negative_prompt").or_insert_with(|| negative_prompt.into());
        }
    }
    from_body(kind, params, image, image_tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kling_api::{Mode, VideoDuration};

    #[test]
    fn version_one_bodies_become_typed_requests() {
        let body = serde_json::json!({ "model_name": "kling-v1-6", "prompt": "waves", "mode": "pro", "duration": "10", "external_task_id": "e-1" });
        let JobRequest::TextToVideo { request } = from_body(TaskKind::TextToVideo, body, None, None).unwrap() else { panic!("kind") };
        assert_eq!((request.mode, request.duration, request.external_task_id.as_deref()), (Some(Mode::Pro), Some(VideoDuration::TEN), Some("e-1")));

        let body = serde_json::json!({ "model_name": "kling-v1", "image": "https://planted.example/x.png" });
        let request = from_body(TaskKind::ImageToVideo, body, Some("inputs/a.png".into()), None).unwrap();
        assert_eq!(request.image_ref(), Some("inputs/a.png"), "the column wins over a planted body field");
        let JobRequest::ImageToVideo { request, .. } = request else { panic!("kind") };
        assert_eq!(request.image, None);
    }

    #[test]
    fn tasks_imported_from_the_history_stay_so() {
        let body = serde_json::json!({ "imported_from": "account history" });
        assert_eq!(from_body(TaskKind::TextToVideo, body.clone(), None, None).unwrap(), JobRequest::FromHistory { task_kind: TaskKind::TextToVideo });
        let request = from_sidecar_params(TaskKind::Image, body, "kling-v1", "", "", None, None).unwrap();
        assert_eq!((request.kind(), request.prompt()), (TaskKind::Image, ""));
    }

    #[test]
    fn bad_bodies_are_refused_with_the_reason() {
        assert!(matches!(from_body(TaskKind::Image, serde_json::json!([1]), None, None), Err(LegacyRequestError::Unreadable(_))));
        let e = from_body(TaskKind::Image, serde_json::json!({ "model_name": "kling-v1" }), None, None).unwrap_err();
        assert!(e.to_string().contains("prompt"), "{e}");
        let e = from_body(TaskKind::TextToVideo, serde_json::json!({ "model_name": "kling-v1", "prompt": "x", "duration": 7 }), None, None).unwrap_err();
        assert!(e.to_string().contains("unreadable"), "{e}");
    }

    #[test]
    fn sidecar_params_are_completed_from_the_sidecar() {
        let request = from_sidecar_params(TaskKind::Image, serde_json::json!({ "n": 1 }), "kling-v1-5", "a fox", "blur", None, None).unwrap();
        assert_eq!((request.model(), request.prompt(), request.negative_prompt()), ("kling-v1-5", "a fox", "blur"));
        let request = from_sidecar_params(TaskKind::ImageToVideo, serde_json::Value::Null, "kling-v1", "", "", Some("inputs/a.png".into()), None).unwrap();
        assert_eq!((request.prompt(), request.image_ref()), ("", Some("inputs/a.png")));
    }
}
