//! Typed access to a JSON body's fields; a wrong type is 1200 naming the field.

use crate::envelope::ApiError;
use serde_json::{Map, Value};

pub struct Fields<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    pub fn new(body: &'a Value) -> Result<Self, ApiError> {
        body.as_object().map(|map| Self { map }).ok_or_else(|| ApiError::new(1200, "the request body must be a JSON object"))
    }

    pub fn value(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field)
    }

    pub fn string(&self, field: &str) -> Result<Option<&'a str>, ApiError> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::new(1200, format!("{field} must be a string"))),
        }
    }

    pub fn number(&self, field: &str) -> Result<Option<f64>, ApiError> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(_) => Err(ApiError::new(1200, format!("{field} must be a number"))),
        }
    }

    pub fn integer(&self, field: &str) -> Result<Option<i64>, ApiError> {
        match self.map.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| ApiError::new(1200, format!("{field} must be a whole number"))),
            Some(_) => Err(ApiError::new(1200, format!("{field} must be a whole number"))),
        }
    }
}
