//! The app's settings: one typed struct, kept with tauri-plugin-store (`settings.json` in the
//! app's data folder). The plugin writes files in place, so saving goes through a temp file and
//! a rename instead: a crash mid-save leaves the previous settings, never half a file.

use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{AppHandle, Wry};
use tauri_plugin_store::{Store, StoreExt};

const FILE: &str = "settings.json";
const KEY: &str = "settings";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    #[default]
    Global,
    China,
    /// `custom_base_url` (an emulator, a proxy).
    Custom,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NotifyMode {
    /// One notification per finished or failed job.
    EachJob,
    /// One notification when the whole queue is done.
    #[default]
    QueueDone,
    Off,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct Settings {
    pub region: Region,
    pub custom_base_url: String,
    /// None: "Kling Studio" in the Pictures folder.
    pub library_folder: Option<String>,
    /// Task slots used at Kling at once (a video takes one, an image task one per picture).
    pub concurrency: u32,
    pub notifications: NotifyMode,
    /// Use the built-in emulator even when keys are set.
    pub sandbox: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            region: Region::Global,
            custom_base_url: String::new(),
            library_folder: None,
            concurrency: studio::EngineConfig::default().concurrency,
            notifications: NotifyMode::QueueDone,
            sandbox: false,
        }
    }
}

impl Settings {
    /// The API host these settings point at, checked.
    pub fn base_url(&self) -> AppResult<String> {
        match self.region {
            Region::Global => Ok(kling_api::GLOBAL_BASE_URL.to_string()),
            Region::China => Ok(kling_api::CHINA_BASE_URL.to_string()),
            Region::Custom => check_base_url(&self.custom_base_url),
        }
    }

    pub fn validate(&self) -> AppResult<()> {
        self.base_url()?;
        let max = studio::engine::MAX_CONCURRENCY;
        if !(1..=max).contains(&self.concurrency) {
            return Err(AppError::invalid(format!("Jobs at once must be between 1 and {max} (got {}).", self.concurrency)));
        }
        if let Some(folder) = &self.library_folder {
            check_library_folder(folder)?;
        }
        Ok(())
    }
}

/// A library folder must be a full path to a folder this user can write in, or one that can be
/// made there. Found out here, before the settings are saved: afterwards the session would not
/// start, and the broken choice would be stored.
fn check_library_folder(folder: &str) -> AppResult<()> {
    let path = Path::new(folder);
    if !path.is_absolute() {
        return Err(AppError::invalid(format!("The library folder must be a full path (got “{folder}”).")));
    }
    // The part of the path that exists already: the folder itself, or where it will be made.
    let Some(existing) = path.ancestors().find(|p| p.exists()) else {
        return Err(AppError::invalid(format!("“{folder}” is on no disk that can be found; choose another folder.")));
    };
    if !existing.is_dir() {
        return Err(AppError::invalid(format!("“{}” is a file, not a folder; choose a folder for the library.", existing.display())));
    }
    studio::write_probe::check_writable(existing).map_err(|e| {
        let reason = e.to_string();
        let reason = reason.split(" (os error").next().unwrap_or_default();
        AppError::new(
            kling_api::ErrorCode::LibraryUnwritable,
            format!("The library folder “{folder}” cannot be written ({reason}); choose another folder or fix its permissions."),
        )
    })
}

/// A custom API host: an http(s) URL; plain http only to this machine (keys travel in headers).
pub fn check_base_url(text: &str) -> AppResult<String> {
    let text = text.trim().trim_end_matches('/');
    if text.is_empty() {
        return Err(AppError::invalid("Enter the custom API host, e.g. https://api-singapore.klingai.com."));
    }
    if text.chars().any(char::is_whitespace) {
        return Err(AppError::invalid(format!("“{text}” has spaces in it; enter the host alone, e.g. https://api-singapore.klingai.com.")));
    }
    let url = url::Url::parse(text).map_err(|e| AppError::invalid(format!("“{text}” is not a URL ({e}).")))?;
    let loopback = kling_api::is_loopback(&url);
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(AppError::invalid(format!("“{text}” uses plain http to another machine, which would send your key signature unencrypted; use https."))),
        other => return Err(AppError::invalid(format!("“{text}” must start with https:// (not {other}://)."))),
    }
    if url.host().is_none() {
        return Err(AppError::invalid(format!("“{text}” has no host name.")));
    }
    // Credentials in the address would be stored in the settings file in plain text and sent to
    // whatever the host is; the keys go in the keychain.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AppError::invalid(format!(
            "“{}” holds a user name or password; remove it (the API keys go in the Keys section).",
            url.host_str().unwrap_or_default()
        )));
    }
    // Request paths are appended to the host: a query or fragment would end up in the middle.
    if url.query().is_some() || url.fragment().is_some() {
        return Err(AppError::invalid(format!("“{text}” has a ?query or #fragment; enter the host alone.")));
    }
    Ok(text.to_string())
}

