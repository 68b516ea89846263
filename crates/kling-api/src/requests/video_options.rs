//! The rules of today's video options (addendum §1.2, §2), shared by text-to-video and
//! image-to-video: mode and duration as the model offers them, native sound, voices,
//! multi-shot and elements. A model the catalogue does not know gets only the checks that do
//! not depend on the model.

use crate::catalogue::{self, Entry, SoundOffer};
use crate::kinds::TaskKind;
use crate::params::{ElementRef, Mode, Shot, ShotType, Sound, VideoDuration, VoiceRef};
use crate::pricing::refers_to_a_voice;
use crate::validation::{check_prompt, ValidationError};

/// The most shots a multi-shot video has, and the longest shot prompt (§2).
pub const MAX_SHOTS: usize = 6;
pub const MAX_SHOT_PROMPT_CHARS: usize = 512;

/// A video request's options, borrowed for checking.
pub(crate) struct VideoOptions<'a> {
    pub kind: TaskKind,
    pub model: &'a str,
    pub prompt: &'a str,
    pub mode: Option<Mode>,
    pub duration: Option<VideoDuration>,
    pub sound: Option<Sound>,
    pub voices: &'a [VoiceRef],
    pub multi_shot: Option<bool>,
    pub shot_type: Option<ShotType>,
    pub shots: &'a [Shot],
    pub elements: &'a [ElementRef],
    /// Start and end frames both given (image-to-video).
    pub start_and_end: bool,
}

fn err(field: &str, message: impl Into<String>) -> Result<(), ValidationError> {
    Err(ValidationError::new(field, message))
}

fn list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items.into_iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

