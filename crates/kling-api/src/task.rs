//! Task objects as the API returns them. Parsing is lenient on purpose: unknown fields are
//! ignored, missing optional ones default, and an unknown status is kept rather than rejected.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub task_id: String,
    pub task_status: TaskStatus,
    #[serde(default)]
    pub task_status_msg: Option<String>,
    #[serde(default, deserialize_with = "default_on_null")]
    pub task_info: TaskInfo,
    #[serde(default)]
    pub created_at: i64,
    #[serde(default)]
    pub updated_at: i64,
    #[serde(default, deserialize_with = "default_on_null")]
    pub task_result: TaskResult,
    #[serde(default)]
    pub final_unit_deduction: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskInfo {
    #[serde(default)]
    pub external_task_id: Option<String>,
    /// The video a task worked on (video-extend, lip-sync, video-to-audio; addendum §3.2).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub parent_video: Option<ParentVideo>,
}

/// `task_info.parent_video`: `{id, url, duration}`, all strings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParentVideo {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub duration: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskResult {
    #[serde(default)]
    pub images: Vec<ImageResult>,
    /// Omni-image's series (`result_type: series`, addendum §3.2): pictures like `images`.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "default_on_null")]
    pub series_images: Vec<ImageResult>,
    #[serde(default)]
    pub videos: Vec<VideoResult>,
    /// Audio files (video-to-audio, addendum §3.2).
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "default_on_null")]
    pub audios: Vec<AudioResult>,
    /// The elements an element task made, or the account's and Kling's listed (§3.2, §6.10).
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "default_on_null")]
    pub elements: Vec<ElementInfo>,
    /// The voices a voice task made, or listed (§3.2, §6.10).
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "default_on_null")]
    pub voices: Vec<VoiceInfo>,
}

/// A voice (§3.2): `owned_by` is "kling" for Kling's presets, else its creator's id.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VoiceInfo {
    #[serde(default)]
    pub voice_id: String,
    #[serde(default)]
    pub voice_name: String,
    /// A sample to listen to.
    #[serde(default)]
    pub trial_url: Option<String>,
    #[serde(default)]
    pub owned_by: String,
}

/// An element (§3.2): its pictures or clip as Kling keeps them, its voice and tags.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ElementInfo {
    #[serde(default, deserialize_with = "lenient")]
    pub element_id: Option<crate::ElementId>,
    #[serde(default)]
    pub element_name: String,
    #[serde(default)]
    pub element_description: String,
    #[serde(default)]
    pub reference_type: Option<String>,
    /// `{frontal_image, refer_images: [{image_url}]}`: links to the pictures.
    #[serde(default, deserialize_with = "lenient")]
    pub element_image_list: Option<ElementImageLinks>,
    #[serde(default, deserialize_with = "lenient")]
    pub element_voice_info: Option<VoiceInfo>,
    #[serde(default, deserialize_with = "default_on_null")]
    pub tag_list: Vec<ElementTagInfo>,
    #[serde(default)]
    pub owned_by: String,
    /// "succeed", or "deleted".
    #[serde(default)]
    pub status: Option<String>,
}

