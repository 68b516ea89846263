//! Drives the real app through WebDriver: tauri-driver in front of WebKitWebDriver, on a virtual
//! X display, against the Kling emulator on loopback, with keys in the session's real Secret
//! Service (scripts/test.sh provides one: gnome-keyring in a throwaway D-Bus session).

use fantoccini::{Client, ClientBuilder, Locator};
use kling_sim::{Sim, SimConfig};
use std::fmt::Display;
use std::future::Future;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const AK: &str = "e2e-access-key-0001";
pub const SK: &str = "e2e-secret-key-which-must-never-leak";

/// How long one WebDriver call may take. WebKitWebDriver has been seen never to answer (a
/// `set_window_rect` under Xvfb); a call past this bound fails its step instead of the run hanging.
const CALL_BOUND: Duration = Duration::from_secs(45);

/// Runs a helper program (xdotool, pgrep, import…) for at most `secs`; one that does not finish
/// is killed and the step fails naming it.
pub fn run_bounded(cmd: &mut Command, secs: u64) -> Output {
    let what = format!("{:?}", cmd.get_program());
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap_or_else(|e| panic!("{what} starts: {e}"));
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return child.wait_with_output().unwrap_or_else(|e| panic!("{what}: {e}")),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} did not finish within {secs} s");
            }
        }
    }
}

/// Finds a tool on PATH or in ~/.cargo/bin, or fails saying how to get it.
fn tool(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} is missing: run `bash scripts/install-deps.sh --test` (the README's test command does)"))
}

/// One virtual X display for the whole test binary (the caller's, if it has one).
pub fn display() -> &'static str {
    static DISPLAY: OnceLock<String> = OnceLock::new();
    DISPLAY.get_or_init(|| {
        if let Ok(d) = std::env::var("KLING_E2E_DISPLAY") {
            return d;
        }
        for n in 90..140 {
            if Path::new(&format!("/tmp/.X{n}-lock")).exists() {
                continue;
            }
            // A small shell keeps the server only as long as this test binary: it waits for the
            // binary's process to end (checking every second), then stops the server. A bare
            // Xvfb outlived every run.
            let watch = format!(
                "{xvfb} :{n} -screen 0 1280x820x24 -nolisten tcp >/dev/null 2>&1 & x=$!; trap 'kill $x 2>/dev/null' EXIT INT TERM; while kill -0 {owner} 2>/dev/null && kill -0 $x 2>/dev/null; do sleep 1; done",
                xvfb = tool("Xvfb").display(),
                owner = std::process::id()
            );
            let mut child = Command::new("sh").args(["-c", &watch]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("Xvfb starts");
            std::thread::sleep(Duration::from_millis(500));
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                // The watcher ends the server when this binary exits.
                std::mem::forget(child);
                return format!(":{n}");
            }
            // This display did not come up (taken meanwhile?): stop that server (TERM: the watcher
            // stops its Xvfb first) and try the next.
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
        panic!("no free X display for Xvfb");
    })
}

/// When the test binary started, for the step log.
fn started() -> std::time::Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Everything that outlives one run of the app: the emulator, the app's folders, its keychain
/// entry. Relaunching the app on the same World is a restart.
pub struct World {
    pub sim: Sim,
    pub dir: tempfile::TempDir,
    pub service: String,
    pub tag: String,
    /// Pins the library with KLING_LIBRARY (the default); off, the app uses its own default
    /// under the throwaway home, and the library can be moved from Settings.
    pub library_env: bool,
    /// A D-Bus session for the app other than the test's own (e.g. one with no Secret Service).
    pub dbus_address: Option<String>,
    /// Where the app plays sound (`World::with_sound`); none: the app has no audio output.
    pub sound: Option<crate::sound_server::SoundServer>,
    /// The keys given to the app in KLING_ACCESS_KEY / KLING_SECRET_KEY (off: both removed).
    pub env_keys: bool,
    /// A folder put first on the app's PATH (`World::with_fake_opener`).
    pub path_first: Option<PathBuf>,
}

