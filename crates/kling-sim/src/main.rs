//! `kling-sim`: the Kling-compatible emulator as a program, on loopback.

use clap::Parser;
use kling_sim::{Sim, SimConfig, SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

#[derive(Parser)]
#[command(name = "kling-sim", version, about = "A Kling-AI-compatible API emulator on loopback, for tests and trying things without an account")]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Loopback address to listen on: 127.0.0.1 or ::1.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    #[arg(long, env = "KLING_SIM_ACCESS_KEY", default_value = SANDBOX_ACCESS_KEY)]
    access_key: String,
    #[arg(long, env = "KLING_SIM_SECRET_KEY", default_value = SANDBOX_SECRET_KEY, hide_default_value = true)]
    secret_key: String,
    /// Tasks finish in a fraction of a second.
    #[arg(long)]
    fast: bool,
    #[cfg(feature = "faults")]
    #[command(flatten)]
    faults: FaultArgs,
    /// How long result URLs stay valid.
    #[arg(long, default_value_t = 30 * 24 * 3600)]
    url_ttl_secs: u64,
    #[arg(long, default_value_t = 100.0)]
    video_credits: f64,
    #[arg(long, default_value_t = 100.0)]
    image_credits: f64,
    #[arg(long, default_value_t = 100.0)]
    try_on_credits: f64,
    #[arg(long, default_value_t = 5)]
    concurrency_video: u32,
    #[arg(long, default_value_t = 9)]
    concurrency_image: u32,
    #[arg(long, default_value_t = 5)]
    concurrency_try_on: u32,
    /// API requests allowed per second (1302 beyond).
    #[arg(long)]
    rate_limit: Option<u32>,
    /// Prompts containing this are refused (1301).
    #[arg(long, default_value = "forbidden")]
    refused_word: String,
    /// Prompts containing this make tasks that end failed.
    #[arg(long, default_value = "failme")]
    failing_word: String,
    /// Prompts containing this trip a platform policy (1300).
    #[arg(long)]
    policy_word: Option<String>,
}

/// The fault flags, only in a build with the `faults` feature (the default for this crate).
#[cfg(feature = "faults")]
#[derive(clap::Args)]
struct FaultArgs {
    /// Share of API answers replaced by 5000/5001/5002.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Share of requests answered `--slow-ms` late.
    #[arg(long, default_value_t = 0.0)]
    slow_rate: f64,
    #[arg(long, default_value_t = 3000)]
    slow_ms: u64,
    /// Share of successful API answers whose connection breaks (creates still create).
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Share of downloads that stop short.
    #[arg(long, default_value_t = 0.0)]
    truncate_rate: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of API requests that set off a storm of 1302 (or, every other one, 1303 on creates).
    #[arg(long, default_value_t = 0.0)]
    storm_rate: f64,
    #[arg(long, default_value_t = 2000)]
    storm_ms: u64,
    /// Share of tasks whose first result links have lapsed (fresh ones on the next query).
    #[arg(long, default_value_t = 0.0)]
    expired_link_rate: f64,
}

#[cfg(feature = "faults")]
impl FaultArgs {
    fn faults(&self) -> kling_sim::Faults {
        kling_sim::Faults {
            server_error_rate: self.error_rate,
            slow_rate: self.slow_rate,
            slow_ms: self.slow_ms,
            drop_rate: self.drop_rate,
            truncate_rate: self.truncate_rate,
            seed: self.seed,
            storm_rate: self.storm_rate,
            storm_ms: self.storm_ms,
            expired_link_rate: self.expired_link_rate,
        }
    }
}

#[tokio::main]
async fn main() {
    // Logs go to stderr: stdout carries only the one "listening on" line scripts wait for.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("kling_sim=info"));
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(colour).with_env_filter(filter).init();
    let args = Args::parse();
    if !args.host.is_loopback() {
        eprintln!("error: --host {} is not a loopback address; the emulator only listens on this machine (127.0.0.1 or ::1)", args.host);
        std::process::exit(2);
    }
    let mut config = if args.fast { SimConfig::fast(&args.access_key, &args.secret_key) } else { SimConfig::new(&args.access_key, &args.secret_key) };
    #[cfg(feature = "faults")]
    {
        config.faults = args.faults.faults();
    }
    config.url_ttl = Duration::from_secs(args.url_ttl_secs);
    config.credits.video_units = args.video_credits;
    config.credits.image_units = args.image_credits;
    config.concurrency.video = args.concurrency_video;
    config.concurrency.image = args.concurrency_image;
    config.credits.try_on_units = args.try_on_credits;
    config.concurrency.try_on = args.concurrency_try_on;
    config.rate_limit_per_sec = args.rate_limit;
    config.refused_word = Some(args.refused_word).filter(|w| !w.is_empty());
    config.failing_word = Some(args.failing_word).filter(|w| !w.is_empty());
    config.policy_word = args.policy_word.filter(|w| !w.is_empty());
    let sim = match Sim::start_on(SocketAddr::new(args.host, args.port), config).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", args.host, args.port);
            std::process::exit(1);
        }
    };
    println!("kling-sim listening on {}", sim.url());
    let _ = std::io::stdout().flush();
    stopped().await;
    tracing::info!("stopping");
    sim.shutdown().await;
}

/// Ctrl-C, or SIGTERM where there is one.
async fn stopped() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("a SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
