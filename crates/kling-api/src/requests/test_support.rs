//! What the request modules' tests share: a picture by link, and the check that a request is
//! refused by the rule on one field.

use super::{EffectsRequest, MultiImageToVideoRequest, OmniVideoRequest};
use crate::image_input::ImageInput;
use crate::validation::ValidationError;

pub(crate) fn url(name: &str) -> ImageInput {
    ImageInput::Url(format!("https://example.com/{name}.png"))
}

/// A validation outcome: a result, or a request whose own `validate` gives it.
pub(crate) trait Checked {
    fn outcome(self) -> Result<(), ValidationError>;
}

impl Checked for Result<(), ValidationError> {
    fn outcome(self) -> Result<(), ValidationError> {
        self
    }
}

macro_rules! checked_by_validate {
    ($($request:ty),*) => {$(
        impl Checked for &$request {
            fn outcome(self) -> Result<(), ValidationError> {
                self.validate()
            }
        }
    )*};
}
checked_by_validate!(EffectsRequest, MultiImageToVideoRequest, OmniVideoRequest);

/// Refused on `field`, with `needle` in the message.
#[track_caller]
pub(crate) fn refused(checked: impl Checked, field: &str, needle: &str) {
    let e = checked.outcome().expect_err("expected a validation error");
    assert_eq!(e.field, field, "{}", e.message);
    assert!(e.message.contains(needle), "{field}: {:?} should contain {needle:?}", e.message);
}
