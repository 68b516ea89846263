// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before any thread: the keys leave the environment, so no child process (xdg-open, a file
    // dialog, WebKit's helpers) inherits them.
    studio::session::capture_process_keys();
    kling_studio::run();
}
