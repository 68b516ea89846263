//! One file per command; this one opens the session they share and dispatches.

mod credits;
mod generate;
mod jobs;
mod login;
mod task;
mod tasks;

use crate::cli::{Cli, Command, KindArg};
use crate::credentials;
use crate::errors::CliError;
use crate::sandbox::Sandbox;
use kling_api::{ClientConfig, KlingClient, TaskKind, GLOBAL_BASE_URL};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use studio::{Engine, EngineConfig, Library};

/// Options every command shares.
pub struct Globals {
    pub base_url: Option<String>,
    pub sandbox: bool,
    pub json: bool,
    pub library: Option<PathBuf>,
    pub poll_interval_ms: Option<u64>,
}

/// A client ready to talk to Kling (or to the sandbox, which lives as long as this does).
pub struct Session {
    pub client: KlingClient,
    pub json: bool,
    pub poll_interval_ms: Option<u64>,
    library_root: Option<PathBuf>,
    sandbox: bool,
    _sandbox: Option<Sandbox>,
}

impl Session {
    pub async fn open(globals: &Globals) -> Result<Self, CliError> {
        let (credentials, base_url, sandbox) = if globals.sandbox {
            let sandbox = Sandbox::start(&library_root(globals.library.as_ref(), true)?).await?;
            if !globals.json {
                eprintln!("sandbox: using the built-in Kling emulator at {}; results are placeholders and no account is used", sandbox.url());
            }
            (sandbox.credentials(), sandbox.url(), Some(sandbox))
        } else {
            let base = globals.base_url.clone().unwrap_or_else(|| GLOBAL_BASE_URL.to_string());
            (credentials::resolve()?, base, None)
        };
        let mut config = ClientConfig::new(base_url, credentials);
        // Hidden knob for tests that exercise retries without waiting seconds.
        if let Some(ms) = std::env::var("KLING_RETRY_BASE_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
            config.retry.base_delay = Duration::from_millis(ms);
            config.retry.max_delay = Duration::from_millis(ms * 8);
        }
        let client = KlingClient::new(config)?;
        Ok(Self {
            client,
            json: globals.json,
            poll_interval_ms: globals.poll_interval_ms,
            library_root: globals.library.clone(),
            sandbox: globals.sandbox,
            _sandbox: sandbox,
        })
    }

    /// The library folder: the one asked for, else the default (a separate one for the sandbox,
    /// whose placeholder results and short-lived tasks must not mix with real ones).
    pub fn library_root(&self) -> Result<PathBuf, CliError> {
        library_root(self.library_root.as_ref(), self.sandbox)
    }

    /// The task engine over the library; it also picks up jobs an earlier run left unfinished.
    pub fn engine(&self) -> Result<Engine, CliError> {
        let library = Library::open(self.library_root()?).map_err(studio::EngineError::from)?;
        let mut config = EngineConfig::default();
        if self.sandbox {
            // The sandbox's tasks take seconds, not minutes: look often.
            config.poll = studio::engine::PollPolicy::scaled(0.1);
        }
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
        Ok(Engine::new(Arc::new(library), self.client.clone(), config))
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
        Command::Resume => jobs::resume(&Session::open(&globals).await?).await,
        Command::Sync => jobs::sync(&Session::open(&globals).await?).await,
        Command::Task(args) => task::show(&Session::open(&globals).await?, &args).await,
        Command::Tasks(args) => tasks::list(&Session::open(&globals).await?, &args).await,
        Command::Credits => credits::show(&Session::open(&globals).await?).await,
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
        }
    }
}

/// The library folder: `chosen`, else the default (the sandbox's own beside it).
fn library_root(chosen: Option<&PathBuf>, sandbox: bool) -> Result<PathBuf, CliError> {
    if let Some(root) = chosen {
        return Ok(root.clone());
    }
    let default = studio::default_library_root().ok_or_else(|| CliError::Usage("cannot find your Pictures folder; choose a library with --library DIR".into()))?;
    Ok(if sandbox { default.with_file_name("Kling Studio (sandbox)") } else { default })
}