impl VideoOptions<'_> {
    /// Whether the prompt may be empty: customised shots carry their own prompts.
    pub fn customised_shots(&self) -> bool {
        self.multi_shot == Some(true) && self.shot_type == Some(ShotType::Customize)
    }

    pub fn check(&self) -> Result<(), ValidationError> {
        let entry = catalogue::entry(self.kind, self.model);
        if let Some(entry) = entry {
            self.check_mode_and_duration(entry)?;
        }
        self.check_sound(entry)?;
        self.check_voices(entry)?;
        self.check_shots(entry)?;
        self.check_elements(entry)
    }

    fn check_mode_and_duration(&self, entry: &Entry) -> Result<(), ValidationError> {
        let model = self.model;
        match self.mode {
            Some(mode) if !entry.takes_mode() => return err("mode", format!("{model} takes no mode (it has a single one); leave {mode} out")),
            Some(mode) if !entry.modes.contains(&mode) => return err("mode", format!("{mode} is not offered by {model}; use {}", list(entry.modes))),
            _ => {}
        }
        let duration = self.duration.unwrap_or_default();
        if !entry.durations.contains(&duration) {
            let offered = match (entry.durations.first(), entry.durations.last()) {
                (Some(first), Some(last)) if entry.durations.len() > 2 => format!("{first} to {last}"),
                _ => list(entry.durations).replace(", ", " or "),
            };
            return err("duration", format!("{model} makes {offered} s videos, not {duration} s"));
        }
        Ok(())
    }

    fn check_sound(&self, entry: Option<&Entry>) -> Result<(), ValidationError> {
        let (Some(sound), Some(entry)) = (self.sound, entry) else { return Ok(()) };
        let model = self.model;
        let mode = self.mode.unwrap_or_default();
        match entry.sound_in(mode) {
            None if entry.sound.is_empty() => err("sound", format!("{model} makes silent videos and takes no sound setting; leave it out or use kling-v2-6 or kling-v3")),
            None => err("sound", format!("{model} has no sound in {mode} mode")),
            Some(SoundOffer::OffOnly) if sound == Sound::On => err("sound", format!("{model} makes sound in pro mode only; switch to pro or turn sound off")),
            _ if sound == Sound::On && self.start_and_end && entry.end_frame_silent => {
                err("sound", format!("{model} with start and end frames makes silent videos only; turn sound off or drop the end frame"))
            }
            _ => Ok(()),
        }
    }

    fn check_voices(&self, entry: Option<&Entry>) -> Result<(), ValidationError> {
        if self.voices.is_empty() {
            return Ok(());
        }
        let model = self.model;
        if let Some(entry) = entry {
            match usize::from(entry.max_voices) {
                0 => return err("voice_list", format!("{model} takes no voices ({}); use kling-v2-6 image-to-video in pro mode", self.kind)),
                max if self.voices.len() > max => return err("voice_list", format!("at most {max} voices (got {})", self.voices.len())),
                _ => {}
            }
        }
        if let Some(blank) = self.voices.iter().position(|v| v.voice_id.trim().is_empty()) {
            return err("voice_list", format!("voice {} has no id", blank + 1));
        }
        if self.sound != Some(Sound::On) {
            return err("sound", "voices need sound on");
        }
        if !self.elements.is_empty() {
            return err("element_list", "cannot be combined with voices (voice_list); use one or the other");
        }
        if !refers_to_a_voice(self.prompt, self.voices.len()) {
            return err("prompt", "say where the voice speaks: refer to it in the prompt as <<<voice_1>>>");
        }
        Ok(())
    }

    fn check_shots(&self, entry: Option<&Entry>) -> Result<(), ValidationError> {
        let model = self.model;
        if self.multi_shot != Some(true) {
            if !self.shots.is_empty() || self.shot_type.is_some() {
                return err("multi_shot", "shots (multi_prompt, shot_type) need multi_shot on");
            }
            return Ok(());
        }
        if entry.is_some_and(|e| !e.multi_shot) {
            return err("multi_shot", format!("{model} makes single-shot videos; multi-shot is kling-v3's"));
        }
        match self.shot_type {
            None => err("shot_type", "choose customize (give the shots) or intelligence (Kling splits the prompt into shots)"),
            Some(ShotType::Intelligence) if !self.shots.is_empty() => {
                err("multi_prompt", "Kling splits the shots itself with intelligence; give no shots, or use customize")
            }
            Some(ShotType::Intelligence) => Ok(()),
            Some(ShotType::Customize) => self.check_customised_shots(),
        }
    }

    fn check_customised_shots(&self) -> Result<(), ValidationError> {
        let count = self.shots.len();
        if !(1..=MAX_SHOTS).contains(&count) {
            return err("multi_prompt", format!("give 1 to {MAX_SHOTS} shots (got {count})"));
        }
        let total = self.duration.unwrap_or_default().seconds();
        for (i, shot) in self.shots.iter().enumerate() {
            let n = i + 1;
            if usize::from(shot.index) != n {
                return err("multi_prompt", format!("shot {n} is numbered {}; number the shots 1, 2, 3… in order", shot.index));
            }
            check_prompt("multi_prompt", &shot.prompt, true).map_err(|e| ValidationError::new("multi_prompt", format!("shot {n}: {}", e.message)))?;
            let chars = shot.prompt.chars().count();
            if chars > MAX_SHOT_PROMPT_CHARS {
                return err("multi_prompt", format!("shot {n}: at most {MAX_SHOT_PROMPT_CHARS} characters (got {chars})"));
            }
            if shot.duration == 0 || u32::from(shot.duration) > total {
                return err("multi_prompt", format!("shot {n}: lasts {} s; a shot lasts from 1 s to the video's {total} s", shot.duration));
            }
        }
        let sum: u32 = self.shots.iter().map(|s| u32::from(s.duration)).sum();
        if sum != total {
            return err("multi_prompt", format!("the shots last {sum} s but the video {total} s; make them add up"));
        }
        Ok(())
    }

    fn check_elements(&self, entry: Option<&Entry>) -> Result<(), ValidationError> {
        check_elements(entry, self.model, self.elements)
    }
}

