//! Typed access to a JSON body's fields; a wrong type is 1200 naming the field.

use crate::envelope::ApiError;
use serde_json::{Map, Value};

pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    /// Prefix for messages about nested objects ("camera_control.").
    prefix: String,
}

impl<'a> Fields<'a> {
    pub fn new(body: &'a Value) -> Result<Self, ApiError> {
        body.as_object().map(|map| Self { map, prefix: String::new() }).ok_or_else(|| ApiError::new(1200, "the request body must be a JSON object"))
    }

    /// The object in `field`, whose own fields are then named `field.x`.
    pub fn nested(&self, field: &str) -> Result<Option<Fields<'a>>, ApiError> {
        match self.present(field) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Fields { map, prefix: format!("{}{field}.", self.prefix) })),
            Some(_) => Err(ApiError::new(1200, format!("{}{field} must be an object", self.prefix))),
        }
    }

    /// The object at `field[index]`, whose own fields are then named `field[index].x`.
    pub fn nested_item(&self, field: &str, index: usize) -> Result<Fields<'a>, ApiError> {
        let name = format!("{}{field}[{index}]", self.prefix);
        match self.present(field).and_then(|v| v.as_array()).and_then(|a| a.get(index)) {
            Some(Value::Object(map)) => Ok(Fields { map, prefix: format!("{name}.") }),
            _ => Err(ApiError::new(1200, format!("{name} must be an object"))),
        }
    }

    /// The field's full name in messages.
    pub fn name(&self, field: &str) -> String {
        format!("{}{field}", self.prefix)
    }

    /// The value, with `null` counted as absent.
    pub fn present(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    pub fn keys(&self) -> impl Iterator<Item = &'a String> {
        self.map.keys()
    }

    pub fn string(&self, field: &str) -> Result<Option<&'a str>, ApiError> {
        match self.present(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::new(1200, format!("{} must be a string", self.name(field)))),
        }
    }

    pub fn number(&self, field: &str) -> Result<Option<f64>, ApiError> {
        match self.present(field) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(_) => Err(ApiError::new(1200, format!("{} must be a number", self.name(field)))),
        }
    }

    pub fn integer(&self, field: &str) -> Result<Option<i64>, ApiError> {
        match self.present(field) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| ApiError::new(1200, format!("{} must be a whole number", self.name(field)))),
            Some(_) => Err(ApiError::new(1200, format!("{} must be a whole number", self.name(field)))),
        }
    }
}
