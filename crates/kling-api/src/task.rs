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
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskResult {
    #[serde(default)]
    pub images: Vec<ImageResult>,
    #[serde(default)]
    pub videos: Vec<VideoResult>,
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

    /// Every result file's URL, images in index order, then videos.
    pub fn media_urls(&self) -> Vec<String> {
        self.results().map(|(url, _)| url.to_string()).collect()
    }

    /// The watermarked copy of each result in `media_urls` order, "" where there is none.
    pub fn watermark_urls(&self) -> Vec<String> {
        self.results().map(|(_, mark)| mark.unwrap_or_default().trim().to_string()).collect()
    }

    fn results(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        let mut images: Vec<&ImageResult> = self.task_result.images.iter().collect();
        images.sort_by_key(|i| i.index);
        let images = images.into_iter().map(|i| (i.url.as_str(), i.watermark_url.as_deref()));
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
    fn media_urls_come_in_index_order() {
        let task: Task =
            serde_json::from_str(r#"{"task_id":"1","task_status":"succeed","task_result":{"images":[{"index":1,"url":"b"},{"index":0,"url":"a"}]}}"#).unwrap();
        assert_eq!(task.media_urls(), vec!["a", "b"]);
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
}
