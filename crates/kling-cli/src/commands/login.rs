//! `kling login` / `kling logout`: the keys in the OS keychain, the same entry the app uses.

use super::Globals;
use crate::credentials::keychain;
use crate::errors::CliError;
use keychain::{KeyStore, StoredKeys};
use kling_api::{ClientConfig, KlingClient, GLOBAL_BASE_URL};
use std::io::{BufRead, IsTerminal, Write};

pub async fn login(globals: &Globals, args: &crate::cli::LoginArgs) -> Result<(), CliError> {
    let access_key = match &args.access_key {
        Some(ak) => ak.clone(),
        None => ask_line("Access key: ")?,
    };
    // The secret key is never echoed and never accepted as a flag (it would land in shell history).
    let secret_key = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Secret key (not shown): ").map_err(|source| CliError::Io {
            what: "cannot read the secret key from",
            path: "the terminal".into(),
            source,
        })?
    } else {
        ask_line("")?
    };
    let keys = StoredKeys::new(access_key, secret_key);
    if keys.access_key.is_empty() {
        return Err(CliError::Usage("the access key is empty; nothing was saved".into()));
    }
    if secrecy::ExposeSecret::expose_secret(&keys.secret_key).is_empty() {
        return Err(CliError::Usage("the secret key is empty; nothing was saved".into()));
    }

    if !args.no_verify {
        verify(globals, &keys).await.inspect_err(|_| {
            eprintln!("the keys were not saved (use --no-verify to store them without checking)");
        })?;
    }
    keychain().save(&keys)?;
    if globals.json {
        println!("{}", serde_json::json!({ "saved": true, "access_key": keys.access_key_hint() }));
    } else {
        eprintln!("saved the keys for {} in the OS keychain", keys.access_key_hint());
    }
    Ok(())
}

pub fn logout(json: bool) -> Result<(), CliError> {
    keychain().delete()?;
    if json {
        println!("{}", serde_json::json!({ "removed": true }));
    } else {
        eprintln!("removed the stored Kling keys from the OS keychain");
    }
    Ok(())
}

/// One free call (the credits endpoint) proves the keys before they are stored. Always at the
/// real API (or --base-url), even with --sandbox or KLING_SANDBOX set: the emulator knows only
/// its own keys and would refuse every real one.
async fn verify(globals: &Globals, keys: &StoredKeys) -> Result<(), CliError> {
    let base = globals.base_url.clone().unwrap_or_else(|| GLOBAL_BASE_URL.to_string());
    let client = KlingClient::new(ClientConfig::new(base, studio::session::credentials_of(keys)))?;
    let now = chrono::Utc::now().timestamp_millis();
    client.account_costs(now - 24 * 3600 * 1000, now, None).await?;
    Ok(())
}

fn ask_line(prompt: &str) -> Result<String, CliError> {
    if !prompt.is_empty() && std::io::stdin().is_terminal() {
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|source| CliError::Io { what: "cannot read from", path: "standard input".into(), source })?;
    Ok(line.trim().to_string())
}
