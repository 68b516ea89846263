//! `POST /v1/images/omni-image` (addendum §5.2): pictures from a prompt that refers to given
//! pictures (`<<<image_N>>>`) and elements (`<<<element_N>>>`), kling-image-o1 or kling-v3-omni;
//! one result per `n`, or a series (`result_type: series`, kling-v3-omni from pictures only) of
//! `series_amount` pictures, or as many as Kling sees fit (`auto`).

use super::check_model;
use super::picture_options::check_n;
use crate::catalogue;
use crate::image_input::ImageInput;
use crate::kinds::TaskKind;
use crate::params::{AspectRatio, ElementRef, Resolution, WatermarkInfo};
use crate::validation::{check_callback_url, check_external_id, check_prompt, ValidationError};
use serde::{Deserialize, Serialize};

pub const OMNI_IMAGE_DEFAULT_MODEL: &str = "kling-image-o1";
/// Pictures and elements together (§5.2).
pub const MAX_OMNI_IMAGE_REFERENCES: usize = 10;
/// A series' length: 2 to 9 pictures (or `auto`); 4 when not given.
pub const SERIES_AMOUNTS: (u8, u8) = (2, 9);
pub const DEFAULT_SERIES_AMOUNT: u8 = 4;

/// The word `auto`, where the API takes it in place of a value.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Auto {
    #[serde(rename = "auto")]
    Auto,
}

/// `aspect_ratio` of omni-image: one of the 8 ratios, or `auto` (the shape follows the pictures).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OmniImageAspect {
    Ratio(AspectRatio),
    Auto(Auto),
}

/// `series_amount`: 2 to 9 pictures, or `auto`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SeriesAmount {
    Count(u8),
    Auto(Auto),
}

/// `result_type`: separate pictures (`n` of them) or one series.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResultType {
    #[default]
    #[serde(rename = "single")]
    Single,
    #[serde(rename = "series")]
    Series,
}

