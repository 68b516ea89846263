//! Stand-ins for the desktop's D-Bus services: a notification server that records what it is
//! asked to show, and a private session bus with no Secret Service (a desktop without a keyring).

use std::collections::HashMap;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

/// One notification as the desktop received it.
#[derive(Clone, Debug)]
pub struct Shown {
    pub app_name: String,
    pub summary: String,
    pub body: String,
}

struct Server {
    shown: Arc<Mutex<Vec<Shown>>>,
}

/// The freedesktop notification protocol, as much of it as a client calls.
#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut shown = self.shown.lock().unwrap();
        shown.push(Shown { app_name, summary, body });
        shown.len() as u32
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("kling-e2e".into(), "kling-studio".into(), "1".into(), "1.2".into())
    }

    fn close_notification(&self, _id: u32) {}
}

/// A notification server on the test's session bus (the one the app uses), until dropped.
pub struct Notifications {
    shown: Arc<Mutex<Vec<Shown>>>,
    _connection: zbus::Connection,
}

impl Notifications {
    pub async fn serve() -> Self {
        let shown = Arc::new(Mutex::new(Vec::new()));
        let connection = zbus::connection::Builder::session()
            .and_then(|b| b.name("org.freedesktop.Notifications"))
            .and_then(|b| b.serve_at("/org/freedesktop/Notifications", Server { shown: shown.clone() }))
            .expect("a notification server on the session bus")
            .build()
            .await
            .expect("the session bus takes the notification server (scripts/test.sh runs tests in one)");
        Self { shown, _connection: connection }
    }

    pub fn shown(&self) -> Vec<Shown> {
        self.shown.lock().unwrap().clone()
    }
}

/// A session bus of its own that offers no services at all: no Secret Service, so the keychain
/// is unavailable, as on a desktop without gnome-keyring or KWallet.
pub struct BareBus {
    pub address: String,
    daemon: Child,
    _dir: tempfile::TempDir,
}

impl BareBus {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        // The stock session config would auto-start gnome-keyring; this one lists no services.
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>"#,
                dir.path().display()
            ),
        )
        .unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts");
        let mut line = String::new();
        std::io::BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut line).expect("dbus-daemon prints its address");
        assert!(line.starts_with("unix:"), "dbus-daemon address: {line:?}");
        Self { address: line.trim().to_string(), daemon, _dir: dir }
    }
}

impl Drop for BareBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
