//! The emulator's behaviour through hand-made HTTP requests (reqwest + jsonwebtoken, no client
//! crate), so these tests check the wire and not just what our client happens to send.
//! One test binary with modules: one link on small machines.

mod common;

mod audio_tools;
mod auth_and_gate;
mod elements_and_voices;
// The fault machinery's own tests; the rest also run without it (`--no-default-features`).
#[cfg(feature = "faults")]
mod expired_links;
#[cfg(feature = "faults")]
mod faults;
mod media;
mod picture_tools;
mod process;
mod sandbox_privacy;
mod shipped_graph;
#[cfg(feature = "faults")]
mod storms;
mod task_file;
mod tasks;
mod todays_results;
mod todays_rules;
mod tool_helpers;
mod validation;
mod video_tool_rules;
mod video_tools;