impl ElementInfo {
    /// Kling's own (a preset), not the account's.
    pub fn is_preset(&self) -> bool {
        self.owned_by == "kling"
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ElementImageLinks {
    #[serde(default)]
    pub frontal_image: Option<String>,
    #[serde(default, deserialize_with = "default_on_null")]
    pub refer_images: Vec<ImageLink>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageLink {
    #[serde(default)]
    pub image_url: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ElementTagInfo {
    #[serde(default)]
    pub tag_id: String,
    #[serde(default)]
    pub tag_name: Option<String>,
}

/// One audio result, in two formats: `{id, url_mp3, url_wav, duration_mp3, duration_wav}`, all
/// strings (durations in seconds).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AudioResult {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub url_mp3: String,
    #[serde(default)]
    pub url_wav: String,
    #[serde(default)]
    pub duration_mp3: Option<String>,
    #[serde(default)]
    pub duration_wav: Option<String>,
}

impl AudioResult {
    /// The links given (mp3 first), empty ones left out.
    pub fn links(&self) -> impl Iterator<Item = &str> {
        [self.url_mp3.as_str(), self.url_wav.as_str()].into_iter().map(str::trim).filter(|u| !u.is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageResult {
    #[serde(default)]
    pub index: u32,
    pub url: String,
    /// The watermarked copy, when `watermark_info.enabled` was asked for (addendum §3.2).
    #[serde(default)]
    pub watermark_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VideoResult {
    #[serde(default)]
    pub id: String,
    pub url: String,
    #[serde(default)]
    pub watermark_url: Option<String>,
    /// Seconds, as a string (the API's own type).
    #[serde(default)]
    pub duration: Option<String>,
}

impl Task {
    pub fn is_finished(&self) -> bool {
        matches!(self.task_status, TaskStatus::Succeeded | TaskStatus::Failed)
    }

    /// Every result file's URL, images in index order (a series' after them), then videos.
    pub fn media_urls(&self) -> Vec<String> {
        self.results().map(|(url, _)| url.to_string()).collect()
    }

    /// Every audio file's link (video-to-audio): each audio's mp3 then its wav. Not in
    /// `media_urls`, whose files are pictures or videos.
    pub fn audio_urls(&self) -> Vec<String> {
        self.task_result.audios.iter().flat_map(|a| a.links().map(String::from)).collect()
    }

    /// The Kling id of the video made (the first), which extend, lip-sync and video-to-audio take.
    pub fn video_id(&self) -> Option<&str> {
        self.task_result.videos.first().map(|v| v.id.trim()).filter(|id| !id.is_empty())
    }

    /// The watermarked copy of each result in `media_urls` order, "" where there is none.
    pub fn watermark_urls(&self) -> Vec<String> {
        self.results().map(|(_, mark)| mark.unwrap_or_default().trim().to_string()).collect()
    }

    fn results(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        fn sorted(list: &[ImageResult]) -> Vec<&ImageResult> {
            let mut list: Vec<&ImageResult> = list.iter().collect();
            list.sort_by_key(|i| i.index);
            list
        }
        // A series answers its pictures in `series_images`; should `images` repeat them, they are
        // the same files: the series alone is taken.
        let pictures = if self.task_result.series_images.is_empty() { &self.task_result.images } else { &self.task_result.series_images };
        let images = sorted(pictures).into_iter().map(|i| (i.url.as_str(), i.watermark_url.as_deref()));
        images.chain(self.task_result.videos.iter().map(|v| (v.url.as_str(), v.watermark_url.as_deref())))
    }

    /// The units the task cost (`final_unit_deduction`, in its pack's units), when Kling says
    /// and the figure is a plain non-negative number.
    pub fn charged_units(&self) -> Option<f64> {
        self.final_unit_deduction.as_deref()?.trim().parse::<f64>().ok().filter(|u| u.is_finite() && *u >= 0.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskStatus {
    Submitted,
    Processing,
    Succeeded,
    Failed,
    Unknown(String),
}

impl TaskStatus {
    pub fn as_api_str(&self) -> &str {
        match self {
            TaskStatus::Submitted => "submitted",
            TaskStatus::Processing => "processing",
            TaskStatus::Succeeded => "succeed",
            TaskStatus::Failed => "failed",
            TaskStatus::Unknown(s) => s,
        }
    }
}

impl Serialize for TaskStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_api_str())
    }
}

impl<'de> Deserialize<'de> for TaskStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        // The v1 API says "succeed"; newer API generations say "succeeded": accept both.
        Ok(match text.as_str() {
            "submitted" => TaskStatus::Submitted,
            "processing" => TaskStatus::Processing,
            "succeed" | "succeeded" => TaskStatus::Succeeded,
            "failed" => TaskStatus::Failed,
            _ => TaskStatus::Unknown(text),
        })
    }
}

/// An optional part of an answer that the task can do without: a malformed one reads as absent
/// rather than failing the whole task.
fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}

fn default_on_null<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_of_success_and_unknown_states_parse() {
        for (text, status) in [("\"succeed\"", TaskStatus::Succeeded), ("\"succeeded\"", TaskStatus::Succeeded), ("\"failed\"", TaskStatus::Failed)] {
            assert_eq!(serde_json::from_str::<TaskStatus>(text).unwrap(), status);
        }
        assert_eq!(serde_json::from_str::<TaskStatus>("\"queueing\"").unwrap(), TaskStatus::Unknown("queueing".into()));
        assert_eq!(serde_json::from_str::<TaskStatus>("\"submitted\"").unwrap(), TaskStatus::Submitted);
        assert_eq!(serde_json::from_str::<TaskStatus>("\"processing\"").unwrap(), TaskStatus::Processing);
        for (status, word) in [(TaskStatus::Succeeded, "succeed"), (TaskStatus::Processing, "processing"), (TaskStatus::Unknown("queueing".into()), "queueing")] {
            assert_eq!(serde_json::to_value(&status).unwrap(), serde_json::json!(word));
        }
    }

    #[test]
    fn unknown_fields_and_empty_objects_are_fine() {
        let task: Task = serde_json::from_str(
            r#"{"task_id":"827574871634235396","task_status":"failed","task_status_msg":"Image pixel is invalid",
                "task_info":{},"task_result":{},"created_at":1,"updated_at":2,"watermark_info":{"enabled":false},
                "final_unit_deduction":"0"}"#,
        )
        .unwrap();
        assert_eq!(task.task_status, TaskStatus::Failed);
        assert_eq!(task.task_status_msg.as_deref(), Some("Image pixel is invalid"));
        assert!(task.media_urls().is_empty());
        assert!(task.is_finished());

        let minimal: Task = serde_json::from_str(r#"{"task_id":"1","task_status":"submitted","task_result":null}"#).unwrap();
        assert_eq!(minimal.created_at, 0);
        assert!(!minimal.is_finished());
    }

    #[test]
    fn elements_and_voices_read_leniently() {
        let task: Task = serde_json::from_str(
            r#"{"task_id":"1","task_status":"succeed","task_result":{"elements":[
                {"element_id":829836802793406551,"element_name":"Mia","element_description":"a girl","reference_type":"image_refer",
                 "element_image_list":{"frontal_image":"https://cdn/f.png","refer_images":[{"image_url":"https://cdn/s.png"}]},
                 "element_voice_info":{"voice_id":"v1","voice_name":"Mia's","trial_url":"https://cdn/v.mp3","owned_by":"42"},
                 "tag_list":[{"tag_id":"o_101","tag_name":"Person"}],"owned_by":"42","status":"succeed"},
                {"element_id":"160","element_name":"Cat","owned_by":"kling","element_image_list":"odd","tag_list":null}],
              "voices":[{"voice_id":"v2","voice_name":"Calm","trial_url":"https://cdn/t.mp3","owned_by":"kling"}]}}"#,
        )
        .unwrap();
        let [mia, cat] = &task.task_result.elements[..] else { panic!("two elements") };
        assert_eq!((mia.element_id, mia.is_preset()), (Some(crate::ElementId(829836802793406551)), false));
        assert_eq!(mia.element_image_list.as_ref().unwrap().refer_images[0].image_url, "https://cdn/s.png");
        assert_eq!(mia.element_voice_info.as_ref().map(|v| v.voice_id.as_str()), Some("v1"));
        assert_eq!((cat.element_id, cat.is_preset(), cat.element_image_list.clone(), cat.tag_list.len()), (Some(crate::ElementId(160)), true, None, 0));
        assert_eq!(task.task_result.voices[0].voice_name, "Calm");
        assert!(task.media_urls().is_empty(), "an element or a voice is no file to download");
    }

