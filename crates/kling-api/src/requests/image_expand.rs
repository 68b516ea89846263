use super::picture_options::check_prompt_n_and_ids;
use crate::image_input::ImageInput;
use crate::params::WatermarkInfo;
use crate::validation::ValidationError;
use serde::{Deserialize, Serialize};

/// Each edge moves out by at most twice the picture's own height (top, bottom) or width (left,
/// right) (§6.5).
pub const MAX_EXPANSION_RATIO: f64 = 2.0;
/// The expanded picture is at most three times the original's area (§6.5).
pub const MAX_EXPANDED_AREA: f64 = 3.0;

/// `POST /v1/images/editing/expand` (addendum §6.5, outpainting): a picture grown outward on
/// any of its four edges, the new parts painted by Kling (guided by an optional prompt).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageExpandRequest {
    // The picture travels as a file or URL beside the request, never inside it, over IPC: a
    // request from a form arrives without it, empty until the engine fills it.
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default = "super::picture_options::unfilled")]
    pub image: ImageInput,
    #[serde(default)]
    pub up_expansion_ratio: f64,
    #[serde(default)]
    pub down_expansion_ratio: f64,
    #[serde(default)]
    pub left_expansion_ratio: f64,
    #[serde(default)]
    pub right_expansion_ratio: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl ImageExpandRequest {
    /// Grows `image` by the ratios of its height (`up`, `down`) and width (`left`, `right`).
    pub fn new(image: ImageInput, [up, down, left, right]: [f64; 4]) -> Self {
        Self {
            image,
            up_expansion_ratio: up,
            down_expansion_ratio: down,
            left_expansion_ratio: left,
            right_expansion_ratio: right,
            prompt: None,
            n: None,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    /// The expanded picture's area over the original's: (1 + up + down) × (1 + left + right).
    pub fn area_factor(&self) -> f64 {
        (1.0 + self.up_expansion_ratio + self.down_expansion_ratio) * (1.0 + self.left_expansion_ratio + self.right_expansion_ratio)
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        self.image.check("image")?;
        let edges = [
            ("up_expansion_ratio", self.up_expansion_ratio),
            ("down_expansion_ratio", self.down_expansion_ratio),
            ("left_expansion_ratio", self.left_expansion_ratio),
            ("right_expansion_ratio", self.right_expansion_ratio),
        ];
        for (field, ratio) in edges {
            if !ratio.is_finite() || !(0.0..=MAX_EXPANSION_RATIO).contains(&ratio) {
                return Err(ValidationError::new(field, format!("must be between 0 and {MAX_EXPANSION_RATIO} (got {ratio})")));
            }
        }
        // Sending a picture to be grown by nothing would be paid for and return the same picture.
        if edges.iter().all(|(_, ratio)| *ratio == 0.0) {
            return Err(ValidationError::new("up_expansion_ratio", "expand at least one edge: every ratio is 0"));
        }
        let area = self.area_factor();
        if area > MAX_EXPANDED_AREA + 1e-9 {
            return Err(ValidationError::new(
                "up_expansion_ratio",
                format!("the expanded picture would be {area:.2}× the original's area; Kling allows at most {MAX_EXPANDED_AREA}×: expand less"),
            ));
        }
        check_prompt_n_and_ids(self.prompt.as_deref(), self.n, self.callback_url.as_deref(), self.external_task_id.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::test_support::{refused, url};

    #[test]
    fn four_edges_within_twice_each_and_three_times_the_area() {
        let req = ImageExpandRequest { prompt: Some("more of the beach".into()), n: Some(2), ..ImageExpandRequest::new(url("a"), [0.5, 0.0, 0.25, 0.25]) };
        req.validate().unwrap();
        assert_eq!(req.area_factor(), 2.25);
        let body = serde_json::to_value(&req).unwrap();
        assert_eq!(body["up_expansion_ratio"], 0.5);
        assert_eq!(body["down_expansion_ratio"], 0.0);
        assert_eq!((body["image"].as_str(), body["n"].as_u64()), (Some("https://example.com/a.png"), Some(2)));
        // Exactly three times the area is allowed; a hair more is not.
        ImageExpandRequest::new(url("a"), [2.0, 0.0, 0.0, 0.0]).validate().unwrap();
        ImageExpandRequest::new(url("a"), [0.5, 0.0, 0.0, 1.0]).validate().unwrap();
        refused(ImageExpandRequest::new(url("a"), [1.0, 0.0, 0.0, 0.6]).validate(), "up_expansion_ratio", "3.20× the original's area");
        refused(ImageExpandRequest::new(url("a"), [0.0, 0.0, 2.1, 0.0]).validate(), "left_expansion_ratio", "between 0 and 2 (got 2.1)");
        refused(ImageExpandRequest::new(url("a"), [0.0, -0.1, 0.5, 0.0]).validate(), "down_expansion_ratio", "between 0 and 2");
        refused(ImageExpandRequest::new(url("a"), [0.0, 0.0, 0.0, f64::NAN]).validate(), "right_expansion_ratio", "between 0 and 2");
        refused(ImageExpandRequest::new(url("a"), [0.0; 4]).validate(), "up_expansion_ratio", "expand at least one edge");
        refused(ImageExpandRequest { n: Some(10), ..req.clone() }.validate(), "n", "between 1 and 9 (got 10)");
        refused(ImageExpandRequest { prompt: Some("x".repeat(2501)), ..req.clone() }.validate(), "prompt", "at most 2500");
        refused(ImageExpandRequest { image: ImageInput::Base64(String::new()), ..req.clone() }.validate(), "image", "is empty");
        refused(ImageExpandRequest { callback_url: Some("ftp://x".into()), ..req }.validate(), "callback_url", "");
        // From a form: the ratios alone, the picture filled in later (until then it is refused).
        let read: ImageExpandRequest = serde_json::from_str(r#"{"up_expansion_ratio":0.5}"#).unwrap();
        assert_eq!((read.image.clone(), read.area_factor()), (ImageInput::Base64(String::new()), 1.5));
        refused(read.validate(), "image", "is empty");
    }
}
