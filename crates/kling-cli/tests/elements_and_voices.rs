//! `kling elements …` and `kling voices …` as a person types them: the real `kling`, the
//! emulator on loopback, a library per test. An element is made from a file and a link, kept in
//! the library with its pictures, listed beside Kling's presets, deleted (kept, marked); a voice
//! likewise with its trial sound; bad input is refused on one line naming the flag, nothing sent.

mod common;

use common::*;
use serde_json::Value;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(90);

fn listed<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key].as_array().unwrap_or_else(|| panic!("no {key} in {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_element_is_made_listed_and_deleted() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let front = write_png(dir.path(), "mia.png", 600, 800);
    let mut create = kling_in(&sim, &library);
    create.args(["--json", "elements", "create", "Mia", "--description", "a girl in a yellow raincoat", "--image"]).arg(&front);
    create.args(["--image", "https://example.com/side.png", "--tag", "character", "--voice", "preset-voice-1"]);
    let made = ok(run_within(&mut create, LIMIT));
    assert_eq!(made["made"], true, "{made}");
    let element = &made["element"];
    let id = element["element_id"].as_str().unwrap().to_string();
    assert_eq!((element["name"].as_str(), element["voice_name"].as_str()), (Some("Mia"), Some("Warm narrator")));
    assert_eq!(element["tags"], serde_json::json!(["Character"]));
    let pictures: Vec<String> = element["pictures"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    assert_eq!(pictures.len(), 2);
    assert!(pictures.iter().all(|p| std::path::Path::new(p).starts_with(library.join("elements").join(&id))), "{pictures:?}");
    assert_eq!(image::open(&pictures[0]).unwrap().to_rgb8().dimensions(), (600, 800), "the front picture as given");
    let sent = sim.requests().into_iter().find(|r| r.method == "POST").unwrap().body.unwrap();
    assert_eq!(sent["tag_list"], serde_json::json!([{ "tag_id": "o_102" }]));

    let all = ok(run_within(kling_in(&sim, &library).args(["--json", "elements", "list"]), LIMIT));
    let elements = listed(&all, "elements");
    assert_eq!(elements.iter().filter(|e| e["preset"] == false).count(), 1);
    assert!(elements.iter().filter(|e| e["preset"] == true).count() >= 4, "{all}");
    let own = ok(run_within(kling_in(&sim, &library).args(["--json", "elements", "list", "--own"]), LIMIT));
    assert_eq!(listed(&own, "elements").len(), 1);
    let text = run_within(kling_in(&sim, &library).args(["elements", "list"]), LIMIT);
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(text.contains(&id) && text.contains("yours") && text.contains("Kling"), "{text}");

    ok(run_within(kling_in(&sim, &library).args(["--json", "elements", "delete", &id]), LIMIT));
    let own = ok(run_within(kling_in(&sim, &library).args(["--json", "elements", "list", "--own"]), LIMIT));
    assert_eq!(listed(&own, "elements")[0]["deleted"], true, "kept, marked deleted: {own}");
    let preset = elements.iter().find(|e| e["preset"] == true).unwrap()["element_id"].as_str().unwrap().to_string();
    let out = run_within(kling_in(&sim, &library).args(["elements", "delete", &preset]), LIMIT);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("presets"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voice_is_made_from_a_recording_and_a_failed_one_says_why() {
    let sim = sim().await;
    sim.update(|c| c.failing_word = Some("doomed".into()));
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let made = ok(run_within(kling_in(&sim, &library).args(["--json", "voices", "create", "Narrator", "--url", "https://example.com/me.wav"]), LIMIT));
    let voice = &made["voice"];
    assert_eq!(voice["name"], "Narrator");
    let trial = std::fs::read(voice["trial"].as_str().unwrap()).unwrap();
    assert!(trial.starts_with(b"ID3") || trial[0] == 0xFF, "an mp3");
    let all = ok(run_within(kling_in(&sim, &library).args(["--json", "voices", "list"]), LIMIT));
    assert!(listed(&all, "voices").len() >= 5, "{all}");
    let id = voice["voice_id"].as_str().unwrap();
    ok(run_within(kling_in(&sim, &library).args(["--json", "voices", "delete", id]), LIMIT));

    let out = run_within(kling_in(&sim, &library).args(["voices", "create", "Doomed", "--url", "https://example.com/doomed.mp3"]), LIMIT);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert!(stderr(&out).contains("risk control"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_naming_the_flag_with_nothing_sent() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let front = write_png(dir.path(), "front.png", 600, 800);
    let tiny = write_png(dir.path(), "tiny.png", 100, 100);
    let (front, tiny) = (front.to_str().unwrap(), tiny.to_str().unwrap());
    let long = "n".repeat(21);
    each_refused_with_nothing_sent(
        &sim,
        &library,
        &[
            (vec!["elements", "create", "Mia", "--description", "a girl", "--image", front], vec!["--image", "1 to 3 more"]),
            (vec!["elements", "create", "Mia", "--description", "a girl", "--image", tiny, "--image", front], vec!["--image", "300"]),
            (vec!["elements", "create", "Mia", "--description", "a girl", "--image", front, "--image", front, "--tag", "hat"], vec!["--tag", "Character"]),
            (vec!["elements", "create", &long, "--description", "a girl", "--image", front, "--image", front], vec!["NAME", "20"]),
            (vec!["elements", "create", "Mia", "--description", "a girl", "--image", front, "--image", "/no/such.png"], vec!["--image", "/no/such.png"]),
            (vec!["elements", "create", "Leo", "--description", "a man", "--clip", "ftp://x/leo.mp4"], vec!["--clip"]),
            (vec!["voices", "create", "Me"], vec!["--url"]),
            (vec!["voices", "create", "Me", "--url", "https://e.com/a.mp3", "--video", "123"], vec!["--video"]),
            (vec!["voices", "create", &long, "--url", "https://e.com/a.mp3"], vec!["NAME", "20"]),
        ],
    );
}
