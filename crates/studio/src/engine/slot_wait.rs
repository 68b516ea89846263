//! What the queue does after Kling answers 1303 (every task slot of the account is taken): the
//! slots of ours running then are what the account leaves us, so the next job of that pool goes
//! when one of ours ends, as the API advises, instead of re-sending on a timer and meeting 1303
//! (then the rate limit) again and again. Slots are counted per resource pack, so videos,
//! pictures and try-ons are apart. With none of ours running (another client holds the slots) there is
//! nothing to wait for and the job's own backoff applies. The lesson lapses after the longest poll
//! interval of the kind: slots that another client held may have freed meanwhile.

use super::Job;
use std::collections::HashMap;

/// The account's slots are counted per resource-pack type (addendum §8).
pub(crate) use kling_api::pricing::Pack as SlotPool;

/// Slots our unfinished jobs hold at Kling, per pool.
pub(crate) fn running<'a>(jobs: impl IntoIterator<Item = &'a Job>) -> HashMap<SlotPool, u32> {
    let mut running = HashMap::new();
    for job in jobs.into_iter().filter(|j| j.state.holds_slot()) {
        *running.entry(SlotPool::of(job.kind)).or_insert(0) += job.slots();
    }
    running
}

/// The pools whose limit a 1303 taught us, in memory: after a restart the queue tries once more.
#[derive(Debug, Default)]
pub(crate) struct SlotWaits {
    limits: HashMap<SlotPool, Limit>,
}

#[derive(Clone, Copy, Debug)]
struct Limit {
    /// Our slots in the pool when Kling refused: the most of ours that fit while others keep theirs.
    slots: u32,
    /// When the lesson lapses (ms).
    until: i64,
}

impl SlotWaits {
    /// Kling refused a create while `running` of our slots in `pool` were taken: until `until`,
    /// no more than that many of ours go out at once. A later refusal replaces the lesson.
    pub(crate) fn hold(&mut self, pool: SlotPool, running: u32, until: i64) {
        self.limits.insert(pool, Limit { slots: running, until });
    }

    /// Whether a job taking `slots` in `pool` may go now, with `running` of ours there: `Err`
    /// holds when it may be tried anyway (the lesson lapses then).
    pub(crate) fn admits(&mut self, pool: SlotPool, running: u32, slots: u32, now: i64) -> Result<(), i64> {
        let Some(limit) = self.limits.get(&pool).copied() else { return Ok(()) };
        if now >= limit.until {
            self.limits.remove(&pool);
            return Ok(());
        }
        // A job larger than the room learned still goes alone, like any job too big for the limit.
        if running + slots <= limit.slots || running == 0 {
            Ok(())
        } else {
            Err(limit.until)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_refusal_one_goes_per_slot_that_frees() {
        let mut waits = SlotWaits::default();
        waits.hold(SlotPool::Video, 3, 10_000);
        assert_eq!(waits.admits(SlotPool::Video, 3, 1, 100), Err(10_000), "still full");
        assert_eq!(waits.admits(SlotPool::Video, 2, 1, 200), Ok(()), "one of ours ended: one may go");
        assert_eq!(waits.admits(SlotPool::Video, 1, 3, 300), Err(10_000), "a job needing three waits for three");
        assert_eq!(waits.admits(SlotPool::Video, 0, 3, 300), Ok(()));
        waits.hold(SlotPool::Image, 2, 10_000);
        assert_eq!(waits.admits(SlotPool::Image, 1, 9, 400), Err(10_000));
        assert_eq!(waits.admits(SlotPool::Image, 0, 9, 400), Ok(()), "nine pictures go alone once ours ended");
    }

    #[test]
    fn a_lesson_lapses_at_its_time_and_pools_are_apart() {
        let mut waits = SlotWaits::default();
        waits.hold(SlotPool::Image, 9, 1_000);
        assert_eq!(waits.admits(SlotPool::Video, 5, 1, 0), Ok(()), "videos are not held by pictures");
        assert_eq!(waits.admits(SlotPool::Image, 9, 1, 999), Err(1_000));
        assert_eq!(waits.admits(SlotPool::Image, 9, 1, 1_000), Ok(()));
        assert_eq!(waits.admits(SlotPool::Image, 9, 1, 1_001), Ok(()), "forgotten");
    }

    #[test]
    fn pools_follow_the_kind() {
        use kling_api::TaskKind;
        assert_eq!(SlotPool::of(TaskKind::Image), SlotPool::Image);
        assert_eq!(SlotPool::of(TaskKind::MultiImageToImage), SlotPool::Image);
        assert_eq!(SlotPool::of(TaskKind::VirtualTryOn), SlotPool::TryOn);
        assert_eq!(SlotPool::of(TaskKind::OmniImage), SlotPool::Image);
        assert_eq!(SlotPool::of(TaskKind::TextToVideo), SlotPool::Video);
        assert_eq!(SlotPool::of(TaskKind::ImageToVideo), SlotPool::Video);
    }
}