    #[test]
    fn media_urls_come_in_index_order() {
        let task: Task =
            serde_json::from_str(r#"{"task_id":"1","task_status":"succeed","task_result":{"images":[{"index":1,"url":"b"},{"index":0,"url":"a"}]}}"#).unwrap();
        assert_eq!(task.media_urls(), vec!["a", "b"]);
        // An omni-image series: its pictures in `series_images`, in their order too.
        let series: Task = serde_json::from_str(
            r#"{"task_id":"1","task_status":"succeed","task_result":{"result_type":"series","images":[],"series_images":[{"index":1,"url":"s2"},{"index":0,"url":"s1"}]}}"#,
        )
        .unwrap();
        assert_eq!(series.media_urls(), vec!["s1", "s2"]);
        let both: Task = serde_json::from_str(
            r#"{"task_id":"1","task_status":"succeed","task_result":{"result_type":"series","images":[{"index":0,"url":"s1"}],"series_images":[{"index":0,"url":"s1"}]}}"#,
        )
        .unwrap();
        assert_eq!(both.media_urls(), vec!["s1"], "a series listed twice is fetched once");
        let null: Task =
            serde_json::from_str(r#"{"task_id":"1","task_status":"succeed","task_result":{"images":[{"index":0,"url":"a"}],"series_images":null}}"#).unwrap();
        assert_eq!(null.media_urls(), vec!["a"]);
    }

    #[test]
    fn watermarked_copies_and_the_charge_follow_the_results() {
        let task: Task = serde_json::from_str(
            r#"{"task_id":"t","task_status":"succeed","final_unit_deduction":"6.0","task_result":{"images":[
                {"index":1,"url":"https://cdn/b.png","watermark_url":"https://cdn/b-wm.png"},
                {"index":0,"url":"https://cdn/a.png","watermark_url":""},
                {"index":2,"url":"https://cdn/c.png","watermark_url":null}]}}"#,
        )
        .unwrap();
        assert_eq!(task.media_urls(), ["https://cdn/a.png", "https://cdn/b.png", "https://cdn/c.png"]);
        assert_eq!(task.watermark_urls(), ["", "https://cdn/b-wm.png", ""]);
        assert_eq!(task.charged_units(), Some(6.0));
        for bad in ["", "six", "-1", "NaN", "inf"] {
            let t = Task { final_unit_deduction: Some(bad.into()), ..task.clone() };
            assert_eq!(t.charged_units(), None, "{bad:?}");
        }
    }

    #[test]
    fn video_to_audio_answers_audio_files_and_the_parent_video() {
        let task: Task = serde_json::from_str(
            r#"{"task_id":"t","task_status":"succeed","task_info":{"external_task_id":"e","parent_video":{"id":"p-1","url":"https://cdn/p.mp4","duration":"5.0"}},
                "task_result":{"videos":[{"id":"v-2","url":"https://cdn/v.mp4","duration":"5.0"}],
                "audios":[{"id":"a-1","url_mp3":"https://cdn/a.mp3","url_wav":"https://cdn/a.wav","duration_mp3":"5.0","duration_wav":"5.0"}]}}"#,
        )
        .unwrap();
        assert_eq!(task.media_urls(), ["https://cdn/v.mp4"]);
        assert_eq!(task.audio_urls(), ["https://cdn/a.mp3", "https://cdn/a.wav"]);
        assert_eq!(task.video_id(), Some("v-2"));
        let audio = &task.task_result.audios[0];
        assert_eq!((audio.id.as_str(), audio.duration_wav.as_deref()), ("a-1", Some("5.0")));
        let parent = task.task_info.parent_video.as_ref().unwrap();
        assert_eq!((parent.id.as_str(), parent.url.as_str(), parent.duration.as_deref()), ("p-1", "https://cdn/p.mp4", Some("5.0")));
        assert_eq!(task.task_info.external_task_id.as_deref(), Some("e"));
        // Kept through a round trip (the engine stores tasks).
        assert_eq!(serde_json::from_value::<Task>(serde_json::to_value(&task).unwrap()).unwrap(), task);
    }

    #[test]
    fn missing_or_odd_audio_parts_do_not_fail_the_task() {
        let task: Task = serde_json::from_str(
            r#"{"task_id":"t","task_status":"succeed","task_info":{"parent_video":"not an object"},"task_result":{"audios":null,"videos":[{"id":" ","url":"https://cdn/v.mp4"}]}}"#,
        )
        .unwrap();
        assert!(task.task_info.parent_video.is_none() && task.audio_urls().is_empty());
        assert_eq!(task.video_id(), None);
        let half: Task = serde_json::from_str(r#"{"task_id":"t","task_status":"succeed","task_result":{"audios":[{"id":"a","url_mp3":"https://cdn/a.mp3"}]}}"#).unwrap();
        assert_eq!(half.audio_urls(), ["https://cdn/a.mp3"]);
    }
}