/// One picture of `image_list`: its key is `image` here (§5.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OmniImageInput {
    pub image: ImageInput,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OmniImageRequest {
    pub model_name: String,
    pub prompt: String,
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub image_list: Vec<OmniImageInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_list: Option<Vec<ElementRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_type: Option<ResultType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_amount: Option<SeriesAmount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<OmniImageAspect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

fn err<T>(field: &str, message: impl Into<String>) -> Result<T, ValidationError> {
    Err(ValidationError::new(field, message))
}

/// The highest N of `<<<kind_N>>>` in `prompt` (0 when none).
fn highest_reference(prompt: &str, kind: &str) -> usize {
    let open = format!("<<<{kind}_");
    prompt.match_indices(&open).filter_map(|(at, _)| prompt[at + open.len()..].split_once(">>>").and_then(|(n, _)| n.parse::<usize>().ok())).max().unwrap_or(0)
}

impl OmniImageRequest {
    pub fn new(prompt: impl Into<String>) -> Self {
        Self {
            model_name: OMNI_IMAGE_DEFAULT_MODEL.into(),
            prompt: prompt.into(),
            image_list: Vec::new(),
            element_list: None,
            resolution: None,
            result_type: None,
            n: None,
            series_amount: None,
            aspect_ratio: None,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    pub fn elements(&self) -> &[ElementRef] {
        self.element_list.as_deref().unwrap_or_default()
    }

    pub fn is_series(&self) -> bool {
        self.result_type == Some(ResultType::Series)
    }

    /// Pictures the task makes, when known before: `n`, or the series' length (None for `auto`).
    pub fn pictures_asked(&self) -> Option<u8> {
        if !self.is_series() {
            return Some(self.n.unwrap_or(1));
        }
        match self.series_amount {
            None => Some(DEFAULT_SERIES_AMOUNT),
            Some(SeriesAmount::Count(n)) => Some(n),
            Some(SeriesAmount::Auto(_)) => None,
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.model_name.trim().is_empty() {
            return err("model_name", format!("must not be empty (use {OMNI_IMAGE_DEFAULT_MODEL})"));
        }
        check_model(TaskKind::OmniImage, &self.model_name)?;
        let entry = catalogue::entry(TaskKind::OmniImage, &self.model_name);
        check_prompt("prompt", &self.prompt, true)?;
        let (pictures, elements) = (self.image_list.len(), self.elements().len());
        if pictures + elements > MAX_OMNI_IMAGE_REFERENCES {
            return err("image_list", format!("pictures and elements together are at most {MAX_OMNI_IMAGE_REFERENCES} (got {pictures} and {elements})"));
        }
        for (i, picture) in self.image_list.iter().enumerate() {
            picture.image.check("image_list").map_err(|e| ValidationError::new(e.field, format!("picture {}: {}", i + 1, e.message)))?;
        }
        for (kind, field, given) in [("image", "image_list", pictures), ("element", "element_list", elements)] {
            let highest = highest_reference(&self.prompt, kind);
            if highest > given {
                return err(field, format!("the prompt refers to <<<{kind}_{highest}>>> but {given} {kind}(s) are given"));
            }
        }
        if let (Some(resolution), Some(entry)) = (self.resolution, entry) {
            if !entry.resolutions_text.contains(&resolution) {
                let offered: Vec<&str> = entry.resolutions_text.iter().map(|r| r.as_str()).collect();
                return err("resolution", format!("{} makes {} pictures, not {resolution}", self.model_name, offered.join(", ")));
            }
        }
        let auto_shape = matches!(self.aspect_ratio, None | Some(OmniImageAspect::Auto(_)));
        if auto_shape && pictures == 0 && entry.is_some_and(|e| !e.auto_aspect_from_text) {
            return err("aspect_ratio", format!("choose a ratio: {} takes its shape from a picture (auto) only when one is given", self.model_name));
        }
        if self.is_series() {
            if entry.is_some_and(|e| !e.series) {
                return err("result_type", format!("{} makes single pictures only; a series needs kling-v3-omni", self.model_name));
            }
            if pictures == 0 {
                return err("result_type", "a series is made from pictures: give at least one");
            }
            if self.n.is_some() {
                return err("n", "a series takes series_amount, not n");
            }
            if let Some(SeriesAmount::Count(n)) = self.series_amount {
                let (least, most) = SERIES_AMOUNTS;
                if !(least..=most).contains(&n) {
                    return err("series_amount", format!("must be {least} to {most} or auto (got {n})"));
                }
            }
        } else {
            if self.series_amount.is_some() {
                return err("series_amount", "only a series takes it (result_type series)");
            }
            check_n(self.n)?;
        }
        super::video_options::check_elements(entry, &self.model_name, self.elements())?;
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::test_support::{refused, url};
    use crate::ElementId;

    fn pictures(n: usize) -> Vec<OmniImageInput> {
        (0..n).map(|i| OmniImageInput { image: url(&i.to_string()) }).collect()
    }

    fn v3(prompt: &str) -> OmniImageRequest {
        OmniImageRequest { model_name: "kling-v3-omni".into(), ..OmniImageRequest::new(prompt) }
    }

    #[test]
    fn pictures_elements_and_their_references() {
        let req = OmniImageRequest {
            image_list: pictures(2),
            element_list: Some(vec![ElementRef { element_id: ElementId(829836802793406551) }]),
            aspect_ratio: Some(OmniImageAspect::Auto(Auto::Auto)),
            resolution: Some(Resolution::TwoK),
            n: Some(3),
            ..OmniImageRequest::new("<<<image_1>>> meets <<<element_1>>> in <<<image_2>>>, as a watercolour")
        };
        req.validate().unwrap();
        let body = crate::requests::wire_body(&req).unwrap();
        assert_eq!(body["model_name"], "kling-image-o1");
        assert_eq!(body["image_list"], serde_json::json!([{"image": "https://example.com/0.png"}, {"image": "https://example.com/1.png"}]));
        assert_eq!((body["aspect_ratio"].as_str(), body["resolution"].as_str(), body["n"].as_u64()), (Some("auto"), Some("2k"), Some(3)));
        assert_eq!(body["element_list"][0]["element_id"].as_u64(), Some(829836802793406551));
        refused(OmniImageRequest { prompt: "<<<image_3>>> again".into(), ..req.clone() }.validate(), "image_list", "<<<image_3>>> but 2 image(s)");
        refused(OmniImageRequest { prompt: "<<<element_2>>>".into(), ..req.clone() }.validate(), "element_list", "<<<element_2>>> but 1 element(s)");
        refused(OmniImageRequest { image_list: pictures(10), ..req.clone() }.validate(), "image_list", "at most 10 (got 10 and 1)");
        refused(OmniImageRequest { resolution: Some(Resolution::FourK), ..req.clone() }.validate(), "resolution", "kling-image-o1 makes 1k, 2k pictures, not 4k");
        OmniImageRequest { model_name: "kling-v3-omni".into(), resolution: Some(Resolution::FourK), ..req.clone() }.validate().unwrap();
        refused(OmniImageRequest { n: Some(10), ..req.clone() }.validate(), "n", "between 1 and 9");
        refused(OmniImageRequest { prompt: " ".into(), ..req.clone() }.validate(), "prompt", "");
        refused(OmniImageRequest { model_name: "kling-v3".into(), ..req }.validate(), "model_name", "kling-v3-omni, kling-image-o1");
    }

    #[test]
    fn four_k_is_omni_image_s_alone() {
        let picture = crate::ImageRequest { resolution: Some(Resolution::FourK), ..crate::ImageRequest::new("a lighthouse") };
        refused(picture.validate(), "resolution", "Omni image");
        crate::ImageRequest { resolution: Some(Resolution::TwoK), ..picture }.validate().unwrap();
    }

    #[test]
    fn text_only_needs_a_ratio_on_v3_omni() {
        OmniImageRequest::new("a lighthouse").validate().unwrap();
        refused(v3("a lighthouse").validate(), "aspect_ratio", "choose a ratio");
        refused(OmniImageRequest { aspect_ratio: Some(OmniImageAspect::Auto(Auto::Auto)), ..v3("a lighthouse") }.validate(), "aspect_ratio", "");
        OmniImageRequest { aspect_ratio: Some(OmniImageAspect::Ratio(AspectRatio::R3x2)), ..v3("a lighthouse") }.validate().unwrap();
    }

    #[test]
    fn a_series_from_pictures_on_v3_omni() {
        let series = OmniImageRequest {
            image_list: pictures(1),
            result_type: Some(ResultType::Series),
            series_amount: Some(SeriesAmount::Count(6)),
            ..v3("<<<image_1>>> through the seasons")
        };
        series.validate().unwrap();
        assert_eq!(series.pictures_asked(), Some(6));
        let body = serde_json::to_value(&series).unwrap();
        assert_eq!((body["result_type"].as_str(), body["series_amount"].as_u64()), (Some("series"), Some(6)));
        let auto = OmniImageRequest { series_amount: Some(SeriesAmount::Auto(Auto::Auto)), ..series.clone() };
        auto.validate().unwrap();
        assert_eq!((auto.pictures_asked(), serde_json::to_value(&auto).unwrap()["series_amount"].as_str()), (None, Some("auto")));
        let read: OmniImageRequest =
            serde_json::from_str(r#"{"model_name":"kling-v3-omni","prompt":"x","result_type":"series","series_amount":"auto","aspect_ratio":"9:16"}"#).unwrap();
        assert_eq!((read.series_amount, read.aspect_ratio), (Some(SeriesAmount::Auto(Auto::Auto)), Some(OmniImageAspect::Ratio(AspectRatio::R9x16))));
        assert!(serde_json::from_str::<OmniImageRequest>(r#"{"model_name":"m","prompt":"x","series_amount":"lots"}"#).is_err());
        assert_eq!(OmniImageRequest { result_type: Some(ResultType::Series), ..series.clone() }.pictures_asked(), Some(6));
        assert_eq!(OmniImageRequest { series_amount: None, ..series.clone() }.pictures_asked(), Some(DEFAULT_SERIES_AMOUNT));
        refused(OmniImageRequest { series_amount: Some(SeriesAmount::Count(10)), ..series.clone() }.validate(), "series_amount", "2 to 9 or auto (got 10)");
        refused(OmniImageRequest { series_amount: Some(SeriesAmount::Count(1)), ..series.clone() }.validate(), "series_amount", "(got 1)");
        refused(OmniImageRequest { n: Some(2), ..series.clone() }.validate(), "n", "series_amount, not n");
        refused(
            OmniImageRequest { image_list: Vec::new(), prompt: "the seasons".into(), aspect_ratio: Some(OmniImageAspect::Ratio(AspectRatio::R1x1)), ..series.clone() }
                .validate(),
            "result_type",
            "at least one",
        );
        refused(OmniImageRequest { model_name: "kling-image-o1".into(), ..series.clone() }.validate(), "result_type", "kling-v3-omni");
        refused(OmniImageRequest { result_type: None, ..series }.validate(), "series_amount", "only a series");
    }
}
