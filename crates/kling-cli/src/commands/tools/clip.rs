//! A clip given to a video tool: a file in the library, a Kling video id, or a link. Kling takes
//! clips only by its own video id or a public URL, so a library file is sent by the id its
//! sidecar keeps (or, for the tools that take links only, by the link Kling served it from), and
//! recorded as the result's parent. A file Kling did not make, or one outside the library, is
//! refused, never uploaded anywhere.

use crate::errors::CliError;
use std::path::{Path, PathBuf};
use studio::{Library, MediaType, ParentInput};

/// The clip as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClipArg {
    File(PathBuf),
    Id(String),
    Url(String),
}

impl ClipArg {
    /// A web address is a link; anything that looks like a path (a separator, an extension, or
    /// an existing file) is a file; the rest is a Kling video id.
    pub fn parse(text: &str) -> Self {
        if kling_api::is_web_address(text) {
            return ClipArg::Url(text.trim().to_string());
        }
        if text.contains(['/', '\\', '.']) || Path::new(text).exists() {
            return ClipArg::File(PathBuf::from(text));
        }
        ClipArg::Id(text.trim().to_string())
    }
}

/// How a tool takes its clip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    /// A Kling video id only (extend).
    Id,
    /// A Kling video id or a link (add sound, lip-sync).
    IdOrUrl,
    /// A link only (omni).
    Url,
}

/// What is sent for the clip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sent {
    Id(String),
    Url(String),
}

/// A clip ready to send: what goes on the wire, the library item it is (recorded as the
/// result's parent), and its length when the library knows it.
#[derive(Clone, Debug)]
pub struct Clip {
    pub sent: Sent,
    pub parent: Option<ParentInput>,
    pub seconds: Option<f64>,
}

/// The role a clip's parent link has, as the app records it.
const ROLE: &str = "video";

/// `tool` names the command in messages ("kling extend").
pub fn resolve(library: &Library, arg: &ClipArg, tool: &str, takes: Takes) -> Result<Clip, CliError> {
    let what = match takes {
        Takes::Id => "a clip made by Kling (its file in the library, or its Kling video id)",
        Takes::IdOrUrl => "a clip made by Kling (its file in the library, or its Kling video id) or a public https URL",
        Takes::Url => "a clip made by Kling (its file in the library) or a public https URL",
    };
    let refuse = |why: String| CliError::Usage(format!("{why}: {tool} needs {what}"));
    match arg {
        ClipArg::Url(_) if takes == Takes::Id => Err(refuse("a link cannot be extended".into())),
        ClipArg::Url(url) => Ok(Clip { sent: Sent::Url(url.clone()), parent: None, seconds: None }),
        ClipArg::Id(id) if takes == Takes::Url => Err(refuse(format!("{id:?} is neither a file nor a link"))),
        ClipArg::Id(id) => Ok(Clip { sent: Sent::Id(id.clone()), parent: None, seconds: None }),
        ClipArg::File(path) => from_library(library, path, takes).map_err(refuse),
    }
}

fn from_library(library: &Library, path: &Path, takes: Takes) -> Result<Clip, String> {
    let shown = path.display();
    if !path.is_file() {
        return Err(format!("{shown}: no such file"));
    }
    let Some(item) = library.item_at(path) else {
        return Err(format!(
            "{shown} is not in the library ({}); a clip from elsewhere cannot be sent, as Kling takes clips only by its own video id or a link",
            library.root().display()
        ));
    };
    if item.media != MediaType::Video {
        return Err(format!("{shown} is not a video"));
    }
    let not_kling = || format!("{shown} was not made by Kling (the library keeps no Kling video id for it), so Kling cannot be given it");
    let video_id = library.kling_video_id(&item.id).map_err(|e| format!("{shown}: {e}"))?.ok_or_else(not_kling)?;
    let sent = match takes {
        Takes::Id | Takes::IdOrUrl => Sent::Id(video_id),
        // The link Kling served it from (kept in its sidecar); Kling keeps its files 30 days.
        Takes::Url => {
            let sidecar = library.sidecar(&item.id).map_err(|e| format!("{shown}: {e}"))?;
            Sent::Url(sidecar.and_then(|s| s.original_url).ok_or_else(|| format!("{shown}: the library keeps no link Kling served it from"))?)
        }
    };
    let seconds = item.duration_ms.map(|ms| ms as f64 / 1000.0);
    Ok(Clip { sent, parent: Some(ParentInput { item_id: item.id, role: ROLE.into() }), seconds })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_files_and_ids_are_told_apart() {
        assert_eq!(ClipArg::parse("https://example.com/a.mp4"), ClipArg::Url("https://example.com/a.mp4".into()));
        assert_eq!(ClipArg::parse("HTTP://example.com/a"), ClipArg::Url("HTTP://example.com/a".into()));
        assert_eq!(ClipArg::parse("clips/a.mp4"), ClipArg::File("clips/a.mp4".into()));
        assert_eq!(ClipArg::parse("a.mp4"), ClipArg::File("a.mp4".into()));
        assert_eq!(ClipArg::parse("860215623528357938"), ClipArg::Id("860215623528357938".into()));
        assert_eq!(ClipArg::parse("b5f6c1e2-7a3d-4c1e-9f00-1234567890ab"), ClipArg::Id("b5f6c1e2-7a3d-4c1e-9f00-1234567890ab".into()));
    }

    #[test]
    fn what_cannot_be_sent_is_refused_saying_what_is_needed() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(dir.path().join("lib")).unwrap();
        let message = |arg: ClipArg, takes| resolve(&library, &arg, "kling extend", takes).unwrap_err().message();
        let link = message(ClipArg::Url("https://example.com/a.mp4".into()), Takes::Id);
        assert!(link.contains("a link cannot be extended") && link.contains("its Kling video id"), "{link}");
        let id = message(ClipArg::Id("123".into()), Takes::Url);
        assert!(id.contains("\"123\" is neither a file nor a link") && id.contains("public https URL"), "{id}");
        let missing = message(ClipArg::File(dir.path().join("gone.mp4")), Takes::IdOrUrl);
        assert!(missing.contains("gone.mp4: no such file"), "{missing}");
        let outside = dir.path().join("mine.mp4");
        std::fs::write(&outside, b"not really").unwrap();
        let outside = message(ClipArg::File(outside), Takes::IdOrUrl);
        assert!(outside.contains("is not in the library") && outside.contains("a clip made by Kling"), "{outside}");
        // Sent as given: the request's own rules check the id and the link.
        let sent = resolve(&library, &ClipArg::Id("v-1".into()), "kling sound", Takes::IdOrUrl).unwrap();
        assert_eq!((sent.sent, sent.parent), (Sent::Id("v-1".into()), None));
    }
}
