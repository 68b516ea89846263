use super::media::check_id;
use crate::catalogue;
use crate::image_input::ImageInput;
use crate::params::{VideoDuration, WatermarkInfo};
use crate::validation::{check_callback_url, check_external_id, ValidationError};
use serde::{Deserialize, Serialize};

/// `input`: one picture (`image`) or two (`images`, left then right), as the scene takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EffectInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<ImageInput>>,
    /// Sent only when chosen (the Chinese docs require it, the later English ones have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<VideoDuration>,
}

/// `POST /v1/videos/effects` (addendum §6.4): a named effect on one picture or two. The scenes
/// and their picture counts are data (`catalogue::effects`); a scene the catalogue does not know
/// is sent with only the input's shape checked, and the API's answer decides.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EffectsRequest {
    pub effect_scene: String,
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    pub input: EffectInput,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

fn err(field: &str, message: impl Into<String>) -> Result<(), ValidationError> {
    Err(ValidationError::new(field, message))
}

impl EffectsRequest {
    /// A single-picture effect.
    pub fn single(scene: impl Into<String>, image: ImageInput) -> Self {
        Self::with_input(scene, EffectInput { image: Some(image), images: None, duration: None })
    }

    /// A two-picture effect: `left` and `right` of the composite.
    pub fn dual(scene: impl Into<String>, left: ImageInput, right: ImageInput) -> Self {
        Self::with_input(scene, EffectInput { image: None, images: Some(vec![left, right]), duration: None })
    }

    fn with_input(scene: impl Into<String>, input: EffectInput) -> Self {
        Self { effect_scene: scene.into(), input, watermark_info: None, callback_url: None, external_task_id: None }
    }

    /// The pictures given, in order.
    pub fn pictures(&self) -> Vec<&ImageInput> {
        self.input.image.iter().chain(self.input.images.iter().flatten()).collect()
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        check_id("effect_scene", &self.effect_scene)?;
        let effect = catalogue::effect(&self.effect_scene);
        match (&self.input.image, &self.input.images) {
            (Some(_), Some(_)) => return err("input", "give one picture (image) or two (images), not both"),
            (None, None) => return err("input", "give the picture the effect is applied to (image, or two in images)"),
            (Some(image), None) => {
                if effect.is_some_and(|e| e.pictures == 2) {
                    return err("input", format!("{} takes two pictures (images: left and right), not one", self.effect_scene));
                }
                image.check("input.image")?;
            }
            (None, Some(images)) => {
                if images.len() != 2 {
                    return err("input", format!("images holds exactly 2 pictures, left and right (got {})", images.len()));
                }
                if effect.is_some_and(|e| e.pictures == 1) {
                    return err("input", format!("{} takes one picture (image), not two", self.effect_scene));
                }
                for image in images {
                    image.check("input.images")?;
                }
            }
        }
        if let (Some(duration), Some(effect)) = (self.input.duration, effect) {
            if !effect.durations.contains(&duration) {
                let offered = effect.durations.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" or ");
                return err("input.duration", format!("{} makes {offered} s videos, not {duration} s", self.effect_scene));
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
    fn the_documented_bodies() {
        let single = EffectsRequest::single("pet_lion_pro", url("cat"));
        single.validate().unwrap();
        assert_eq!(serde_json::to_value(&single).unwrap(), serde_json::json!({"effect_scene":"pet_lion_pro","input":{"image":"https://example.com/cat.png"}}));
        let dual = EffectsRequest::dual("hug_pro", url("a"), url("b"));
        dual.validate().unwrap();
        assert_eq!(
            serde_json::to_value(&dual).unwrap(),
            serde_json::json!({"effect_scene":"hug_pro","input":{"images":["https://example.com/a.png","https://example.com/b.png"]}})
        );
    }

    #[test]
    fn the_pictures_the_scene_takes() {
        refused(&EffectsRequest::single("hug_pro", url("a")), "input", "hug_pro takes two pictures");
        refused(&EffectsRequest::dual("pet_lion_pro", url("a"), url("b")), "input", "pet_lion_pro takes one picture");
        let three = EffectsRequest {
            input: EffectInput { image: None, images: Some(vec![url("a"), url("b"), url("c")]), duration: None },
            ..EffectsRequest::single("hug_pro", url("a"))
        };
        refused(&three, "input", "exactly 2 pictures");
        let both = EffectsRequest {
            input: EffectInput { images: Some(vec![url("a"), url("b")]), ..EffectsRequest::single("x", url("a")).input },
            ..EffectsRequest::single("hug_pro", url("a"))
        };
        refused(&both, "input", "not both");
        let none = EffectsRequest { input: EffectInput { image: None, images: None, duration: None }, ..EffectsRequest::single("x", url("a")) };
        refused(&none, "input", "give the picture");
        refused(&EffectsRequest::single(" ", url("a")), "effect_scene", "must not be empty");
        refused(&EffectsRequest::single("pet_lion_pro", ImageInput::Base64("data:image/png;base64,AA".into())), "input.image", "data: prefix");
        refused(&EffectsRequest::dual("hug_pro", url("a"), ImageInput::Url("ftp://x/b.png".into())), "input.images", "http(s)");
        // A scene the catalogue does not know (new, or retired since) is sent; its shape is checked.
        EffectsRequest::single("brand_new_scene", url("a")).validate().unwrap();
        EffectsRequest::dual("brand_new_duo", url("a"), url("b")).validate().unwrap();
    }

    #[test]
    fn durations_as_the_scene_lists_them() {
        let with = |scene: &str, seconds: u8, dual: bool| {
            let base = if dual { EffectsRequest::dual(scene, url("a"), url("b")) } else { EffectsRequest::single(scene, url("a")) };
            EffectsRequest { input: EffectInput { duration: VideoDuration::new(seconds), ..base.input.clone() }, ..base }
        };
        with("pet_lion_pro", 10, false).validate().unwrap();
        refused(&with("hug_pro", 10, true), "input.duration", "hug_pro makes 5 s videos, not 10 s");
        refused(&with("pet_lion_pro", 7, false), "input.duration", "5 or 10 s");
        assert_eq!(serde_json::to_value(with("hug_pro", 5, true)).unwrap()["input"]["duration"], "5");
    }
}
