//! The video tools from the gallery: a clip made in the app (kling-v1-6, which the emulator
//! extends), then Extend, Add sound and Lip-sync on it, each result listing the clip under "Made
//! from"; a clip imported by hand is offered none of them, said plainly, and nothing is sent.
//! And Create → Effects from a gallery picture ("Apply effect").

use crate::harness::{answer_dialog, serial, testid, App, World};
use crate::steps::{create, generate_and_finish};
use keychain::KeyStore;
use std::path::Path;

/// Screenshots of the tools' dialogs for the user guide, with `UPDATE_SCREENSHOTS=1`.
pub(crate) async fn shoot(name: &str) {
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        crate::harness::x_screenshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/screenshots/{name}.png")));
    }
}

/// Shows the items one tool made (the gallery's tool filter) and returns their ids, once the
/// grid shows `count` of them and nothing else (not the grid from before the filter).
pub(crate) async fn made_by(app: &App, tool: &str, count: usize) -> Vec<String> {
    app.click("nav-gallery").await;
    let offered = format!("return [...document.querySelectorAll('[data-testid=filter-tool] option')].some((o) => o.value === {tool:?});");
    app.wait_until(&format!("the tool filter offers {tool}"), &offered, 30).await;
    app.set_value("filter-tool", tool).await;
    let js = format!(
        "const t = [...document.querySelectorAll('[data-testid=tile]')]; \
         return t.length === {count} && t.every((e) => e.dataset.id && e.dataset.tool === {tool:?}) ? t.map((e) => e.dataset.id) : null;"
    );
    let ids = app.wait_until(&format!("{count} item(s) made by {tool}"), &js, 30).await;
    ids.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

/// Opens the item and waits for its "Made from" to list exactly `parent`.
pub(crate) async fn made_from_is(app: &App, item: &str, parent: &str) {
    app.script(&format!("document.querySelector('[data-testid=tile][data-id=\"{item}\"]').click();")).await;
    let js = format!(
        "const d = document.querySelector('[data-testid=detail]'); const s = document.querySelector('[data-testid=made-from]'); if (!d || !s) return null; \
         const e = [...s.querySelectorAll('[data-testid=lineage-item]')].map((e) => e.dataset.id); \
         return e.length === 1 && e[0] === {parent:?} ? e[0] : null;"
    );
    app.wait_until(&format!("{item} made from the clip"), &js, 20).await;
    app.click("detail-close").await;
}

/// Opens the clip in the detail panel and the tool's dialog on it.
async fn open_tool(app: &App, clip: &str, tool: &str) {
    app.click("nav-gallery").await;
    app.set_value("filter-tool", "").await;
    let tile = format!("[data-testid=tile][data-id=\"{clip}\"]");
    app.wait_for(&tile, 20).await;
    app.script(&format!("document.querySelector('{tile}').click();")).await;
    app.wait_until(&format!("{tool} offered"), &format!("const b = document.querySelector('[data-testid=tool-{tool}]'); return b && !b.disabled;"), 20).await;
    app.click(&format!("tool-{tool}")).await;
    app.wait_for(&testid(&format!("tool-{tool}-dialog")), 10).await;
}

/// The body of the last POST to a path ending in `path_end`, as the emulator received it.
pub(crate) fn last_post(world: &World, path_end: &str) -> serde_json::Value {
    let request = world.sim.requests().into_iter().rev().find(|r| r.method == "POST" && r.path.ends_with(path_end));
    request.and_then(|r| r.body).unwrap_or_else(|| panic!("no POST to {path_end}"))
}

/// Queues the open tool dialog's job and waits for it, then closes the detail panel.
async fn submit_tool(app: &App) {
    app.click("tool-submit").await;
    app.wait_until("the dialog closed", "return document.querySelector('dialog[data-testid^=tool-]') === null;", 15).await;
    app.newest_job_reaches("done", 60).await;
    app.click("detail-close").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn extend_add_sound_and_lip_sync_a_clip_from_the_gallery() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    // A clip put into the library by hand (no Kling id), and a 3 s voice outside the library.
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/kling-sim/fixtures/clip-16x9-5s.mp4"), world.library().join("holiday.mp4")).unwrap();
    let voice = world.dir.path().join("pictures/voice.wav");
    std::fs::write(&voice, kling_sim::test_sounds::wav(3.0)).unwrap();

    let app = world.launch().await;
    app.click("nav-create").await;
    app.click("tab-video").await;
    app.wait_until("the catalogue's models", "return [...document.querySelectorAll('[data-testid=model] option')].some((o) => o.value === 'kling-v1-6');", 20).await;
    app.set_value("model", "kling-v1-6").await;
    app.fill("prompt", "two friends talk on a park bench").await;
    generate_and_finish(&app).await;
    let clip = made_by(&app, "text2video", 1).await.remove(0);

    // The clip imported by hand: no tool offered, the reason said, nothing sent.
    let posts = || world.sim.requests().iter().filter(|r| r.method == "POST").count();
    let posts_before = posts();
    made_by(&app, "imported", 1).await;
    app.click("tile").await;
    let note = app.text(&testid("tool-needs-kling")).await;
    assert!(note.contains("not made by Kling") && note.contains("nothing is uploaded"), "{note}");
    let disabled = app
        .wait_until(
            "the three tools disabled, the reason as their tooltip",
            "const b = ['extend', 'sound', 'lipsync'].map((t) => document.querySelector(`[data-testid=tool-${t}]`)); \
             return b.every((e) => e && e.disabled && e.parentElement.title.includes('not made by Kling')) ? b.length : null;",
            10,
        )
        .await;
    assert_eq!(disabled.as_u64(), Some(3));
    app.click("detail-close").await;
    assert_eq!(posts(), posts_before, "nothing was sent for the imported clip");

    // Extend, with a prompt: the result is made from the clip.
    open_tool(&app, &clip, "extend").await;
    app.fill("tool-prompt", "they stand up and walk away").await;
    shoot("tool-extend").await;
    submit_tool(&app).await;
    let extended = made_by(&app, "video-extend", 1).await.remove(0);
    made_from_is(&app, &extended, &clip).await;
    let sent = last_post(&world, "/video-extend");
    assert_eq!(sent["prompt"], "they stand up and walk away");

    // Add sound: a video and a sound, both made from the clip.
    open_tool(&app, &clip, "sound").await;
    app.fill("tool-effects", "birds and a distant fountain").await;
    app.fill("tool-music", "soft acoustic guitar").await;
    app.click("tool-asmr").await;
    shoot("tool-sound").await;
    submit_tool(&app).await;
    let with_sound = made_by(&app, "video-to-audio", 2).await;
    let media = app.script("return [...document.querySelectorAll('[data-testid=tile]')].map((t) => t.dataset.media).sort().join(',');").await;
    assert_eq!(media.as_str(), Some("audio,video"), "a video and its sound");
    for item in &with_sound {
        made_from_is(&app, item, &clip).await;
    }

    // Lip-sync: identify the faces (two on a landscape clip), pick the second, then the voice.
    open_tool(&app, &clip, "lipsync").await;
    app.click("identify-faces").await;
    app.wait_until(
        "two faces, their pictures painted and their times shown",
        "const f = [...document.querySelectorAll('[data-testid=face]')]; \
         return f.length === 2 && f.every((e) => { const i = e.querySelector('img'); return i && i.complete && i.naturalWidth > 0; }) \
           && f[0].innerText.includes('0 s –') && f[1].innerText.includes('1 s –') ? f.length : null;",
        20,
    )
    .await;
    app.script("document.querySelector('[data-testid=face][data-face-id=\"1\"]').click();").await;
    app.wait_until("face 2 chosen", "const f = document.querySelector('[data-testid=face][data-face-id=\"1\"]'); return f.getAttribute('aria-checked') === 'true';", 5)
        .await;
    // The sound added above is offered from the library, and choosing it makes it the voice.
    let offered = app
        .wait_until(
            "the added sound offered from the library",
            "const o = [...document.querySelectorAll('[data-testid=sound-library] option')].filter((o) => o.value); return o.length === 1 ? o[0].value : null;",
            15,
        )
        .await;
    let library_sound = offered.as_str().unwrap_or_default().to_string();
    assert!(with_sound.contains(&library_sound), "{library_sound} is the added sound");
    app.set_value("sound-library", &library_sound).await;
    app.wait_until(
        "the library sound chosen",
        "const s = document.querySelector('[data-testid=sound-chosen]'); return s && s.innerText.includes('.mp3') && /\\d s$/.test(s.innerText.trim());",
        15,
    )
    .await;
    // A file from elsewhere replaces it.
    app.click("sound-pick").await;
    answer_dialog("Choose a sound", &voice).await;
    app.wait_until(
        "the voice chosen, used whole, where face 2 appears",
        "const s = document.querySelector('[data-testid=sound-chosen]'); return s && s.innerText.includes('voice.wav') \
           && document.querySelector('[data-testid=sound-end]').value === '3000' && document.querySelector('[data-testid=sound-insert]').value === '1000';",
        15,
    )
    .await;
    shoot("tool-lipsync").await;
    // Too short a part of the voice: refused in the dialog, naming the field; nothing queued.
    let jobs_before = app.script("return document.querySelectorAll('[data-testid=job]').length;").await;
    app.fill("sound-end", "1500").await;
    app.click("tool-submit").await;
    let error = app.text(&testid("tool-error")).await;
    assert!(error.starts_with("Sound end time:") && error.contains("at least 2 s"), "{error}");
    assert_eq!(app.script("return document.querySelectorAll('[data-testid=job]').length;").await, jobs_before, "nothing queued");
    app.fill("sound-end", "3000").await;
    submit_tool(&app).await;
    let spoken = made_by(&app, "lip-sync", 1).await.remove(0);
    made_from_is(&app, &spoken, &clip).await;
    let sent = last_post(&world, "/advanced-lip-sync");
    assert_eq!((sent["face_choose"][0]["face_id"].as_str(), sent["face_choose"][0]["sound_insert_time"].as_u64()), (Some("1"), Some(1000)));
    app.close().await;
    let _ = world.keychain().delete();
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_an_effect_to_a_gallery_picture() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let app = world.launch().await;
    create(&app, "image", "a smiling dog in a party hat").await;
    let picture = made_by(&app, "image", 1).await.remove(0);

    // "Apply effect" on the picture: Create → Effects with the picture in its slot.
    app.click("tile").await;
    app.click("apply-effect").await;
    app.wait_until(
        "the picture in the effect's slot",
        "const s = document.querySelector('[data-testid=effect-picture-1]'); return s && s.innerText.includes('Ready to upload');",
        15,
    )
    .await;
    // Search the catalogue's scenes; a two-picture scene asks for a second picture.
    app.fill("effect-search", "skate pet").await;
    app.wait_until(
        "one scene found",
        "const s = document.querySelectorAll('[data-testid=effect-scene]'); return s.length === 1 && s[0].dataset.scene === 'pet_skateboard';",
        10,
    )
    .await;
    app.click("effect-scene").await;
    app.wait_for(&testid("effect-picture-2"), 10).await;
    app.click("generate").await;
    let problem = app.text(&testid("effect-problem")).await;
    assert_eq!(problem, "Input: this effect takes two pictures, left and right.");
    app.fill("effect-search", "birthday board").await;
    app.wait_until(
        "the scene found",
        "const s = document.querySelectorAll('[data-testid=effect-scene]'); return s.length === 1 && s[0].dataset.scene === 'birthday_board';",
        10,
    )
    .await;
    app.click("effect-scene").await;
    app.wait_until("one picture asked", "return document.querySelector('[data-testid=effect-picture-2]') === null;", 10).await;
    shoot("tool-effects").await;
    generate_and_finish(&app).await;
    let result = made_by(&app, "effects", 1).await.remove(0);
    made_from_is(&app, &result, &picture).await;
    let sent = last_post(&world, "/effects");
    assert_eq!(sent["effect_scene"], "birthday_board");
    assert!(sent["input"]["image"].as_str().is_some_and(|p| p.len() > 1000), "the picture went as base64");
    app.close().await;
    let _ = world.keychain().delete();
}

#[tokio::test(flavor = "multi_thread")]
async fn motion_from_a_gallery_clip_and_picture() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let app = world.launch().await;
    create(&app, "image", "a dancer in a red coat, full body").await;
    create(&app, "video", "a person dances in a studio").await;
    let clip = made_by(&app, "text2video", 1).await.remove(0);
    let picture = made_by(&app, "image", 1).await.remove(0);

    // "Use as character" on the picture, "Use as motion" on the clip: both land in Create → Motion.
    app.click("tile").await;
    app.click("use-as-character").await;
    app.wait_until(
        "the character in its slot",
        "const s = document.querySelector('[data-testid=motion-picture]'); return s && s.innerText.includes('Ready to upload');",
        15,
    )
    .await;
    app.click("nav-gallery").await;
    app.set_value("filter-tool", "").await;
    let tile = format!("[data-testid=tile][data-id=\"{clip}\"]");
    app.wait_for(&tile, 20).await;
    app.script(&format!("document.querySelector('{tile}').click();")).await;
    app.wait_until("Use as motion offered", "const b = document.querySelector('[data-testid=use-as-motion]'); return b && !b.disabled;", 20).await;
    app.click("use-as-motion").await;
    let shown = app.text(&testid("motion-clip")).await;
    assert!(shown.contains("a person dances in a studio"), "{shown}");
    app.click("orientation-video").await;
    app.click("motion-keep-sound").await;
    shoot("tool-motion").await;
    generate_and_finish(&app).await;
    let result = made_by(&app, "motion-control", 1).await.remove(0);
    app.script(&format!("document.querySelector('[data-testid=tile][data-id=\"{result}\"]').click();")).await;
    let js = format!(
        "const s = document.querySelector('[data-testid=made-from]'); if (!s) return null; \
         const e = [...s.querySelectorAll('[data-testid=lineage-item]')].map((e) => e.dataset.id).sort(); \
         return e.length === 2 && e.includes({clip:?}) && e.includes({picture:?}) ? e : null;"
    );
    app.wait_until("made from the clip and the picture", &js, 20).await;
    let sent = last_post(&world, "/motion-control");
    assert_eq!((sent["character_orientation"].as_str(), sent["keep_original_sound"].as_str()), (Some("video"), Some("no")));
    assert!(sent["video_url"].as_str().is_some_and(|u| u.starts_with("http")), "the clip went by its link: {sent}");
    app.close().await;
    let _ = world.keychain().delete();
}
