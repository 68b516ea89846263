//! Text-to-audio (addendum §6.8) from create to result: a sound described in words is answered as
//! an MP3 and a WAV of the length asked, with no picture or video, for its flat price; its rules
//! are the API's.

use crate::common::*;
use crate::tool_helpers::*;
use serde_json::json;

#[tokio::test]
async fn text_to_audio_answers_a_sound_as_mp3_and_wav_and_nothing_else() {
    let api = Api::roomy().await;
    let done = finished(&api, T2A, json!({ "prompt": "rain on a tin roof", "duration": 4.5, "external_task_id": "t2a-1" })).await;
    assert_eq!(done["task_info"]["external_task_id"], "t2a-1");
    assert_eq!(done["final_unit_deduction"], "0.25");
    let result = &done["task_result"];
    assert!(result.get("videos").is_none() && result.get("images").is_none(), "{result}");
    let audios = result["audios"].as_array().unwrap();
    assert_eq!(audios.len(), 1);
    let audio = &audios[0];
    assert_eq!((audio["duration_mp3"].as_str(), audio["duration_wav"].as_str()), (Some("4.5"), Some("4.5")));
    let (status, kind, wav) = download(audio["url_wav"].as_str().unwrap()).await;
    assert_eq!((status, kind.as_str()), (200, "audio/wav"));
    assert!((wav_length(&wav) - 4.5).abs() < 0.001, "{}", wav_length(&wav));
    let (status, kind, mp3) = download(audio["url_mp3"].as_str().unwrap()).await;
    assert_eq!((status, kind.as_str()), (200, "audio/mpeg"));
    let (frames, seconds) = mp3_length(&mp3);
    assert!(frames > 100 && (seconds - 4.5).abs() < 0.04, "{frames} frames, {seconds} s");
    let id = done["task_id"].as_str().unwrap();
    assert_eq!(api.get(&format!("{T2A}/{id}")).await.1["data"]["task_id"], id);
    assert_eq!(api.get(&format!("{T2A}?external_task_id=t2a-1")).await.1["data"]["task_id"], id);
    // Not a clip: the tools that take a video do not find it.
    refused(&api, V2A, json!({ "video_id": format!("{id}0") }), 1201, "").await;
}

#[tokio::test]
async fn text_to_audio_rules() {
    let api = Api::roomy().await;
    refused(&api, T2A, json!({ "duration": 5 }), 1200, "prompt is required").await;
    refused(&api, T2A, json!({ "prompt": " ", "duration": 5 }), 1201, "prompt must not be empty").await;
    refused(&api, T2A, json!({ "prompt": "x".repeat(201), "duration": 5 }), 1201, "longer than 200 characters").await;
    refused(&api, T2A, json!({ "prompt": "rain" }), 1200, "duration is required").await;
    refused(&api, T2A, json!({ "prompt": "rain", "duration": "5" }), 1200, "duration must be a number").await;
    refused(&api, T2A, json!({ "prompt": "rain", "duration": 2.9 }), 1201, "between 3.0 and 10.0").await;
    refused(&api, T2A, json!({ "prompt": "rain", "duration": 10.5 }), 1201, "between 3.0 and 10.0").await;
    refused(&api, T2A, json!({ "prompt": "rain", "duration": 4.25 }), 1201, "one decimal").await;
    finished(&api, T2A, json!({ "prompt": "é".repeat(200), "duration": 10 })).await;
}
