//! Kling Studio's core, shared by the desktop app and the `kling` CLI and free of any GUI:
//! the media library (a folder of files with JSON sidecars, indexed in SQLite for the gallery)
//! and the durable task engine that submits, follows and downloads Kling tasks into it.

pub mod assets;
pub mod atomic;
pub mod engine;
pub mod job_request;
pub mod library;
pub mod session;
pub mod write_probe;

pub use engine::{Engine, EngineConfig, EngineError, EngineEvent, InputPicture, Job, JobState, NewJob, ParentInput, SyncReport};
pub use job_request::{JobRequest, REQUEST_SCHEMA};
pub use library::{
    default_library_root, sandbox_task_file, Child, GalleryQuery, Item, ItemKind, Library, LibraryError, MediaType, Page, Parent, ParentLink, RelocateError,
    RelocateReport, ScanReport, Sidecar, SortOrder, ThumbnailPool,
};
