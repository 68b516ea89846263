//! Motion brush: `static_mask` and up to 6 `dynamic_masks`, each a mask picture with a
//! trajectory of 2–77 points {x, y} (pixels, origin bottom-left).

use super::fields::Fields;
use super::image_input;
use crate::envelope::ApiError;
use serde_json::Value;

const MAX_DYNAMIC: usize = 6;
const POINTS: std::ops::RangeInclusive<usize> = 2..=77;

/// The masks, when any were given.
pub struct Masks {
    /// Sizes of the masks given inline (URLs have none); they must all match the image.
    pub sizes: Vec<(u32, u32)>,
}

pub fn check(f: &Fields) -> Result<Option<Masks>, ApiError> {
    let mut sizes = Vec::new();
    let mut any = false;
    if let Some(mask) = f.present("static_mask") {
        any = true;
        sizes.extend(image_input::check("static_mask", mask)?);
    }
    if let Some(dynamic) = f.present("dynamic_masks") {
        any = true;
        let items = dynamic.as_array().ok_or_else(|| ApiError::new(1200, "dynamic_masks must be an array"))?;
        if items.is_empty() || items.len() > MAX_DYNAMIC {
            return Err(ApiError::new(1201, format!("dynamic_masks must hold 1 to {MAX_DYNAMIC} masks, got {}", items.len())));
        }
        for (i, item) in items.iter().enumerate() {
            let name = format!("dynamic_masks[{i}]");
            let item = item.as_object().ok_or_else(|| ApiError::new(1200, format!("{name} must be an object")))?;
            let mask = item.get("mask").filter(|v| !v.is_null()).ok_or_else(|| ApiError::new(1200, format!("{name}.mask is required")))?;
            sizes.extend(image_input::check(&format!("{name}.mask"), mask)?);
            let points = match item.get("trajectories") {
                Some(Value::Array(points)) => points,
                None | Some(Value::Null) => return Err(ApiError::new(1200, format!("{name}.trajectories is required"))),
                Some(_) => return Err(ApiError::new(1200, format!("{name}.trajectories must be an array"))),
            };
            if !POINTS.contains(&points.len()) {
                return Err(ApiError::new(1201, format!("{name}.trajectories must have 2 to 77 points, got {}", points.len())));
            }
            for (j, point) in points.iter().enumerate() {
                for axis in ["x", "y"] {
                    match point.get(axis).and_then(Value::as_i64) {
                        Some(v) if v >= 0 => {}
                        Some(v) => return Err(ApiError::new(1201, format!("{name}.trajectories[{j}].{axis} must not be negative, got {v}"))),
                        None => return Err(ApiError::new(1200, format!("{name}.trajectories[{j}].{axis} must be a whole number"))),
                    }
                }
            }
        }
    }
    Ok(any.then_some(Masks { sizes }))
}
