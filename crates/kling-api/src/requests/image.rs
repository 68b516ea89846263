use crate::capabilities;
use crate::catalogue::{self, ReferenceRule};
use crate::image_input::ImageInput;
use crate::kinds::TaskKind;
use crate::params::{AspectRatio, ElementRef, ImageReference, Resolution, WatermarkInfo};
use crate::validation::{check_callback_url, check_external_id, check_prompt, check_unit, ValidationError};
use serde::{Deserialize, Serialize};

/// `POST /v1/images/generations`: text to image, or image to image with `image`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageRequest {
    pub model_name: String,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    pub image: Option<ImageInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_reference: Option<ImageReference>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_fidelity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_fidelity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<AspectRatio>,
    /// Saved elements the picture shows (kling-v3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_list: Option<Vec<ElementRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// Image creates take one since 2026 (addendum §4): the client fills in a UUID when empty,
    /// so a create whose answer was lost is found again by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl Default for ImageRequest {
    /// kling-v1 with an empty prompt (which `validate` refuses): a base for struct updates.
    fn default() -> Self {
        Self::new("")
    }
}

impl ImageRequest {
    pub fn new(prompt: impl Into<String>) -> Self {
        Self {
            model_name: super::DEFAULT_MODEL.into(),
            prompt: prompt.into(),
            negative_prompt: None,
            image: None,
            image_reference: None,
            image_fidelity: None,
            human_fidelity: None,
            resolution: None,
            n: None,
            aspect_ratio: None,
            element_list: None,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    /// The number of pictures (and of concurrency slots) this request takes.
    pub fn count(&self) -> u8 {
        self.n.unwrap_or(1)
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        super::check_model(TaskKind::Image, &self.model_name)?;
        check_prompt("prompt", &self.prompt, true)?;
        if let Some(negative) = &self.negative_prompt {
            check_prompt("negative_prompt", negative, false)?;
            if self.image.is_some() && !negative.trim().is_empty() {
                return Err(ValidationError::new("negative_prompt", "is not supported together with a reference image (image-to-image)"));
            }
        }
        super::picture_options::check_n(self.n)?;
        // 4K pictures come from omni-image only (§1.4); the lists per model are advisory below it.
        if self.resolution == Some(crate::params::Resolution::FourK) {
            return Err(ValidationError::new("resolution", "4k is made by Omni image (kling-v3-omni), not by image generation; use 1k or 2k"));
        }
        check_unit("image_fidelity", self.image_fidelity)?;
        check_unit("human_fidelity", self.human_fidelity)?;
        match &self.image {
            Some(image) => image.check("image")?,
            None if capabilities::image_requires_reference(&self.model_name) => {
                return Err(ValidationError::new("image", format!("{} only restyles a picture: give one, or choose another model", self.model_name)));
            }
            None => {}
        }
        self.check_reference()?;
        if self.human_fidelity.is_some() && self.image_reference != Some(ImageReference::Subject) {
            return Err(ValidationError::new("human_fidelity", "only applies with image_reference subject"));
        }
        if let Some(aspect) = self.aspect_ratio {
            if !capabilities::image_aspect_supported(&self.model_name, aspect) {
                return Err(ValidationError::new("aspect_ratio", format!("{aspect} is not offered by {}", self.model_name)));
            }
        }
        super::video_options::check_elements(catalogue::entry(TaskKind::Image, &self.model_name), &self.model_name, self.element_list.as_deref().unwrap_or_default())?;
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }

    /// `image_reference` as the catalogue's entry allows it; for a model it does not know, only
    /// that a reference needs a picture.
    fn check_reference(&self) -> Result<(), ValidationError> {
        let model = &self.model_name;
        let rule = catalogue::entry(TaskKind::Image, model).map(|e| e.reference);
        if let (Some(ReferenceRule::NotOffered), Some(_)) = (rule, self.image_reference) {
            let offering: Vec<&str> = catalogue::entries_for(TaskKind::Image).filter(|e| e.reference != ReferenceRule::NotOffered).map(|e| e.model).collect();
            return Err(ValidationError::new("image_reference", format!("is only for {} (not {model})", offering.join(", "))));
        }
        if self.image_reference.is_some() && self.image.is_none() {
            return Err(ValidationError::new("image_reference", "needs a reference image"));
        }
        match (rule, self.image_reference) {
            (Some(ReferenceRule::RequiredWithImage(allowed) | ReferenceRule::OptionalWithImage(allowed)), Some(reference)) if !allowed.contains(&reference) => {
                Err(ValidationError::new("image_reference", format!("{reference} is not offered by {model}")))
            }
            (Some(ReferenceRule::RequiredWithImage(allowed)), None) if self.image.is_some() => {
                let names: Vec<&str> = allowed.iter().map(|r| r.as_str()).collect();
                Err(ValidationError::new("image_reference", format!("{model} needs {} with a reference image", names.join(" or "))))
            }
            _ => Ok(()),
        }
    }
}
