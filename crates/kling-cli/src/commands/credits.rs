//! `kling credits`: the account's API resource packs.

use super::tasks::local_time;
use super::Session;
use crate::errors::CliError;

pub async fn show(session: &Session) -> Result<(), CliError> {
    // Asked once per run: the same call the app's cache makes, without the cache.
    let costs = studio::session::fetch_credits(&session.client).await?;
    if session.json {
        let packs: Vec<_> = costs
            .packs
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": p.name, "type": p.pack_type, "status": p.status,
                    "total": p.total_quantity, "remaining": p.remaining_quantity,
                    "expires_at": p.invalid_time,
                })
            })
            .collect();
        println!("{}", serde_json::json!({ "remaining": costs.remaining(), "packs": packs }));
        return Ok(());
    }
    if costs.packs.is_empty() {
        println!("no API resource packs on this account (they are bought apart from website credits, in the Kling developer console)");
        return Ok(());
    }
    println!("{:<28} {:<10} {:>10} {:>10}  EXPIRES", "PACK", "STATUS", "REMAINING", "TOTAL");
    for p in &costs.packs {
        println!("{:<28} {:<10} {:>10.2} {:>10.2}  {}", p.name, p.status, p.remaining_quantity, p.total_quantity, local_time(p.invalid_time));
    }
    println!("remaining in packs in force: {:.2} units", costs.remaining());
    Ok(())
}
