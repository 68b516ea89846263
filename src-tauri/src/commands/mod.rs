//! Tauri commands: thin wrappers over the core crates, one file per area of the UI.

pub mod about;
pub mod assets;
pub mod create;
pub mod dialogs;
pub mod gallery;
pub mod lifecycle;
pub mod omni;
pub mod pictures;
pub mod queue;
pub mod settings;
pub mod tools;
