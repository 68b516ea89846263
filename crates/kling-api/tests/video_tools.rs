//! The video tools' client calls against a scripted server: each create goes to its own path with
//! the documented body and an external id, identify-face answers typed faces and is not sent
//! twice when its answer is lost, and a video-to-audio task reads back its audio files.

mod common;

use common::script::{task_json, Reply, Script};
use common::*;
use kling_api::*;
use serde_json::json;

fn picture(name: &str) -> ImageInput {
    ImageInput::Url(format!("https://example.com/{name}.png"))
}

#[tokio::test]
async fn each_tool_creates_on_its_own_path_with_an_external_id() {
    let script = Script::start(|seen, i| Reply::Ok(task_json(&format!("t{i}"), 1, seen.json()["external_task_id"].as_str()))).await;
    let client = client_for(&script.url(), AK, SK);
    let omni = OmniVideoRequest { model_name: "kling-v3-omni".into(), aspect_ratio: Some(AspectRatio::R16x9), ..OmniVideoRequest::new("a walk") };
    let face = FaceChoice {
        face_id: "0".into(),
        audio_id: Some("a-1".into()),
        sound_file: None,
        sound_start_time: 0,
        sound_end_time: 2_000,
        sound_insert_time: 0,
        sound_volume: None,
        original_audio_volume: None,
    };
    let tasks = [
        client.create_omni_video(&omni).await,
        client.create_multi_image_to_video(&MultiImageToVideoRequest::new(vec![picture("a"), picture("b")], "they meet")).await,
        client.create_video_extend(&VideoExtendRequest::new("v-1")).await,
        client.create_lip_sync(&LipSyncRequest::new("s-1", face)).await,
        client.create_effects(&EffectsRequest::dual("hug_pro", picture("a"), picture("b"))).await,
        client.create_video_to_audio(&VideoToAudioRequest::by_id("v-1")).await,
        client.create_motion_control(&MotionControlRequest::new(picture("me"), "https://example.com/d.mp4", CharacterOrientation::Video, Mode::Pro)).await,
    ];
    for task in &tasks {
        assert!(task.is_ok(), "{task:?}");
    }
    let paths: Vec<String> = script.seen().iter().map(|s| format!("{} {}", s.method, s.target)).collect();
    assert_eq!(
        paths,
        [
            "POST /v1/videos/omni-video",
            "POST /v1/videos/multi-image2video",
            "POST /v1/videos/video-extend",
            "POST /v1/videos/advanced-lip-sync",
            "POST /v1/videos/effects",
            "POST /v1/audio/video-to-audio",
            "POST /v1/videos/motion-control"
        ]
    );
    for seen in script.seen() {
        let body = seen.json();
        assert!(body["external_task_id"].as_str().is_some_and(|e| !e.is_empty()), "{}: {body}", seen.target);
    }
    assert_eq!(script.seen()[4].json()["input"], json!({ "images": ["https://example.com/a.png", "https://example.com/b.png"] }));
}

#[tokio::test]
async fn an_invalid_tool_request_is_never_sent() {
    let script = Script::start(|_, _| Reply::Ok(task_json("t", 1, None))).await;
    let client = client_for(&script.url(), AK, SK);
    let wrong =
        OmniVideoRequest { image_list: Some(vec![OmniImage::reference(picture("a"))]), aspect_ratio: Some(AspectRatio::R1x1), ..OmniVideoRequest::new("<<<image_2>>>") };
    let e = client.create_omni_video(&wrong).await.unwrap_err();
    assert!(matches!(&e, KlingError::Validation(v) if v.field == "prompt"), "{e:?}");
    let e = client.create_effects(&EffectsRequest::single("hug_pro", picture("a"))).await.unwrap_err();
    assert!(matches!(&e, KlingError::Validation(v) if v.field == "input"), "{e:?}");
    let e = client.identify_face(&IdentifyFaceRequest { video_id: None, video_url: None }).await.unwrap_err();
    assert!(matches!(&e, KlingError::Validation(v) if v.field == "video_id"), "{e:?}");
    assert_eq!(script.seen().len(), 0);
}

