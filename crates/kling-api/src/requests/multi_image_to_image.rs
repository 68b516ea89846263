use super::check_model;
use super::picture_options::check_prompt_n_and_ids;
use crate::image_input::ImageInput;
use crate::kinds::TaskKind;
use crate::params::{AspectRatio, WatermarkInfo};
use crate::validation::ValidationError;
use serde::{Deserialize, Serialize};

/// The model the current docs list, and their default (§6.6; older docs also list kling-v2).
pub const COMPOSE_DEFAULT_MODEL: &str = "kling-v2-1";
/// Subject pictures: 1 to 4 (§6.6).
pub const MAX_SUBJECT_PICTURES: usize = 4;

/// One picture of `subject_image_list` (key `subject_image`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubjectImage {
    pub subject_image: ImageInput,
}

/// `POST /v1/images/multi-image2image` (addendum §6.6): the subjects of 1–4 pictures composed into
/// one picture, optionally in a scene picture's setting and a style picture's look.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MultiImageToImageRequest {
    pub model_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default)]
    pub subject_image_list: Vec<SubjectImage>,
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scene_image: Option<ImageInput>,
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style_image: Option<ImageInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<AspectRatio>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl MultiImageToImageRequest {
    pub fn new(subjects: Vec<ImageInput>) -> Self {
        Self {
            model_name: COMPOSE_DEFAULT_MODEL.into(),
            prompt: None,
            subject_image_list: subjects.into_iter().map(|subject_image| SubjectImage { subject_image }).collect(),
            scene_image: None,
            style_image: None,
            n: None,
            aspect_ratio: None,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.model_name.trim().is_empty() {
            return Err(ValidationError::new("model_name", format!("must not be empty (use {COMPOSE_DEFAULT_MODEL})")));
        }
        check_model(TaskKind::MultiImageToImage, &self.model_name)?;
        let count = self.subject_image_list.len();
        if !(1..=MAX_SUBJECT_PICTURES).contains(&count) {
            return Err(ValidationError::new("subject_image_list", format!("give 1 to {MAX_SUBJECT_PICTURES} subject pictures (got {count})")));
        }
        for (i, subject) in self.subject_image_list.iter().enumerate() {
            subject.subject_image.check("subject_image_list").map_err(|e| ValidationError::new(e.field, format!("picture {}: {}", i + 1, e.message)))?;
        }
        for (field, picture) in [("scene_image", &self.scene_image), ("style_image", &self.style_image)] {
            if let Some(picture) = picture {
                picture.check(field)?;
            }
        }
        check_prompt_n_and_ids(self.prompt.as_deref(), self.n, self.callback_url.as_deref(), self.external_task_id.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::test_support::{refused, url};

    #[test]
    fn one_to_four_subjects_with_an_optional_scene_and_style() {
        let req = MultiImageToImageRequest {
            prompt: Some("the two at a picnic".into()),
            scene_image: Some(url("park")),
            style_image: Some(url("watercolour")),
            aspect_ratio: Some(AspectRatio::R4x3),
            n: Some(4),
            ..MultiImageToImageRequest::new(vec![url("a"), url("b")])
        };
        req.validate().unwrap();
        let body = serde_json::to_value(&req).unwrap();
        assert_eq!(body["model_name"], "kling-v2-1");
        assert_eq!(body["subject_image_list"], serde_json::json!([{"subject_image": "https://example.com/a.png"}, {"subject_image": "https://example.com/b.png"}]));
        assert_eq!((body["scene_image"].as_str(), body["aspect_ratio"].as_str()), (Some("https://example.com/park.png"), Some("4:3")));
        MultiImageToImageRequest::new(vec![url("a")]).validate().unwrap();
        refused(MultiImageToImageRequest::new(Vec::new()).validate(), "subject_image_list", "1 to 4 subject pictures (got 0)");
        refused(MultiImageToImageRequest::new((0..5).map(|i| url(&i.to_string())).collect()).validate(), "subject_image_list", "(got 5)");
        refused(
            MultiImageToImageRequest { style_image: Some(ImageInput::Base64("data:image/png;base64,AA".into())), ..req.clone() }.validate(),
            "style_image",
            "data: prefix",
        );
        refused(MultiImageToImageRequest { n: Some(0), ..req.clone() }.validate(), "n", "between 1 and 9");
        refused(MultiImageToImageRequest { model_name: " ".into(), ..req.clone() }.validate(), "model_name", "kling-v2-1");
        refused(MultiImageToImageRequest { model_name: "kling-v3".into(), ..req.clone() }.validate(), "model_name", "use one of kling-v2-1, kling-v2");
        MultiImageToImageRequest { model_name: "kling-v2".into(), ..req.clone() }.validate().unwrap();
        let second_empty = MultiImageToImageRequest::new(vec![url("a"), ImageInput::Base64(String::new())]);
        refused(second_empty.validate(), "subject_image_list", "picture 2: ");
    }
}
