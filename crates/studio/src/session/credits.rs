//! The account's credits, asked at most every few seconds: Kling allows about one call a second
//! to the credits endpoint, and the app asks whenever a form or Settings shows them.

use kling_api::{AccountCosts, KlingClient, KlingError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How long an answer is reused.
pub const CREDITS_FRESH_FOR: Duration = Duration::from_secs(5);

/// One session's credits. Clones share the answer; callers that ask at once wait for one call.
#[derive(Clone)]
pub struct CreditsCache {
    client: KlingClient,
    fresh_for: Duration,
    last: Arc<Mutex<Option<(Instant, AccountCosts)>>>,
}

impl CreditsCache {
    pub fn new(client: KlingClient, fresh_for: Duration) -> Self {
        Self { client, fresh_for, last: Arc::new(Mutex::new(None)) }
    }

    /// The last answer while it is fresh, else a new one. Failures are not kept: the next ask tries again.
    pub async fn get(&self) -> Result<AccountCosts, KlingError> {
        let mut last = self.last.lock().await;
        if let Some((at, costs)) = last.as_ref() {
            if at.elapsed() < self.fresh_for {
                return Ok(costs.clone());
            }
        }
        let costs = fetch_credits(&self.client).await?;
        *last = Some((Instant::now(), costs.clone()));
        Ok(costs)
    }
}

/// The resource packs of the account `client` signs for. Both bounds are required; a year back
/// covers every pack that can still be in force.
pub async fn fetch_credits(client: &KlingClient) -> Result<AccountCosts, KlingError> {
    let now = chrono::Utc::now().timestamp_millis();
    client.account_costs(now - 365 * 24 * 3600 * 1000, now, None).await
}
