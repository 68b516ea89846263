use crate::task::Pack;
use std::time::Duration;

/// How long tasks spend in each state. Pro mode and 10 s videos each take 1.5× as long (both
/// phases; a pro 10 s clip 2.25×). Changes apply to tasks created afterwards.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    pub image_submitted: Duration,
    pub image_processing: Duration,
    pub video_submitted: Duration,
    pub video_processing: Duration,
}

/// Task slots per resource-pack type: a video or try-on task takes one, an image task takes `n`
/// (addendum §8).
#[derive(Clone, Debug, PartialEq)]
pub struct Concurrency {
    pub video: u32,
    pub image: u32,
    pub try_on: u32,
}

impl Concurrency {
    pub fn of(&self, pack: Pack) -> u32 {
        match pack {
            Pack::Video => self.video,
            Pack::Image => self.image,
            Pack::TryOn => self.try_on,
        }
    }
}

/// Units left in the account's video, image and try-on packs.
#[derive(Clone, Debug, PartialEq)]
pub struct Credits {
    pub video_units: f64,
    pub image_units: f64,
    pub try_on_units: f64,
}

impl Credits {
    pub fn of(&self, pack: Pack) -> f64 {
        match pack {
            Pack::Video => self.video_units,
            Pack::Image => self.image_units,
            Pack::TryOn => self.try_on_units,
        }
    }

    pub fn of_mut(&mut self, pack: Pack) -> &mut f64 {
        match pack {
            Pack::Video => &mut self.video_units,
            Pack::Image => &mut self.image_units,
            Pack::TryOn => &mut self.try_on_units,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountState {
    Normal,
    /// 1100
    Exception,
    /// 1101
    Arrears,
    /// 1304
    IpDenied,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimConfig {
    pub access_key: String,
    pub secret_key: String,
    pub timing: Timing,
    pub concurrency: Concurrency,
    /// API requests allowed in any rolling second, all API routes together (1302 beyond).
    pub rate_limit_per_sec: Option<u32>,
    pub credits: Credits,
    /// A prompt containing it is refused at submission (1301).
    pub refused_word: Option<String>,
    /// A prompt containing it trips a platform policy (1300).
    pub policy_word: Option<String>,
    /// A prompt (or a picture link) containing it is accepted, but its task ends failed.
    pub failing_word: Option<String>,
    pub account: AccountState,
    /// Models this account may not use (1103).
    pub denied_models: Vec<String>,
    /// How long result URLs stay valid after the task finishes (403 afterwards).
    pub url_ttl: Duration,
    /// How long an identify-face session can be named by advanced lip sync.
    pub face_session_ttl: Duration,
    /// Clock slack allowed on `nbf`.
    pub nbf_leeway_secs: u64,
    #[cfg(feature = "faults")]
    pub faults: crate::faults::Faults,
    /// Answers a client must refuse (see `Hostile`); None for an honest server.
    #[cfg(feature = "faults")]
    pub hostile: Option<crate::hostile::Hostile>,
    /// Keeps a log of every request and serves the `/__sim/` control routes, for tests. Off in the
    /// sandbox: there any local process could read prompts and pictures from the log, or drive
    /// the emulator, and a long session would grow the log without end.
    pub test_hooks: bool,
    /// Where the tasks are kept between runs (see `task_file`); None keeps them in memory only.
    pub task_file: Option<std::path::PathBuf>,
}

impl SimConfig {
    /// Realistic pacing: pictures in seconds, videos in most of a minute.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            timing: Timing {
                image_submitted: Duration::from_secs(2),
                image_processing: Duration::from_secs(6),
                video_submitted: Duration::from_secs(5),
                video_processing: Duration::from_secs(40),
            },
            concurrency: Concurrency { video: 5, image: 9, try_on: 5 },
            rate_limit_per_sec: None,
            credits: Credits { video_units: 100.0, image_units: 100.0, try_on_units: 100.0 },
            refused_word: None,
            policy_word: None,
            failing_word: None,
            account: AccountState::Normal,
            denied_models: Vec::new(),
            url_ttl: Duration::from_secs(30 * 24 * 3600),
            // The docs give no figure; a day is the emulator's own choice.
            face_session_ttl: Duration::from_secs(24 * 3600),
            nbf_leeway_secs: 5,
            #[cfg(feature = "faults")]
            faults: Default::default(),
            #[cfg(feature = "faults")]
            hostile: None,
            test_hooks: true,
            task_file: None,
        }
    }

    /// The built-in sandbox of the app and the CLI: sandbox keys, quick enough to try things, slow
    /// enough that waiting and progress are visible; "forbidden" in a prompt is refused (1301) and
    /// "failme" makes the task fail, so every outcome can be tried.
    pub fn sandbox() -> Self {
        let mut config = Self::new(crate::SANDBOX_ACCESS_KEY, crate::SANDBOX_SECRET_KEY);
        config.timing = Timing {
            image_submitted: Duration::from_millis(500),
            image_processing: Duration::from_secs(2),
            video_submitted: Duration::from_secs(1),
            video_processing: Duration::from_secs(5),
        };
        config.refused_word = Some("forbidden".into());
        config.failing_word = Some("failme".into());
        config.test_hooks = false;
        // Enough for an afternoon at today's prices (a kling-v3 picture costs 8 image units, a
        // 5 s clip with sound 6 video units); image units are worth about 1/40 of a video unit.
        config.credits = Credits { video_units: 1_000.0, image_units: 40_000.0, try_on_units: 1_000.0 };
        config
    }

    /// The sandbox, keeping its tasks in `task_file`: a task made before the app or `kling` was
    /// closed is still there when it starts again, and the two share their tasks.
    pub fn sandbox_keeping_tasks_in(task_file: std::path::PathBuf) -> Self {
        Self { task_file: Some(task_file), ..Self::sandbox() }
    }

    /// The same, on a fast clock for tests.
    pub fn fast(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        let mut config = Self::new(access_key, secret_key);
        config.timing = Timing {
            image_submitted: Duration::from_millis(30),
            image_processing: Duration::from_millis(120),
            video_submitted: Duration::from_millis(30),
            video_processing: Duration::from_millis(120),
        };
        config
    }
}
