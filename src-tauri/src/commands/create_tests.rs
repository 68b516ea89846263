//! The Create forms' path without the window: the request JSON a form sends and the picture
//! paths beside it, made into a job as the commands make it (`image_job`, `animate_job`), queued
//! with `queue` (the engine's checks), every refusal mapped once to the `AppError` the form
//! shows. Each row: what the form holds, and whether it is queued or refused with a code and the
//! words a person reads. A refusal loses nothing: the queue is unchanged, no input picture is
//! copied into the library, the picked files are left alone, and when the engine then runs, only
//! the accepted jobs reach the API, with their prompts exactly as typed.

use super::*;
use kling_sim::test_pictures::{self, Verdict};
use serde_json::{json, Value};

const AK: &str = "forms-ak";
const SK: &str = "forms-sk-never-shown";

/// What one form sends: the request JSON and the picture fields beside it.
enum Form {
    Image(Value, Option<String>),
    Video(Value),
    Animate(Value, Option<String>, Option<String>),
}

impl Form {
    fn job(&self) -> NewJob {
        fn request<T: serde::de::DeserializeOwned>(v: &Value) -> T {
            serde_json::from_value(v.clone()).expect("the form sends a well-formed request")
        }
        match self {
            Form::Image(r, reference) => image_job(request(r), reference.clone()),
            Form::Video(r) => NewJob::TextToVideo { request: request(r) },
            Form::Animate(r, image, tail) => animate_job(request(r), image.clone(), tail.clone()),
        }
    }

    fn prompt(&self) -> &str {
        let (Form::Image(r, _) | Form::Video(r) | Form::Animate(r, _, _)) = self;
        r["prompt"].as_str().unwrap_or("")
    }
}

struct Row {
    what: String,
    form: Form,
    /// None: queued. Some: refused with ("invalid_input", these words).
    refused: Option<String>,
}

