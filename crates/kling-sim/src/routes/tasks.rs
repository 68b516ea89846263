//! Task routes: create (validate, then the account checks, then spend and store), query one
//! (by task id or by external_task_id, in each of the forms clients use) and list (paged, newest first).

use super::{ok, query_pairs, query_value};
use crate::capabilities;
use crate::envelope::ApiError;
use crate::faults;
use crate::state::{lock, now_ms, Shared, State};
use crate::task::{Accepted, Kind, Pack, SimTask};
use crate::validate;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The reason a task made with the failing word ends with (the real API's wording).
const RISK_CONTROL_FAILURE: &str = "Failure to pass the risk control system";

pub fn create(shared: &Shared, kind: Kind, body: &[u8]) -> Response {
    // Validation is pure (and may decode pictures of megabytes): it runs outside the lock.
    let checked = serde_json::from_slice::<Value>(body)
        .map_err(|e| ApiError::new(1200, format!("the request body is not valid JSON: {e}")))
        .and_then(|body| validate::create(kind, &body).map(|accepted| (body, accepted)));
    let (body, mut accepted) = match checked {
        Ok(checked) => checked,
        Err(e) => return e.into_response(),
    };
    let mut state = lock(shared);
    // Then what needs the account: the videos it made (the other process's emulator's too), its
    // face sessions.
    state.absorb_saved();
    if let Err(e) = validate::admit(kind, &body, &state, &mut accepted, now_ms()) {
        return e.into_response();
    }
    let data = match admit(&mut state, kind, accepted, &body) {
        Ok(data) => data,
        Err(e) => return e.into_response(),
    };
    state.persist();
    faults::lose_answer(&mut state, &data).unwrap_or_else(|| ok(data))
}

/// The checks that need the account, in the API's order, then the task itself.
fn admit(state: &mut State, kind: Kind, accepted: Accepted, body: &Value) -> Result<Value, ApiError> {
    if let Some(external) = &accepted.external_task_id {
        if state.external_id_taken(external) {
            return Err(ApiError::new(1201, format!("external_task_id {external} already exists; it must be unique per account")));
        }
    }
    let config = &state.config;
    if config.denied_models.contains(&accepted.model) {
        return Err(ApiError::new(1103, format!("Unauthorized access to requested resource: this account has no access to {}", accepted.model)));
    }
    let prompt = accepted.prompt.to_lowercase();
    let contains = |word: &Option<String>| word.as_ref().is_some_and(|w| !w.trim().is_empty() && prompt.contains(&w.to_lowercase()));
    if contains(&config.policy_word) {
        return Err(ApiError::code(1300));
    }
    if contains(&config.refused_word) {
        return Err(ApiError::new(1301, "Trigger the content security policy of the platform: the prompt did not pass the check"));
    }
    // A task without a prompt (a try-on) is failed by the word in one of its picture links.
    let linked = |word: &Option<String>| {
        let word = word.as_deref().map(str::to_lowercase).filter(|w| !w.trim().is_empty());
        word.is_some_and(|w| body.as_object().is_some_and(|o| o.values().filter_map(Value::as_str).any(|v| v.starts_with("http") && v.to_lowercase().contains(&w))))
    };
    let fails = contains(&config.failing_word) || linked(&config.failing_word);
    let failure = if fails { Some(RISK_CONTROL_FAILURE.to_string()) } else { accepted.failure.clone() };

    let video = kind.is_video();
    let pack = kind.pack();
    let cost = capabilities::cost(kind, &accepted);
    let balance = config.credits.of(pack);
    if balance + 1e-9 < cost {
        let pack = pack.as_str();
        return Err(ApiError::new(1102, format!("Resource pack exhausted or expired: the {pack} pack has {balance} units left, this task needs {cost}")));
    }
    let now = now_ms();
    // An image task takes a slot a picture; a video or try-on task one (§8).
    let slots = if pack == Pack::Image { accepted.n } else { 1 };
    let limit = config.concurrency.of(pack);
    if faults::storm_refuses_create(state) {
        return Err(ApiError::new(1303, "parallel task over resource pack limit"));
    }
    if state.slots_in_use(pack, now) + slots > limit {
        faults::slots_full(state);
        return Err(ApiError::new(1303, "parallel task over resource pack limit"));
    }

    // Pro (and 4K) and clips longer than 5 s each take 1.5× as long, in both phases.
    let timing = &state.config.timing;
    let (submitted_for, processing_for) = if video {
        let factor = if accepted.high_quality() { 1.5 } else { 1.0 } * if accepted.seconds > 5 { 1.5 } else { 1.0 };
        (timing.video_submitted.mul_f64(factor), timing.video_processing.mul_f64(factor))
    } else {
        (timing.image_submitted, timing.image_processing)
    };
    *state.config.credits.of_mut(pack) -= cost;
    let id = faults::task_id(state).unwrap_or_else(|| state.new_task_id());
    let files = kind.result_files(accepted.n);
    let fresh = |count: usize| (0..count).map(|_| uuid::Uuid::new_v4().simple().to_string()).collect::<Vec<_>>();
    let media_tokens = fresh(files);
    // A watermarked copy of each picture, or of the video (never of a sound).
    let watermark_tokens = if accepted.watermark { fresh(slots as usize) } else { Vec::new() };
    let stale_tokens = faults::lapsed_links(state, || fresh(files));
    let task = SimTask { id, kind, accepted, created_ms: now, submitted_for, processing_for, failure, cost, media_tokens, watermark_tokens, stale_tokens };
    tracing::info!(task_id = %task.id, kind = kind.path(), model = %task.accepted.model, cost, "task created");
    let base_url = state.base_url.clone();
    Ok(state.insert(task).to_json(now, &base_url))
}

fn not_found(what: String) -> ApiError {
    ApiError::new(1203, format!("Requested resource does not exist: {what}"))
}

/// One task on its own kind's path, found as clients ask for it (addendum §4): `/<task id>`;
/// `/<external id>` (the docs' "choose either" path parameter); `/<external id>?external_task_id=true`;
/// `/<id>?external_task_id=<external id>`. The same for every kind.
pub fn get(state: &State, kind: Kind, id: &str, query: Option<&str>) -> Result<Value, ApiError> {
    let pairs = query_pairs(query);
    let task = match query_value(&pairs, "external_task_id").filter(|v| !v.is_empty()) {
        Some("true") => state.find_external(kind, id).or_else(|| state.find(kind, id)),
        Some(external) => state.find_external(kind, external),
        None => state.find(kind, id).or_else(|| state.find_external(kind, id)),
    };
    task.map(|t| t.to_json(now_ms(), &state.base_url)).ok_or_else(|| not_found(format!("task {id} not found")))
}

/// A page of tasks, newest first; or, with `external_task_id` (the collection-path form of
/// addendum §4), that one task object.
pub fn list(state: &State, kind: Kind, query: Option<&str>) -> Result<Value, ApiError> {
    let pairs = query_pairs(query);
    let now = now_ms();
    if let Some(external) = query_value(&pairs, "external_task_id") {
        return state.find_external(kind, external).map(|t| t.to_json(now, &state.base_url)).ok_or_else(|| not_found(format!("task {external} not found")));
    }
    let (page, size) = super::paging(&pairs, 500)?;
    let page: Vec<Value> = state.tasks.iter().rev().filter(|t| t.kind == kind).skip((page - 1) * size).take(size).map(|t| t.to_json(now, &state.base_url)).collect();
    Ok(Value::Array(page))
}
