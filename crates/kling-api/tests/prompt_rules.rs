//! What a person can type (or paste) as a prompt or a negative prompt, through each of the three
//! requests' `validate()`, the check every surface (app forms, CLI, engine) runs before anything
//! is sent. Lengths are counted in characters (Unicode scalar values), not bytes: 2,500 emoji are
//! 10,000 bytes and fine. Line breaks and tabs are text; NUL, escape, bell, DEL and the C1
//! controls are refused with their code and place, never stripped silently. Right-to-left
//! scripts, bidi marks and emoji sequences are ordinary text, sent byte for byte.

use kling_api::{ImageInput, ImageRequest, ImageToVideoRequest, TextToVideoRequest, ValidationError};

/// Where the text goes.
#[derive(Clone, Copy, Debug)]
enum Field {
    Prompt,
    Negative,
}

/// What a row expects from each request kind.
#[derive(Clone, Copy)]
enum Expect {
    Accepted,
    /// Refused on the field, with this fragment in the message.
    Refused(&'static str),
    /// The text-to-image and text-to-video prompt is required; the animate prompt is optional.
    RequiredOnlyRefused(&'static str),
}

struct Row {
    what: &'static str,
    text: String,
    expect: Expect,
}

fn rows() -> Vec<Row> {
    let row = |what, text: String, expect| Row { what, text, expect };
    vec![
        row("empty", String::new(), Expect::RequiredOnlyRefused("must not be empty: describe what to generate")),
        row("whitespace only", " \n\t \u{3000} ".into(), Expect::RequiredOnlyRefused("must not be empty")),
        row("invisible characters only", "\u{200B}\u{FEFF} \u{2060}\u{00AD}".into(), Expect::RequiredOnlyRefused("must not be empty")),
        row("a zero-width space inside words", "snow\u{200B}fall".into(), Expect::Accepted),
        row("2,500 ASCII characters", "a".repeat(2500), Expect::Accepted),
        row("2,501 ASCII characters", "a".repeat(2501), Expect::Refused("must be at most 2500 characters (got 2501)")),
        row("2,500 two-byte characters (5,000 bytes)", "é".repeat(2500), Expect::Accepted),
        row("2,500 emoji (10,000 bytes)", "🦊".repeat(2500), Expect::Accepted),
        row("2,501 emoji", "🦊".repeat(2501), Expect::Refused("got 2501")),
        row("2,501 Arabic letters", "ق".repeat(2501), Expect::Refused("must be at most 2500 characters (got 2501)")),
        row("NUL inside", "a fox\0in snow".into(), Expect::Refused("contains control characters (U+0000 at character 6); remove them")),
        row("terminal colours (ESC)", "\u{1b}[31mred fox".into(), Expect::Refused("U+001B at character 1")),
        row("a bell", "fox\u{7}".into(), Expect::Refused("U+0007 at character 4")),
        row("DEL", "fox\u{7f}".into(), Expect::Refused("U+007F")),
        row("a C1 control (NEL)", "fox\u{85}den".into(), Expect::Refused("U+0085")),
        row("line breaks and tabs", "line one\nline two\r\n\tindented".into(), Expect::Accepted),
        row("Arabic (right to left)", "قطة تنام على سطح أزرق".into(), Expect::Accepted),
        row("Hebrew with a right-to-left mark", "\u{200f}חתול ישן על גג".into(), Expect::Accepted),
        row("a right-to-left override", "a fox \u{202e}won si ti".into(), Expect::Accepted),
        row("mixed scripts and emoji", "a 🦊 in Kyōto, 雪の中, قطة 👩‍👩‍👧 🇯🇵".into(), Expect::Accepted),
    ]
}

fn picture() -> ImageInput {
    ImageInput::Url("https://example.com/still.png".into())
}

/// Validates `text` in `field` of each request kind; returns (kind, is the prompt required, result,
/// the JSON that would be sent).
fn every_kind(field: Field, text: &str) -> Vec<(&'static str, bool, Result<(), ValidationError>, serde_json::Value)> {
    let text = text.to_string();
    let image = match field {
        Field::Prompt => ImageRequest::new(text.clone()),
        Field::Negative => ImageRequest { negative_prompt: Some(text.clone()), ..ImageRequest::new("a fox") },
    };
    let video = match field {
        Field::Prompt => TextToVideoRequest::new(text.clone()),
        Field::Negative => TextToVideoRequest { negative_prompt: Some(text.clone()), ..TextToVideoRequest::new("a fox") },
    };
    let animate = match field {
        Field::Prompt => ImageToVideoRequest { prompt: Some(text), ..ImageToVideoRequest::new(picture()) },
        Field::Negative => ImageToVideoRequest { negative_prompt: Some(text), ..ImageToVideoRequest::new(picture()) },
    };
    vec![
        ("image", true, image.validate(), serde_json::to_value(&image).unwrap()),
        ("text-to-video", true, video.validate(), serde_json::to_value(&video).unwrap()),
        ("image-to-video", false, animate.validate(), serde_json::to_value(&animate).unwrap()),
    ]
}

#[test]
fn every_prompt_is_accepted_byte_for_byte_or_refused_with_the_rule() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in rows() {
        for field in [Field::Prompt, Field::Negative] {
            let wire_name = match field {
                Field::Prompt => "prompt",
                Field::Negative => "negative_prompt",
            };
            for (kind, required, result, sent) in every_kind(field, &row.text) {
                checked += 1;
                let at = format!("{} in the {kind} {wire_name}", row.what);
                let refused = match row.expect {
                    Expect::Accepted => None,
                    Expect::Refused(fragment) => Some(fragment),
                    Expect::RequiredOnlyRefused(fragment) => (matches!(field, Field::Prompt) && required).then_some(fragment),
                };
                match (refused, result) {
                    (None, Ok(())) => {
                        // Kept as typed: no trimming, no normalising, no stripping.
                        if sent[wire_name].as_str() != Some(row.text.as_str()) {
                            failures.push(format!("{at}: sent {:?}, not the text as typed", sent[wire_name]));
                        }
                    }
                    (None, Err(e)) => failures.push(format!("{at}: should be accepted, refused: {e}")),
                    (Some(fragment), Ok(())) => failures.push(format!("{at}: should be refused ({fragment:?}), was accepted")),
                    (Some(fragment), Err(e)) => {
                        if e.field != wire_name || !e.message.contains(fragment) {
                            failures.push(format!("{at}: {e} should name {wire_name} and say {fragment:?}"));
                        }
                        if e.message.chars().any(char::is_control) {
                            failures.push(format!("{at}: the message itself holds a control character: {:?}", e.message));
                        }
                        // The person's text stays in the request for editing.
                        if sent[wire_name].as_str() != Some(row.text.as_str()) {
                            failures.push(format!("{at}: the refused text was not kept as typed"));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} checks failed:\n{}", failures.len(), failures.join("\n"));
}
