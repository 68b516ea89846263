//! `POST /v1/videos/omni-video` (addendum §1.3, §5.1): one model for text, pictures, elements and a
//! reference video. kling-video-o1 (default; std, pro; 3–10 s; no sound, no multi-shot) or
//! kling-v3-omni (std, pro, 4k; 3–15 s; sound, multi-shot). Mode defaults to pro.
//!
//! - `image_list[]`: `{image_url, type?: first_frame | end_frame}`, pictures as elsewhere; at most one
//!   of each frame, no end frame without a first; kling-video-o1 takes no frames among more than 2 pictures.
//! - `element_list[]`: pictures + elements ≤ 7, ≤ 4 with a video; ≤ 3 elements with a first frame;
//!   with first and end frames ≤ 3 on kling-v3-omni and none on kling-video-o1.
//! - `video_list[]`: at most one `{video_url, refer_type?: feature | base (default), keep_original_sound?: yes | no}`,
//!   3 s to 10 s long (15 s on kling-v3-omni); `base` edits that video: no frames, no `aspect_ratio`,
//!   the result as long as the video; `sound` must be off with a video.
//! - `aspect_ratio` 16:9, 9:16, 1:1: required unless a first frame or a base video sets the shape,
//!   and not taken with them.
//! - `duration` "3"…"15" as the model allows; kling-video-o1 from text alone or a first frame alone: "5" or "10".
//! - `prompt` ≤ 2500, required unless customised shots; `<<<image_N>>>`, `<<<element_N>>>`,
//!   `<<<video_N>>>` must name an input that exists.
//!
//! Not checked, because the emulator cannot tell: whether an element is a video character (not
//! allowed with a video), and a reference video's size, frame rate and file size (its own clips
//! are small stand-ins for 720p and larger ones).

use super::fields::Fields;
use super::video::shape_of;
use super::video_input::{self, VideoInput};
use super::{elements, external_id, image_input, one_of, ratio, seconds, shots, text, tool_mode, tool_model, watermark_asked};
use crate::envelope::ApiError;
use crate::state::State;
use crate::task::Accepted;
use kling_api::Mode;
use serde_json::Value;

const O1: &str = "kling-video-o1";
const V3_OMNI: &str = "kling-v3-omni";
const MODELS: [&str; 2] = [O1, V3_OMNI];

/// The reference video, as asked.
struct Reference {
    url: String,
    base: bool,
    keep_sound: bool,
}

fn reference(f: &Fields) -> Result<Option<Reference>, ApiError> {
    let videos = match f.present("video_list") {
        None => return Ok(None),
        Some(Value::Array(videos)) if videos.is_empty() => return Ok(None),
        Some(Value::Array(videos)) => videos,
        Some(_) => return Err(ApiError::new(1200, "video_list must be an array of {\"video_url\": …}")),
    };
    if videos.len() > 1 {
        return Err(ApiError::new(1201, format!("video_list holds at most 1 video, got {}", videos.len())));
    }
    let video = f.nested_item("video_list", 0)?;
    let url = video_input::link(&video, "video_url")?.ok_or_else(|| ApiError::new(1200, "video_list[0].video_url is required"))?;
    let base = one_of(&video, "refer_type", &["feature", "base"])?.unwrap_or("base") == "base";
    let keep_sound = one_of(&video, "keep_original_sound", &["yes", "no"])?.unwrap_or("no") == "yes";
    Ok(Some(Reference { url, base, keep_sound }))
}

/// The pictures: how many, which are frames, and the first frame's size when inline.
struct Pictures {
    count: usize,
    first: bool,
    end: bool,
    first_size: Option<(u32, u32)>,
}

fn pictures(f: &Fields, model: &str) -> Result<Pictures, ApiError> {
    let items = match f.present("image_list") {
        None => return Ok(Pictures { count: 0, first: false, end: false, first_size: None }),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ApiError::new(1200, "image_list must be an array of {\"image_url\": …, \"type\": …}")),
    };
    let mut p = Pictures { count: items.len(), first: false, end: false, first_size: None };
    for i in 0..items.len() {
        let item = f.nested_item("image_list", i)?;
        let picture = item.present("image_url").ok_or_else(|| ApiError::new(1200, format!("image_list[{i}].image_url is required")))?;
        let size = image_input::check(&item.name("image_url"), picture)?;
        match one_of(&item, "type", &["first_frame", "end_frame"])? {
            Some("first_frame") if p.first => return Err(ApiError::new(1201, "image_list holds more than one first_frame; at most one")),
            Some("end_frame") if p.end => return Err(ApiError::new(1201, "image_list holds more than one end_frame; at most one")),
            Some("first_frame") => (p.first, p.first_size) = (true, size),
            Some(_) => p.end = true,
            None => {}
        }
    }
    if p.end && !p.first {
        return Err(ApiError::new(1201, "image_list: an end_frame needs a first_frame (the end frame alone is not supported)"));
    }
    if model == O1 && p.first && p.count > 2 {
        return Err(ApiError::new(1201, format!("image_list: {O1} takes no first_frame or end_frame with more than 2 pictures, got {}", p.count)));
    }
    Ok(p)
}