/// The settings file, read through the store plugin and written atomically.
pub struct SettingsStore {
    store: Arc<Store<Wry>>,
    path: PathBuf,
}

impl SettingsStore {
    pub fn open(app: &AppHandle) -> AppResult<Self> {
        let path = tauri_plugin_store::resolve_store_path(app, FILE)
            .map_err(|e| AppError::new(kling_api::ErrorCode::Io, format!("The settings folder cannot be found ({e}).")))?;
        let store = app
            .store_builder(FILE)
            .disable_auto_save()
            .build()
            .or_else(|e| {
                // An unreadable file is set aside, not fatal: start from defaults.
                tracing::warn!("settings file unreadable ({e}); starting from defaults");
                let _ = std::fs::rename(&path, path.with_extension("json.damaged"));
                app.store_builder(FILE).disable_auto_save().build()
            })
            .map_err(|e| AppError::new(kling_api::ErrorCode::Io, format!("The settings cannot be opened ({e}).")))?;
        // The plugin re-saves every store it tracks when the app exits, with a plain write that a
        // crash can leave half done. Ours is saved only by `save` below (temp file + rename), so
        // it leaves the plugin's table and stays with us as an in-memory store.
        store.close_resource();
        Ok(Self { store, path })
    }

    pub fn load(&self) -> Settings {
        match self.store.get(KEY).map(serde_json::from_value::<Settings>) {
            Some(Ok(settings)) => settings,
            Some(Err(e)) => {
                tracing::warn!("settings unreadable ({e}); using defaults");
                Settings::default()
            }
            None => Settings::default(),
        }
    }

