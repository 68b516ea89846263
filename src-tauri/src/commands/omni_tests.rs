//! The Omni and Multi forms' path without the window: what a form sends, made into a job as the
//! commands make it (`omni_job`, `multi_image_job`) and queued as they queue it. Each bad form
//! is refused with the field named and loses nothing (the queue and the library's inputs are
//! unchanged); a library clip is sent by the link Kling gave for it and becomes the result's
//! parent; a clip Kling did not make is refused without being sent anywhere.

use super::*;
use kling_api::ErrorCode;
use kling_sim::test_pictures;
use serde_json::{json, Value};
use std::time::Duration;

const AK: &str = "omni-ak";
const SK: &str = "omni-sk-never-shown";

struct Setup {
    sim: kling_sim::Sim,
    dir: tempfile::TempDir,
    library: Arc<Library>,
    engine: studio::Engine,
}

async fn setup() -> Setup {
    let sim = kling_sim::Sim::start(kling_sim::SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    let client = kling_api::KlingClient::new(kling_api::ClientConfig::new(sim.url(), kling_api::Credentials::new(AK, SK))).unwrap();
    let engine = studio::Engine::new(library.clone(), client, studio::EngineConfig::fast());
    Setup { sim, dir, library, engine }
}

impl Setup {
    fn picture(&self, name: &str) -> String {
        test_pictures::write_picture(self.dir.path(), name, 640, 480, image::ImageFormat::Png).display().to_string()
    }

    async fn finish(&self, job: &Job) -> Job {
        let ids = [job.id.clone()];
        let done = tokio::time::timeout(Duration::from_secs(60), self.engine.run_until_finished(&ids)).await.expect("the job finishes in time").unwrap();
        assert_eq!(done[0].state, studio::JobState::Done, "{:?}", done[0]);
        done[0].clone()
    }

    fn inputs(&self) -> usize {
        std::fs::read_dir(self.library.root().join(studio::library::INPUTS_DIR)).map(|d| d.count()).unwrap_or(0)
    }

    /// Refused with `says` (which names the field); nothing queued, nothing copied in.
    #[track_caller]
    fn refused(&self, result: AppResult<(NewJob, Vec<ParentInput>)>, says: &str) {
        let (jobs, inputs) = (self.engine.jobs(100).unwrap().len(), self.inputs());
        let queued = result.and_then(|(job, parents)| queue(&self.engine, job, &parents));
        let e = queued.expect_err(&format!("should be refused saying {says:?}"));
        assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
        assert!(e.message.contains(says), "{:?} should say {says:?}", e.message);
        assert!(!e.message.contains(SK));
        assert_eq!(self.engine.jobs(100).unwrap().len(), jobs, "nothing queued");
        assert_eq!(self.inputs(), inputs, "no picture copied into the library");
    }
}

fn omni(fields: Value) -> OmniVideoRequest {
    let mut request = json!({ "model_name": "kling-v3-omni", "prompt": "<<<image_1>>> walks along the shore", "aspect_ratio": "16:9", "duration": "5" });
    request.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    serde_json::from_value(request).expect("the form sends a well-formed request")
}

fn reference(path: &str) -> OmniPicture {
    OmniPicture { path: path.into(), frame: None }
}

fn url_clip(url: &str, refer_type: ReferType) -> OmniClip {
    OmniClip { source: ClipSource::Url { url: url.into() }, refer_type, keep_original_sound: true }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_omni_forms_are_refused_with_the_field_named_and_lose_nothing() {
    let s = setup().await;
    let a = s.picture("a.png");
    let pics = |n: usize| (0..n).map(|_| reference(&a)).collect::<Vec<_>>();
    let job = |request: OmniVideoRequest, pictures: &[OmniPicture], clip: Option<&OmniClip>| omni_job(&s.library, request, pictures, clip);
    let web = url_clip("https://example.com/clip.mp4", ReferType::Feature);
    s.refused(job(omni(json!({ "prompt": " " })), &pics(1), None), "Prompt: must not be empty");
    s.refused(job(omni(json!({ "prompt": "<<<image_2>>> waves" })), &pics(1), None), "image_2");
    s.refused(job(omni(json!({})), &pics(8), None), "Image list: pictures and elements together are at most 7");
    s.refused(job(omni(json!({})), &pics(5), Some(&web)), "at most 4 with a video");
    s.refused(job(omni(json!({ "mode": "4k", "model_name": "kling-video-o1" })), &pics(1), None), "Mode: 4k is not offered by kling-video-o1");
    s.refused(job(omni(json!({ "sound": "on" })), &pics(1), Some(&web)), "Sound:");
    s.refused(job(omni(json!({ "aspect_ratio": null })), &pics(1), None), "Aspect ratio: choose 16:9");
    let end_only = [OmniPicture { path: a.clone(), frame: Some(FrameType::EndFrame) }];
    s.refused(job(omni(json!({ "aspect_ratio": null })), &end_only, None), "Image list: an end frame needs a first frame");
    let first = [OmniPicture { path: a.clone(), frame: Some(FrameType::FirstFrame) }];
    let base = url_clip("https://example.com/clip.mp4", ReferType::Base);
    s.refused(job(omni(json!({ "aspect_ratio": null })), &first, Some(&base)), "Image list: frames cannot be combined with editing a video");
    s.refused(job(omni(json!({})), &pics(1), Some(&url_clip("file:///home/me/clip.mp4", ReferType::Feature))), "Video list: must be an http(s) URL");
    s.refused(job(omni(json!({})), &[reference("  ")], None), "Image list: a picture has no file");
    // A file that is not a picture passes the rules but not the engine's check of the file.
    let gif = s.dir.path().join("not.gif");
    std::fs::write(&gif, b"GIF89a\x01\x00\x01\x00\x00\x00\x00").unwrap();
    s.refused(job(omni(json!({})), &[reference(&gif.display().to_string())], None), "Image list:");
    // A clip in the library that Kling did not make is never sent: refused, naming the field.
    let still = queue(&s.engine, NewJob::Image { request: kling_api::ImageRequest::new("a red door"), image: None }, &[]).unwrap();
    let still = s.finish(&still).await;
    let not_kling = OmniClip { source: ClipSource::Library { item_id: still.item_ids[0].clone() }, refer_type: ReferType::Base, keep_original_sound: false };
    s.refused(job(omni(json!({ "aspect_ratio": null, "prompt": "make it night" })), &[], Some(&not_kling)), "Video list: this clip was not made by Kling");
    let unknown = OmniClip { source: ClipSource::Library { item_id: "no-such-item".into() }, ..not_kling };
    let Err(e) = job(omni(json!({ "aspect_ratio": null, "prompt": "make it night" })), &[], Some(&unknown)) else { panic!("an unknown item is refused") };
    assert_eq!(e.code, ErrorCode::NotFound, "{e:?}");
    let posted = s.sim.requests().iter().filter(|r| r.method == "POST" && r.path.contains("omni")).count();
    assert_eq!(posted, 0, "nothing refused reached the API");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_library_clip_is_sent_by_its_kling_link_and_becomes_the_parent() {
    let s = setup().await;
    let clip = queue(&s.engine, NewJob::TextToVideo { request: kling_api::TextToVideoRequest::new("waves at dusk") }, &[]).unwrap();
    let clip = s.finish(&clip).await;
    let clip_id = clip.item_ids[0].clone();
    let kling_url = s.library.sidecar(&clip_id).unwrap().unwrap().original_url.unwrap();
    let a = s.picture("a.png");
    let edit = OmniClip { source: ClipSource::Library { item_id: clip_id.clone() }, refer_type: ReferType::Feature, keep_original_sound: false };
    let request = omni(json!({ "prompt": "<<<image_1>>> in the style of <<<video_1>>>" }));
    let (job, parents) = omni_job(&s.library, request, &[reference(&a)], Some(&edit)).unwrap();
    let job = queue(&s.engine, job, &parents).unwrap();
    let done = s.finish(&job).await;
    let sent = s.sim.requests().into_iter().rev().find(|r| r.method == "POST" && r.path.ends_with("/omni-video")).expect("the create was sent");
    let body = sent.body.unwrap();
    assert_eq!(body["video_list"][0]["video_url"], kling_url.as_str());
    assert_eq!(body["video_list"][0]["refer_type"], "feature");
    assert_eq!(body["prompt"], "<<<image_1>>> in the style of <<<video_1>>>");
    assert!(body["image_list"][0]["image_url"].as_str().unwrap().len() > 100, "the picture went as base64");
    let made_from: Vec<String> = s.library.made_from(&done.item_ids[0]).unwrap().iter().map(|p| format!("{p:?}")).collect();
    assert!(made_from.iter().any(|p| p.contains(&clip_id)), "the clip is the parent: {made_from:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clip_kling_no_longer_keeps_is_refused_before_sending() {
    let s = setup().await;
    let clip = queue(&s.engine, NewJob::TextToVideo { request: kling_api::TextToVideoRequest::new("waves at dusk") }, &[]).unwrap();
    let clip_id = s.finish(&clip).await.item_ids[0].clone();
    let finished = s.library.sidecar(&clip_id).unwrap().unwrap().finished_at;
    let day = 24 * 3600 * 1000;
    assert!(library_clip_url(&s.library, &clip_id, finished + 29 * day).is_ok(), "a clip of 29 days is still at Kling");
    let e = library_clip_url(&s.library, &clip_id, finished + 31 * day).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.starts_with("Video list: Kling made this clip 31 days ago"), "{}", e.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_image_forms_are_checked_and_queued() {
    let s = setup().await;
    let (a, b) = (s.picture("a.png"), s.picture("b.png"));
    let request = |fields: Value| -> MultiImageToVideoRequest {
        let mut r = json!({ "model_name": "kling-v1-6", "prompt": "two friends meet", "mode": "std", "duration": "5", "aspect_ratio": "16:9" });
        r.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
        serde_json::from_value(r).expect("the form sends a request without its pictures")
    };
    let refused = |job: AppResult<NewJob>, says: &str| {
        let jobs = s.engine.jobs(100).unwrap().len();
        let e = job.and_then(|j| queue(&s.engine, j, &[])).expect_err(says);
        assert!(e.code == ErrorCode::InvalidInput && e.message.contains(says), "{e:?} should say {says:?}");
        assert_eq!(s.engine.jobs(100).unwrap().len(), jobs, "nothing queued");
    };
    let five = vec![a.clone(); 5];
    refused(multi_image_job(request(json!({})), &five), "Image list: give 1 to 4 pictures (got 5)");
    refused(multi_image_job(request(json!({})), &[]), "Image list: give 1 to 4 pictures (got 0)");
    refused(multi_image_job(request(json!({ "prompt": "" })), &[a.clone(), b.clone()]), "Prompt: must not be empty");
    refused(multi_image_job(request(json!({ "duration": "7" })), &[a.clone(), b.clone()]), "Duration:");
    refused(multi_image_job(request(json!({ "mode": "4k" })), &[a.clone(), b.clone()]), "Mode: 4k is not offered");
    assert_eq!(check_multi_image(request(json!({})), vec![a.clone(); 5]).as_deref(), Some("Image list: give 1 to 4 pictures (got 5)"));
    assert_eq!(check_multi_image(request(json!({})), vec![a.clone(), b.clone()]), None);

    let job = queue(&s.engine, multi_image_job(request(json!({})), &[a, b]).unwrap(), &[]).unwrap();
    s.finish(&job).await;
    let sent = s.sim.requests().into_iter().find(|r| r.method == "POST" && r.path.ends_with("/multi-image2video")).expect("sent");
    let body = sent.body.unwrap();
    assert_eq!(body["image_list"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["prompt"], "two friends meet");
}