/// Every `<<<kind_N>>>` in the prompt names one of `count` inputs of that kind.
fn references_exist(prompt: &str, kind: &str, count: usize, list: &str) -> Result<(), ApiError> {
    let tag = format!("<<<{kind}_");
    for (at, _) in prompt.match_indices(&tag) {
        let rest = &prompt[at + tag.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<usize>() {
            if n == 0 || n > count {
                return Err(ApiError::new(1201, format!("prompt refers to <<<{kind}_{n}>>> but {list} holds {count}")));
            }
        }
    }
    Ok(())
}

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let model = tool_model(f, &MODELS)?;
    let v3 = model == V3_OMNI;
    let modes: &[Mode] = if v3 { &[Mode::Std, Mode::Pro, Mode::FourK] } else { &[Mode::Std, Mode::Pro] };
    let mode = tool_mode(f, modes, model)?.unwrap_or(Mode::Pro);
    let pics = pictures(f, model)?;
    let video = reference(f)?;
    let base = video.as_ref().is_some_and(|v| v.base);
    if base && pics.first {
        return Err(ApiError::new(1201, "image_list: first_frame and end_frame cannot be used with a base video (refer_type base edits that video)"));
    }
    let elements = elements::count(f)?;
    let most = if video.is_some() { 4 } else { 7 };
    if pics.count + elements > most {
        let with = if video.is_some() { " with a video" } else { "" };
        return Err(ApiError::new(1201, format!("image_list and element_list hold at most {most} together{with}, got {}", pics.count + elements)));
    }
    if pics.end && elements > 0 && !v3 {
        return Err(ApiError::new(1201, format!("element_list is not supported by {O1} with first and end frames")));
    }
    if pics.first && elements > 3 {
        return Err(ApiError::new(1201, format!("element_list holds at most 3 elements with a first frame, got {elements}")));
    }

    let sound = match f.present("sound") {
        None => false,
        Some(Value::String(s)) if s == "off" => false,
        Some(Value::String(s)) if s == "on" => {
            if !v3 {
                return Err(ApiError::new(1201, format!("sound \"on\" is not supported by {O1}: it makes silent videos ({V3_OMNI} has sound)")));
            }
            if video.is_some() {
                return Err(ApiError::new(1201, "sound must be \"off\" with video_list"));
            }
            true
        }
        Some(Value::String(s)) => return Err(ApiError::new(1201, format!("sound must be \"on\" or \"off\", got \"{s}\""))),
        Some(other) => return Err(ApiError::new(1200, format!("sound must be the string \"on\" or \"off\", not {other}"))),
    };

    // O1 from text alone, or from a first frame alone, makes 5 or 10 s only.
    let text_only = pics.count == 0 && elements == 0 && video.is_none();
    let first_only = pics.first && !pics.end;
    let seconds = if !v3 && (text_only || first_only) {
        seconds(f, &[5, 10], &format!("\"5\" or \"10\" for {O1} from text or a first frame alone"))?
    } else if v3 {
        seconds(f, &(3..=15).collect::<Vec<_>>(), &format!("\"3\" to \"15\" for {V3_OMNI}"))?
    } else {
        seconds(f, &(3..=10).collect::<Vec<_>>(), &format!("\"3\" to \"10\" for {O1}"))?
    }
    .unwrap_or(5);

    let customised = shots::check_for(f, v3, model, V3_OMNI, seconds)?;
    let multi_shot = f.present("multi_shot") == Some(&Value::Bool(true));
    if multi_shot && video.as_ref().is_some_and(|v| !v.base) && f.string("shot_type")? != Some("intelligence") {
        return Err(ApiError::new(1201, "shot_type must be intelligence with a feature video (describe the shots in the prompt)"));
    }
    let prompt = text(f, "prompt", !customised)?;
    references_exist(&prompt, "image", pics.count, "image_list")?;
    references_exist(&prompt, "element", elements, "element_list")?;
    references_exist(&prompt, "video", usize::from(video.is_some()), "video_list")?;

    let aspect = one_of(f, "aspect_ratio", &["16:9", "9:16", "1:1"])?;
    let aspect = match aspect {
        Some(_) if pics.first => return Err(ApiError::new(1201, "aspect_ratio is not supported with a first frame: the video takes its shape")),
        Some(_) if base => return Err(ApiError::new(1201, "aspect_ratio is not supported with a base video: the edit keeps its shape")),
        Some(a) => ratio(a),
        None if pics.first || base => pics.first_size.map_or((16, 9), |(w, h)| shape_of(w, h)),
        None => return Err(ApiError::new(1200, "aspect_ratio is required (16:9, 9:16 or 1:1) unless a first frame or a base video is given")),
    };
    Ok(Accepted {
        model: model.to_string(),
        prompt,
        n: 1,
        aspect,
        mode: Some(mode),
        seconds,
        sound,
        watermark: watermark_asked(f)?,
        with_image: pics.count > 0,
        with_video: video.is_some(),
        external_task_id: external_id(f)?,
        ..Accepted::default()
    })
}

/// The reference video: its length, and for a base video the result's length, shape and sound.
pub fn admit(f: &Fields, state: &State, accepted: &mut Accepted, now_ms: i64) -> Result<(), ApiError> {
    let Some(reference) = reference(f)? else { return Ok(()) };
    let video = video_input::resolve(state, &VideoInput::Url(reference.url), now_ms)?;
    let max = if accepted.model == V3_OMNI { 15.0 } else { 10.0 };
    video_input::length_within(&video, "video_list[0].video_url", 3.0, max)?;
    if reference.base {
        // Billed on the input's rounded seconds (§7.2), as long as the input.
        accepted.seconds = video.seconds.round() as u32;
        accepted.shown_seconds = Some(video.seconds);
        accepted.aspect = video.aspect;
        accepted.sound = reference.keep_sound && video.sound;
    }
    Ok(())
}