impl World {
    pub async fn new() -> Self {
        let mut config = SimConfig::fast(AK, SK);
        config.timing.image_processing = Duration::from_millis(800);
        config.timing.video_processing = Duration::from_millis(1500);
        config.refused_word = Some("forbidden".into());
        let sim = Sim::start(config).await.expect("the emulator starts");
        let tag = format!("e2e{:08x}", fastrand::u32(..));
        let dir = tempfile::Builder::new().prefix("kling-e2e-").tempdir().unwrap();
        for sub in ["home", "config", "data", "cache", "library", "pictures"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Self { sim, service: format!("kling-studio-{tag}"), tag, dir, library_env: true, dbus_address: None, sound: None, env_keys: false, path_first: None }
    }

    /// Gives the app a sound server to play to (a null sink).
    pub fn with_sound(mut self) -> Self {
        self.sound = Some(crate::sound_server::SoundServer::start(self.dir.path()));
        self
    }

    /// An `xdg-open` first on the app's PATH that writes its environment to the returned file, as
    /// the file manager the app starts would see it.
    pub fn with_fake_opener(&mut self) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let bin = self.dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let dump = self.dir.path().join("opener-environment.txt");
        let script = bin.join("xdg-open");
        std::fs::write(&script, format!("#!/bin/sh\nenv > '{}.tmp' && mv '{0}.tmp' '{0}'\n", dump.display())).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        self.path_first = Some(bin);
        dump
    }

    /// Points the app at the emulator through its settings file only (no keychain entry).
    pub fn point_at_sim(&self) {
        std::fs::create_dir_all(self.store_dir()).unwrap();
        let settings = serde_json::json!({ "settings": { "region": "custom", "custom_base_url": self.sim.url() } });
        std::fs::write(self.store_dir().join("settings.json"), settings.to_string()).unwrap();
    }

    pub fn library(&self) -> PathBuf {
        self.dir.path().join("library")
    }

    /// Where the app keeps settings.json (tauri-plugin-store resolves it in the app data folder).
    pub fn store_dir(&self) -> PathBuf {
        self.dir.path().join("data").join("studio.kling.desktop")
    }

    pub fn keychain(&self) -> keychain::OsKeychain {
        keychain::OsKeychain::with_service(self.service.clone())
    }

    /// Stores the keys and points the app at the emulator without going through the UI.
    pub fn preconfigure(&self) {
        use keychain::KeyStore;
        self.keychain().save(&keychain::StoredKeys::new(AK, SK)).expect("the test keyring accepts the keys");
        self.point_at_sim();
    }

    /// The app's environment: its own home and folders, the emulator's keychain entry, no keys
    /// from the caller's environment.
    fn app_env(&self, cmd: &mut Command) {
        let root = self.dir.path();
        cmd.env("DISPLAY", display())
            .env("HOME", root.join("home"))
            .env("XDG_CONFIG_HOME", root.join("config"))
            .env("XDG_DATA_HOME", root.join("data"))
            .env("XDG_CACHE_HOME", root.join("cache"))
            .env("KLING_KEYCHAIN_SERVICE", &self.service)
            .env_remove("KLING_ACCESS_KEY")
            .env_remove("KLING_SECRET_KEY")
            .env_remove("KLING_LIBRARY")
            // No GPU on a virtual display; keep WebKit on its software path.
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
        if self.library_env {
            cmd.env("KLING_LIBRARY", self.library());
        }
        if let Some(address) = &self.dbus_address {
            cmd.env("DBUS_SESSION_BUS_ADDRESS", address);
        }
        if let Some(sound) = &self.sound {
            cmd.env("PULSE_SERVER", sound.address());
        }
        if self.env_keys {
            cmd.env("KLING_ACCESS_KEY", AK).env("KLING_SECRET_KEY", SK);
        }
        if let Some(first) = &self.path_first {
            let path = std::env::var_os("PATH").unwrap_or_default();
            cmd.env("PATH", std::env::join_paths(std::iter::once(first.clone()).chain(std::env::split_paths(&path))).unwrap());
        }
    }

