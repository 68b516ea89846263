//! The `kling` tool as a user runs it: a real process, a real emulator on loopback, real files.
//! Tests that make tasks name `--model kling-v1` (or another model of mid-2025): the default is
//! today's model (kling-v3), which tests/today.rs exercises.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

mod common;

use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn image_end_to_end_writes_every_picture_and_reports_json() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let out = run(kling(&sim).args(["--json", "image", "a lighthouse at dusk", "--model", "kling-v1", "-n", "4", "--aspect", "1:1", "--out"]).arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_of(&out);
    assert_eq!(v["status"], "succeeded");
    assert_eq!(v["kind"], "image");
    let files = files_of(&v);
    assert_eq!(files.len(), 4);
    for file in &files {
        assert!(file.starts_with(dir.path()));
        let picture = image::open(file).expect("a real picture");
        assert_eq!(picture.width(), picture.height(), "1:1 was asked for");
    }
    let post = sim.requests().into_iter().find(|r| r.method == "POST").unwrap();
    let body = post.body.unwrap();
    assert_eq!(body["n"], 4);
    assert_eq!(body["aspect_ratio"], "1:1");
    assert_eq!(body["prompt"], "a lighthouse at dusk");
    assert!(post.authorization.unwrap().starts_with("Bearer "));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn video_end_to_end_downloads_a_real_mp4() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let out = run(kling(&sim)
        .args([
            "--json", "video", "waves at sunset", "--model", "kling-v1", "--duration", "5", "--aspect", "9:16", "--camera", "simple:zoom=5", "--cfg", "0.3",
            "--negative", "blur", "--out",
        ])
        .arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_of(&out);
    let files = files_of(&v);
    assert_eq!(files.len(), 1);
    let bytes = std::fs::read(&files[0]).unwrap();
    assert_eq!(&bytes[4..8], b"ftyp", "an MP4 file");
    assert!(bytes.windows(4).any(|w| w == b"avc1"), "H.264 inside");
    let body = sim.requests().into_iter().find(|r| r.method == "POST").unwrap().body.unwrap();
    assert_eq!(body["duration"], "5", "duration is sent as a string");
    assert_eq!(body["camera_control"]["type"], "simple");
    assert_eq!(body["camera_control"]["config"]["zoom"].as_f64(), Some(5.0));
    assert_eq!(body["negative_prompt"], "blur");
    // Numbers go as typed: 0.3, not a single-precision float widened to 0.30000001192092896.
    assert_eq!(body["cfg_scale"].to_string(), "0.3");
    assert!(body["external_task_id"].as_str().is_some_and(|s| !s.is_empty()), "an external id guards retries");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn animate_sends_the_picture_as_plain_base64_and_saves_the_clip() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let picture = write_png(dir.path(), "still.png", 640, 480);
    let out =
        run(kling(&sim).args(["--json", "animate"]).arg(&picture).args(["--model", "kling-v1", "--prompt", "the leaves move", "--out"]).arg(dir.path().join("clips")));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_of(&out);
    assert_eq!(v["kind"], "image2video");
    let files = files_of(&v);
    assert_eq!(files.len(), 1);
    assert!(files[0].starts_with(dir.path().join("clips")), "the output folder is created");
    assert_eq!(&std::fs::read(&files[0]).unwrap()[4..8], b"ftyp");
    let body = sim.requests().into_iter().find(|r| r.method == "POST").unwrap().body.unwrap();
    let sent = body["image"].as_str().unwrap();
    assert!(!sent.starts_with("data:"));
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD.decode(sent).unwrap();
    assert_eq!(decoded, std::fs::read(&picture).unwrap(), "the file's bytes, unchanged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_output_puts_paths_on_stdout_and_no_wait_prints_the_id() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let out = run(kling(&sim).args(["image", "a cat", "--model", "kling-v1", "--out"]).arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let paths: Vec<_> = stdout.lines().collect();
    assert_eq!(paths.len(), 1);
    assert!(Path::new(paths[0]).is_file());

    let out = run(kling(&sim).args(["video", "a boat", "--model", "kling-v1", "--no-wait"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(id.len() >= 10 && id.chars().all(|c| c.is_ascii_digit()), "a task id: {id:?}");

    // ...and `kling task` finds it by id alone and fetches it once finished.
    let mut v = Value::Null;
    for _ in 0..100 {
        let out = run(kling(&sim).args(["--json", "task", &id, "--download", "--out"]).arg(dir.path()));
        v = json_of(&out);
        if v["status"] == "succeeded" {
            assert_eq!(out.status.code(), Some(0));
            break;
        }
        assert_eq!(out.status.code(), Some(8), "nothing to download yet: {v}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(v["kind"], "text2video");
    // Without --download, the result's link is the answer, on stdout for `url=$(kling task ID)`.
    let out = run(kling(&sim).args(["task", &id]));
    assert!(String::from_utf8_lossy(&out.stdout).trim().starts_with("http"), "stdout: {:?}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(files_of(&v).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_and_credits_report_the_account() {
    let sim = sim().await;
    let before = json_of(&run(kling(&sim).args(["--json", "credits"])));
    let out = run(kling(&sim).args(["--json", "image", "two apples", "--model", "kling-v1", "-n", "2", "--out"]).arg(tempfile::tempdir().unwrap().path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let done = json_of(&out);
    let id = done["task_id"].as_str().unwrap().to_string();
    // kling-v1's price is not published: no units before, Kling's figure after, in image units.
    assert_eq!(done["estimate"], serde_json::json!({ "units": null, "pack": "image" }), "{done}");
    assert_eq!(done["charged"], serde_json::json!({ "units": 0.5, "pack": "image" }), "{done}");

    let listed = json_of(&run(kling(&sim).args(["--json", "tasks", "--kind", "image"])));
    let tasks = listed["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["task_id"], id.as_str());

    let after = json_of(&run(kling(&sim).args(["--json", "credits"])));
    let remaining = |v: &Value, pack: &str| -> f64 {
        let packs = v["packs"].as_array().unwrap_or_else(|| panic!("packs: {v}"));
        packs.iter().find(|p| p["name"] == pack).unwrap_or_else(|| panic!("no {pack}: {v}"))["remaining"].as_f64().unwrap()
    };
    let spent = remaining(&before, "Image Generation Pack") - remaining(&after, "Image Generation Pack");
    assert!((spent - 0.5).abs() < 1e-9, "two images at 0.25 units: spent {spent}");
    assert_eq!(remaining(&before, "Video Generation Pack"), remaining(&after, "Video Generation Pack"), "the video pack is another pack");
    assert!(after.get("remaining").is_none(), "packs of different kinds are never summed: {after}");
    assert!(after["note"].as_str().unwrap().contains("12 h"), "{after}");

    let human = run(kling(&sim).args(["tasks"]));
    assert!(String::from_utf8_lossy(&human.stdout).contains(&id));

    // `kling tasks | head -0`: the reader is gone before the list is printed. The tool ends as
    // Unix tools do (SIGPIPE), not with a panic about a broken pipe.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = run(kling(&sim).args(["tasks"]).stdout(writer));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(out.status.signal(), Some(libc_sigpipe()), "{:?}", out.status);
}

const fn libc_sigpipe() -> i32 {
    13 // SIGPIPE on Linux
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_or_half_keys_say_how_to_provide_them() {
    let sim = sim().await;
    let out = run(bare_kling().env("KLING_API_BASE", sim.url()).args(["image", "a cat"]));
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("KLING_ACCESS_KEY"), "{err}");

    let out = run(bare_kling().env("KLING_API_BASE", sim.url()).env("KLING_ACCESS_KEY", AK).args(["image", "a cat"]));
    assert_eq!(out.status.code(), Some(6));
    assert!(stderr(&out).contains("KLING_SECRET_KEY"));
    assert!(sim.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_refusals_and_failed_tasks_have_their_own_exit_codes() {
    let sim = sim().await;
    sim.update(|c| {
        c.refused_word = Some("forbidden".into());
        c.failing_word = Some("failme".into());
    });
    let out = run(kling(&sim).args(["--json", "image", "a forbidden thing", "--model", "kling-v1"]));
    assert_eq!(out.status.code(), Some(3));
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "content_refused");
    assert!(v["error"]["message"].as_str().unwrap().contains("1301"));

    let out = run(kling(&sim).args(["--json", "video", "please failme now", "--model", "kling-v1"]));
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "task_failed");
    assert!(v["task_id"].as_str().is_some());
    assert!(stderr(&out).contains("risk control"), "the reason is shown: {}", stderr(&out));
    let failed_id = v["task_id"].as_str().unwrap().to_string();
    let out = run(kling(&sim).args(["task", &failed_id, "--download"]));
    assert_eq!(out.status.code(), Some(5), "asked to download a failed task: {}", stderr(&out));
    let out = run(kling(&sim).args(["task", &failed_id]));
    assert_eq!(out.status.code(), Some(0), "only asked how it went: {}", stderr(&out));

    let out = run(bare_kling().env("KLING_API_BASE", sim.url()).env("KLING_ACCESS_KEY", AK).env("KLING_SECRET_KEY", "wrong").args(["--json", "credits"]));
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(json_of(&out)["error"]["code"], "bad_keys");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_host_is_a_network_error() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = run(bare_kling()
        .env("KLING_API_BASE", format!("http://127.0.0.1:{port}"))
        .env("KLING_ACCESS_KEY", AK)
        .env("KLING_SECRET_KEY", SK)
        .env("KLING_RETRY_BASE_MS", "10")
        .args(["--json", "credits"]));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(json_of(&out)["error"]["code"], "network");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_account_keeps_the_request_waiting_until_a_slot_frees() {
    let sim = sim().await;
    sim.update(|c| c.concurrency.video = 1);
    let first = run(kling(&sim).args(["video", "first", "--model", "kling-v1", "--no-wait"]));
    assert!(first.status.success(), "{}", stderr(&first));
    let dir = tempfile::tempdir().unwrap();
    let second = run(kling(&sim).args(["--json", "video", "second", "--model", "kling-v1", "--out"]).arg(dir.path()));
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(files_of(&json_of(&second)).len(), 1);
    assert!(create_posts(&sim) >= 3, "the second was refused (1303) at least once, then accepted");
    assert_eq!(sim.task_count(), 2, "exactly two tasks exist");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a throwaway Secret Service (gnome-keyring in a private D-Bus session): run by scripts/test.sh"]
async fn keyring_login_stores_checked_keys_and_logout_removes_them() {
    let throwaway = std::env::var("KLING_TEST_KEYRING").as_deref() == Ok("1");
    assert!(throwaway, "needs a throwaway Secret Service with KLING_TEST_KEYRING=1: scripts/test.sh starts one and runs this test");
    let sim = sim().await;
    // Its own keychain entry: other tests run at the same time and expect none stored.
    let service = format!("kling-cli-test-{}-login", std::process::id());
    let kling = || {
        let mut cmd = bare_kling();
        cmd.env("KLING_KEYCHAIN_SERVICE", &service);
        cmd
    };
    let login = |sk: &str| {
        let mut child = kling()
            .env("KLING_API_BASE", sim.url())
            .args(["login", "--access-key", AK])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(format!("{sk}\n").as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };

    let refused = login("not-the-secret");
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("not saved"));
    let out = run(kling().env("KLING_API_BASE", sim.url()).args(["credits"]));
    assert_eq!(out.status.code(), Some(6), "nothing was stored: {}", stderr(&out));
    assert!(stderr(&out).contains("kling login"), "with a keychain at hand, logging in is the first advice: {}", stderr(&out));

    let ok = login(SK);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(!stderr(&ok).contains(SK));
    let out = run(kling().env("KLING_API_BASE", sim.url()).args(["--json", "credits"]));
    assert!(out.status.success(), "keys come from the keychain now: {}", stderr(&out));

    let out = run(kling().arg("logout"));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(kling().env("KLING_API_BASE", sim.url()).args(["credits"]));
    assert_eq!(out.status.code(), Some(6));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_needs_no_keys() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(bare_kling().args(["--sandbox", "--json", "image", "a sandbox castle", "--model", "kling-v1", "--out"]).arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(files_of(&json_of(&out)).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandbox_task_outlives_the_run_that_started_it() {
    // Each run starts its own emulator on a new port; the tasks are kept beside the sandbox
    // library, so `resume` (or the app) finishes what an earlier run only submitted.
    let library = fresh_library();
    let out = run(bare_kling().env("KLING_LIBRARY", &library).args(["--sandbox", "video", "a sandbox tide", "--model", "kling-v1", "--no-wait"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!id.is_empty(), "the task id is printed");

    let out = run(bare_kling().env("KLING_LIBRARY", &library).args(["--sandbox", "--json", "resume"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&id) && text.contains(".mp4"), "the earlier task was finished and filed: {text}");
    let out = run(bare_kling().env("KLING_LIBRARY", &library).args(["--sandbox", "task", &id]));
    assert_eq!(out.status.code(), Some(0), "a later run's emulator still knows it: {}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_are_filed_in_the_library_with_sidecars() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("My Library");
    let out = run(kling(&sim).arg("--library").arg(&library).args(["--json", "image", "filed away", "--model", "kling-v1", "-n", "2"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let files = files_of(&json_of(&out));
    assert_eq!(files.len(), 2);
    for file in &files {
        assert!(file.starts_with(&library), "{}", file.display());
        let sidecar: Value = serde_json::from_slice(&std::fs::read(file.with_extension("json")).unwrap()).unwrap();
        assert_eq!(sidecar["prompt"], "filed away");
        assert_eq!((sidecar["version"].as_u64(), sidecar["request"]["kind"].as_str(), sidecar["request"]["request"]["n"].as_u64()), (Some(2), Some("image"), Some(2)));
    }
    assert!(library.join(".kling-studio/index.sqlite").is_file());

    // A job submitted with --no-wait is filed by a later `kling resume`.
    let out = run(kling(&sim).arg("--library").arg(&library).args(["video", "later", "--model", "kling-v1", "--no-wait"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(kling(&sim).arg("--library").arg(&library).env("KLING_ENGINE_LEASE_MS", "0").args(["--json", "resume"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let jobs = json_of(&out)["jobs"].as_array().unwrap().clone();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0]["kind"], "text2video");
    assert!(PathBuf::from(jobs[0]["files"][0].as_str().unwrap()).starts_with(&library));
    let again = run(kling(&sim).arg("--library").arg(&library).args(["--json", "resume"]));
    assert_eq!(json_of(&again)["jobs"].as_array().unwrap().len(), 0, "nothing left");
}

/// kill -9 at random moments (submitting, polling, downloading, filing), with the emulator's
/// faults on; then `kling resume`. Every job lands once, nothing is truncated or doubled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_runs_resume_and_every_task_lands_exactly_once() {
    let sim = sim().await;
    sim.update(|c| {
        c.faults.drop_rate = 0.1;
        c.faults.truncate_rate = 0.3;
        c.faults.server_error_rate = 0.1;
        c.faults.seed = 3;
        c.timing.video_processing = std::time::Duration::from_millis(300);
    });
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("lib");
    let mut rng = 11u64;
    let mut next = |max: u64| {
        rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (rng >> 33) % max
    };
    for round in 0..10 {
        let mut cmd = kling(&sim);
        cmd.arg("--library").arg(&library).env("KLING_ENGINE_LEASE_MS", "0").env("KLING_RETRY_BASE_MS", "5");
        if round % 2 == 0 {
            cmd.args(["image", &format!("crash image {round}"), "--model", "kling-v1", "-n", "2"]);
        } else {
            cmd.args(["video", &format!("crash video {round}"), "--model", "kling-v1"]);
        }
        let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20 + next(600)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
    }
    let out = run(kling(&sim).arg("--library").arg(&library).env("KLING_ENGINE_LEASE_MS", "0").env("KLING_RETRY_BASE_MS", "5").args(["--json", "resume"]));
    assert!(out.status.success(), "{}", stderr(&out));

    let lib = studio::Library::open(&library).unwrap();
    let items = lib.query(&studio::GalleryQuery { limit: 500, ..Default::default() }).unwrap().items;
    let mut per_task = std::collections::HashMap::new();
    for item in &items {
        *per_task.entry((item.task_id.clone().unwrap(), item.kind)).or_insert(0) += 1;
        let path = lib.absolute(&item.rel_path).unwrap();
        if item.media == studio::MediaType::Image {
            image::open(&path).unwrap_or_else(|e| panic!("{} is whole: {e}", path.display()));
        } else {
            assert!(studio::library::video::probe(&path).is_ok(), "{} is whole", path.display());
        }
    }
    // Every task the emulator made was filed, with all its files, once.
    assert_eq!(per_task.len(), sim.task_count(), "tasks made {} vs filed {}", sim.task_count(), per_task.len());
    for ((task, kind), count) in &per_task {
        let expected = if *kind == studio::ItemKind::Image { 2 } else { 1 };
        assert_eq!(*count, expected, "{kind} task {task}: every file exactly once");
    }
    let before = items.len();
    assert_eq!(lib.rebuild().unwrap().added, before, "the index matches the folder");
    assert!(std::fs::read_dir(lib.tmp_dir()).unwrap().next().is_none(), "no partial files left");
}

/// Kling ships models every few months: a model the catalogue does not know is sent with a
/// warning, and Kling's own answer (here the emulator's 1201) is what the person sees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_model_is_sent_with_a_warning() {
    let sim = sim().await;
    let out = run(kling(&sim).args(["--json", "video", "waves", "--model", "kling-v9"]));
    let err = stderr(&out);
    assert!(err.contains("warning: kling-v9 is not a model Kling Studio knows for text2video"), "{err}");
    assert_eq!(out.status.code(), Some(2), "Kling's 1201 is bad input: {err}");
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "invalid_input");
    assert!(v["error"]["message"].as_str().unwrap().contains("1201"), "{v}");
    let sent: Vec<_> = sim.requests().into_iter().filter(|r| r.method == "POST").filter_map(|r| r.body).collect();
    assert_eq!(sent.len(), 1, "it went out once");
    assert_eq!(sent[0]["model_name"], "kling-v9");

    // A known model draws no warning.
    let out = run(kling(&sim).args(["--json", "image", "a fox", "--model", "kling-v1"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning:"), "{}", stderr(&out));
}
