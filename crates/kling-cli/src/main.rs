//! `kling`: the Kling Studio command-line tool.

mod cli;
mod commands;
mod credentials;
mod errors;
mod output;
mod progress;
mod words;

use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    // Before any thread: the keys leave the environment, so no child process inherits them.
    studio::session::capture_process_keys();
    let cli = match cli::parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        // --help, --version and a bare `kling` (the help text) print as clap does.
        Err(e) if !e.use_stderr() || e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => e.exit(),
        Err(e) => {
            // A flag clap refused is bad input like any other: one line, and the JSON object with --json.
            let json = std::env::args_os().skip(1).take_while(|a| a != "--").any(|a| a == "--json");
            let error = errors::CliError::Usage(errors::one_line_usage(&e.render().to_string()));
            output::print_error(&error, json);
            return ExitCode::from(error.exit_code());
        }
    };
    let json = cli.json;
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            output::print_error(&error, json);
            ExitCode::from(error.exit_code())
        }
    }
}

/// `kling tasks | head -1`: when the reader goes away, end quietly as other Unix tools do,
/// instead of Rust's default (SIGPIPE ignored, so the next print panics with "Broken pipe").
/// Sockets are unaffected: Rust writes to them with MSG_NOSIGNAL. Whatever a command had saved
/// (a queued job) stays saved, as after Ctrl-C.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread starts; restores the default action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