    /// Starts the app a second time while it runs, as a person double-clicking it again would;
    /// returns how that second process ended (it should hand over to the first and quit).
    pub async fn launch_again(&self) -> std::process::ExitStatus {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kling-studio"));
        self.app_env(&mut cmd);
        let mut second = cmd.arg(format!("--e2e-tag={}-second", self.tag)).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("a second app starts");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = second.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = second.kill();
                panic!("the second launch was still running after 30 s: two windows");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Starts the app under tauri-driver and opens a WebDriver session on it. A session that
    /// breaks while opening (WebKitWebDriver losing the app as it starts, seen on a loaded
    /// machine) is tried once more with a fresh driver; a second failure fails the test.
    pub async fn launch(&self) -> App {
        for attempt in 1..=2 {
            match self.try_launch().await {
                Ok(app) => return app,
                Err(e) if attempt == 1 => eprintln!("e2e: the first WebDriver session broke while opening ({e}); trying again"),
                Err(e) => panic!("a WebDriver session on the app: {e}"),
            }
        }
        unreachable!()
    }

    async fn try_launch(&self) -> Result<App, String> {
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new(tool("tauri-driver"));
        cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()]);
        self.app_env(&mut cmd);
        // Its own process group: WebKitWebDriver and the app it starts are in it too, so one
        // signal ends all three (killing tauri-driver alone left WebKitWebDriver behind).
        let driver = cmd.stdout(Stdio::null()).stderr(Stdio::inherit()).process_group(0).spawn().expect("tauri-driver starts");
        let driver = Driver(driver);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": env!("CARGO_BIN_EXE_kling-studio"), "args": [format!("--e2e-tag={}", self.tag)] }));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{port}");
        let connected = tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)).await;
        let client = match connected {
            Ok(Ok(client)) => client,
            failed => {
                let why = match failed {
                    Ok(Err(e)) => e.to_string(),
                    _ => "no answer within a minute".to_string(),
                };
                drop(driver);
                wait_gone(&self.tag).await;
                return Err(why);
            }
        };
        let app = App { client, driver, tag: self.tag.clone(), call_bound: CALL_BOUND };
        app.wait_for("[data-testid=nav-create]", 30).await;
        Ok(app)
    }
}

/// tauri-driver and its process group (WebKitWebDriver, the app): ended together when dropped.
struct Driver(Child);

impl Driver {
    fn kill(&mut self) {
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.0.id())]).stderr(Stdio::null()).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The app under WebDriver. The client is private: every WebDriver call goes through `call`,
/// which bounds it.
pub struct App {
    client: Client,
    driver: Driver,
    tag: String,
    /// The bound on one WebDriver call (`CALL_BOUND`; the harness's own test shortens it).
    pub call_bound: Duration,
}

pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