fn rows(pictures: &[test_pictures::TestPicture]) -> Vec<Row> {
    let good = pictures.iter().find(|p| p.verdict == Verdict::Accepted).expect("a good picture").path.display().to_string();
    let gif = pictures.iter().find(|p| p.what == "a GIF").expect("a GIF").path.display().to_string();
    let long = "x".repeat(2501);
    let image = |fields: Value| Form::Image(with_defaults(fields), None);
    let video = |fields: Value| Form::Video(with_defaults(fields));
    let row = |what: &str, form: Form, refused: Option<&str>| Row { what: what.into(), form, refused: refused.map(String::from) };
    let mut rows = vec![
        row("a picture with RTL and emoji", image(json!({ "prompt": "a fox 🦊 on a roof, قطة على سطح" })), None),
        row("an empty prompt", image(json!({ "prompt": "" })), Some("Prompt: must not be empty")),
        row("a blank prompt", video(json!({ "prompt": " \n\t " })), Some("Prompt: must not be empty")),
        row("a prompt over the limit", image(json!({ "prompt": long })), Some("Prompt: must be at most 2500 characters (got 2501)")),
        row("a NUL in the prompt", video(json!({ "prompt": "a fox\u{0}" })), Some("Prompt: contains control characters (U+0000 at character 6)")),
        row("a negative prompt over the limit", image(json!({ "prompt": "ok", "negative_prompt": long })), Some("Negative prompt: must be at most 2500 characters")),
        row("n = 10", image(json!({ "prompt": "ok", "n": 10 })), Some("N: must be between 1 and 9 (got 10)")),
        row("n = 0", image(json!({ "prompt": "ok", "n": 0 })), Some("N: must be between 1 and 9 (got 0)")),
        // A model nobody knows is sent (Kling decides); one known for videos is refused here.
        row("a video model for a picture", image(json!({ "prompt": "ok", "model_name": "kling-v1-6" })), Some("Model name: \"kling-v1-6\" is not an image model")),
        row("21:9 on kling-v1", image(json!({ "prompt": "ok", "aspect_ratio": "21:9" })), Some("Aspect ratio: 21:9 is not offered by kling-v1")),
        row("fidelity 1.5", image(json!({ "prompt": "ok", "image_fidelity": 1.5 })), Some("Image fidelity: must be between 0 and 1 (got 1.5)")),
        row(
            "kling-v1-5 with a reference but no reference kind",
            Form::Image(with_defaults(json!({ "prompt": "ok", "model_name": "kling-v1-5" })), Some(good.clone())),
            Some("Image reference: kling-v1-5 needs subject or face"),
        ),
        row(
            "a reference URL without a host",
            Form::Image(with_defaults(json!({ "prompt": "ok" })), Some("http://".into())),
            Some("Image: \"http://\" is not a valid URL"),
        ),
        row("cfg 2", video(json!({ "prompt": "ok", "cfg_scale": 2.0 })), Some("Cfg scale: must be between 0 and 1 (got 2)")),
        row(
            "cfg on kling-v2-master",
            video(json!({ "prompt": "ok", "model_name": "kling-v2-master", "cfg_scale": 0.5 })),
            Some("kling-v2-master does not take cfg_scale"),
        ),
        row(
            "a camera move on two axes",
            video(
                json!({ "prompt": "ok", "camera_control": { "type": "simple", "config": { "horizontal": 0, "vertical": 0, "pan": 3, "tilt": 0, "roll": 0, "zoom": 5 } } }),
            ),
            Some("Camera control: the simple move takes exactly one non-zero axis (got 2)"),
        ),
        row(
            "a camera move where there is none (pro, 10 s)",
            video(json!({ "prompt": "ok", "mode": "pro", "duration": "10", "camera_control": { "type": "down_back" } })),
            Some("Camera control: camera control is not available"),
        ),
        row("a blank external id", video(json!({ "prompt": "ok", "external_task_id": "  " })), Some("External task id: must not be empty")),
        row("animate with no picture", Form::Animate(with_defaults(json!({})), None, None), Some("Image: give a picture to animate")),
        row("animate with a blank path", Form::Animate(with_defaults(json!({})), Some("   ".into()), None), Some("Image: give a picture to animate")),
        row(
            "a GIF as the end frame",
            Form::Animate(with_defaults(json!({ "model_name": "kling-v1-5", "mode": "pro" })), Some(good.clone()), Some(gif.clone())),
            Some(&format!("Image tail: {gif} is a GIF picture")),
        ),
        row(
            "animate with escapes in the prompt",
            Form::Animate(with_defaults(json!({ "prompt": "\u{1b}[1mbold" })), Some(good.clone()), None),
            Some("Prompt: contains control characters"),
        ),
        row("animate a good picture", Form::Animate(with_defaults(json!({ "prompt": "the leaves move" })), Some(good.clone()), None), None),
    ];
    for picture in pictures {
        let path = Some(picture.path.display().to_string());
        // The good ones are queued by the rows above; the bad ones are refused with the check's words.
        if let Verdict::Refused(says) = picture.verdict {
            rows.push(Row { what: format!("animate {}", picture.what), form: Form::Animate(with_defaults(json!({})), path, None), refused: Some(says.into()) });
        }
    }
    rows
}

