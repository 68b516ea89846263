//! The video tools' subcommands as a person runs them: the real `kling`, the emulator on
//! loopback, real files in one library per test. A clip is made first (`kling video`), then a
//! tool takes it from the library; the result is filed there and its sidecar links back.

mod common;

use common::*;
use kling_sim::Sim;
use std::path::{Path, PathBuf};
use std::process::Output;
use studio::{Library, MediaType};

/// The emulator, a folder for the test's files and the library in it.
async fn setup() -> (Sim, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    (sim().await, dir, library)
}

/// A clip made by Kling, filed in `library`: its file there.
fn made_clip(sim: &Sim, library: &Path, aspect: &str) -> PathBuf {
    let v = ok(run(kling_in(sim, library).args(["--json", "video", "waves at dusk", "--model", "kling-v1", "--duration", "5", "--aspect", aspect])));
    let files = files_of(&v);
    assert_eq!(files.len(), 1);
    files[0].clone()
}

/// The library item at `file`, its media type and the items its sidecar says it was made from.
fn filed(library: &Path, file: &Path) -> (MediaType, Vec<(String, String)>) {
    let library = Library::open(library).unwrap();
    let item = library.item_at(file).unwrap_or_else(|| panic!("{} is not a library item", file.display()));
    let sidecar = library.sidecar(&item.id).unwrap().expect("a sidecar");
    (item.media, sidecar.made_from.iter().map(|p| (p.item_id.clone(), p.role.clone())).collect())
}

fn item_id(library: &Path, file: &Path) -> String {
    Library::open(library).unwrap().item_at(file).unwrap().id
}

fn posts_to(sim: &Sim, path: &str) -> usize {
    sim.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with(path)).count()
}

/// A WAV of silence, `ms` long: a voice the emulator reads the length of.
fn write_wav(dir: &Path, name: &str, ms: u32) -> PathBuf {
    let rate = 8000u32;
    let data = rate * 2 * ms / 1000;
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&1u16.to_le_bytes()); // mono
    bytes.extend_from_slice(&rate.to_le_bytes());
    bytes.extend_from_slice(&(rate * 2).to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data.to_le_bytes());
    bytes.resize(bytes.len() + data as usize, 0);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Nothing was queued: a resume finds no job.
fn nothing_queued(sim: &Sim, library: &Path) {
    let v = ok(run(kling_in(sim, library).args(["--json", "resume"])));
    assert_eq!(v["jobs"], serde_json::json!([]), "{v}");
}

