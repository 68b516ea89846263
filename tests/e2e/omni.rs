//! Omni and Multi from the gallery: a picture sent with "Use in Omni", its reference put into the
//! prompt with one click, and the result's "Made from" naming the picture; "Edit with a prompt"
//! on a video Kling made (its file dropped on the form works too; a copy from elsewhere is
//! refused), and the edit's "Made from" naming the clip; two library pictures (one
//! sent by "Use in Multi", one dropped) and one picked from outside the library made into one
//! video, whose "Made from" names the two library pictures.

use crate::harness::{answer_file_dialog, drag_file_onto_app, serial, testid, App, World};
use crate::lineage::one_entry;
use crate::steps::{create, generate_and_finish, open_file, open_item};
use keychain::KeyStore;

/// Presses "Use in Omni" or "Use in Multi" on the open picture and waits until the form shows it
/// first, painted.
async fn use_in(app: &App, form: &str) {
    app.click(&format!("use-in-{form}")).await;
    let js = format!(
        "const p = document.querySelector('[data-testid={form}-picture-1] img'); return document.querySelector('[data-testid={form}-form]') && p && p.complete && p.naturalWidth > 0;"
    );
    app.wait_until(&format!("the picture in the {form} form"), &js, 15).await;
}

/// Waits until the form may be sent (no problem shown), keeps a screenshot of it under
/// docs/screenshots when `UPDATE_SCREENSHOTS` is set, sends it, waits for the result and returns
/// the body the emulator received at `path`.
async fn send(app: &App, world: &World, problem: &str, shot: Option<&str>, path: &str) -> serde_json::Value {
    let ready = format!("return document.querySelector('[data-testid={problem}]') === null && !document.querySelector('[data-testid=generate]').disabled;");
    app.wait_until("the form ready to send", &ready, 10).await;
    if let Some(name) = shot.filter(|_| std::env::var_os("UPDATE_SCREENSHOTS").is_some()) {
        app.script("document.querySelector('.create').scrollTop = 0;").await;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        crate::harness::x_screenshot(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/screenshots/{name}.png")));
    }
    generate_and_finish(app).await;
    let sent = world.sim.requests().into_iter().rev().find(|r| r.method == "POST" && r.path.ends_with(path)).unwrap_or_else(|| panic!("nothing was sent to {path}"));
    sent.body.expect("a create has a body")
}

#[tokio::test(flavor = "multi_thread")]
async fn use_in_omni_edit_with_a_prompt_and_multi_link_back() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let app = world.launch().await;

    // A picture, sent to Omni from its detail panel.
    create(&app, "image", "a lighthouse on a cliff").await;
    let picture_id = open_item(&app, "a lighthouse on a cliff").await;
    use_in(&app, "omni").await;

    // The caret at the start of the prompt; one click puts the reference there.
    app.fill("prompt", "walks along the shore at dusk").await;
    app.press(&testid("prompt"), &char::from(fantoccini::key::Key::Home).to_string()).await;
    app.click("chip-image_1").await;
    let prompt = app.prop(&testid("prompt"), "value").await.unwrap_or_default();
    assert_eq!(prompt, "<<<image_1>>> walks along the shore at dusk", "the reference went in at the caret");
    let body = send(&app, &world, "omni-problem", Some("create-omni"), "/omni-video").await;
    assert_eq!(body["prompt"], "<<<image_1>>> walks along the shore at dusk");
    assert_eq!(body["image_list"].as_array().map(Vec::len), Some(1));
    let result = open_item(&app, "<<<image_1>>> walks along the shore at dusk").await;
    assert_ne!(result, picture_id);
    let parent = one_entry(&app, "made-from", &["Picture", "a lighthouse on a cliff"]).await;
    assert_eq!(parent, picture_id, "the Omni video was made from the picture");
    app.click("detail-close").await;

    // A video Kling made, edited with a prompt: the edit names the clip.
    create(&app, "video", "waves on a pebble beach").await;
    let clip_id = open_item(&app, "waves on a pebble beach").await;
    // The clip's file dropped on the Omni form becomes its clip (found in the library); a copy
    // from elsewhere is refused in words and leaves the form as it was.
    let clip_file = open_file(&app).await;
    let clip_name = std::path::Path::new(&clip_file).file_name().unwrap().to_string_lossy().to_string();
    app.click("detail-close").await;
    app.click("nav-create").await;
    app.click("tab-omni").await;
    let outside = world.dir.path().join("pictures/holiday.mp4");
    std::fs::copy(&clip_file, &outside).unwrap();
    drag_file_onto_app(&outside).await;
    app.wait_until(
        "the copy refused",
        "return [...document.querySelectorAll('[data-testid=toast]')].some((t) => t.innerText.includes('not in your library')) || null;",
        15,
    )
    .await;
    assert_eq!(app.script("return document.querySelector('[data-testid=omni-clip]') === null;").await, true, "no clip from outside the library");
    drag_file_onto_app(std::path::Path::new(&clip_file)).await;
    let shown = format!("const c = document.querySelector('[data-testid=omni-clip]'); return c && c.innerText.includes({clip_name:?}) ? c.innerText : null;");
    app.wait_until("the dropped clip in the form", &shown, 15).await;
    app.click("omni-clip-remove").await;
    open_item(&app, "waves on a pebble beach").await;
    app.click("edit-with-prompt").await;
    app.wait_for(&testid("omni-clip"), 10).await;
    app.fill("prompt", "the same beach at night").await;
    app.click("chip-video_1").await;
    let prompt = app.prop(&testid("prompt"), "value").await.unwrap_or_default();
    assert_eq!(prompt, "the same beach at night <<<video_1>>>");
    // The picture is still in the form from before: it goes too, as a reference.
    app.click("omni-remove-1").await;
    let body = send(&app, &world, "omni-problem", None, "/omni-video").await;
    assert_eq!(body["video_list"][0]["refer_type"], "base", "the clip is edited");
    assert!(body["video_list"][0]["video_url"].as_str().is_some_and(|u| u.starts_with("http")), "sent by Kling's own link: {body}");
    open_item(&app, "the same beach at night <<<video_1>>>").await;
    let parent = one_entry(&app, "made-from", &["Clip", "waves on a pebble beach"]).await;
    assert_eq!(parent, clip_id, "the edit was made from the clip");
    app.click("detail-close").await;

    // Multi: three pictures, one sent by "Use in Multi", one dropped on the form and one picked
    // in the dialog (from outside the library).
    let lighthouse_file = {
        open_item(&app, "a lighthouse on a cliff").await;
        let f = open_file(&app).await;
        app.click("detail-close").await;
        f
    };
    create(&app, "image", "a red fox in the snow").await;
    let fox_id = open_item(&app, "a red fox in the snow").await;
    use_in(&app, "multi").await;
    drag_file_onto_app(std::path::Path::new(&lighthouse_file)).await;
    app.wait_for(&testid("multi-picture-2"), 15).await;
    let outside = world.dir.path().join("pictures/meadow.png");
    crate::harness::picture(&outside, 640, 480);
    app.click("multi-add-picture").await;
    answer_file_dialog(&outside).await;
    app.wait_for(&testid("multi-picture-3"), 15).await;
    app.fill("prompt", "the fox visits the lighthouse").await;
    let body = send(&app, &world, "multi-problem", Some("create-multi"), "/multi-image2video").await;
    assert_eq!(body["image_list"].as_array().map(Vec::len), Some(3));
    open_item(&app, "the fox visits the lighthouse").await;
    let js = "const s = document.querySelector('[data-testid=made-from]'); if (!s) return null; \
              const ids = [...s.querySelectorAll('[data-testid=lineage-item]')].map((e) => e.dataset.id); return ids.length === 2 ? ids : null;";
    let ids = app.wait_until("two parents", js, 20).await;
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    assert_eq!(ids, [fox_id, picture_id], "made from both library pictures, in order (the picked one is not a library item)");
    app.close().await;
    let _ = world.keychain().delete();
}
