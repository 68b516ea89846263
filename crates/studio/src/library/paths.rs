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
    if kling_api::web_url(reference).is_some() {
        return true;
    }
    let Some(name) = reference.strip_prefix(&format!("{}/", super::INPUTS_DIR)) else { return false };
    let Some((stem, ext)) = name.split_once('.') else { return false };
    stem.len() == 24 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && matches!(ext.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png")
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
}