#[track_caller]
fn refused(out: &Output, says: &[&str]) -> String {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    let message = stderr(out);
    for words in says {
        assert!(message.contains(words), "{message:?} should say {words:?}");
    }
    assert_eq!(message.lines().count(), 1, "one line: {message}");
    message
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extend_sends_the_library_clip_by_its_id_and_links_back() {
    let (sim, dir, library) = setup().await;
    let clip = made_clip(&sim, &library, "16:9");
    let v = ok(run(kling_in(&sim, &library).arg("--json").arg("extend").arg(&clip).args(["--prompt", "the wave breaks", "--out"]).arg(dir.path().join("out"))));
    assert_eq!(v["kind"], "video-extend");
    assert!(v["task_id"].as_str().is_some_and(|id| !id.is_empty()), "{v}");
    let files = files_of(&v);
    assert_eq!(files.len(), 1);
    assert!(files[0].starts_with(dir.path().join("out")) && files[0].is_file(), "--out copies: {files:?}");
    let body = sim.requests().into_iter().find(|r| r.path.ends_with("video-extend")).unwrap().body.unwrap();
    let video_id = Library::open(&library).unwrap().kling_video_id(&item_id(&library, &clip)).unwrap().unwrap();
    assert_eq!((body["video_id"].as_str(), body["prompt"].as_str()), (Some(video_id.as_str()), Some("the wave breaks")));
    // The result in the library (not the copy) is a video made from the clip.
    let lib = Library::open(&library).unwrap();
    let extended = lib.query(&studio::GalleryQuery { tools: vec!["video-extend".into()], ..Default::default() }).unwrap().items;
    assert_eq!(extended.len(), 1, "filed once");
    let (media, made_from) = filed(&library, &lib.absolute(&extended[0].rel_path).unwrap());
    assert_eq!(media, MediaType::Video);
    assert_eq!(made_from, [(item_id(&library, &clip), "video".to_string())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tool_left_with_no_wait_is_filed_by_resume_still_linked_to_its_clip() {
    let (sim, _dir, library) = setup().await;
    let clip = made_clip(&sim, &library, "16:9");
    let out = run(kling_in(&sim, &library).arg("extend").arg(&clip).arg("--no-wait"));
    assert!(out.status.success(), "{}", stderr(&out));
    let task_id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!task_id.is_empty() && task_id.chars().all(|c| c.is_ascii_digit()), "the task id: {task_id:?}");
    // `kling task` finds it among every kind; `kling tasks --kind extend` lists it.
    let shown = ok(run(kling_in(&sim, &library).args(["--json", "task", &task_id])));
    assert_eq!(shown["kind"], "video-extend");
    let listed = ok(run(kling_in(&sim, &library).args(["--json", "tasks", "--kind", "extend"])));
    assert_eq!(listed["tasks"].as_array().map(|t| (t.len(), t[0]["task_id"].clone())), Some((1, task_id.clone().into())), "{listed}");
    let v = ok(run(kling_in(&sim, &library).args(["--json", "resume"])));
    let jobs = v["jobs"].as_array().unwrap();
    assert_eq!((jobs.len(), jobs[0]["task_id"].as_str()), (1, Some(task_id.as_str())), "{v}");
    let file = PathBuf::from(jobs[0]["files"][0].as_str().unwrap());
    assert_eq!(filed(&library, &file), (MediaType::Video, vec![(item_id(&library, &clip), "video".to_string())]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sound_files_the_clip_and_its_sound_both_made_from_the_clip() {
    let (sim, _dir, library) = setup().await;
    let clip = made_clip(&sim, &library, "9:16");
    let v = ok(run(kling_in(&sim, &library).arg("--json").arg("sound").arg(&clip).args(["--effects", "waves", "--music", "calm piano", "--asmr"])));
    assert_eq!(v["kind"], "video-to-audio");
    let files = files_of(&v);
    let media: Vec<MediaType> = files.iter().map(|f| filed(&library, f).0).collect();
    assert!(media.contains(&MediaType::Video) && media.contains(&MediaType::Audio), "{media:?}");
    for file in &files {
        assert!(file.starts_with(&library) && file.is_file());
        assert_eq!(filed(&library, file).1, [(item_id(&library, &clip), "video".to_string())], "{}", file.display());
    }
    let body = sim.requests().into_iter().find(|r| r.path.ends_with("video-to-audio")).unwrap().body.unwrap();
    assert_eq!((body["sound_effect_prompt"].as_str(), body["bgm_prompt"].as_str(), body["asmr_mode"].as_bool()), (Some("waves"), Some("calm piano"), Some(true)));
    assert!(body["video_id"].is_string() && body.get("video_url").is_none(), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lipsync_identifies_the_face_and_the_voice_speaks() {
    let (sim, dir, library) = setup().await;
    let clip = made_clip(&sim, &library, "9:16"); // one face
    let voice = write_wav(dir.path(), "voice.wav", 3000);
    let v = ok(run(kling_in(&sim, &library).arg("--json").arg("lipsync").arg(&clip).arg("--audio").arg(&voice).args(["--volume", "1.5"])));
    assert_eq!(v["kind"], "lip-sync");
    let files = files_of(&v);
    assert_eq!(files.len(), 1);
    let (media, made_from) = filed(&library, &files[0]);
    assert_eq!(media, MediaType::Video);
    assert_eq!(made_from, [(item_id(&library, &clip), "video".to_string())]);
    let body = sim.requests().into_iter().find(|r| r.path.ends_with("advanced-lip-sync")).unwrap().body.unwrap();
    let face = &body["face_choose"][0];
    assert_eq!(
        (face["sound_start_time"].as_u64(), face["sound_end_time"].as_u64(), face["sound_insert_time"].as_u64()),
        (Some(0), Some(3000), Some(0)),
        "the whole voice: {face}"
    );
    assert_eq!(face["sound_volume"].as_f64(), Some(1.5));
    assert!(face["sound_file"].as_str().is_some_and(|s| s.len() > 1000), "the voice's base64 goes with the request");
    assert_eq!(std::fs::read(&voice).unwrap().len(), 44 + 48000, "the voice file is left as it was");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn omni_takes_pictures_and_edits_a_library_clip() {
    let (sim, dir, library) = setup().await;
    let a = write_png(dir.path(), "a.png", 640, 480);
    let b = write_png(dir.path(), "b.png", 640, 480);
    let v = ok(run(kling_in(&sim, &library)
        .args(["--json", "omni", "<<<image_1>>> walks to <<<image_2>>>", "--image"])
        .arg(&a)
        .args(["--frame", "first", "--image"])
        .arg(&b)
        .args(["--frame", "end", "--model", "kling-v3-omni", "--mode", "std", "--duration", "5"])));
    assert_eq!(v["kind"], "omni-video");
    assert!(v["estimate"]["units"].as_f64().is_some_and(|u| u > 0.0), "priced: {v}");
    let (media, _) = filed(&library, &files_of(&v)[0]);
    assert_eq!(media, MediaType::Video);
    let body = sim.requests().into_iter().find(|r| r.path.ends_with("omni-video")).unwrap().body.unwrap();
    assert_eq!((body["image_list"][0]["type"].as_str(), body["image_list"][1]["type"].as_str()), (Some("first_frame"), Some("end_frame")));

    // A clip of the library, edited: sent by the link Kling served it from, linked back.
    let clip = made_clip(&sim, &library, "16:9");
    let v = ok(run(kling_in(&sim, &library).args(["--json", "omni", "make <<<video_1>>> snowy", "--video"]).arg(&clip).args(["--edit"])));
    let files = files_of(&v);
    assert_eq!(filed(&library, &files[0]), (MediaType::Video, vec![(item_id(&library, &clip), "video".to_string())]));
    let body = sim.requests().into_iter().filter(|r| r.path.ends_with("omni-video")).nth(1).unwrap().body.unwrap();
    assert_eq!(body["video_list"][0]["refer_type"], "base");
    assert!(body["video_list"][0]["video_url"].as_str().is_some_and(|u| u.starts_with(sim.url().trim_end_matches('/'))), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_effect_and_motion_file_their_videos_made_from_library_pictures() {
    let (sim, dir, library) = setup().await;
    // Pictures of the library become the results' parents by themselves.
    let picture = ok(run(kling_in(&sim, &library).args(["--json", "image", "a red fox", "--model", "kling-v1", "--aspect", "1:1"])));
    let fox = files_of(&picture)[0].clone();
    let other = write_png(dir.path(), "b.png", 640, 640);

    let v = ok(run(kling_in(&sim, &library).args(["--json", "multi", "two friends meet", "--image"]).arg(&fox).arg("--image").arg(&other)));
    assert_eq!(v["kind"], "multi-image2video");
    let (media, made_from) = filed(&library, &files_of(&v)[0]);
    assert_eq!(media, MediaType::Video);
    assert_eq!(made_from.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), [item_id(&library, &fox)]);

    let scene = kling_api::catalogue::effects().iter().find(|e| e.pictures == 1).unwrap().scene.clone();
    let v = ok(run(kling_in(&sim, &library).args(["--json", "effect", &scene, "--image"]).arg(&fox)));
    assert_eq!(v["kind"], "effects");
    let (media, made_from) = filed(&library, &files_of(&v)[0]);
    assert_eq!((media, made_from.len()), (MediaType::Video, 1));
    let body = sim.requests().into_iter().find(|r| r.path.ends_with("videos/effects")).unwrap().body.unwrap();
    assert_eq!(body["effect_scene"], scene.as_str());

    // Motion: the video is a link (one the emulator served); its length is not known before.
    let clip = ok(run(kling_in(&sim, &library).args(["--json", "video", "a dancer", "--model", "kling-v1", "--duration", "5"])));
    let link = clip["urls"][0].as_str().unwrap().to_string();
    let out = run(kling_in(&sim, &library).arg("motion").arg(&fox).args(["--motion-video", &link, "--orientation", "image", "--keep-sound"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Cost unknown before the task"), "{}", stderr(&out));
    let file = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let (media, made_from) = filed(&library, &file);
    assert_eq!((media, made_from.len()), (MediaType::Video, 1));
    let body = sim.requests().into_iter().find(|r| r.path.ends_with("motion-control")).unwrap().body.unwrap();
    assert_eq!((body["character_orientation"].as_str(), body["keep_original_sound"].as_str()), (Some("image"), Some("yes")));

    // A clip of the library: its length is known, so the cost is (kling-v3 std, 0.9 a second).
    let clip = files_of(&clip)[0].clone();
    let v = ok(run(kling_in(&sim, &library).args(["--json", "motion"]).arg(&fox).arg("--motion-video").arg(&clip).args(["--orientation", "video"])));
    let seconds = Library::open(&library).unwrap().item_at(&clip).unwrap().duration_ms.unwrap() as f64 / 1000.0;
    assert_eq!(v["estimate"]["units"].as_f64(), Some(0.9 * seconds.round()), "{v}");
    let (_, made_from) = filed(&library, &files_of(&v)[0]);
    assert!(made_from.contains(&(item_id(&library, &clip), "video".to_string())), "{made_from:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn effect_list_prints_the_catalogue() {
    let sim = sim().await;
    let v = ok(run(kling(&sim).args(["--json", "effect", "--list"])));
    let effects = v["effects"].as_array().unwrap();
    assert_eq!(effects.len(), kling_api::catalogue::effects().len());
    assert!(effects.iter().any(|e| e["pictures"] == 2) && effects.iter().all(|e| e["scene"].is_string() && e["durations"].is_array()));
    let out = run(kling(&sim).args(["effect", "--list"]));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), effects.len());
    assert_eq!(create_posts(&sim), 0, "a list sends nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_naming_the_cause_and_nothing_is_queued() {
    let (sim, dir, library) = setup().await;
    let picture = write_png(dir.path(), "a.png", 640, 480);
    let before = std::fs::read(&picture).unwrap();

    let missing = dir.path().join("missing.png");
    refused(&run(kling_in(&sim, &library).arg("multi").arg("x").arg("--image").arg(&picture).arg("--image").arg(&missing)), &["--image: picture 2", "missing.png"]);
    refused(&run(kling_in(&sim, &library).args(["effect", "no_such_scene", "--image"]).arg(&picture)), &["\"no_such_scene\"", "kling effect --list"]);
    let five: Vec<&Path> = std::iter::repeat_n(picture.as_path(), 5).collect();
    let mut too_many = kling_in(&sim, &library);
    too_many.args(["multi", "five friends"]);
    for p in &five {
        too_many.arg("--image").arg(p);
    }
    refused(&run(&mut too_many), &["--image: give 1 to 4 pictures (got 5)"]);
    let json = run(kling_in(&sim, &library).args(["--json", "motion"]).arg(&picture).args(["--motion-video", "not-a-link", "--orientation", "video"]));
    assert_eq!(json.status.code(), Some(2));
    let v = json_of(&json);
    assert_eq!(v["error"]["code"], "invalid_input");
    assert!(v["error"]["message"].as_str().unwrap().starts_with("--motion-video: must be an http(s) URL"), "{v}");
    assert_eq!(create_posts(&sim), 0, "nothing reached Kling");

    // A clip the library holds but Kling did not make, and one outside the library.
    let clip = made_clip(&sim, &library, "16:9");
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../studio/tests/fixtures/red-320x180-1s.mp4");
    let mine = library.join("my-own-clip.mp4");
    std::fs::copy(&fixture, &mine).unwrap();
    let outside = dir.path().join("elsewhere.mp4");
    std::fs::copy(&fixture, &outside).unwrap();
    let posts = create_posts(&sim);
    let message = refused(&run(kling_in(&sim, &library).arg("extend").arg(&mine)), &["my-own-clip.mp4 was not made by Kling", "a clip made by Kling"]);
    assert!(!message.contains("upload"), "{message}");
    refused(&run(kling_in(&sim, &library).arg("sound").arg(&outside)), &["elsewhere.mp4 is not in the library", "public https URL"]);
    refused(&run(kling_in(&sim, &library).args(["omni", "x <<<video_1>>>", "--video"]).arg(&mine).arg("--edit")), &["was not made by Kling"]);
    refused(&run(kling_in(&sim, &library).arg("extend").arg(dir.path().join("gone.mp4"))), &["gone.mp4: no such file"]);
    refused(
        &run(kling_in(&sim, &library).arg("motion").arg(&picture).arg("--motion-video").arg(&mine).args(["--orientation", "video"])),
        &["my-own-clip.mp4 was not made by Kling", "kling motion --motion-video needs a clip made by Kling (its file in the library) or a public https URL"],
    );

    // Two faces and no --face: the faces are listed with their times; nothing is queued.
    let voice = write_wav(dir.path(), "voice.wav", 3000);
    let voice_before = std::fs::read(&voice).unwrap();
    refused(
        &run(kling_in(&sim, &library).arg("lipsync").arg(&clip).arg("--audio").arg(&voice)),
        // (The emulator's faces stay to the clip's end, about 5 s in.)
        &["--face: the clip shows 2 faces; choose one with --face N: 1 (0.0 s to 5.", "2 (1.0 s to 5."],
    );
    refused(&run(kling_in(&sim, &library).arg("lipsync").arg(&clip).arg("--audio").arg(&picture)), &["--audio", "a.png must be an .mp3, .wav, .m4a or .aac file"]);
    assert_eq!(
        posts_to(&sim, "advanced-lip-sync")
            + posts_to(&sim, "video-extend")
            + posts_to(&sim, "video-to-audio")
            + posts_to(&sim, "omni-video")
            + posts_to(&sim, "motion-control"),
        0
    );
    assert_eq!(create_posts(&sim), posts + 1, "only the faces were looked for");
    nothing_queued(&sim, &library);
    assert_eq!(std::fs::read(&picture).unwrap(), before, "the picture is left as it was");
    assert_eq!(std::fs::read(&voice).unwrap(), voice_before, "the voice is left as it was");
    assert!(mine.is_file() && clip.is_file() && outside.is_file(), "no clip is lost");
}
