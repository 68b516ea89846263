//! Every answer is `{code, message, request_id, data}`; code 0 is success. Anything else that
//! comes back (a proxy's HTML page, a cut body) is reported without echoing more than a short
//! snippet of it.

use crate::api_code::ApiCode;
use crate::errors::KlingError;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Longest piece of a foreign body kept in an error.
pub(crate) const SNIPPET_CHARS: usize = 200;

#[derive(Deserialize)]
struct Envelope {
    code: i64,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    data: serde_json::Value,
}

/// A successful answer's data, with the request id for the logs.
pub(crate) struct Answer<T> {
    pub data: T,
    pub request_id: Option<String>,
}

/// Reads an answer body into `T`, or the error it carries. `status` is the HTTP status.
pub(crate) fn parse<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<Answer<T>, KlingError> {
    let envelope: Envelope = match serde_json::from_slice(body) {
        Ok(envelope) => envelope,
        Err(e) => {
            return Err(if (200..300).contains(&status) {
                KlingError::Malformed { detail: format!("not a Kling API answer ({})", without_values(&e)) }
            } else {
                KlingError::Http { status, snippet: snippet(body) }
            });
        }
    };
    if envelope.code != 0 {
        return Err(KlingError::Api {
            code: ApiCode::from_i64(envelope.code),
            http_status: status,
            message: envelope.message.unwrap_or_default(),
            request_id: envelope.request_id,
        });
    }
    let data = serde_json::from_value(envelope.data).map_err(|e| KlingError::Malformed { detail: format!("unexpected data ({})", without_values(&e)) })?;
    Ok(Answer { data, request_id: envelope.request_id })
}

/// serde's message without the answer's values it quotes (`invalid type: string "…", expected
/// i64 at line 1 column 9`): a string there may be a signed link, and as long as the answer.
/// Field and type names (short words in backticks) stay.
pub(crate) fn without_values(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            // serde writes strings Debug-escaped: an inner quote is `\"`.
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"…\"");
            }
            '`' => {
                let word: String = chars.by_ref().take_while(|&c| c != '`').collect();
                let plain = word.len() <= 40 && word.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
                out.push('`');
                out.push_str(if plain { &word } else { "…" });
                out.push('`');
            }
            c => out.push(c),
        }
    }
    out
}

/// The start of a body as one line of at most [`SNIPPET_CHARS`] characters.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > SNIPPET_CHARS {
        let mut cut: String = line.chars().take(SNIPPET_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn errors_keep_code_status_message_and_request_id() {
        let err = parse::<Value>(429, br#"{"code":1303,"message":"parallel task over resource pack limit","request_id":"r-1","data":null}"#).err().unwrap();
        match err {
            KlingError::Api { code, http_status, request_id, message } => {
                assert_eq!((code, http_status, request_id.as_deref()), (ApiCode::ConcurrencyLimit, 429, Some("r-1")));
                assert_eq!(message, "parallel task over resource pack limit");
            }
            other => panic!("{other:?}"),
        }
        // No message, no request id, no data: still the API's error.
        assert!(matches!(parse::<Value>(500, br#"{"code":5000}"#), Err(KlingError::Api { code: ApiCode::ServerError, http_status: 500, .. })));
        // A business error on HTTP 200 is still an error.
        assert!(matches!(parse::<Value>(200, br#"{"code":1201,"message":"bad"}"#), Err(KlingError::Api { code: ApiCode::InvalidValue, http_status: 200, .. })));
    }

    #[test]
    fn success_gives_data_and_request_id_and_ignores_extra_fields() {
        let answer = parse::<Vec<i32>>(200, br#"{"code":0,"message":"SUCCEED","request_id":"abc","data":[1,2],"extra":true}"#).ok().unwrap();
        assert_eq!((answer.data, answer.request_id.as_deref()), (vec![1, 2], Some("abc")));
    }

    #[test]
    fn non_envelope_bodies_are_http_or_malformed_errors() {
        let page = format!("<html><body>{}</body></html>", "Bad gateway ".repeat(100));
        match parse::<Value>(502, page.as_bytes()) {
            Err(KlingError::Http { status: 502, snippet }) => {
                assert!(snippet.chars().count() <= SNIPPET_CHARS && snippet.starts_with("<html>"), "{snippet}");
            }
            other => panic!("{:?}", other.err()),
        }
        assert!(matches!(parse::<Value>(200, b"<html>login</html>"), Err(KlingError::Malformed { .. })));
        assert!(matches!(parse::<Value>(200, br#"{"code":0,"mess"#), Err(KlingError::Malformed { .. })), "a cut body");
        assert!(matches!(parse::<Value>(200, br#"{"status":"ok"}"#), Err(KlingError::Malformed { .. })), "JSON, but no envelope");
        assert!(matches!(parse::<Vec<i32>>(200, br#"{"code":0,"data":{"a":1}}"#), Err(KlingError::Malformed { .. })), "data of the wrong shape");
        assert!(matches!(parse::<Value>(404, b""), Err(KlingError::Http { status: 404, .. })));
    }

    #[test]
    fn malformed_details_do_not_echo_the_body() {
        let body = br#"{"code":0,"data":{"secret-looking-content":"#;
        let Err(KlingError::Malformed { detail }) = parse::<Value>(200, body) else { panic!() };
        assert!(!detail.contains("secret-looking-content"), "{detail}");
        // serde's type errors quote the value met (found by tests/api_answers_random_input.rs).
        for (body, expected) in [
            (&br#"{"code":"https://cdn/x.png?sig=SECRET-\"-1"}"#[..], r#"not a Kling API answer (invalid type: string "…", expected i64 at line 1 column 43)"#),
            (br#"{"code":0,"data":{"url":"https://cdn/x.png?sig=SECRET"}}"#, r#"unexpected data (invalid type: map, expected a sequence)"#),
            (br#"{"code":0,"data":["https://cdn/x.png?sig=SECRET"]}"#, r#"unexpected data (invalid type: string "…", expected i32)"#),
        ] {
            let Err(KlingError::Malformed { detail }) = parse::<Vec<i32>>(200, body) else { panic!() };
            assert_eq!(detail, expected);
        }
        let Err(KlingError::Malformed { detail }) = parse::<crate::Task>(200, br#"{"code":0,"data":{"task_id":"1"}}"#) else { panic!() };
        assert_eq!(detail, "unexpected data (missing field `task_status`)", "field names stay");
    }
}
