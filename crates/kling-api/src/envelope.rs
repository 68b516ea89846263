//! Every answer is `{code, message, request_id, data}`; code 0 is success.

use crate::api_code::ApiCode;
use crate::errors::KlingError;
use serde::de::DeserializeOwned;
use serde::Deserialize;

#[derive(Deserialize)]
struct Envelope {
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    data: serde_json::Value,
}

/// Reads an answer body into `T`, or the error it carries.
pub(crate) fn parse<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, KlingError> {
    let envelope: Envelope = match serde_json::from_slice(body) {
        Ok(envelope) => envelope,
        Err(e) => {
            let snippet: String = String::from_utf8_lossy(body).chars().take(200).collect();
            return Err(if (200..300).contains(&status) {
                KlingError::Malformed { detail: format!("not a Kling API answer ({e})") }
            } else {
                KlingError::Http { status, snippet }
            });
        }
    };
    if envelope.code != 0 {
        return Err(KlingError::Api {
            code: ApiCode::from_i64(envelope.code),
            http_status: status,
            message: envelope.message,
            request_id: envelope.request_id,
        });
    }
    serde_json::from_value(envelope.data).map_err(|e| KlingError::Malformed { detail: format!("unexpected data ({e})") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_code_status_and_request_id() {
        let err = parse::<serde_json::Value>(429, br#"{"code":1303,"message":"parallel task over resource pack limit","request_id":"r-1","data":null}"#).unwrap_err();
        match err {
            KlingError::Api { code, http_status, request_id, .. } => {
                assert_eq!((code, http_status, request_id.as_deref()), (ApiCode::ConcurrencyLimit, 429, Some("r-1")));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn non_envelope_bodies_are_http_or_malformed_errors() {
        assert!(matches!(parse::<serde_json::Value>(502, b"<html>Bad gateway</html>"), Err(KlingError::Http { status: 502, .. })));
        assert!(matches!(parse::<serde_json::Value>(200, b"<html>login</html>"), Err(KlingError::Malformed { .. })));
        assert_eq!(parse::<Vec<i32>>(200, br#"{"code":0,"message":"SUCCEED","data":[1,2],"extra":true}"#).unwrap(), vec![1, 2]);
    }
}
