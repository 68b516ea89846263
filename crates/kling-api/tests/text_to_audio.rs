//! Text-to-audio against a scripted server: the duration travels as a JSON number, a bad request
//! never leaves the machine, and a finished task reads back a sound and nothing to show.

mod common;

use common::script::{task_json, Reply, Script};
use common::*;
use kling_api::*;
use serde_json::json;

#[tokio::test]
async fn a_sound_from_words_is_sent_as_documented_and_read_back_as_audio_only() {
    let script = Script::start(|seen, i| {
        if seen.method == "POST" {
            return Reply::Ok(task_json(&format!("t{i}"), 1, seen.json()["external_task_id"].as_str()));
        }
        Reply::Ok(json!({ "task_id": "t0", "task_status": "succeed",
            "task_result": { "audios": [{ "id": "a", "url_mp3": "https://cdn.example/a.mp3", "url_wav": "https://cdn.example/a.wav", "duration_mp3": "4.5", "duration_wav": "4.5" }] } }))
    })
    .await;
    let client = client_for(&script.url(), AK, SK);
    client.create_text_to_audio(&TextToAudioRequest::new("rain on a tin roof", 4.5)).await.unwrap();
    let sent = &script.seen()[0];
    assert_eq!((sent.method.as_str(), sent.target.as_str()), ("POST", "/v1/audio/text-to-audio"));
    let body = sent.json();
    assert_eq!((body["prompt"].clone(), body["duration"].clone()), (json!("rain on a tin roof"), json!(4.5)));
    assert!(body["external_task_id"].as_str().is_some_and(|e| !e.is_empty()), "{body}");

    // Refused before sending: nothing more reaches the server.
    let e = client.create_text_to_audio(&TextToAudioRequest::new("rain", 12.0)).await.unwrap_err();
    assert!(e.to_string().contains("duration"), "{e}");
    assert_eq!(script.seen().len(), 1);

    let task = client.get_task(TaskKind::TextToAudio, "t0").await.unwrap();
    assert_eq!(script.seen()[1].target, "/v1/audio/text-to-audio/t0");
    assert!(task.media_urls().is_empty());
    assert_eq!(task.audio_urls(), ["https://cdn.example/a.mp3", "https://cdn.example/a.wav"]);
    check_result_count(TaskKind::TextToAudio, task.media_urls().len()).unwrap();
    check_audio_results(TaskKind::TextToAudio, &task.task_result.audios).unwrap();
}