impl App {
    /// Waits up to `secs` for an element to exist and returns it.
    pub async fn wait_for(&self, css: &str, secs: u64) -> fantoccini::elements::Element {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Ok(el) = self.call_or_err(&format!("find {css}"), self.client.find(Locator::Css(css))).await {
                return el;
            }
            if Instant::now() > deadline {
                let shot = self.screenshot("timeout").await;
                panic!("no element {css} after {secs} s (screenshot: {})", shot.display());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Waits until `check` holds for the page, polling a JS expression.
    pub async fn wait_until(&self, what: &str, js: &str, secs: u64) -> serde_json::Value {
        eprintln!("e2e {:?}: wait until {what}", started().elapsed());
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            // A bounded wait per call too: a stuck web process must fail the test, not hang it.
            let value = match self.call_or_err(what, self.client.execute(js, vec![])).await {
                Ok(value) => value,
                Err(e) => {
                    eprintln!("e2e: script failed: {e}");
                    serde_json::Value::Null
                }
            };
            if !value.is_null() && value != serde_json::Value::Bool(false) {
                return value;
            }
            if Instant::now() > deadline {
                let shot = self.screenshot("timeout").await;
                panic!("{what}: not true after {secs} s (screenshot: {})", shot.display());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// As a person scrolls to what they use: the middle of the view, clear of toasts.
    async fn scroll_to(&self, el: &fantoccini::elements::Element) {
        let arg = serde_json::to_value(el).unwrap();
        let _ = self.call_or_err("scroll into view", self.client.execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])).await;
    }

    /// One WebDriver call, bounded by `CALL_BOUND`: its error is returned; a driver that does not
    /// answer is killed with the app, and the step fails with a screenshot.
    pub async fn call_or_err<T, E: Display>(&self, step: &str, call: impl Future<Output = Result<T, E>>) -> Result<T, String> {
        self.bounded(step, call, self.call_bound).await
    }

    /// A call that may take longer than `CALL_BOUND` (a benchmark's script); fails like `call`.
    pub async fn call_long<T, E: Display>(&self, step: &str, call: impl Future<Output = Result<T, E>>, bound: Duration) -> T {
        match self.bounded(step, call, bound).await {
            Ok(value) => value,
            Err(e) => panic!("{step}: {e}"),
        }
    }

    async fn bounded<T, E: Display>(&self, step: &str, call: impl Future<Output = Result<T, E>>, bound: Duration) -> Result<T, String> {
        match tokio::time::timeout(bound, call).await {
            Ok(result) => result.map_err(|e| e.to_string()),
            Err(_) => {
                let shot = self.screenshot("hung").await;
                // Killed before the panic: an unwinding test must not wait on the hung driver.
                let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.driver.0.id())]).stderr(Stdio::null()).status();
                panic!("{step}: WebDriver did not answer within {} s; the driver and app were killed (screenshot: {})", bound.as_secs(), shot.display());
            }
        }
    }

    /// One WebDriver call, bounded; its error fails the step with a screenshot.
    pub async fn call<T, E: Display>(&self, step: &str, call: impl Future<Output = Result<T, E>>) -> T {
        match self.call_or_err(step, call).await {
            Ok(value) => value,
            Err(e) => {
                let shot = self.screenshot("failed").await;
                panic!("{step}: {e} (screenshot: {})", shot.display());
            }
        }
    }

    /// Runs a script in the page (bounded) and returns its value.
    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.call(js, self.client.execute(js, vec![])).await
    }

    /// Runs an asynchronous script (it calls its last argument with the result), bounded.
    pub async fn script_async(&self, js: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.call_long(js, self.client.execute_async(js, args), Duration::from_secs(200)).await
    }

    /// How long the page may run one script (WebDriver's own script timeout).
    pub async fn set_script_timeout(&self, secs: u64) {
        let timeouts = fantoccini::wd::TimeoutConfiguration::new(Some(Duration::from_secs(secs)), None, None);
        self.call("set the script timeout", self.client.update_timeouts(timeouts)).await
    }

    /// An element's DOM property (e.g. an input's `value`), as text.
    pub async fn prop(&self, css: &str, name: &str) -> Option<String> {
        let el = self.wait_for(css, 15).await;
        self.call(&format!("read {name} of {css}"), el.prop(name)).await
    }

    /// Types keys into an element (e.g. Escape, Ctrl+A).
    pub async fn press(&self, css: &str, keys: &str) {
        let el = self.wait_for(css, 15).await;
        self.call(&format!("keys into {css}"), el.send_keys(keys)).await
    }

    /// The app's top-level X window. Found and driven with xdotool, which talks to the X server
    /// directly: no window manager is needed (WebDriver's window commands wait on one).
    fn x_window(&self) -> String {
        let pid = self.app_pid().expect("the app is running").to_string();
        let out = run_bounded(Command::new(tool("xdotool")).env("DISPLAY", display()).args(["search", "--onlyvisible", "--pid", &pid, "--name", "Kling Studio"]), 10);
        String::from_utf8_lossy(&out.stdout).lines().last().map(str::to_string).expect("the app has a visible window named Kling Studio")
    }

    /// Moves and resizes the app's window as a window manager would.
    pub fn set_window_geometry(&self, x: i32, y: i32, width: u32, height: u32) {
        let window = self.x_window();
        let xdotool = tool("xdotool");
        run_bounded(Command::new(&xdotool).env("DISPLAY", display()).args(["windowmove", &window, &x.to_string(), &y.to_string()]), 10);
        run_bounded(Command::new(&xdotool).env("DISPLAY", display()).args(["windowsize", &window, &width.to_string(), &height.to_string()]), 10);
    }

    /// The app's window: (x, y, width, height) as the X server has it.
    pub fn window_geometry(&self) -> (i32, i32, u32, u32) {
        let window = self.x_window();
        let out = run_bounded(Command::new(tool("xdotool")).env("DISPLAY", display()).args(["getwindowgeometry", "--shell", &window]), 10);
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let field = |name: &str| -> i64 {
            text.lines().find_map(|l| l.strip_prefix(&format!("{name}="))).and_then(|v| v.trim().parse().ok()).unwrap_or_else(|| panic!("no {name} in {text}"))
        };
        (field("X") as i32, field("Y") as i32, field("WIDTH") as u32, field("HEIGHT") as u32)
    }

    /// Clicks the element; when the page re-rendered it between finding and clicking (a list
    /// just filtered: "Node … was not found"), finds it again once more.
    pub async fn click(&self, id: &str) {
        eprintln!("e2e {:?}: click {id}", started().elapsed());
        for attempt in 1..=2 {
            let el = self.wait_for(&testid(id), 15).await;
            self.scroll_to(&el).await;
            match self.call_or_err(&format!("click {id}"), el.click()).await {
                Ok(_) => return,
                Err(e) if attempt == 1 && e.to_string().contains("was not found") => continue,
                Err(e) => {
                    let shot = self.screenshot("click").await;
                    panic!("click {id}: {e} (screenshot: {})", shot.display());
                }
            }
        }
    }

    pub async fn fill(&self, id: &str, text: &str) {
        eprintln!("e2e {:?}: fill {id}", started().elapsed());
        let el = self.wait_for(&testid(id), 15).await;
        self.scroll_to(&el).await;
        self.call(&format!("clear {id}"), el.clear()).await;
        self.call(&format!("type into {id}"), el.send_keys(text)).await;
    }

    /// Sets a range or other input by script, firing the events Svelte listens to.
    pub async fn set_value(&self, id: &str, value: &str) {
        let el = self.wait_for(&testid(id), 15).await;
        let arg = serde_json::to_value(&el).unwrap();
        let js = "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true})); arguments[0].dispatchEvent(new Event('change', {bubbles: true}));";
        self.call(&format!("set {id}"), self.client.execute(js, vec![arg, value.into()])).await;
    }

    /// In Settings: a custom API host (the emulator), saved, then the test keys, saved.
    pub async fn enter_host_and_keys(&self, url: &str) {
        self.click("region-custom").await;
        self.fill("custom-url", url).await;
        self.click("save-settings").await;
        self.fill("access-key", AK).await;
        self.fill("secret-key", SK).await;
        self.click("save-keys").await;
    }

    /// Accepts the page's confirm() question (a native dialog), as a person clicking OK.
    /// Answers the app's confirmation dialog with its confirming button, as a person would.
    pub async fn accept_confirm(&self) {
        self.wait_for(&testid("confirm"), 15).await;
        self.click("confirm-ok").await;
        self.wait_until("the confirmation closed", "return !document.querySelector('[data-testid=confirm]');", 10).await;
    }

    pub async fn text(&self, css: &str) -> String {
        let el = self.wait_for(css, 15).await;
        self.call_or_err(&format!("text of {css}"), el.text()).await.unwrap_or_default()
    }

    /// Waits for the newest job in the queue to reach `state` and returns its row's text.
    pub async fn newest_job_reaches(&self, state: &str, secs: u64) -> String {
        let js = format!("const j = document.querySelector('[data-testid=job]'); return j && j.dataset.state === '{state}' ? j.innerText : null;");
        self.wait_until(&format!("the newest job to be {state}"), &js, secs).await.as_str().unwrap_or_default().to_string()
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-shots");
        std::fs::create_dir_all(&dir).ok();
        let path = dir.join(format!("{name}-{}.png", self.tag));
        x_screenshot(&path);
        path
    }

    /// The processes the harness started for this app that are still running: tauri-driver,
    /// WebKitWebDriver and the app (its process group), by name.
    pub fn driver_processes(&self) -> Vec<String> {
        let out = run_bounded(Command::new("pgrep").args(["-a", "-g", &self.driver.0.id().to_string()]), 10);
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
    }

    /// Freezes WebKitWebDriver (SIGSTOP): from then on it takes calls and never answers, as it
    /// did in the hang this harness now survives.
    pub fn freeze_driver(&self) {
        let status = run_bounded(Command::new("pkill").args(["-STOP", "-g", &self.driver.0.id().to_string(), "WebKitWebDriver"]), 10);
        assert!(status.status.success(), "WebKitWebDriver runs in the driver's process group");
    }

    /// The app's process id (found by the tag passed on its command line).
    pub fn app_pid(&self) -> Option<u32> {
        app_pid(&self.tag)
    }

    /// Quits the app the way a person closes it.
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(self.call_bound, self.client.clone().close()).await;
        // The app is given its time to end by itself (it writes the page's storage on the way
        // out); only then is what is left of the driver's process group killed.
        self.wait_gone().await;
        self.driver.kill();
    }

    /// Kills the app mid-work (SIGKILL: no chance to save anything).
    pub async fn crash(mut self) {
        self.kill_now();
        self.wait_gone().await;
    }

    fn kill_now(&mut self) {
        if let Some(pid) = self.app_pid() {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
        self.driver.kill();
    }

    async fn wait_gone(&self) {
        wait_gone(&self.tag).await;
    }
}

