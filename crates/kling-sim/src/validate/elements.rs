//! `element_list`: up to the model's most of `{"element_id": long}` (addendum §2). The docs type
//! the id as a long and some examples send it as a digit string ("160"), so both are taken; a
//! fraction, a negative number or anything else is refused (ids exceed 2^53: a client that sends
//! them through a float has a bug this catches when the float shows).

use super::fields::Fields;
use crate::envelope::ApiError;
use kling_api::catalogue::Entry;
use serde_json::Value;

/// How many elements were given (0 when none).
pub fn check(f: &Fields, entry: &Entry) -> Result<usize, ApiError> {
    let items = match f.present("element_list") {
        None => return Ok(0),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ApiError::new(1200, "element_list must be an array of {\"element_id\": …}")),
    };
    if items.is_empty() {
        return Ok(0);
    }
    let model = entry.model;
    match usize::from(entry.max_elements) {
        0 => return Err(ApiError::new(1201, format!("element_list is not supported by {model} ({})", entry.kind))),
        max if items.len() > max => return Err(ApiError::new(1201, format!("element_list holds at most {max} elements for {model}, got {}", items.len()))),
        _ => {}
    }
    each_id(items)?;
    Ok(items.len())
}

/// How many elements a tool's `element_list` holds (its own limits are checked by the tool).
pub fn count(f: &Fields) -> Result<usize, ApiError> {
    match f.present("element_list") {
        None => Ok(0),
        Some(Value::Array(items)) => each_id(items).map(|()| items.len()),
        Some(_) => Err(ApiError::new(1200, "element_list must be an array of {\"element_id\": …}")),
    }
}

fn each_id(items: &[Value]) -> Result<(), ApiError> {
    for (i, item) in items.iter().enumerate() {
        let name = format!("element_list[{i}].element_id");
        let id = item.as_object().and_then(|o| o.get("element_id")).filter(|v| !v.is_null());
        let whole = match id {
            None => return Err(ApiError::new(1200, format!("{name} is required"))),
            Some(Value::Number(n)) => n.is_u64(),
            Some(Value::String(s)) => !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()) && s.parse::<u64>().is_ok(),
            Some(_) => false,
        };
        if !whole {
            return Err(ApiError::new(1201, format!("{name} must be a whole number (a long), got {}", id.map(Value::to_string).unwrap_or_default())));
        }
    }
    Ok(())
}
