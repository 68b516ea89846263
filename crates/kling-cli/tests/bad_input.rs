//! Bad input on the command line, as a person types it: the real `kling` binary, a real emulator.
//! Each row is one command line, the words its error must contain, and how it must fail: exit
//! code 2, one plain line on stderr (no Rust debug output, no JSON, no usage block), and with
//! `--json` exactly one object `{"error": {"code": "invalid_input", …}}` on stdout. Nothing may be
//! lost or made: the emulator sees no request at all, no library folder appears, and the
//! pictures and folders named on the command line are left exactly as they were.

mod common;

use common::*;
use kling_sim::test_pictures::{self, Verdict};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Row {
    what: String,
    args: Vec<String>,
    /// Words the message must contain.
    says: String,
}

fn row(what: impl Into<String>, args: &[&str], says: impl Into<String>) -> Row {
    Row { what: what.into(), args: args.iter().map(|a| a.to_string()).collect(), says: says.into() }
}

/// Every regular file below `dir` with its bytes, and every folder: what "left alone" compares.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                found.insert(path, None);
            } else if meta.is_file() {
                // Unreadable files (a chmod 000 row, when not root) count by name.
                found.insert(path.clone(), std::fs::read(&path).ok());
            } else {
                found.insert(path, None); // links, pipes: by name
            }
        }
    }
    found
}

