//! The JSON body sent to the API. Element ids are kept as text everywhere else (a JavaScript
//! number would round them, `ElementId`); on the wire they are the API's `long`, written as exact
//! integers, never through a float.

use serde::Serialize;
use serde_json::{Number, Value};

pub(crate) fn wire_body<T: Serialize>(request: &T) -> Result<Value, serde_json::Error> {
    let mut body = serde_json::to_value(request)?;
    if let Some(elements) = body.get_mut("element_list").and_then(Value::as_array_mut) {
        for element in elements {
            if let Some(id) = element.get_mut("element_id") {
                if let Some(n) = id.as_str().and_then(|s| s.parse::<u64>().ok()) {
                    *id = Value::Number(Number::from(n));
                }
            }
        }
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ElementId, ElementRef, ImageInput, ImageToVideoRequest};

    #[test]
    fn element_ids_go_out_as_exact_integers() {
        let req = ImageToVideoRequest {
            model_name: "kling-v3".into(),
            element_list: Some(vec![ElementRef { element_id: ElementId(829836802793406551) }]),
            ..ImageToVideoRequest::new(ImageInput::Url("https://example.com/a.png".into()))
        };
        let text = serde_json::to_string(&wire_body(&req).unwrap()).unwrap();
        assert!(text.contains(r#""element_list":[{"element_id":829836802793406551}]"#), "{text}");
        // Stored and sent to the UI as text.
        assert!(serde_json::to_string(&req).unwrap().contains(r#""element_id":"829836802793406551""#));
    }
}
