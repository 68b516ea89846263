use crate::image_input::ImageInput;
use crate::validation::{check_callback_url, check_external_id, ValidationError};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The try-on models (§6.7): v1 dresses the person in one garment; v1-5 also takes an upper and a
/// lower garment together in one picture (other combinations fail the task at Kling).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TryOnModel {
    #[default]
    #[serde(rename = "kolors-virtual-try-on-v1")]
    V1,
    #[serde(rename = "kolors-virtual-try-on-v1-5")]
    V1_5,
}

impl TryOnModel {
    pub const ALL: [TryOnModel; 2] = [TryOnModel::V1, TryOnModel::V1_5];

    pub fn as_str(self) -> &'static str {
        match self {
            TryOnModel::V1 => "kolors-virtual-try-on-v1",
            TryOnModel::V1_5 => "kolors-virtual-try-on-v1-5",
        }
    }
}

impl FromStr for TryOnModel {
    type Err = String;
    /// The API's names, or their short forms: v1, v1-5 (or v1.5).
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().trim_start_matches("kolors-virtual-try-on-") {
            "v1" => Ok(TryOnModel::V1),
            "v1-5" | "v1.5" => Ok(TryOnModel::V1_5),
            _ => Err(format!("unknown try-on model {s:?}: use kolors-virtual-try-on-v1 (v1) or kolors-virtual-try-on-v1-5 (v1-5)")),
        }
    }
}

/// `POST /v1/images/kolors-virtual-try-on` (addendum §6.7): the person of one picture wearing the
/// garment of another. The garment is required here: the current docs require it, and a try-on
/// without one has nothing to try on.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VirtualTryOnRequest {
    #[serde(default)]
    pub model_name: TryOnModel,
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default = "super::picture_options::unfilled")]
    pub human_image: ImageInput,
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default = "super::picture_options::unfilled")]
    pub cloth_image: ImageInput,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl VirtualTryOnRequest {
    pub fn new(person: ImageInput, garment: ImageInput) -> Self {
        Self { model_name: TryOnModel::default(), human_image: person, cloth_image: garment, callback_url: None, external_task_id: None }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        self.human_image.check("human_image")?;
        self.cloth_image.check("cloth_image")?;
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::test_support::{refused, url};

    #[test]
    fn a_person_and_a_garment_with_either_model() {
        let req = VirtualTryOnRequest::new(url("me"), url("coat"));
        req.validate().unwrap();
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            serde_json::json!({"model_name": "kolors-virtual-try-on-v1", "human_image": "https://example.com/me.png", "cloth_image": "https://example.com/coat.png"})
        );
        let v15 = VirtualTryOnRequest { model_name: TryOnModel::V1_5, ..req.clone() };
        assert_eq!(serde_json::to_value(&v15).unwrap()["model_name"], "kolors-virtual-try-on-v1-5");
        let read: VirtualTryOnRequest = serde_json::from_str(r#"{"human_image":"https://e.com/a.png","cloth_image":"https://e.com/b.png"}"#).unwrap();
        assert_eq!(read.model_name, TryOnModel::V1, "the API's default");
        assert!(serde_json::from_str::<VirtualTryOnRequest>(r#"{"model_name":"kolors-v9","human_image":"a","cloth_image":"b"}"#).is_err());
        refused(VirtualTryOnRequest::new(ImageInput::Base64(String::new()), url("coat")).validate(), "human_image", "is empty");
        refused(VirtualTryOnRequest::new(url("me"), ImageInput::Url("file:///etc/passwd".into())).validate(), "cloth_image", "http(s)");
        // From a form: the model alone, the pictures filled in later (until then refused).
        let form: VirtualTryOnRequest = serde_json::from_str(r#"{"model_name":"kolors-virtual-try-on-v1-5"}"#).unwrap();
        assert_eq!(form.model_name, TryOnModel::V1_5);
        refused(form.validate(), "human_image", "is empty");
    }

    #[test]
    fn model_names_long_and_short() {
        for model in TryOnModel::ALL {
            assert_eq!(model.as_str().parse::<TryOnModel>(), Ok(model));
            assert_eq!(serde_json::to_value(model).unwrap(), model.as_str());
        }
        assert_eq!(("v1".parse(), "V1-5".parse(), "v1.5".parse()), (Ok(TryOnModel::V1), Ok(TryOnModel::V1_5), Ok(TryOnModel::V1_5)));
        assert!("v2".parse::<TryOnModel>().unwrap_err().contains("kolors-virtual-try-on-v1-5"));
    }
}