    pub fn save(&self, settings: &Settings) -> AppResult<()> {
        let value = serde_json::to_value(settings).expect("settings always serialise");
        self.store.set(KEY, value);
        let all: serde_json::Map<String, serde_json::Value> = self.store.entries().into_iter().collect();
        let bytes = serde_json::to_vec_pretty(&all).expect("JSON values always serialise");
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| AppError::new(kling_api::ErrorCode::Io, format!("Cannot create {} ({e}).", dir.display())))?;
        }
        studio::atomic::write(&self.path, &bytes)
            .map_err(|e| AppError::new(kling_api::ErrorCode::Io, format!("Cannot save the settings to {} ({e}).", self.path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the settings form can send, through `validate` (what `save_settings` runs before it
    /// stores anything or restarts the session): accepted, or refused with a code and the words
    /// the person reads. A refusal changes nothing, and neither does a check of a folder: no
    /// probe or folder is left behind.
    #[test]
    fn every_bad_setting_is_refused_before_it_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let a_file = d.join("notes.txt");
        std::fs::write(&a_file, "not a folder").unwrap();
        let writable = d.join("library");
        std::fs::create_dir(&writable).unwrap();
        let host = |url: &str| Settings { region: Region::Custom, custom_base_url: url.into(), ..Settings::default() };
        let folder = |path: &Path| Settings { library_folder: Some(path.display().to_string()), ..Settings::default() };
        let invalid = |says: &'static str| Some(("invalid_input", says));
        // What a row tries, the settings, and the refusal expected (code, words), if any.
        type Row<'a> = (&'a str, Settings, Option<(&'a str, &'a str)>);
        let mut rows: Vec<Row> = vec![
            ("the global region", Settings::default(), None),
            ("the China region", Settings { region: Region::China, ..Settings::default() }, None),
            ("an https host, trimmed", host("  https://api.example.com/ "), None),
            ("http to 127.0.0.1 (the emulator)", host("http://127.0.0.1:8787"), None),
            ("http to [::1]", host("http://[::1]:8787"), None),
            ("http to localhost", host("http://localhost:1/"), None),
            ("no host", host(""), invalid("Enter the custom API host")),
            ("bad URL text", host("not a url"), invalid("has spaces in it")),
            ("a host without a scheme", host("api.example.com"), invalid("is not a URL")),
            ("plain http to another machine", host("http://api.example.com"), invalid("uses plain http to another machine")),
            ("plain http to the LAN", host("http://10.0.0.2:8080"), invalid("uses plain http to another machine")),
            ("plain http to a name that starts like localhost", host("http://localhost.example.com"), invalid("uses plain http")),
            ("ftp", host("ftp://files.example.com"), invalid("must start with https:// (not ftp://)")),
            ("a script URL", host("javascript:alert(1)"), invalid("must start with https://")),
            ("https without a host", host("https://"), invalid("is not a URL")),
            ("credentials in the URL", host("https://me:hunter2@api.example.com"), invalid("holds a user name or password")),
            ("a space inside", host("https://api.example .com"), invalid("has spaces in it")),
            ("a query", host("https://api.example.com/?key=1"), invalid("has a ?query or #fragment")),
            ("concurrency 0", Settings { concurrency: 0, ..Settings::default() }, invalid("Jobs at once must be between 1 and 20 (got 0)")),
            ("concurrency at the most", Settings { concurrency: studio::engine::MAX_CONCURRENCY, ..Settings::default() }, None),
            ("concurrency past the most", Settings { concurrency: studio::engine::MAX_CONCURRENCY + 1, ..Settings::default() }, invalid("(got 21)")),
            ("a relative folder", Settings { library_folder: Some("Pictures/Kling".into()), ..Settings::default() }, invalid("must be a full path")),
            ("an empty folder", Settings { library_folder: Some(String::new()), ..Settings::default() }, invalid("must be a full path")),
            ("a writable folder", folder(&writable), None),
            ("a folder still to be made", folder(&writable.join("new").join("deeper")), None),
            ("a folder that is a file", folder(&a_file), invalid("notes.txt” is a file, not a folder")),
            ("a folder inside a file", folder(&a_file.join("library")), invalid("notes.txt” is a file, not a folder")),
        ];
        if cfg!(target_os = "linux") {
            // Nobody, root included, can write in /proc.
            rows.push(("a folder on a read-only system", folder(Path::new("/proc/kling-studio-test")), Some(("library_unwritable", "cannot be written"))));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let locked = d.join("locked");
            std::fs::create_dir(&locked).unwrap();
            std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
            if std::fs::write(locked.join("probe"), b"").is_ok() {
                let _ = std::fs::remove_file(locked.join("probe"));
                eprintln!("skipped the read-only-folder row: this process can write in a chmod 555 folder (running as root?)");
            } else {
                rows.push(("a read-only folder", folder(&locked), Some(("library_unwritable", "locked” cannot be written (Permission denied)"))));
                rows.push(("a folder to be made in a read-only one", folder(&locked.join("sub")), Some(("library_unwritable", "cannot be written"))));
            }
        }
        let listing = || {
            let mut all: Vec<_> = walk(d);
            all.sort();
            all
        };
        let before = listing();
        let mut failures = Vec::new();
        for (what, settings, expected) in &rows {
            match (settings.validate(), expected) {
                (Ok(()), None) => {}
                (Ok(()), Some((code, says))) => failures.push(format!("{what}: accepted, should be {code} saying {says:?}")),
                (Err(e), None) => failures.push(format!("{what}: refused, should be accepted: {e:?}")),
                (Err(e), Some((code, says))) => {
                    if e.code.as_str() != *code || !e.message.contains(says) {
                        failures.push(format!("{what}: {e:?}, should be {code} saying {says:?}"));
                    }
                    if e.message.contains("hunter2") || e.message.contains('\n') || e.message.contains("os error") {
                        failures.push(format!("{what}: the message shows a password, raw OS words or breaks lines: {}", e.message));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
        assert_eq!(listing(), before, "checking settings made or left files");
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(walk(&path));
            }
            found.push(path);
        }
        found
    }

    #[test]
    fn old_or_partial_settings_fill_in_defaults() {
        let s: Settings = serde_json::from_value(serde_json::json!({ "concurrency": 2 })).unwrap();
        assert_eq!(s.concurrency, 2);
        assert_eq!(s.region, Region::Global);
        assert!(Settings { concurrency: 0, ..Settings::default() }.validate().is_err());
        assert!(Settings { library_folder: Some("relative/dir".into()), ..Settings::default() }.validate().is_err());
        assert!(Settings { region: Region::Custom, custom_base_url: "http://10.0.0.2".into(), ..Settings::default() }.validate().is_err());
        assert!(Settings::default().validate().is_ok());
    }
}
