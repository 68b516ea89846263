use super::media::{check_audio_file, check_id, check_seconds, check_video_source};
use crate::params::WatermarkInfo;
use crate::validation::{check_callback_url, check_external_id, ValidationError};
use serde::{Deserialize, Serialize};

/// The shortest cropped audio and the shortest overlap of audio and face, in ms (§6.3).
pub const MIN_LIP_SYNC_MS: u64 = 2_000;
/// An audio file lasts at most 60 s (§6.3), so no crop ends later.
pub const MAX_LIP_SYNC_AUDIO_MS: u64 = 60_000;
/// An audio file is at most 5 MB (§6.3).
pub const MAX_SOUND_FILE_BYTES: u64 = 5 * 1024 * 1024;
/// `sound_volume` and `original_audio_volume` lie in [0, 2].
pub const MAX_VOLUME: f64 = 2.0;

/// `POST /v1/videos/identify-face` (addendum §6.3, synchronous): the faces of a video, by its
/// Kling video id or by URL (exactly one).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentifyFaceRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
}

impl IdentifyFaceRequest {
    pub fn by_id(video_id: impl Into<String>) -> Self {
        Self { video_id: Some(video_id.into()), video_url: None }
    }

    pub fn by_url(video_url: impl Into<String>) -> Self {
        Self { video_id: None, video_url: Some(video_url.into()) }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        check_video_source(self.video_id.as_deref(), self.video_url.as_deref())
    }

    /// The video's length, when known: 2 to 60 s.
    pub fn check_video_seconds(&self, seconds: f64) -> Result<(), ValidationError> {
        let field = if self.video_id.is_some() { "video_id" } else { "video_url" };
        check_seconds(field, "the video", seconds, 2.0, 60.0)
    }
}

/// A face identify-face found: when it is on screen, in ms of the video.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Face {
    pub face_id: String,
    /// A picture of the face (a link).
    #[serde(default)]
    pub face_image: String,
    pub start_time: u64,
    pub end_time: u64,
}

/// identify-face's answer: the session a lip-sync refers to, and the faces.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdentifiedFaces {
    pub session_id: String,
    #[serde(default)]
    pub face_data: Vec<Face>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_unit_deduction: Option<String>,
}

impl IdentifiedFaces {
    /// The answer is input: the session id goes into the next request, face ids too.
    pub(crate) fn check(&self) -> Result<(), ValidationError> {
        check_id("session_id", &self.session_id)?;
        for face in &self.face_data {
            check_id("face_id", &face.face_id)?;
        }
        Ok(())
    }

    pub fn face(&self, face_id: &str) -> Option<&Face> {
        self.face_data.iter().find(|f| f.face_id == face_id)
    }
}

/// The one face that speaks (`face_choose` item): its audio (a Kling audio id or a file),
/// the part of the audio used, where it starts in the video, and the volumes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaceChoice {
    pub face_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_id: Option<String>,
    /// mp3/wav/m4a/aac ≤ 5 MB, 2–60 s: a URL or raw base64.
    // Files travel beside the request over IPC, like pictures.
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound_file: Option<String>,
    /// Where the part of the audio used starts and ends, ms of the audio.
    pub sound_start_time: u64,
    pub sound_end_time: u64,
    /// Where in the video it starts, ms.
    pub sound_insert_time: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound_volume: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_audio_volume: Option<f64>,
}

impl FaceChoice {
    /// The length of the audio used, ms.
    pub fn cropped_ms(&self) -> u64 {
        self.sound_end_time.saturating_sub(self.sound_start_time)
    }
}

/// `POST /v1/videos/advanced-lip-sync` (addendum §6.3): a face found by identify-face speaks.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LipSyncRequest {
    pub session_id: String,
    pub face_choose: Vec<FaceChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

/// What is known of the video and the chosen face, for the checks that need them.
#[derive(Clone, Copy, Debug, Default)]
pub struct LipSyncFacts<'a> {
    /// The face as identify-face found it.
    pub face: Option<&'a Face>,
    /// The video's length, ms.
    pub video_ms: Option<u64>,
}

fn err(field: &str, message: impl Into<String>) -> Result<(), ValidationError> {
    Err(ValidationError::new(field, message))
}

fn seconds(ms: u64) -> String {
    let text = format!("{:.3}", ms as f64 / 1000.0);
    format!("{} s", text.trim_end_matches('0').trim_end_matches('.'))
}

impl LipSyncRequest {
    pub fn new(session_id: impl Into<String>, face: FaceChoice) -> Self {
        Self { session_id: session_id.into(), face_choose: vec![face], watermark_info: None, callback_url: None, external_task_id: None }
    }

