//! A sound server for the app under test: PulseAudio with one null sink, on its own socket, so a
//! clip's sound is really decoded and played (to nowhere) on a machine with no sound card.
//! WebKit counts the audio it decodes only when a real audio sink plays it.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SoundServer {
    child: Child,
    pub socket: PathBuf,
}

impl SoundServer {
    /// Starts the server in `dir` and waits (10 s at most) for its socket.
    pub fn start(dir: &std::path::Path) -> Self {
        let runtime = dir.join("pulse");
        std::fs::create_dir_all(&runtime).unwrap();
        let socket = runtime.join("native");
        let child = Command::new("pulseaudio")
            .args(["--daemonize=no", "--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=no", "--system=false", "-n"])
            .arg("--load=module-null-sink sink_name=e2e")
            .arg(format!("--load=module-native-protocol-unix auth-anonymous=1 socket={}", socket.display()))
            .env("HOME", dir)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("PULSE_RUNTIME_PATH", &runtime)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pulseaudio starts (scripts/install-deps.sh --test installs it)");
        let mut server = SoundServer { child, socket };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !server.socket.exists() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("pulseaudio ended before it listened: {status}");
            }
            assert!(Instant::now() < deadline, "pulseaudio did not listen on {} within 10 s", server.socket.display());
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// The value of PULSE_SERVER for the app.
    pub fn address(&self) -> String {
        format!("unix:{}", self.socket.display())
    }
}

impl Drop for SoundServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
