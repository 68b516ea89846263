//! `kling credits`: the account's API resource packs, one by one. Packs count in their own units
//! (a video unit is worth about forty image units) and the API says no pack's kind, so remaining
//! figures are never added up (addendum §7.1, §7.4).

use super::Session;
use crate::errors::CliError;
use kling_api::AccountCosts;

/// Kling's own caveat on `remaining_quantity` (addendum §7.4).
pub const DELAY_NOTE: &str = "remaining figures can be up to 12 h behind (Kling counts them with a delay)";
/// Why there is no total.
pub const UNITS_NOTE: &str = "each pack counts in its own units (video, image and try-on units differ), so they are not added up";

pub async fn show(session: &Session) -> Result<(), CliError> {
    // Asked once per run: the same call the app's cache makes, without the cache.
    let costs = studio::session::fetch_credits(&session.client).await?;
    if session.json {
        println!("{}", as_json(&costs));
    } else {
        print!("{}", as_text(&costs));
    }
    Ok(())
}

fn as_json(costs: &AccountCosts) -> serde_json::Value {
    let packs: Vec<_> = costs
        .packs
        .iter()
        .map(|p| {
            serde_json::json!({
                "name": p.name, "id": p.id, "type": p.pack_type, "status": p.status,
                "total": p.total_quantity, "remaining": p.remaining_quantity,
                "expires_at": p.invalid_time, "expires": date(p.invalid_time),
            })
        })
        .collect();
    serde_json::json!({ "packs": packs, "remaining_delay_hours": 12, "note": format!("{DELAY_NOTE}; {UNITS_NOTE}") })
}

fn as_text(costs: &AccountCosts) -> String {
    if costs.packs.is_empty() {
        return "no API resource packs on this account (they are bought apart from website credits, in the Kling developer console)\n".into();
    }
    let width = costs.packs.iter().map(|p| p.name.chars().count()).max().unwrap_or(0).clamp(4, 48);
    let mut text = format!("{:<width$}  {:<10} {:>12} {:>12}  EXPIRES\n", "PACK", "STATUS", "REMAINING", "TOTAL");
    for p in &costs.packs {
        text += &format!("{:<width$}  {:<10} {:>12} {:>12}  {}\n", p.name, p.status, amount(p.remaining_quantity), amount(p.total_quantity), date(p.invalid_time));
    }
    text += &format!("Note: {DELAY_NOTE};\n{UNITS_NOTE}.\n");
    text
}

/// 118.5, 200, 0.25: as Kling gives them, without float noise.
fn amount(units: f64) -> String {
    kling_api::pricing::format_units(units)
}

/// The local date a pack expires on.
fn date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d").to_string()).unwrap_or_else(|| "-".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kling_api::ResourcePack;

    fn pack(name: &str, remaining: f64, total: f64) -> ResourcePack {
        serde_json::from_value(serde_json::json!({
            "resource_pack_name": name, "resource_pack_id": name.to_lowercase(), "resource_pack_type": "decreasing_total",
            "total_quantity": total, "remaining_quantity": remaining, "invalid_time": 1_900_000_000_000i64, "status": "online",
        }))
        .unwrap()
    }

    #[test]
    fn packs_are_listed_one_by_one_and_never_added_up() {
        let costs = AccountCosts { packs: vec![pack("Video Generation - 10,000 entries", 118.5, 200.0), pack("Image Pack", 3000.0, 4000.0)] };
        let text = as_text(&costs);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].starts_with("Video Generation - 10,000 entries") && lines[1].contains("118.5") && lines[1].contains("200"), "{text}");
        assert!(lines[2].starts_with("Image Pack") && lines[2].contains("3000") && lines[2].contains("4000"), "{text}");
        assert!(lines[1].contains(&date(1_900_000_000_000)), "the expiry date: {text}");
        assert!(!text.contains("3118.5"), "a sum across packs: {text}");
        assert!(text.contains("up to 12 h behind"), "{text}");

        let json = as_json(&costs);
        assert!(json.get("remaining").is_none(), "no summed figure: {json}");
        assert_eq!(json["packs"][0]["remaining"], 118.5);
        assert_eq!(json["packs"][1]["name"], "Image Pack");
        assert_eq!(json["remaining_delay_hours"], 12);
        assert!(json["note"].as_str().unwrap().contains("12 h"));
    }

    #[test]
    fn no_packs_says_where_they_come_from() {
        assert!(as_text(&AccountCosts::default()).contains("developer console"));
    }
}
