//! The client's element and voice calls against the emulator: made by a task whose result names
//! it, listed (own and presets, deleted ones left out), deleted; a create whose answer is lost
//! is found by its external id and not made twice; bad input is refused before anything is sent.

mod common;

use common::*;
use kling_api::*;
use std::time::Duration;

async fn until_made(client: &KlingClient, kind: AssetKind, id: &str) -> Task {
    for _ in 0..300 {
        let task = client.get_asset_task(kind, id).await.unwrap();
        if task.is_finished() {
            return task;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{kind:?} task {id} never finished");
}

fn mia() -> CustomElementRequest {
    CustomElementRequest {
        tag_list: Some(vec![ElementTag { tag_id: "o_102".into() }]),
        element_voice_id: Some("preset-voice-2".into()),
        ..CustomElementRequest::from_pictures("Mia", "a girl in a yellow raincoat", png_input(600, 800), vec![ImageInput::Url("https://example.com/side.png".into())])
    }
}

#[tokio::test]
async fn an_element_is_made_listed_and_deleted() {
    let sim = sim().await;
    let client = client(&sim);
    let task = client.create_element(&mia()).await.unwrap();
    let done = until_made(&client, AssetKind::Element, &task.task_id).await;
    let [element] = &done.task_result.elements[..] else { panic!("one element: {done:?}") };
    let id = element.element_id.expect("an id");
    assert!(id.0 > 1 << 53, "read as an exact integer: {id}");
    assert_eq!((element.element_name.as_str(), element.is_preset()), ("Mia", false));
    assert_eq!(element.element_voice_info.as_ref().map(|v| v.voice_name.as_str()), Some("Bright girl"));
    assert_eq!(element.tag_list[0].tag_name.as_deref(), Some("Character"));
    let links = element.element_image_list.as_ref().unwrap();
    assert_eq!(links.refer_images.len(), 1);
    let dir = tempfile::tempdir().unwrap();
    let front = dir.path().join("front.png");
    client.download(links.frontal_image.as_deref().unwrap(), &front).await.unwrap();
    assert_eq!(image::open(&front).unwrap().to_rgb8().dimensions(), (600, 800), "the front picture as given");

    let own = client.list_elements(Listing::Own, 5).await.unwrap();
    assert_eq!(own.iter().map(|e| e.element_id).collect::<Vec<_>>(), [Some(id)]);
    let presets = client.list_elements(Listing::Presets, 5).await.unwrap();
    assert!(presets.len() >= 4 && presets.iter().all(ElementInfo::is_preset), "{presets:?}");
    assert!(sim.requests().iter().any(|r| r.path == "/v1/general/advanced-custom-elements" && r.query.as_deref() == Some("pageNum=1&pageSize=500")));

    client.delete_asset(AssetKind::Element, &id.to_string()).await.unwrap();
    assert!(client.list_elements(Listing::Own, 5).await.unwrap().is_empty(), "a deleted element is not listed");
    let preset = presets[0].element_id.unwrap().to_string();
    assert_eq!(api_error(client.delete_asset(AssetKind::Element, &preset).await).0, 1201);
}

#[tokio::test]
async fn a_voice_is_made_from_a_recording_and_listed_beside_the_presets() {
    let sim = sim().await;
    let client = client(&sim);
    let task = client.create_voice(&CustomVoiceRequest::from_link("Narrator", "https://example.com/me.wav")).await.unwrap();
    let done = until_made(&client, AssetKind::Voice, &task.task_id).await;
    let voice = &done.task_result.voices[0];
    assert_eq!(voice.voice_name, "Narrator");
    let own = client.list_voices(Listing::Own, 5).await.unwrap();
    let presets = client.list_voices(Listing::Presets, 5).await.unwrap();
    assert_eq!(own.len(), 1);
    assert!(presets.iter().all(|v| v.owned_by == "kling") && presets.len() >= 4);
    client.delete_asset(AssetKind::Voice, &voice.voice_id).await.unwrap();
}

#[tokio::test]
async fn a_lost_create_answer_is_found_by_its_external_id_not_made_twice() {
    let sim = sim().await;
    let client = client(&sim);
    sim.drop_next_answers(1);
    let task = client.create_element(&mia()).await.unwrap();
    assert_eq!(count(&sim, "POST", "/v1/general/advanced-custom-elements"), 1, "not sent again");
    until_made(&client, AssetKind::Element, &task.task_id).await;
    assert_eq!(client.list_elements(Listing::Own, 5).await.unwrap().len(), 1);
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let sim = sim().await;
    let client = client(&sim);
    let no_more = CustomElementRequest::from_pictures("Mia", "a girl", png_input(600, 800), Vec::new());
    let e = client.create_element(&no_more).await.unwrap_err();
    assert!(e.user_message().contains("refer_images"), "{}", e.user_message());
    assert!(client.create_voice(&CustomVoiceRequest::from_link("", "https://example.com/me.wav")).await.is_err());
    assert!(client.delete_asset(AssetKind::Voice, "../../x").await.is_err());
    assert!(client.get_asset_task(AssetKind::Element, "a/b").await.is_err());
    assert!(sim.requests().is_empty(), "{:?}", sim.requests());
}
