//! What a person sees while waiting: a spinner on a terminal, a line per status change otherwise,
//! nothing in --json mode (stdout then holds only the JSON object).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

pub struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    last: String,
}

impl Progress {
    pub fn new(json: bool) -> Self {
        if json {
            return Self { bar: None, plain: false, last: String::new() };
        }
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner:.cyan} {msg} {elapsed:.dim}").expect("static template"));
            bar.enable_steady_tick(Duration::from_millis(120));
            Self { bar: Some(bar), plain: false, last: String::new() }
        } else {
            Self { bar: None, plain: true, last: String::new() }
        }
    }

    /// Shows a new state; repeats of the same line are dropped in plain mode.
    pub fn set(&mut self, message: impl Into<String>) {
        let message = message.into();
        if let Some(bar) = &self.bar {
            bar.set_message(message.clone());
        } else if self.plain && message != self.last {
            eprintln!("{message}");
        }
        self.last = message;
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
