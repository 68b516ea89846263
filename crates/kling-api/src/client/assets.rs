//! The account's elements and voices (addendum §6.10): made by asynchronous tasks on their own
//! collection paths, listed (the account's own, or Kling's presets) and deleted. A create goes
//! through the same lost-answer care as a generation: it is looked up by external id before it
//! is sent again.

use super::{KlingClient, Target};
use crate::errors::KlingError;
use crate::requests::{CustomElementRequest, CustomVoiceRequest};
use crate::task::{ElementInfo, Task, VoiceInfo};
use crate::validation::ValidationError;
use reqwest::Method;
use serde_json::{json, Value};

/// Which of the account's reusable things.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AssetKind {
    Element,
    Voice,
}

/// The account's own, or Kling's presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Listing {
    Own,
    Presets,
}

/// The most a list page holds that both sources accept (EN 1000, ZH 500 for voices).
pub const ASSET_PAGE_SIZE: u32 = 500;

impl AssetKind {
    /// The collection path after `/v1/`, where they are created, queried and listed.
    pub fn path(self) -> &'static str {
        match self {
            AssetKind::Element => "general/advanced-custom-elements",
            AssetKind::Voice => "general/custom-voices",
        }
    }

    fn presets_path(self) -> &'static str {
        match self {
            AssetKind::Element => "general/advanced-presets-elements",
            AssetKind::Voice => "general/presets-voices",
        }
    }

    fn delete_path(self) -> &'static str {
        match self {
            AssetKind::Element => "general/delete-elements",
            AssetKind::Voice => "general/delete-voices",
        }
    }

    fn id_field(self) -> &'static str {
        match self {
            AssetKind::Element => "element_id",
            AssetKind::Voice => "voice_id",
        }
    }

    /// "an element", "a voice".
    pub fn noun(self) -> &'static str {
        match self {
            AssetKind::Element => "an element",
            AssetKind::Voice => "a voice",
        }
    }
}

impl KlingClient {
    /// Starts making an element; its task's result names it once done ([`Self::get_asset_task`]).
    pub async fn create_element(&self, req: &CustomElementRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create_on(Target::Asset(AssetKind::Element), super::to_body(&req)?).await
    }

    /// Starts making a voice (charged per call).
    pub async fn create_voice(&self, req: &CustomVoiceRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create_on(Target::Asset(AssetKind::Voice), super::to_body(&req)?).await
    }

    pub async fn get_asset_task(&self, kind: AssetKind, task_id: &str) -> Result<Task, KlingError> {
        super::check_id("task_id", task_id)?;
        self.get(&format!("/v1/{}/{task_id}", kind.path()), "asking about an element or voice").await
    }

    /// One page (1–1000) of the account's element or voice tasks, or of Kling's presets.
    pub async fn list_asset_tasks(&self, kind: AssetKind, listing: Listing, page: u32) -> Result<Vec<Task>, KlingError> {
        if !(1..=1000).contains(&page) {
            return Err(ValidationError::new("pageNum", format!("must be between 1 and 1000 (got {page})")).into());
        }
        let path = match listing {
            Listing::Own => kind.path(),
            Listing::Presets => kind.presets_path(),
        };
        let answer: Value = self.get(&format!("/v1/{path}?pageNum={page}&pageSize={ASSET_PAGE_SIZE}"), "listing elements or voices").await?;
        tasks_in(answer)
    }

    /// Every element listed, page by page (at most `max_pages`), deleted ones left out.
    pub async fn list_elements(&self, listing: Listing, max_pages: u32) -> Result<Vec<ElementInfo>, KlingError> {
        let tasks = self.all_pages(AssetKind::Element, listing, max_pages).await?;
        Ok(tasks.into_iter().flat_map(|t| t.task_result.elements).filter(|e| e.element_id.is_some() && e.status.as_deref() != Some("deleted")).collect())
    }

    /// Every voice listed, page by page (at most `max_pages`).
    pub async fn list_voices(&self, listing: Listing, max_pages: u32) -> Result<Vec<VoiceInfo>, KlingError> {
        let tasks = self.all_pages(AssetKind::Voice, listing, max_pages).await?;
        Ok(tasks.into_iter().flat_map(|t| t.task_result.voices).filter(|v| crate::is_task_id(&v.voice_id)).collect())
    }

    async fn all_pages(&self, kind: AssetKind, listing: Listing, max_pages: u32) -> Result<Vec<Task>, KlingError> {
        let mut all = Vec::new();
        for page in 1..=max_pages.clamp(1, 1000) {
            let tasks = self.list_asset_tasks(kind, listing, page).await?;
            let last = tasks.len() < ASSET_PAGE_SIZE as usize;
            all.extend(tasks);
            if last {
                break;
            }
        }
        Ok(all)
    }

    /// Deletes one of the account's elements or voices. Repeating a delete is harmless, so a
    /// lost answer is asked again.
    pub async fn delete_asset(&self, kind: AssetKind, id: &str) -> Result<(), KlingError> {
        super::check_id(kind.id_field(), id)?;
        let body = json!({ kind.id_field(): id });
        let path = format!("/v1/{}", kind.delete_path());
        self.repeated::<Value>(Method::POST, &path, Some(&body), "deleting an element or voice").await.map(drop)
    }
}

/// The docs show lists as arrays of task objects; an answer of one task, or of the bare
/// `{elements}`/`{voices}`, is read too.
fn tasks_in(answer: Value) -> Result<Vec<Task>, KlingError> {
    let unreadable = |e: serde_json::Error| KlingError::Malformed { detail: format!("unexpected list of elements or voices ({})", crate::envelope::without_values(&e)) };
    match answer {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => Ok(items.into_iter().filter_map(|v| serde_json::from_value::<Task>(v).ok()).collect()),
        Value::Object(o) if o.contains_key("task_id") => serde_json::from_value(Value::Object(o)).map(|t| vec![t]).map_err(unreadable),
        Value::Object(o) if o.contains_key("elements") || o.contains_key("voices") => {
            let result = serde_json::from_value(Value::Object(o)).map_err(unreadable)?;
            Ok(vec![Task {
                task_id: String::new(),
                task_status: crate::TaskStatus::Succeeded,
                task_status_msg: None,
                task_info: Default::default(),
                created_at: 0,
                updated_at: 0,
                task_result: result,
                final_unit_deduction: None,
            }])
        }
        _ => Err(KlingError::Malformed { detail: "a list of elements or voices that is neither a list nor a task".into() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_read_in_every_shape_the_docs_leave_open() {
        let task = json!({"task_id": "1", "task_status": "succeed", "task_result": {"elements": [{"element_id": 7, "element_name": "Mia"}]}});
        assert_eq!(tasks_in(json!([task.clone(), "junk"])).unwrap().len(), 1);
        assert_eq!(tasks_in(task).unwrap()[0].task_result.elements[0].element_name, "Mia");
        let bare = tasks_in(json!({"voices": [{"voice_id": "v1", "voice_name": "Calm"}]})).unwrap();
        assert_eq!(bare[0].task_result.voices[0].voice_id, "v1");
        assert!(tasks_in(Value::Null).unwrap().is_empty());
        assert!(matches!(tasks_in(json!("nope")), Err(KlingError::Malformed { .. })));
    }
}