fn rows(pictures: &[test_pictures::TestPicture], dir: &Path) -> Vec<Row> {
    let long = "x".repeat(2501);
    let long_accents = "é".repeat(2501);
    let a_file = dir.join("out-is-a-file.txt");
    std::fs::write(&a_file, "I am a file").unwrap();
    let a_file = a_file.display().to_string();
    let good = pictures.iter().find(|p| p.verdict == Verdict::Accepted).expect("a good picture").path.display().to_string();
    let tiny = dir.join("tiny.png").display().to_string();
    let gif = dir.join("anim.gif").display().to_string();
    let mut rows = vec![
        // Flags clap checks.
        row("-n out of u8 range", &["image", "ok", "-n", "300"], "invalid value '300' for '--count <N>'"),
        row("--mode x", &["video", "ok", "--mode", "x"], "invalid value 'x' for '--mode <MODE>' [possible values: std, pro, 4k]"),
        row(
            "--duration 16",
            &["video", "ok", "--duration", "16"],
            "invalid value '16' for '--duration <SECONDS>': unknown duration \"16\": use whole seconds from 3 to 15",
        ),
        row("--sound loud", &["video", "ok", "--sound", "loud"], "invalid value 'loud' for '--sound <SOUND>' [possible values: on, off]"),
        row("--shot without a prompt", &["video", "--shot", "2"], "invalid value '2' for '--shot <SECONDS:PROMPT>': no seconds before a colon"),
        row("--shot with no seconds", &["video", "--shot", "x:foo"], "invalid value 'x:foo' for '--shot <SECONDS:PROMPT>': \"x\" is not whole seconds"),
        row("--shot with --multi-shot", &["video", "ok", "--multi-shot", "--shot", "5:a"], "'--multi-shot' cannot be used with '--shot <SECONDS:PROMPT>'"),
        row(
            "--element not a number",
            &["animate", "https://example.com/a.png", "--element", "12a"],
            "invalid value '12a' for '--element <ID>': an element id is a whole number",
        ),
        row("--voice on a text-to-video", &["video", "ok", "--voice", "v1"], "unexpected argument '--voice' found"),
        row("--cfg not a number", &["video", "ok", "--cfg", "high"], "invalid value 'high' for '--cfg"),
        row("an unknown flag", &["image", "ok", "--colour", "red"], "unexpected argument '--colour' found"),
        row("--no-wait with --out (nothing to copy yet)", &["image", "ok", "--no-wait", "--out", "somewhere"], "'--no-wait' cannot be used with '--out <DIR>'"),
        row("no prompt", &["image"], "the following required arguments were not provided: <PROMPT>"),
        // Flags the API's rules check.
        row("--aspect 5:4", &["image", "ok", "--aspect", "5:4"], "--aspect \"5:4\": use one of 16:9"),
        row("a picture aspect for a video", &["video", "ok", "--aspect", "4:3"], "aspect"),
        row("-n 0", &["image", "ok", "-n", "0"], "-n/--count: must be between 1 and 9 (got 0)"),
        row("-n 10", &["image", "ok", "-n", "10"], "-n/--count: must be between 1 and 9 (got 10)"),
        row("--duration 7 on kling-v1", &["video", "ok", "--model", "kling-v1", "--duration", "7"], "--duration: kling-v1 makes 5 or 10 s videos, not 7 s"),
        row("--mode 4k on kling-v1", &["video", "ok", "--model", "kling-v1", "--mode", "4k"], "--mode: 4k is not offered by kling-v1; use std, pro"),
        row("--sound on kling-v1", &["video", "ok", "--model", "kling-v1", "--sound", "on"], "--sound: kling-v1 makes silent videos"),
        row("--sound on kling-v2-6 std", &["video", "ok", "--model", "kling-v2-6", "--sound", "on"], "--sound: kling-v2-6 makes sound in pro mode only"),
        row("--shot on kling-v1", &["video", "--model", "kling-v1", "--shot", "5:a"], "--shot/--multi-shot: kling-v1 makes single-shot videos"),
        row("shots not adding up to --duration", &["video", "--shot", "2:a", "--shot", "2:b", "--duration", "5"], "--shot: the shots last 4 s but the video 5 s"),
        row("shots longer than any video", &["video", "--shot", "9:a", "--shot", "9:b"], "--shot: the shots last 18 s in all"),
        row(
            "--voice on kling-v3",
            &["animate", "https://example.com/a.png", "--voice", "v1", "--sound", "on", "-p", "<<<voice_1>>>"],
            "--voice: kling-v3 takes no voices",
        ),
        row(
            "a voice the prompt never uses",
            &["animate", "https://example.com/a.png", "--model", "kling-v2-6", "--mode", "pro", "--sound", "on", "--voice", "v1"],
            "the prompt: say where the voice speaks",
        ),
        row(
            "four elements",
            &["animate", "https://example.com/a.png", "--element", "1", "--element", "2", "--element", "3", "--element", "4"],
            "--element: at most 3 elements (got 4)",
        ),
        row("--element on kling-v2-1 pictures", &["image", "ok", "--model", "kling-v2-1", "--element", "829836802793406551"], "--element: kling-v2-1 takes no elements"),
        row("--cfg 2", &["video", "ok", "--cfg", "2"], "--cfg: must be between 0 and 1 (got 2)"),
        row("--cfg on a kling-v2 model", &["video", "ok", "--model", "kling-v2-master", "--cfg", "0.5"], "kling-v2-master does not take cfg_scale"),
        // A model known for another kind of task is refused; one nobody knows is sent (cli.rs).
        row("a picture model for a video", &["video", "ok", "--model", "kling-v2-new"], "\"kling-v2-new\" is not a text2video model; use one of"),
        row("a video model for a picture", &["image", "ok", "--model", "kling-v1-6"], "\"kling-v1-6\" is not an image model"),
        row("camera with two axes", &["video", "ok", "--camera", "simple:zoom=5,pan=3"], "exactly one non-zero axis (got 2)"),
        row("camera out of range", &["video", "ok", "--camera", "simple:zoom=11"], "zoom must be between -10 and 10 (got 11)"),
        row("an unknown camera move", &["video", "ok", "--camera", "spin"], "\"spin\" is not a camera move"),
        row("--resolution 8k", &["image", "ok", "--resolution", "8k"], "--resolution \"8k\": use 1k or 2k"),
        row("--reference body", &["image", "ok", "--reference", "body"], "--reference \"body\": use subject or face"),
        row("--fidelity 1.5", &["image", "ok", "--fidelity", "1.5"], "--fidelity: must be between 0 and 1 (got 1.5)"),
        row("a blank --external-id", &["video", "ok", "--external-id", "  "], "--external-id: must not be empty"),
        // Prompts.
        row("an empty prompt", &["image", ""], "the prompt must not be empty"),
        row("a blank prompt", &["video", " \t "], "the prompt must not be empty"),
        row("a prompt over 2,500 characters", &["image", &long], "the prompt must be at most 2500 characters (got 2501)"),
        row("2,501 accented characters (counted as characters)", &["image", &long_accents], "(got 2501)"),
        row("a negative prompt over the limit", &["video", "ok", "--negative", &long], "--negative: must be at most 2500 characters"),
        row("terminal escapes in the prompt", &["image", "\u{1b}[31mred"], "contains control characters (U+001B at character 1)"),
        // Pictures given by other flags.
        row("a bad --image", &["image", "ok", "--image", &tiny], "tiny.png is 120×90 px"),
        row("a bad --tail", &["animate", &good, "--tail", &gif], format!("--tail: {gif} is a GIF picture")),
        row("a data: URL", &["animate", "data:image/png;base64,AAAA"], "data: URLs are not accepted"),
        // Where the results go.
        row("--out is a file", &["image", "ok", "--out", &a_file], "it is a file, not a folder"),
    ];
    if cfg!(target_os = "linux") {
        // Nobody, root included, can make a folder in /proc.
        rows.push(row("--out cannot be made", &["image", "ok", "--out", "/proc/kling-cli-test/out"], "the folder cannot be made"));
    }
    for picture in pictures {
        if let Verdict::Refused(says) = picture.verdict {
            rows.push(row(format!("animate {}", picture.what), &["animate", &picture.path.display().to_string()], says));
        }
    }
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_command_line_fails_with_one_clear_line_and_sends_nothing() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let pictures = test_pictures::write_all(dir.path());
    let rows = rows(&pictures, dir.path());
    let before = contents(dir.path());
    let library = dir.path().join("library-never-made");
    let mut failures = Vec::new();
    for row in &rows {
        let mut failed = |why: String| failures.push(format!("{}: {why}", row.what));
        let text = run(kling(&sim).env("KLING_LIBRARY", &library).args(&row.args));
        let err = stderr(&text);
        if text.status.code() != Some(2) {
            failed(format!("exit code {:?}, not 2: {err}", text.status.code()));
        }
        let line = err.trim_end_matches('\n');
        if line.lines().count() != 1 || !line.starts_with("error: ") {
            failed(format!("stderr is not one `error:` line: {err:?}"));
        }
        if !line.contains(&row.says) {
            failed(format!("{line:?} should say {:?}", row.says));
        }
        if line.contains("{ ") || line.contains("\"code\"") || line.contains("Usage:") || line.contains("Error(") {
            failed(format!("stderr holds debug output, JSON or a usage block: {line:?}"));
        }
        if !text.stdout.is_empty() {
            failed(format!("stdout is not empty: {:?}", String::from_utf8_lossy(&text.stdout)));
        }

        let json = run(kling(&sim).env("KLING_LIBRARY", &library).arg("--json").args(&row.args));
        let stdout = String::from_utf8_lossy(&json.stdout);
        match serde_json::from_str::<serde_json::Value>(stdout.trim()) {
            Ok(v) => {
                if v["error"]["code"] != "invalid_input" || !v["error"]["message"].as_str().unwrap_or("").contains(&row.says) {
                    failed(format!("--json gave {v}"));
                }
            }
            Err(_) => failed(format!("--json printed no single JSON object: {stdout:?} (stderr {:?})", stderr(&json))),
        }
        if json.status.code() != Some(2) {
            failed(format!("--json exit code {:?}, not 2", json.status.code()));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
    // Nothing was sent, made or changed.
    assert!(sim.requests().is_empty(), "the emulator was asked: {:?}", sim.requests().iter().map(|r| format!("{} {}", r.method, r.path)).collect::<Vec<_>>());
    assert_eq!(sim.task_count(), 0);
    assert!(!library.exists(), "bad input must be refused before the library is opened");
    assert_eq!(contents(dir.path()), before, "the files on the command line were left alone, and nothing was written beside them");
}