/// The model the forms start with, under the fields a row sets.
fn with_defaults(fields: Value) -> Value {
    let mut request = json!({ "model_name": "kling-v1" });
    request.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_form_is_refused_with_an_app_error_and_loses_nothing() {
    let sim = kling_sim::Sim::start(kling_sim::SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let picked = dir.path().join("picked");
    std::fs::create_dir(&picked).unwrap();
    let pictures = test_pictures::write_all(&picked);
    let files_before = contents(&picked);
    let library = std::sync::Arc::new(studio::Library::open(dir.path().join("library")).unwrap());
    let client = kling_api::KlingClient::new(kling_api::ClientConfig::new(sim.url(), kling_api::Credentials::new(AK, SK))).unwrap();
    let engine = studio::Engine::new(library.clone(), client, studio::EngineConfig::fast());

    let rows = rows(&pictures);
    let mut failures = Vec::new();
    let mut queued = Vec::new();
    for row in &rows {
        let jobs_before = engine.jobs(1000).unwrap().len();
        let inputs_before = contents(&library.root().join(studio::library::INPUTS_DIR));
        match (queue(&engine, row.form.job()), &row.refused) {
            (Ok(job), None) => queued.push((job, row.form.prompt().to_string())),
            (Ok(_), Some(says)) => failures.push(format!("{}: queued, should be refused saying {says:?}", row.what)),
            (Err(e), None) => failures.push(format!("{}: refused, should be queued: {e:?}", row.what)),
            (Err(e), Some(says)) => {
                if e.code != kling_api::ErrorCode::InvalidInput || !e.message.contains(says.as_str()) {
                    failures.push(format!("{}: {e:?}, should be invalid_input saying {says:?}", row.what));
                }
                let plain = !e.message.contains('\n') && !e.message.contains("{ ") && !e.message.contains(SK);
                if !plain || !e.message.starts_with(|c: char| c.is_uppercase()) {
                    failures.push(format!("{}: not one plain sentence: {:?}", row.what, e.message));
                }
                if engine.jobs(1000).unwrap().len() != jobs_before {
                    failures.push(format!("{}: the queue changed", row.what));
                }
                if contents(&library.root().join(studio::library::INPUTS_DIR)) != inputs_before {
                    failures.push(format!("{}: an input picture was copied into the library", row.what));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
    assert_eq!(contents(&picked), files_before, "the picked files were left alone, and nothing was written beside them");

    // The engine runs: only the queued jobs reach the API, with their prompts as typed.
    assert!(sim.requests().is_empty(), "nothing is sent while forms are checked");
    let ids: Vec<String> = queued.iter().map(|(job, _)| job.id.clone()).collect();
    let finished = tokio::time::timeout(std::time::Duration::from_secs(120), engine.run_until_finished(&ids)).await.expect("the queued jobs finish").unwrap();
    let sent: Vec<String> = sim.requests().iter().filter(|r| r.method == "POST").filter_map(|r| r.body.as_ref()?["prompt"].as_str().map(String::from)).collect();
    let mut expected: Vec<String> = queued.iter().map(|(_, prompt)| prompt.clone()).collect();
    let mut sent_sorted = sent.clone();
    sent_sorted.sort();
    expected.sort();
    assert_eq!(sent_sorted, expected, "one create per queued job, prompt byte for byte");
    assert!(finished.iter().all(|j| j.state == studio::JobState::Done), "{finished:?}");
}

/// Files below `dir` with their bytes (an absent folder is empty): what "left alone" compares.
fn contents(dir: &std::path::Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            let path = e.path();
            let bytes = std::fs::symlink_metadata(&path).ok().filter(|m| m.is_file()).and_then(|_| std::fs::read(&path).ok());
            (path, bytes)
        })
        .collect();
    found.sort();
    found
}

/// A picture dropped on the window or picked in the dialog (`check_picture`): the picture bombs
/// (issue 12, item 2) are refused from their headers with the words the form shows, and a good
/// picture still passes with its size.
#[test]
fn dropped_picture_bombs_are_refused_before_decoding() {
    let dir = tempfile::tempdir().unwrap();
    let says = [
        ("progressive-65000x65000.jpg", "is 65000×65000 px; pictures may have at most 67 megapixels"),
        ("bomb-30000x30000.png", "is 30000×30000 px; pictures may have at most 67 megapixels"),
        ("canvas-16383x16383.webp", "is a WEBP picture; Kling takes only JPG or PNG"),
    ];
    for (name, bytes) in test_pictures::bombs() {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let words = says.iter().find(|(n, _)| *n == name).expect("every bomb has its words").1;
        match check_picture_file(path.display().to_string()) {
            Err(e) => assert!(e.code == kling_api::ErrorCode::InvalidInput && e.message.contains(name) && e.message.contains(words), "{name}: {e:?}"),
            Ok(checked) => panic!("{name} passed the check: {checked:?}"),
        }
    }
    let good = test_pictures::write_picture(dir.path(), "good.png", 640, 480, image::ImageFormat::Png);
    let checked = check_picture_file(good.display().to_string()).unwrap();
    assert_eq!((checked.width, checked.height), (640, 480));
}
