//! The app's settings: one typed struct, kept with tauri-plugin-store (`settings.json` in the
//! app's config folder). The plugin writes files in place, so saving goes through a temp file and
//! a rename instead: a crash mid-save leaves the previous settings, never half a file.

use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
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
            concurrency: 4,
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
        if !(1..=20).contains(&self.concurrency) {
            return Err(AppError::invalid(format!("Concurrency must be between 1 and 20 (got {}).", self.concurrency)));
        }
        if let Some(folder) = &self.library_folder {
            if !PathBuf::from(folder).is_absolute() {
                return Err(AppError::invalid(format!("The library folder must be a full path (got “{folder}”).")));
            }
        }
        Ok(())
    }
}

/// A custom API host: an http(s) URL; plain http only to this machine (keys travel in headers).
pub fn check_base_url(text: &str) -> AppResult<String> {
    let text = text.trim().trim_end_matches('/');
    if text.is_empty() {
        return Err(AppError::invalid("Enter the custom API host, e.g. https://api-singapore.klingai.com."));
    }
    let url = url::Url::parse(text).map_err(|e| AppError::invalid(format!("“{text}” is not a URL ({e}).")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(AppError::invalid(format!(
                "“{text}” uses plain http to another machine, which would send your key signature unencrypted; use https."
            )))
        }
        other => return Err(AppError::invalid(format!("“{text}” must start with https:// (not {other}://)."))),
    }
    if url.host().is_none() {
        return Err(AppError::invalid(format!("“{text}” has no host name.")));
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
            .map_err(|e| AppError::new("io", format!("The settings folder cannot be found ({e}).")))?;
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
            .map_err(|e| AppError::new("io", format!("The settings cannot be opened ({e}).")))?;
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
            std::fs::create_dir_all(dir).map_err(|e| AppError::new("io", format!("Cannot create {} ({e}).", dir.display())))?;
        }
        studio::atomic::write(&self.path, &bytes)
            .map_err(|e| AppError::new("io", format!("Cannot save the settings to {} ({e}).", self.path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_hosts_must_be_https_unless_local() {
        assert_eq!(check_base_url("https://api.example.com/").unwrap(), "https://api.example.com");
        assert_eq!(check_base_url(" http://127.0.0.1:8787 ").unwrap(), "http://127.0.0.1:8787");
        assert!(check_base_url("http://localhost:1/").is_ok());
        for bad in ["", "api.example.com", "http://api.example.com", "ftp://x.y", "https://", "javascript:alert(1)"] {
            let e = check_base_url(bad).unwrap_err();
            assert_eq!(e.code, "invalid_input", "{bad}");
        }
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