/// `element_list`: as many as the model takes (pictures share the rule).
pub(crate) fn check_elements(entry: Option<&Entry>, model: &str, elements: &[ElementRef]) -> Result<(), ValidationError> {
    if elements.is_empty() {
        return Ok(());
    }
    if let Some(entry) = entry {
        match usize::from(entry.max_elements) {
            0 => return err("element_list", format!("{model} takes no elements ({}); use kling-v3", entry.kind)),
            max if elements.len() > max => return err("element_list", format!("at most {max} elements (got {})", elements.len())),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::requests::test_support::{refused, url};
    use crate::{ElementId, ElementRef, ImageRequest, ImageToVideoRequest, Mode, Shot, ShotType, Sound, TextToVideoRequest, VideoDuration, VoiceRef};

    fn secs(n: u8) -> Option<VideoDuration> {
        VideoDuration::new(n)
    }

    fn v3(prompt: &str) -> TextToVideoRequest {
        TextToVideoRequest { model_name: "kling-v3".into(), ..TextToVideoRequest::new(prompt) }
    }

    fn shot(index: u8, prompt: &str, duration: u8) -> Shot {
        Shot { index, prompt: prompt.into(), duration }
    }

    fn v2_6_i2v() -> ImageToVideoRequest {
        ImageToVideoRequest { model_name: "kling-v2-6".into(), mode: Some(Mode::Pro), ..ImageToVideoRequest::new(url("a")) }
    }

    #[test]
    fn durations_and_modes_as_the_model_offers_them() {
        for n in [3, 7, 15] {
            TextToVideoRequest { duration: secs(n), mode: Some(Mode::FourK), ..v3("x") }.validate().unwrap();
        }
        let seven = TextToVideoRequest { model_name: "kling-v2-6".into(), duration: secs(7), ..TextToVideoRequest::new("x") };
        refused(seven.validate(), "duration", "kling-v2-6 makes 5 or 10 s videos, not 7 s");
        refused(TextToVideoRequest { duration: secs(3), ..TextToVideoRequest::new("x") }.validate(), "duration", "kling-v1 makes 5 or 10 s");
        let four_k = TextToVideoRequest { model_name: "kling-v2-5-turbo".into(), mode: Some(Mode::FourK), ..TextToVideoRequest::new("x") };
        refused(four_k.validate(), "mode", "4k is not offered by kling-v2-5-turbo; use std, pro");
        let master = TextToVideoRequest { model_name: "kling-v2-master".into(), mode: Some(Mode::Pro), ..TextToVideoRequest::new("x") };
        refused(master.validate(), "mode", "kling-v2-master takes no mode");
        TextToVideoRequest { mode: None, ..master }.validate().unwrap();
        refused(TextToVideoRequest { cfg_scale: Some(0.5), ..v3("x") }.validate(), "cfg_scale", "kling-v3 does not take cfg_scale");
        // A model nobody knows: any length from 3 to 15 s, any mode, sent.
        TextToVideoRequest { model_name: "kling-v9".into(), duration: secs(13), mode: Some(Mode::FourK), sound: Some(Sound::On), ..TextToVideoRequest::new("x") }
            .validate()
            .unwrap();
    }

    #[test]
    fn sound_where_the_model_makes_it() {
        TextToVideoRequest { sound: Some(Sound::On), ..v3("x") }.validate().unwrap();
        TextToVideoRequest { sound: Some(Sound::On), mode: Some(Mode::Std), ..v3("x") }.validate().expect("kling-v3 std has sound");
        let v2_6 = TextToVideoRequest { model_name: "kling-v2-6".into(), sound: Some(Sound::On), ..TextToVideoRequest::new("x") };
        refused(v2_6.clone().validate(), "sound", "kling-v2-6 makes sound in pro mode only");
        TextToVideoRequest { mode: Some(Mode::Pro), ..v2_6.clone() }.validate().unwrap();
        TextToVideoRequest { sound: Some(Sound::Off), ..v2_6 }.validate().unwrap();
        let old = TextToVideoRequest { sound: Some(Sound::Off), ..TextToVideoRequest::new("x") };
        refused(old.validate(), "sound", "kling-v1 makes silent videos");
        // kling-v2-6: start + end frame is silent only.
        let frames = ImageToVideoRequest { image_tail: Some(url("z")), sound: Some(Sound::On), ..v2_6_i2v() };
        refused(frames.clone().validate(), "sound", "start and end frames makes silent videos only");
        ImageToVideoRequest { sound: Some(Sound::Off), ..frames }.validate().unwrap();
        ImageToVideoRequest { model_name: "kling-v3".into(), image_tail: Some(url("z")), sound: Some(Sound::On), ..v2_6_i2v() }.validate().unwrap();
    }

    #[test]
    fn voices() {
        let voice = |id: &str| VoiceRef { voice_id: id.into() };
        let speaking =
            ImageToVideoRequest { sound: Some(Sound::On), voice_list: Some(vec![voice("v-1")]), prompt: Some("<<<voice_1>>> says welcome".into()), ..v2_6_i2v() };
        speaking.validate().unwrap();
        refused(
            ImageToVideoRequest { voice_list: Some(vec![voice("a"), voice("b"), voice("c")]), ..speaking.clone() }.validate(),
            "voice_list",
            "at most 2 voices (got 3)",
        );
        refused(ImageToVideoRequest { sound: Some(Sound::Off), ..speaking.clone() }.validate(), "sound", "voices need sound on");
        refused(ImageToVideoRequest { prompt: Some("says welcome".into()), ..speaking.clone() }.validate(), "prompt", "<<<voice_1>>>");
        refused(ImageToVideoRequest { voice_list: Some(vec![voice(" ")]), ..speaking.clone() }.validate(), "voice_list", "voice 1 has no id");
        refused(ImageToVideoRequest { model_name: "kling-v3".into(), ..speaking.clone() }.validate(), "voice_list", "kling-v3 takes no voices");
        let with_elements = ImageToVideoRequest { model_name: "kling-v9".into(), element_list: Some(vec![ElementRef { element_id: ElementId(1) }]), ..speaking };
        refused(with_elements.validate(), "element_list", "cannot be combined with voices");
    }

    #[test]
    fn customised_shots_add_up_to_the_video() {
        let shots = |list: Vec<Shot>, total: u8| TextToVideoRequest {
            multi_shot: Some(true),
            shot_type: Some(ShotType::Customize),
            multi_prompt: Some(list),
            duration: secs(total),
            ..v3("")
        };
        shots(vec![shot(1, "two friends talk", 2), shot(2, "a runner sprints", 3)], 5).validate().expect("the prompt may be empty with customised shots");
        refused(shots(vec![shot(1, "a", 2), shot(2, "b", 2)], 5).validate(), "multi_prompt", "the shots last 4 s but the video 5 s");
        refused(shots(vec![], 5).validate(), "multi_prompt", "give 1 to 6 shots (got 0)");
        refused(shots((1..=7).map(|i| shot(i, "s", 2)).collect(), 14).validate(), "multi_prompt", "got 7");
        refused(shots(vec![shot(1, &"é".repeat(513), 5)], 5).validate(), "multi_prompt", "shot 1: at most 512 characters (got 513)");
        shots(vec![shot(1, &"é".repeat(512), 5)], 5).validate().unwrap();
        refused(shots(vec![shot(1, " ", 5)], 5).validate(), "multi_prompt", "shot 1: must not be empty");
        refused(shots(vec![shot(1, "a", 0), shot(2, "b", 5)], 5).validate(), "multi_prompt", "shot 1: lasts 0 s");
        refused(shots(vec![shot(2, "a", 5)], 5).validate(), "multi_prompt", "shot 1 is numbered 2");
        let other = TextToVideoRequest { model_name: "kling-v2-6".into(), duration: secs(5), ..shots(vec![shot(1, "a", 5)], 5) };
        refused(other.validate(), "multi_shot", "kling-v2-6 makes single-shot videos");
        refused(TextToVideoRequest { multi_shot: None, prompt: "x".into(), ..shots(vec![shot(1, "a", 5)], 5) }.validate(), "multi_shot", "need multi_shot on");
        refused(TextToVideoRequest { shot_type: None, prompt: "x".into(), ..shots(vec![shot(1, "a", 5)], 5) }.validate(), "shot_type", "customize");
        // Frames and shots together on kling-v3 (allowed since 2026-05-07).
        let i2v = ImageToVideoRequest {
            model_name: "kling-v3".into(),
            image_tail: Some(url("z")),
            multi_shot: Some(true),
            shot_type: Some(ShotType::Customize),
            multi_prompt: Some(vec![shot(1, "a", 3), shot(2, "b", 4)]),
            duration: secs(7),
            ..ImageToVideoRequest::new(url("a"))
        };
        i2v.validate().unwrap();
    }

    #[test]
    fn kling_splits_the_shots_from_the_prompt() {
        let split = TextToVideoRequest { multi_shot: Some(true), shot_type: Some(ShotType::Intelligence), ..v3("a day at the beach in three shots") };
        split.validate().unwrap();
        refused(TextToVideoRequest { prompt: String::new(), ..split.clone() }.validate(), "prompt", "must not be empty");
        refused(TextToVideoRequest { multi_prompt: Some(vec![shot(1, "a", 5)]), ..split }.validate(), "multi_prompt", "splits the shots itself");
    }

    #[test]
    fn elements() {
        let element = |id: u64| ElementRef { element_id: ElementId(id) };
        let i2v = ImageToVideoRequest { model_name: "kling-v3".into(), element_list: Some(vec![element(829836802793406551)]), ..ImageToVideoRequest::new(url("a")) };
        i2v.validate().unwrap();
        refused(ImageToVideoRequest { element_list: Some((1..=4).map(element).collect()), ..i2v.clone() }.validate(), "element_list", "at most 3 elements (got 4)");
        refused(ImageToVideoRequest { model_name: "kling-v2-6".into(), ..i2v }.validate(), "element_list", "kling-v2-6 takes no elements");
        let picture = ImageRequest { model_name: "kling-v3".into(), element_list: Some(vec![element(7)]), ..ImageRequest::new("x") };
        picture.validate().unwrap();
        refused(ImageRequest { model_name: "kling-v2-1".into(), ..picture }.validate(), "element_list", "kling-v2-1 takes no elements");
    }

    #[test]
    fn pictures_take_an_external_id_now() {
        let req = ImageRequest { external_task_id: Some("ours-1".into()), ..ImageRequest::new("x") };
        req.validate().unwrap();
        assert_eq!(serde_json::to_value(&req).unwrap()["external_task_id"], "ours-1");
        refused(ImageRequest { external_task_id: Some(" ".into()), ..req }.validate(), "external_task_id", "must not be empty");
    }

    #[test]
    fn the_example_requests_of_the_addendum_serialise_as_shown() {
        // §2: kling-v3 T2V, customised multi-shot.
        let req = TextToVideoRequest {
            multi_shot: Some(true),
            shot_type: Some(ShotType::Customize),
            multi_prompt: Some(vec![shot(1, "Two friends talking under a streetlight at night.", 2), shot(2, "A runner sprinting through a forest.", 3)]),
            duration: secs(5),
            mode: Some(Mode::Pro),
            sound: Some(Sound::On),
            aspect_ratio: Some(crate::AspectRatio::R9x16),
            ..v3("")
        };
        req.validate().unwrap();
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"model_name":"kling-v3","prompt":"","multi_shot":true,"shot_type":"customize",
                "multi_prompt":[{"index":1,"prompt":"Two friends talking under a streetlight at night.","duration":"2"},
                                {"index":2,"prompt":"A runner sprinting through a forest.","duration":"3"}],
                "duration":"5","mode":"pro","sound":"on","aspect_ratio":"9:16"})
        );
        let watermarked = TextToVideoRequest { watermark_info: Some(crate::WatermarkInfo { enabled: true }), ..v3("x") };
        assert_eq!(serde_json::to_value(&watermarked).unwrap()["watermark_info"], serde_json::json!({ "enabled": true }));
    }
}