/// The app started with `--e2e-tag=<tag>`, if it is running.
fn app_pid(tag: &str) -> Option<u32> {
    // The pattern must not start with "-" or pgrep takes it for an option.
    let out = run_bounded(Command::new("pgrep").args(["-f", &format!("e2e-tag={tag}")]), 10);
    String::from_utf8_lossy(&out.stdout).lines().next()?.trim().parse().ok()
}

/// Waits for the tagged app to end (5 s to close by itself, then SIGKILL and up to 10 s more):
/// the next launch would otherwise meet the single instance and hand over to the dying one.
async fn wait_gone(tag: &str) {
    for round in 0..150 {
        let Some(pid) = app_pid(tag) else { return };
        if round == 50 {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the app tagged {tag} would not end, even after SIGKILL");
}

/// A failed test must not leave its app running (the next one would meet the single instance).
impl Drop for App {
    fn drop(&mut self) {
        self.kill_now();
    }
}

/// Answers the native "Choose a picture" dialog (GTK, opened by rfd).
pub async fn answer_file_dialog(path: &Path) {
    answer_dialog("Choose a picture", path).await;
}

/// Answers a native file or folder dialog titled `title` the way a person does: type the path
/// into its location bar and press Enter.
pub async fn answer_dialog(title: &str, path: &Path) {
    let xdotool = tool("xdotool");
    let deadline = Instant::now() + Duration::from_secs(15);
    let window = loop {
        let out = run_bounded(Command::new(&xdotool).env("DISPLAY", display()).args(["search", "--onlyvisible", "--name", title]), 10);
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().last().map(str::to_string) {
            break id;
        }
        assert!(Instant::now() < deadline, "the dialog \"{title}\" did not open");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    tokio::time::sleep(Duration::from_millis(600)).await;
    let run = |args: &[&str]| {
        run_bounded(Command::new(&xdotool).env("DISPLAY", display()).args(args), 10);
    };
    run(&["windowfocus", "--sync", &window]);
    run(&["key", "--window", &window, "ctrl+l"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    run(&["type", "--window", &window, "--delay", "8", &path.display().to_string()]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    // GTK completes a folder's name with "/" (selected text); taking it off keeps the folder
    // itself as the answer instead of a request to look inside it.
    run(&["key", "--window", &window, "Delete"]);
    tokio::time::sleep(Duration::from_millis(200)).await;
    run(&["key", "--window", &window, "Return"]);
    // A folder dialog takes the first Enter as "go into this folder"; the next one chooses it.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let open = run_bounded(Command::new(&xdotool).env("DISPLAY", display()).args(["search", "--onlyvisible", "--name", title]), 10);
        if !String::from_utf8_lossy(&open.stdout).lines().any(|l| l.trim() == window) {
            return;
        }
        run(&["key", "--window", &window, "Return"]);
    }
}

/// Drags `file` onto the app's window from another application, as from a file manager: a small
/// GTK drag source (drag_source.py) in the screen's lower right, and the pointer pressed on it,
/// moved onto the app in steps, released (a real XDND drag, which WebDriver cannot make).
pub async fn drag_file_onto_app(file: &Path) {
    let xdotool = tool("xdotool");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/drag_source.py");
    let mut source = Command::new("/usr/bin/python3")
        .arg(&script)
        .arg(file)
        .args(["1060", "700"])
        .env("DISPLAY", display())
        .stdout(Stdio::null())
        .spawn()
        .expect("/usr/bin/python3 (python3-gi) runs the drag source");
    let run = |args: &[&str]| {
        run_bounded(Command::new(&xdotool).env("DISPLAY", display()).args(args), 10);
    };
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let out = run_bounded(Command::new(&xdotool).env("DISPLAY", display()).args(["search", "--onlyvisible", "--name", "kling-e2e-drag-source"]), 10);
        if !out.stdout.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "the drag source window did not open");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    run(&["mousemove", "--sync", "1140", "735"]);
    run(&["mousedown", "1"]);
    // GTK starts a drag after the pointer has moved a few pixels with the button held.
    for (x, y) in [(1130, 730), (1110, 720), (1000, 650), (800, 500), (600, 420), (500, 400)] {
        run(&["mousemove", "--sync", &x.to_string(), &y.to_string()]);
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    run(&["mouseup", "1"]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = source.kill();
    let _ = source.wait();
}

/// The whole virtual screen, as a person would see it (WebKitWebDriver's own screenshot
/// command can stall on a virtual display).
pub fn x_screenshot(path: &Path) {
    let import = if Path::new("/usr/bin/import").exists() { PathBuf::from("/usr/bin/import") } else { tool("import") };
    // Bounded like every other helper, but a screenshot that fails must not hide the real failure.
    let mut cmd = Command::new(import);
    cmd.env("DISPLAY", display()).args(["-window", "root"]).arg(path);
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_bounded(&mut cmd, 20)));
}

/// A picture of the given size written to `path` (PNG, or JPEG by extension).
pub fn picture(path: &Path, w: u32, h: u32) {
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 120])).save(path).unwrap();
}

/// One app at a time: WebKitWebDriver drives one session, and the app is single-instance.
pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    // An async lock: the guard is held across the whole test's awaits (a failed test does not
    // poison it either).
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}
