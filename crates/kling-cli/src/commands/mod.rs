//! One file per command; this one opens the session they share and dispatches.

mod assets;
mod credits;
mod generate;
mod jobs;
mod login;
mod models;
mod task;
mod tasks;
mod tools;

use crate::cli::{Cli, Command, KindArg};
use crate::credentials;
use crate::errors::CliError;
use kling_api::{KlingClient, TaskKind, GLOBAL_BASE_URL};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use studio::session::{PlanInputs, SessionEnv, SessionPlan};
use studio::{Engine, Library};

/// Options every command shares.
pub struct Globals {
    pub base_url: Option<String>,
    pub sandbox: bool,
    pub json: bool,
    pub library: Option<PathBuf>,
    pub poll_interval_ms: Option<u64>,
}

/// The core's session (keys, library folder, sandbox: decided as the app decides them) and
/// this run's output choices.
pub struct Session {
    pub client: KlingClient,
    pub json: bool,
    pub poll_interval_ms: Option<u64>,
    core: studio::session::Session,
}

impl Session {
    pub async fn open(globals: &Globals) -> Result<Self, CliError> {
        let base = globals.base_url.clone().unwrap_or_else(|| GLOBAL_BASE_URL.to_string());
        let inputs = PlanInputs::cli(SessionEnv::from_process(), globals.library.clone(), globals.sandbox, base);
        let plan = SessionPlan::resolve(&inputs, &credentials::keychain())?;
        let core = studio::session::Session::open_with(&plan, |config| {
            // Hidden knob for tests that exercise retries without waiting seconds.
            if let Some(ms) = std::env::var("KLING_RETRY_BASE_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
                config.retry.base_delay = Duration::from_millis(ms);
                config.retry.max_delay = Duration::from_millis(ms * 8);
            }
        })
        .await?;
        if core.sandbox().is_some() && !globals.json {
            eprintln!(
                "sandbox: using the built-in Kling emulator at {}; results are placeholders, filed in {}, and no account is used",
                core.api_base(),
                core.library_root().display()
            );
        }
        Ok(Self { client: core.client().clone(), json: globals.json, poll_interval_ms: globals.poll_interval_ms, core })
    }

    /// The library folder (with --sandbox, the sandbox's own beside the chosen one).
    pub fn library_root(&self) -> &Path {
        self.core.library_root()
    }

    /// The task engine over the library; it also picks up jobs an earlier run left unfinished.
    pub fn engine(&self) -> Result<Engine, CliError> {
        let library = Library::open(self.library_root()).map_err(studio::EngineError::from)?;
        let mut config = self.core.engine_config();
        if let Some(ms) = self.poll_interval_ms {
            let first = Duration::from_millis(ms.max(1));
            config.poll = studio::engine::PollPolicy { image_first: first, image_max: first * 10, video_first: first, video_max: first * 10, growth: 1.5 };
            config.retry_base = first;
            config.retry_max = first * 10;
        }
        // Hidden knob for crash tests: how soon a killed run's jobs may be taken over.
        if let Some(ms) = std::env::var("KLING_ENGINE_LEASE_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
            config.lease = Duration::from_millis(ms);
        }
        Ok(self.core.engine(Arc::new(library), config))
    }
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    let Cli { base_url, sandbox, json, library, poll_interval_ms, command } = cli;
    let globals = Globals { base_url, sandbox, json, library, poll_interval_ms };
    match command {
        Command::Image(args) => {
            // Bad input is reported before anything else happens: no keys, network or library needed.
            let job = generate::image_job(&args)?;
            generate::check_out(&args.wait)?;
            generate::run(&Session::open(&globals).await?, job, &args.wait).await
        }
        Command::Video(args) => {
            let job = generate::video_job(&args)?;
            generate::check_out(&args.wait)?;
            generate::run(&Session::open(&globals).await?, job, &args.wait).await
        }
        Command::Animate(args) => {
            let job = generate::animate_job(&args)?;
            generate::check_out(&args.wait)?;
            generate::run(&Session::open(&globals).await?, job, &args.wait).await
        }
        Command::Omni(args) => tools::omni(&globals, &args).await,
        Command::Multi(args) => tools::multi(&globals, &args).await,
        Command::Extend(args) => tools::extend(&globals, &args).await,
        Command::Sound(args) => tools::sound(&globals, &args).await,
        Command::Lipsync(args) => tools::lipsync(&globals, &args).await,
        Command::Effect(args) => tools::effect(&globals, &args).await,
        Command::Motion(args) => tools::motion(&globals, &args).await,
        Command::Audio(args) => tools::audio(&globals, &args).await,
        Command::Expand(args) => tools::expand(&globals, &args).await,
        Command::Compose(args) => tools::compose(&globals, &args).await,
        Command::Tryon(args) => tools::tryon(&globals, &args).await,
        Command::OmniImage(args) => tools::omni_image(&globals, &args).await,
        Command::Elements(args) => assets::elements(&globals, args.action).await,
        Command::Voices(args) => assets::voices(&globals, args.action).await,
        Command::Resume => jobs::resume(&Session::open(&globals).await?).await,
        Command::Sync => jobs::sync(&Session::open(&globals).await?).await,
        Command::Task(args) => task::show(&Session::open(&globals).await?, &args).await,
        Command::Tasks(args) => tasks::list(&Session::open(&globals).await?, &args).await,
        Command::Credits => credits::show(&Session::open(&globals).await?).await,
        // What this build knows: no keys, network or library needed.
        Command::Models => {
            models::show(globals.json);
            Ok(())
        }
        Command::Login(args) => login::login(&globals, &args).await,
        Command::Logout => login::logout(globals.json),
    }
}

impl From<KindArg> for TaskKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Image => TaskKind::Image,
            KindArg::Video => TaskKind::TextToVideo,
            KindArg::Animate => TaskKind::ImageToVideo,
            KindArg::Omni => TaskKind::OmniVideo,
            KindArg::Multi => TaskKind::MultiImageToVideo,
            KindArg::Extend => TaskKind::VideoExtend,
            KindArg::Sound => TaskKind::VideoToAudio,
            KindArg::Lipsync => TaskKind::LipSync,
            KindArg::Effect => TaskKind::Effects,
            KindArg::Motion => TaskKind::MotionControl,
            KindArg::Audio => TaskKind::TextToAudio,
            KindArg::Expand => TaskKind::ImageExpand,
            KindArg::Compose => TaskKind::MultiImageToImage,
            KindArg::Tryon => TaskKind::VirtualTryOn,
            KindArg::OmniImage => TaskKind::OmniImage,
        }
    }
}