    /// The rules that need nothing but the request.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_with(LipSyncFacts::default())
    }

    /// Every rule, those about the face's time on screen and the video's length too when known.
    pub fn validate_with(&self, facts: LipSyncFacts<'_>) -> Result<(), ValidationError> {
        check_id("session_id", &self.session_id)?;
        let face = match self.face_choose.as_slice() {
            [face] => face,
            list => return err("face_choose", format!("choose exactly 1 face (got {})", list.len())),
        };
        check_id("face_id", &face.face_id)?;
        match (&face.audio_id, &face.sound_file) {
            (Some(_), Some(_)) => return err("audio_id", "give the audio by id or as a file (sound_file), not both"),
            (None, None) => return err("audio_id", "give the audio: a Kling audio id, or a file in sound_file"),
            (Some(id), None) => check_id("audio_id", id)?,
            (None, Some(file)) => check_audio_file("sound_file", file, MAX_SOUND_FILE_BYTES)?,
        }
        if face.sound_end_time <= face.sound_start_time {
            return err("sound_end_time", format!("must be after sound_start_time ({} ≤ {} ms)", face.sound_end_time, face.sound_start_time));
        }
        if face.cropped_ms() < MIN_LIP_SYNC_MS {
            return err("sound_end_time", format!("the audio used lasts {}; it must last at least 2 s", seconds(face.cropped_ms())));
        }
        if face.sound_end_time > MAX_LIP_SYNC_AUDIO_MS {
            return err("sound_end_time", format!("{} is past the end of any audio Kling takes (60 s at most)", seconds(face.sound_end_time)));
        }
        for (field, volume) in [("sound_volume", face.sound_volume), ("original_audio_volume", face.original_audio_volume)] {
            if let Some(v) = volume {
                if !(0.0..=MAX_VOLUME).contains(&v) {
                    return err(field, format!("must be between 0 and 2 (got {v})"));
                }
            }
        }
        self.check_facts(face, facts)?;
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }

    fn check_facts(&self, choice: &FaceChoice, facts: LipSyncFacts<'_>) -> Result<(), ValidationError> {
        let start = choice.sound_insert_time;
        let end = start.saturating_add(choice.cropped_ms());
        if let Some(video_ms) = facts.video_ms {
            if end > video_ms {
                return err(
                    "sound_insert_time",
                    format!("the audio would run from {} to {}, past the video's end at {}", seconds(start), seconds(end), seconds(video_ms)),
                );
            }
        }
        if let Some(face) = facts.face {
            if face.face_id != choice.face_id {
                return err("face_id", format!("{:?} is not the face checked against ({:?})", choice.face_id, face.face_id));
            }
            let overlap = end.min(face.end_time).saturating_sub(start.max(face.start_time));
            if overlap < MIN_LIP_SYNC_MS {
                return err(
                    "sound_insert_time",
                    format!(
                        "the audio ({} to {}) meets the face ({} to {}) for {}; they must overlap at least 2 s",
                        seconds(start),
                        seconds(end),
                        seconds(face.start_time),
                        seconds(face.end_time),
                        seconds(overlap)
                    ),
                );
            }
        }
        Ok(())
    }

    /// The length of the audio used, ms (what the lip-sync price counts).
    pub fn cropped_ms(&self) -> u64 {
        self.face_choose.first().map_or(0, FaceChoice::cropped_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::test_support::refused;

    fn choice() -> FaceChoice {
        FaceChoice {
            face_id: "0".into(),
            audio_id: Some("audio-1".into()),
            sound_file: None,
            sound_start_time: 0,
            sound_end_time: 3_000,
            sound_insert_time: 1_000,
            sound_volume: Some(1.5),
            original_audio_volume: Some(0.0),
        }
    }

    #[test]
    fn identify_face_takes_exactly_one_video() {
        IdentifyFaceRequest::by_id("v-1").validate().unwrap();
        IdentifyFaceRequest::by_url("https://example.com/a.mp4").validate().unwrap();
        assert_eq!(serde_json::to_value(IdentifyFaceRequest::by_id("v-1")).unwrap(), serde_json::json!({"video_id":"v-1"}));
        refused(IdentifyFaceRequest { video_id: Some("v".into()), video_url: Some("https://x.test/a.mp4".into()) }.validate(), "video_id", "not both");
        refused(IdentifyFaceRequest { video_id: None, video_url: None }.validate(), "video_id", "give the video");
        refused(IdentifyFaceRequest::by_url("javascript:alert(1)").validate(), "video_url", "http(s)");
        refused(IdentifyFaceRequest::by_id("v").check_video_seconds(61.0), "video_id", "2 to 60 s");
        IdentifyFaceRequest::by_url("https://x.test/a.mp4").check_video_seconds(2.0).unwrap();
    }

    #[test]
    fn the_documented_body() {
        let req = LipSyncRequest::new("sess-1", choice());
        req.validate().unwrap();
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            serde_json::json!({"session_id":"sess-1","face_choose":[{"face_id":"0","audio_id":"audio-1","sound_start_time":0,"sound_end_time":3000,
                "sound_insert_time":1000,"sound_volume":1.5,"original_audio_volume":0.0}]})
        );
    }

    #[test]
    fn every_rule_of_the_audio() {
        let with = |c: FaceChoice| LipSyncRequest::new("sess-1", c).validate();
        refused(with(FaceChoice { sound_file: Some("https://x.test/a.mp3".into()), ..choice() }), "audio_id", "not both");
        refused(with(FaceChoice { audio_id: None, ..choice() }), "audio_id", "give the audio");
        with(FaceChoice { audio_id: None, sound_file: Some("https://x.test/a.mp3".into()), ..choice() }).unwrap();
        refused(with(FaceChoice { audio_id: None, sound_file: Some("data:audio/mp3;base64,AA".into()), ..choice() }), "sound_file", "data: prefix");
        refused(with(FaceChoice { sound_end_time: 0, ..choice() }), "sound_end_time", "must be after sound_start_time");
        refused(with(FaceChoice { sound_start_time: 1_500, sound_end_time: 3_000, ..choice() }), "sound_end_time", "lasts 1.5 s; it must last at least 2 s");
        with(FaceChoice { sound_start_time: 1_000, sound_end_time: 3_000, ..choice() }).unwrap();
        refused(with(FaceChoice { sound_end_time: 61_000, ..choice() }), "sound_end_time", "60 s at most");
        refused(with(FaceChoice { sound_volume: Some(2.1), ..choice() }), "sound_volume", "between 0 and 2");
        refused(with(FaceChoice { original_audio_volume: Some(-0.1), ..choice() }), "original_audio_volume", "between 0 and 2");
        refused(with(FaceChoice { sound_volume: Some(f64::NAN), ..choice() }), "sound_volume", "between 0 and 2");
        refused(with(FaceChoice { face_id: String::new(), ..choice() }), "face_id", "must not be empty");
        refused(LipSyncRequest::new(" ", choice()).validate(), "session_id", "must not be empty");
        let two = LipSyncRequest { face_choose: vec![choice(), choice()], ..LipSyncRequest::new("s", choice()) };
        refused(two.validate(), "face_choose", "exactly 1 face (got 2)");
        refused(LipSyncRequest { face_choose: vec![], ..LipSyncRequest::new("s", choice()) }.validate(), "face_choose", "(got 0)");
    }

    #[test]
    fn against_the_face_and_the_video() {
        let face = Face { face_id: "0".into(), face_image: "https://x.test/f.png".into(), start_time: 2_000, end_time: 6_000 };
        let req = LipSyncRequest::new("s", choice());
        let facts = |video_ms| LipSyncFacts { face: Some(&face), video_ms };
        // Audio 1–4 s, face 2–6 s: 2 s together.
        req.validate_with(facts(Some(10_000))).unwrap();
        refused(req.validate_with(facts(Some(3_500))), "sound_insert_time", "past the video's end at 3.5 s");
        let late = LipSyncRequest::new("s", FaceChoice { sound_insert_time: 4_500, ..choice() });
        refused(late.validate_with(facts(None)), "sound_insert_time", "for 1.5 s; they must overlap at least 2 s");
        let other = Face { face_id: "1".into(), ..face.clone() };
        refused(req.validate_with(LipSyncFacts { face: Some(&other), video_ms: None }), "face_id", "not the face");
    }

    #[test]
    fn identify_face_answers_parse() {
        let answer: IdentifiedFaces = serde_json::from_str(
            r#"{"session_id":"s-1","final_unit_deduction":"0.05","face_data":[{"face_id":"0","face_image":"https://x.test/f.png","start_time":0,"end_time":5200}]}"#,
        )
        .unwrap();
        answer.check().unwrap();
        assert_eq!(answer.face("0").map(|f| f.end_time), Some(5_200));
        assert!(IdentifiedFaces { session_id: "../x y".into(), ..answer.clone() }.check().is_err());
    }
}
