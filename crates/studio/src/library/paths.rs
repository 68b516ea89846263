//! Paths read from the library's own files (index rows, job rows, sidecars) are input: anyone who
//! can write into the folder (a sync service, a shared drive, another program) could plant one.
//! They are taken only in the shapes the app itself writes.

use std::path::{Component, Path};

/// A path relative to the library made only of plain names: no root, no `..`, no `.`, no empty
/// part, no backslash or NUL (a Windows separator or a C string end in disguise).
pub fn is_plain_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains(['\\', '\0'])
        && rel.split('/').all(|part| !part.is_empty())
        && Path::new(rel).components().all(|c| matches!(c, Component::Normal(_)))
}

/// An input picture as the library keeps it: `inputs/<24 hex digits>.<jpg|jpeg|png>` (see
/// `Library::import_input`), or an http(s) address.
pub fn is_input_reference(reference: &str) -> bool {
    is_reference_with(reference, PICTURE_EXTENSIONS)
}

/// An input sound (a lip-sync's audio) as the library keeps it: `inputs/<24 hex digits>.<mp3|wav|m4a|aac>`,
/// or an http(s) address.
pub fn is_sound_input_reference(reference: &str) -> bool {
    is_reference_with(reference, SOUND_EXTENSIONS)
}

/// The kinds of file a picture input may be.
pub const PICTURE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png"];
/// The kinds of file a sound input may be (what lip-sync takes).
pub const SOUND_EXTENSIONS: &[&str] = &["mp3", "wav", "m4a", "aac"];

fn is_reference_with(reference: &str, extensions: &[&str]) -> bool {
    if kling_api::web_url(reference).is_some() {
        return true;
    }
    let Some(name) = reference.strip_prefix(&format!("{}/", super::INPUTS_DIR)) else { return false };
    let Some((stem, ext)) = name.split_once('.') else { return false };
    stem.len() == 24 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && extensions.contains(&ext.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths() {
        for ok in ["2026-11/a_1.png", "inputs/abc.png", "a"] {
            assert!(is_plain_relative(ok), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "a/../../b", "./a", "a//b", "a/", "a\\..\\b", "a\0b", "~/.ssh/id_rsa/.."] {
            assert!(!is_plain_relative(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_the_input_references_the_app_writes() {
        assert!(is_input_reference("inputs/04869bd6c46cc8ca0e836c4f.png") && is_input_reference("inputs/04869bd6c46cc8ca0e836c4f.JPEG"));
        assert!(is_input_reference("https://example.com/a.png") && is_input_reference("http://127.0.0.1:9/a.png"));
        for bad in [
            "/home/me/.ssh/id_rsa",
            "../../secret.png",
            "inputs/../../secret.png",
            "inputs/04869bd6c46cc8ca0e836c4f.gif",
            "inputs/short.png",
            "2026-11/x.png",
            "file:///etc/passwd",
            "inputs/04869bd6c46cc8ca0e836c4f.png/..",
        ] {
            assert!(!is_input_reference(bad), "{bad:?}");
        }
    }

    #[test]
    fn sounds_only_as_sound_inputs() {
        for ok in [
            "inputs/04869bd6c46cc8ca0e836c4f.mp3",
            "inputs/04869bd6c46cc8ca0e836c4f.WAV",
            "inputs/04869bd6c46cc8ca0e836c4f.m4a",
            "inputs/04869bd6c46cc8ca0e836c4f.aac",
            "https://example.com/a.mp3",
        ] {
            assert!(is_sound_input_reference(ok), "{ok}");
        }
        for bad in
            ["inputs/04869bd6c46cc8ca0e836c4f.png", "inputs/04869bd6c46cc8ca0e836c4f.ogg", "/home/me/a.mp3", "inputs/../../a.mp3", "inputs/short.mp3", "2026-11/x.mp3"]
        {
            assert!(!is_sound_input_reference(bad), "{bad:?}");
        }
        assert!(!is_input_reference("inputs/04869bd6c46cc8ca0e836c4f.mp3"), "a sound is not a picture input");
    }
}