#[tokio::test]
async fn identify_face_answers_typed_faces() {
    let script = Script::start(|_, _| {
        Reply::Ok(json!({ "session_id": "sess-9", "final_unit_deduction": "0.05",
            "face_data": [{ "face_id": "0", "face_image": "https://cdn.example/f0.png", "start_time": 0, "end_time": 5200 },
                          { "face_id": "1", "face_image": "https://cdn.example/f1.png", "start_time": 1200, "end_time": 4000 }] }))
    })
    .await;
    let client = client_for(&script.url(), AK, SK);
    let faces = client.identify_face(&IdentifyFaceRequest::by_url("https://example.com/talk.mp4")).await.unwrap();
    assert_eq!(faces.session_id, "sess-9");
    assert_eq!(faces.face_data.len(), 2);
    let second = faces.face("1").unwrap();
    assert_eq!((second.start_time, second.end_time, second.face_image.as_str()), (1_200, 4_000, "https://cdn.example/f1.png"));
    let seen = script.seen();
    assert_eq!((seen[0].method.as_str(), seen[0].target.as_str()), ("POST", "/v1/videos/identify-face"));
    assert_eq!(seen[0].json(), json!({ "video_url": "https://example.com/talk.mp4" }));
    // Checked against the face it names.
    let choice = FaceChoice {
        face_id: "1".into(),
        audio_id: Some("a".into()),
        sound_file: None,
        sound_start_time: 0,
        sound_end_time: 3_000,
        sound_insert_time: 3_000,
        sound_volume: None,
        original_audio_volume: None,
    };
    let e = LipSyncRequest::new(faces.session_id.clone(), choice).validate_with(LipSyncFacts { face: Some(second), video_ms: None }).unwrap_err();
    assert_eq!(e.field, "sound_insert_time");
}

#[tokio::test]
async fn identify_face_is_not_sent_again_when_its_answer_is_lost_and_a_bad_session_is_refused() {
    let script = Script::start(|_, _| Reply::Close).await;
    let client = client_for(&script.url(), AK, SK);
    assert!(client.identify_face(&IdentifyFaceRequest::by_id("v-1")).await.is_err());
    assert_eq!(script.count("POST"), 1, "a charged call whose answer was lost is not repeated");
    // A rate limit answered before anything was done is retried.
    let limited = Script::start(|_, i| if i == 0 { Reply::Error(429, 1302) } else { Reply::Ok(json!({ "session_id": "s", "face_data": [] })) }).await;
    let client = client_for(&limited.url(), AK, SK);
    assert_eq!(client.identify_face(&IdentifyFaceRequest::by_id("v-1")).await.unwrap().session_id, "s");
    assert_eq!(limited.count("POST"), 2);
    // The session id goes into the next request: one that is not an id is refused.
    let hostile = Script::start(|_, _| Reply::Ok(json!({ "session_id": "../../x y", "face_data": [] }))).await;
    let client = client_for(&hostile.url(), AK, SK);
    let e = client.identify_face(&IdentifyFaceRequest::by_id("v-1")).await.unwrap_err();
    assert!(matches!(e, KlingError::Malformed { .. }), "{e:?}");
}

#[tokio::test]
async fn a_video_to_audio_task_reads_back_its_audio_and_parent_video() {
    let script = Script::start(|_, _| {
        Reply::Ok(json!({ "task_id": "t1", "task_status": "succeed",
            "task_info": { "parent_video": { "id": "p", "url": "https://cdn.example/p.mp4", "duration": "6.0" } },
            "task_result": { "videos": [{ "id": "v", "url": "https://cdn.example/v.mp4", "duration": "6.0" }],
                             "audios": [{ "id": "a", "url_mp3": "https://cdn.example/a.mp3", "url_wav": "https://cdn.example/a.wav", "duration_mp3": "6.0", "duration_wav": "6.0" }] } }))
    })
    .await;
    let client = client_for(&script.url(), AK, SK);
    let task = client.get_task(TaskKind::VideoToAudio, "t1").await.unwrap();
    assert_eq!(script.seen()[0].target, "/v1/audio/video-to-audio/t1");
    assert_eq!(task.media_urls(), ["https://cdn.example/v.mp4"]);
    assert_eq!(task.audio_urls(), ["https://cdn.example/a.mp3", "https://cdn.example/a.wav"]);
    check_result_count(TaskKind::VideoToAudio, task.media_urls().len()).unwrap();
    check_audio_results(TaskKind::VideoToAudio, &task.task_result.audios).unwrap();
    assert_eq!(task.task_info.parent_video.map(|p| p.id), Some("p".to_string()));
    // Listing a tool's tasks uses its path too.
    let _ = client.list_tasks(TaskKind::LipSync, 1, 30).await;
    assert_eq!(script.seen()[1].target, "/v1/videos/advanced-lip-sync?pageNum=1&pageSize=30");
}

#[tokio::test]
async fn a_lost_lip_sync_create_is_not_sent_again() {
    // Lip-sync tasks do not name their external id, so a lost answer cannot be looked up.
    let script = Script::start(|seen, _| if seen.method == "POST" { Reply::Close } else { Reply::Ok(json!([])) }).await;
    let client = client_for(&script.url(), AK, SK);
    let face = FaceChoice {
        face_id: "0".into(),
        audio_id: Some("a-1".into()),
        sound_file: None,
        sound_start_time: 0,
        sound_end_time: 2_000,
        sound_insert_time: 0,
        sound_volume: None,
        original_audio_volume: None,
    };
    let e = client.create_lip_sync(&LipSyncRequest::new("s-1", face)).await.unwrap_err();
    assert!(matches!(e, KlingError::SubmitUncertain { kind: TaskKind::LipSync }), "{e:?}");
    assert_eq!(script.count("POST"), 1);
}
