//! The API's envelope and its error codes with their HTTP statuses.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A refusal: business code and message; answered with the code's HTTP status and `data: null`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: i64,
    pub message: String,
}

impl ApiError {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// The code with its usual wording.
    pub fn code(code: i64) -> Self {
        Self::new(code, default_message(code))
    }
}

/// The HTTP status the API pairs with a business code (the contract's table).
pub fn http_status(code: i64) -> StatusCode {
    match code {
        1000..=1004 => StatusCode::UNAUTHORIZED,
        1100..=1102 | 1302..=1304 => StatusCode::TOO_MANY_REQUESTS,
        1103 => StatusCode::FORBIDDEN,
        1200 | 1201 | 1300 | 1301 => StatusCode::BAD_REQUEST,
        1202 | 1203 => StatusCode::NOT_FOUND,
        5001 => StatusCode::SERVICE_UNAVAILABLE,
        5002 => StatusCode::GATEWAY_TIMEOUT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The message the real API gives for a code when there is nothing more specific to say.
pub fn default_message(code: i64) -> &'static str {
    match code {
        1000 => "Authentication failed",
        1001 => "Authorization is empty",
        1002 => "Authorization is invalid",
        1003 => "Authorization is not yet valid",
        1004 => "Authorization has expired",
        1100 => "Account exception",
        1101 => "Account in arrears",
        1102 => "Resource pack exhausted or expired",
        1103 => "Unauthorized access to requested resource",
        1200 => "Invalid request parameters",
        1201 => "Invalid parameter value",
        1202 => "Invalid request method",
        1203 => "Requested resource does not exist",
        1300 => "Trigger strategy of the platform",
        1301 => "Trigger the content security policy of the platform",
        1302 => "The API request is too fast, please slow down",
        1303 => "Concurrency or QPS exceeds the prepaid resource package limit",
        1304 => "Trigger the IP whitelisting policy of the platform",
        5000 => "Server internal error",
        5001 => "Server temporarily unavailable, usually due to maintenance",
        5002 => "Server internal timeout, usually due to a backlog",
        _ => "Error",
    }
}

fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn success_body(data: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({ "code": 0, "message": "SUCCEED", "request_id": request_id(), "data": data })).unwrap_or_default()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "code": self.code, "message": self.message, "request_id": request_id(), "data": null });
        (http_status(self.code), [("content-type", "application/json")], body.to_string()).into_response()
    }
}
