//! Thumbnail work on a bounded pool: a gallery of a thousand tiles asks for a thousand
//! thumbnails at once, and one blocking task each would decode as many pictures side by side
//! (each up to the pixel limit: hundreds of megabytes). At most one decode per core runs; the
//! other requests wait their turn without holding a thread.

use super::{Library, LibraryError};
use std::sync::Arc;
use tokio::sync::Semaphore;

pub struct ThumbnailPool {
    permits: Semaphore,
}

impl ThumbnailPool {
    /// At most `workers` (at least one) pieces of work at a time.
    pub fn new(workers: usize) -> Self {
        ThumbnailPool { permits: Semaphore::new(workers.max(1)) }
    }

    /// One worker per core.
    pub fn for_this_machine() -> Self {
        Self::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
    }

    /// Runs blocking `work` once a worker is free. None if the work panicked.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let _permit = self.permits.acquire().await.expect("the pool's semaphore is never closed");
        tokio::task::spawn_blocking(work).await.ok()
    }

    /// The thumbnail of item `id` as JPEG bytes, made (or read from the cache) on the pool.
    pub async fn thumbnail(&self, library: Arc<Library>, id: String) -> Option<Result<Vec<u8>, LibraryError>> {
        self.run(move || library.thumbnail(&id).and_then(|p| std::fs::read(&p).map_err(|e| LibraryError::Thumbnail { path: p, detail: e.to_string() }))).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_than_the_pool_size_run_at_once_and_all_finish() {
        let pool = Arc::new(ThumbnailPool::new(2));
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let tiles: Vec<_> = (0..24)
            .map(|i| {
                let (pool, running, most) = (pool.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    pool.run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(10));
                        running.fetch_sub(1, Ordering::SeqCst);
                        i
                    })
                    .await
                })
            })
            .collect();
        let done = tokio::time::timeout(Duration::from_secs(30), futures_util::future::join_all(tiles)).await.expect("the pool drains in time");
        let finished: Vec<usize> = done.into_iter().map(|r| r.unwrap().unwrap()).collect();
        assert_eq!(finished, (0..24).collect::<Vec<_>>(), "every piece of work ran, once");
        assert_eq!(most.load(Ordering::SeqCst), 2, "at most two at a time (and the pool was used to the full)");
    }
}
