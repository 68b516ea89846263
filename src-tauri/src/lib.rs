//! Kling Studio's desktop shell: Tauri wiring over the GUI-free core crates. Commands are thin;
//! the library, the engine, the API client and the keychain live in `crates/`.

pub mod bindings;
pub mod commands;
pub mod error;
pub mod events;
pub mod keys;
pub mod media_server;
pub mod session;
pub mod settings;
pub mod state;
pub mod thumbnails;
pub mod window_memory;

use state::AppState;
use std::sync::Arc;
use tauri::Manager;
use tauri_specta::Event;

pub fn run() {
    commands::lifecycle::mark_launch();
    let builder = bindings::builder();
    let invoke = builder.invoke_handler();
    tauri::Builder::default()
        // A second launch focuses the window that is already open.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .targets([
                    tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::LogDir { file_name: Some("kling-studio".into()) }),
                    tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::Stderr),
                ])
                .level(log::LevelFilter::Info)
                // Library chatter (D-Bus handshakes, span noise) stays out of the log.
                .level_for("zbus", log::LevelFilter::Warn)
                .level_for("tracing", log::LevelFilter::Warn)
                .level_for("tao", log::LevelFilter::Warn)
                .build(),
        )
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_opener::init())
        .register_asynchronous_uri_scheme_protocol(thumbnails::SCHEME, thumbnails::handle)
        .invoke_handler(invoke)
        .setup(move |app| {
            use commands::lifecycle::since_launch;
            tracing::info!("start-up: window set up at {} ms", since_launch());
            builder.mount_events(app);
            let media = tauri::async_runtime::block_on(media_server::MediaServer::start())?;
            let state = Arc::new(AppState::new(app.handle(), media)?);
            app.manage(state);
            if let Some(window) = app.get_webview_window("main") {
                window_memory::remember(app.handle(), &window);
            }
            tracing::info!("start-up: settings and media server ready at {} ms", since_launch());
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                match state::restart_session(&handle).await {
                    Ok(_) => tracing::info!("start-up: session ready at {} ms", since_launch()),
                    Err(e) => {
                        tracing::error!("could not start: {}", e.message);
                        let _ = events::StartupFailed(e).emit(&handle);
                    }
                }
            });
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("Kling Studio could not start its window")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                state::hand_over_at_exit(app);
            }
        });
}
