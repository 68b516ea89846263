//! Elements & Voices (issue 14 item 6) as a person uses them: an element made from two gallery
//! pictures ("New element from it"), with a tag and one of Kling's voices; picked in Create →
//! Image on kling-v3, its reference put into the prompt and its id sent as an exact integer; the
//! result names the element it was made with, still after the element is deleted; a voice made
//! from a recording's link, with its trial sound to play.

use crate::harness::{serial, testid, App};
use crate::steps::{create, generate_and_finish, open_item};
use crate::video_tools::{last_post, made_by, shoot};
use keychain::KeyStore;

/// Waits until the element form holds `count` painted pictures.
async fn pictures_in_form(app: &App, count: usize) {
    let js = format!("const p = [...document.querySelectorAll('[data-testid=element-pictures] img')]; return p.length === {count} && p.every((i) => i.complete && i.naturalWidth > 0);");
    app.wait_until(&format!("{count} picture(s) in the element form"), &js, 15).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_element_made_from_gallery_pictures_is_picked_in_a_form_and_named_by_its_result() {
    let _one = serial().await;
    let world = crate::harness::World::new().await;
    world.preconfigure();
    let app = world.launch().await;
    create(&app, "image", "a girl in a yellow raincoat").await;
    create(&app, "image", "the girl in the raincoat from the side").await;

    // Both pictures into a new element, from the gallery.
    open_item(&app, "a girl in a yellow raincoat").await;
    app.click("use-in-element").await;
    app.wait_for(&testid("new-element-form"), 10).await;
    pictures_in_form(&app, 1).await;
    assert!(app.text(&testid("element-problem")).await.starts_with("Name:"), "the form says what is missing");
    open_item(&app, "the girl in the raincoat from the side").await;
    app.click("use-in-element").await;
    pictures_in_form(&app, 2).await;
    app.fill("element-name", "Mia").await;
    app.fill("element-description", "a girl in a yellow raincoat").await;
    app.script("[...document.querySelectorAll('[data-testid=new-element-form] .tag')].find((b) => b.innerText === 'Character').click(); return true;").await;
    // Kling's voices are there once the screen has asked the account.
    app.wait_until(
        "Kling's voices offered",
        "return [...document.querySelectorAll('[data-testid=element-voice] option')].some((o) => o.value === 'preset-voice-1');",
        20,
    )
    .await;
    app.set_value("element-voice", "preset-voice-1").await;
    app.wait_until("the form ready", "return document.querySelector('[data-testid=element-problem]').innerText === 'Ready';", 10).await;
    shoot("elements-new").await;
    app.click("make-element").await;
    let js = "const e = [...document.querySelectorAll('[data-testid=own-element]')].find((e) => e.innerText.includes('Mia')); \
              const img = e && e.querySelector('img'); return img && img.complete && img.naturalWidth > 0 ? e.querySelector('.id').innerText : null;";
    let id = app.wait_until("Mia made, with her picture", js, 60).await.as_str().unwrap_or_default().to_string();
    let sent = last_post(&world, "/general/advanced-custom-elements");
    assert_eq!((sent["reference_type"].as_str(), sent["element_voice_id"].as_str()), (Some("image_refer"), Some("preset-voice-1")), "{sent}");
    assert_eq!(sent["tag_list"], serde_json::json!([{ "tag_id": "o_102" }]));
    assert!(sent["element_image_list"]["frontal_image"].as_str().is_some_and(|p| p.len() > 1000), "the front picture went as base64");
    assert_eq!(sent["element_image_list"]["refer_images"].as_array().map(Vec::len), Some(1));
    let card = app.text(&testid("own-elements")).await;
    assert!(card.contains("Character") && card.contains("Voice: Warm narrator"), "{card}");
    app.wait_until("Kling's elements shown", "return document.querySelectorAll('[data-testid=preset-element] img').length >= 4;", 20).await;
    app.script("document.querySelector('[data-testid=assets-view]').scrollTop = 0;").await;
    shoot("elements").await;

    // A voice from a recording's link.
    app.click("new-voice").await;
    app.fill("voice-name", "Narrator").await;
    app.fill("voice-url", "https://example.com/me.wav").await;
    app.click("make-voice").await;
    app.wait_until(
        "the voice made, with its trial sound",
        "const v = [...document.querySelectorAll('[data-testid=own-voice]')].find((v) => v.innerText.includes('Narrator')); return !!(v && v.querySelector('audio'));",
        60,
    )
    .await;

    // Picked in Create → Image on kling-v3: the reference goes into the prompt.
    app.click("nav-create").await;
    app.click("tab-image").await;
    app.fill("prompt", "at a picnic in the park").await;
    app.set_value("model", "kling-v3").await;
    app.wait_for(&testid("elements-add"), 15).await;
    app.click("elements-add").await;
    let pick = "const o = [...document.querySelectorAll('[data-testid=elements-option]')].find((o) => o.innerText.includes('Mia')); if (!o) return false; o.click(); return true;";
    app.wait_until("Mia offered in the picker", pick, 10).await;
    let prompt = app.prop(&testid("prompt"), "value").await.unwrap_or_default();
    assert_eq!(prompt, "at a picnic in the park <<<element_1>>>");
    assert!(app.text(&testid("elements")).await.contains("Mia"), "the chosen element shown by name");
    app.script("document.querySelector('[data-testid=elements]').scrollIntoView({ block: 'center' });").await;
    shoot("create-image-element").await;
    generate_and_finish(&app).await;
    let sent = last_post(&world, "/images/generations");
    assert_eq!(sent["element_list"][0]["element_id"].as_u64().map(|n| n.to_string()), Some(id.clone()), "the id as an exact integer: {sent}");

    // The result names Mia; deleted from the account, it still does.
    let result = made_by(&app, "image", 3).await;
    let newest = open_item(&app, "at a picnic in the park <<<element_1>>>").await;
    assert!(result.contains(&newest));
    app.wait_until("Mia named by the result", "const m = document.querySelector('[data-testid=made-with-element]'); return !!m && m.innerText.includes('Mia');", 15)
        .await;
    app.click("open-assets").await;
    let delete = "const e = [...document.querySelectorAll('[data-testid=own-element]')].find((e) => e.innerText.includes('Mia')); if (!e) return false; e.querySelector('[data-testid=delete-element]').click(); return true;";
    app.wait_until("Mia's delete button", delete, 10).await;
    app.accept_confirm().await;
    app.wait_until("Mia kept, marked deleted", "return [...document.querySelectorAll('[data-testid=own-element]')].some((e) => e.innerText.includes('Mia') && e.innerText.includes('Deleted from the account'));", 20).await;
    open_item(&app, "at a picnic in the park <<<element_1>>>").await;
    app.wait_until(
        "still named, as deleted",
        "const m = document.querySelector('[data-testid=made-with-element]'); return !!m && m.innerText.includes('Mia') && m.innerText.includes('deleted');",
        15,
    )
    .await;
    app.close().await;
    let _ = world.keychain().delete();
}
