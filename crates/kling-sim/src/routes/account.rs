//! `GET /account/costs`: the account's resource packs, one for videos and one for pictures,
//! with what is left after the tasks created so far.

use super::{query_pairs, query_value};
use crate::envelope::ApiError;
use crate::state::State;
use serde_json::{json, Value};

const DAY_MS: i64 = 24 * 3600 * 1000;

pub fn costs(state: &State, query: Option<&str>) -> Result<Value, ApiError> {
    let pairs = query_pairs(query);
    let time = |key: &str| -> Result<i64, ApiError> {
        let text = query_value(&pairs, key).ok_or_else(|| ApiError::new(1200, format!("{key} is required (Unix milliseconds)")))?;
        text.parse::<i64>().map_err(|_| ApiError::new(1200, format!("{key} must be an integer (Unix milliseconds), got {text}")))
    };
    let (start, end) = (time("start_time")?, time("end_time")?);
    if end < start {
        return Err(ApiError::new(1201, "end_time must not be before start_time"));
    }
    let name_filter = query_value(&pairs, "resource_pack_name").filter(|n| !n.is_empty());
    let bought = state.started_ms - DAY_MS;
    let pack = |name: &str, id: &str, total: f64, remaining: f64| {
        let remaining = remaining.max(0.0);
        json!({
            "resource_pack_name": name,
            "resource_pack_id": id,
            "resource_pack_type": "decreasing_total",
            "total_quantity": total,
            "remaining_quantity": remaining,
            "purchase_time": bought,
            "effective_time": bought,
            "invalid_time": bought + 365 * DAY_MS,
            "status": if remaining <= 1e-9 { "runOut" } else { "online" },
        })
    };
    let packs: Vec<Value> = [
        pack("Video Generation Pack", "sim-video-pack", state.video_total, state.config.credits.video_units),
        pack("Image Generation Pack", "sim-image-pack", state.image_total, state.config.credits.image_units),
        pack("Virtual Try-On Pack", "sim-try-on-pack", state.try_on_total, state.config.credits.try_on_units),
    ]
    .into_iter()
    .filter(|p| name_filter.is_none_or(|n| p["resource_pack_name"] == n))
    .collect();
    Ok(json!({ "code": 0, "msg": "success", "resource_pack_subscribe_infos": packs }))
}
