//! End-to-end: the real app, clicked through as a person would, against the emulator.
//! Each test takes the serial lock (one app and one WebDriver session at a time).

mod gallery_bench;
mod harness;

use harness::{answer_file_dialog, picture, serial, testid, World, AK, SK};
use keychain::KeyStore;
use std::time::Duration;

/// From a fresh start: the sandbox banner, then keys saved through Settings (into the real
/// Secret Service), four pictures, a video that plays, a refused prompt kept in the form, and a
/// restart in the middle of a job that then finishes.
#[tokio::test(flavor = "multi_thread")]
async fn keys_pictures_video_refusal_and_restart() {
    let _one = serial();
    let world = World::new().await;
    let app = world.launch().await;

    // No keys: the built-in sandbox, said plainly.
    app.wait_for(&testid("sandbox-banner"), 20).await;

    // Settings: point at the emulator, then save the keys.
    app.click("nav-settings").await;
    app.click("region-custom").await;
    app.fill("custom-url", &world.sim.url()).await;
    app.click("save-settings").await;
    app.fill("access-key", AK).await;
    app.fill("secret-key", SK).await;
    app.click("save-keys").await;
    app.wait_until("keys saved", "const s = document.querySelector('[data-testid=keys-status]'); return s && s.innerText.includes('e2e-ac') && s.innerText.includes('keychain');", 20).await;
    app.wait_until("the sandbox banner gone", "return document.querySelector('[data-testid=sandbox-banner]') === null;", 20).await;
    let stored = world.keychain().load().expect("the keychain answers").expect("keys are in the keychain");
    assert_eq!(stored.access_key, AK);
    let settings_file = std::fs::read_to_string(world.store_dir().join("settings.json")).expect("settings saved");
    assert!(settings_file.contains(&world.sim.url()) && !settings_file.contains(SK), "settings hold the host and never the secret key: {settings_file}");
    // The SK field is write-only: emptied after saving, never filled from the keychain.
    let sk_field = app.wait_for(&testid("secret-key"), 5).await.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(sk_field, "");

    // Text to image, four pictures → four tiles.
    app.click("nav-create").await;
    app.click("tab-image").await;
    app.fill("prompt", "a lighthouse at dusk").await;
    app.set_value("count", "4").await;
    app.wait_until("the button offers four", "return document.querySelector('[data-testid=generate]').innerText.includes('4');", 5).await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    app.click("nav-gallery").await;
    app.wait_until("four tiles", "return document.querySelectorAll('[data-testid=tile]').length === 4;", 20).await;
    assert!(app.text(&testid("gallery-count")).await.contains("4 items"));
    assert_eq!(world.sim.requests().iter().filter(|r| r.path.contains("images/generations") && r.method == "POST").count(), 1, "one task for four pictures");

    // Text to video → the detail view plays it: time advances with data loaded.
    app.click("nav-create").await;
    app.click("tab-video").await;
    app.fill("prompt", "a paper boat on a rainy street").await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    app.click("nav-gallery").await;
    app.click("filter-videos").await;
    app.wait_until("one video tile", "return document.querySelectorAll('[data-testid=tile][data-media=video]').length === 1;", 20).await;
    app.click("tile").await;
    app.wait_for(&testid("detail-video"), 10).await;
    let first = app.wait_until("the video has data", "const v = document.querySelector('[data-testid=detail-video]'); return v && v.readyState >= 2 ? v.currentTime + 0.0001 : null;", 20).await.as_f64().unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let later = app.client.execute("return document.querySelector('[data-testid=detail-video]').currentTime;", vec![]).await.unwrap().as_f64().unwrap();
    assert!(later > first + 0.3, "the video plays: currentTime {first} → {later}");
    app.click("detail-close").await;

    // A refused prompt: the message with the API code, and the prompt still in the form.
    app.click("nav-create").await;
    app.click("tab-image").await;
    app.fill("prompt", "something forbidden here").await;
    app.click("generate").await;
    let row = app.newest_job_reaches("failed", 30).await;
    assert!(row.contains("1301"), "the queue names the API code: {row}");
    let prompt = app.wait_for(&testid("prompt"), 5).await.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(prompt, "something forbidden here");

    // Restart mid-task: the job survives and finishes after the app comes back.
    world.sim.update(|c| c.timing.video_processing = Duration::from_secs(6));
    app.click("tab-video").await;
    app.fill("prompt", "a slow sunrise over hills").await;
    app.click("generate").await;
    app.wait_until("the job at Kling", "const j = document.querySelector('[data-testid=job]'); return j && (j.dataset.state === 'submitted' || j.dataset.state === 'processing');", 30).await;
    app.crash().await;
    let app = world.launch().await;
    app.wait_until("the resumed job listed", "const j = document.querySelector('[data-testid=job]'); return j && j.innerText.includes('slow sunrise');", 20).await;
    app.newest_job_reaches("done", 60).await;
    app.click("nav-gallery").await;
    app.click("filter-videos").await;
    app.wait_until("two video tiles", "return document.querySelectorAll('[data-testid=tile][data-media=video]').length === 2;", 20).await;
    let video_creates = world.sim.requests().iter().filter(|r| r.path.contains("text2video") && r.method == "POST").count();
    assert_eq!(video_creates, 2, "the restarted job was not sent twice");
    app.close().await;
    let _ = world.keychain().delete();
}

/// Animate: a picture picked in the native file dialog, pictures that break the API's rules
/// (each named plainly, nothing uploaded), and "Animate" from a gallery picture.
#[tokio::test(flavor = "multi_thread")]
async fn animate_picked_pictures_and_refuse_bad_ones() {
    let _one = serial();
    let world = World::new().await;
    world.preconfigure();
    let pictures = world.dir.path().join("pictures");
    let good = pictures.join("harbour.png");
    picture(&good, 640, 480);
    let tiny = pictures.join("tiny.png");
    picture(&tiny, 120, 90);
    let fake = pictures.join("notes.png");
    std::fs::write(&fake, b"these are words, not a picture").unwrap();

    let app = world.launch().await;
    app.click("nav-create").await;
    app.click("tab-animate").await;

    // Too small: refused before upload, with the rule.
    app.click("start-frame-pick").await;
    answer_file_dialog(&tiny).await;
    let message = app.text(&testid("start-frame-error")).await;
    assert!(message.contains("at least 300 px"), "{message}");
    // Not a picture at all, whatever its name says.
    app.click("start-frame-pick").await;
    answer_file_dialog(&fake).await;
    app.wait_until("the type refused", "const e = document.querySelector('[data-testid=start-frame-error]'); return e && e.innerText.includes('not a JPG or PNG');", 15).await;
    assert_eq!(world.sim.requests().iter().filter(|r| r.path.contains("image2video")).count(), 0, "nothing was sent");

    // A good picture: preview, then a clip in the gallery.
    app.click("start-frame-pick").await;
    answer_file_dialog(&good).await;
    app.wait_until("the picture accepted", "const s = document.querySelector('[data-testid=start-frame]'); return s && s.innerText.includes('Ready to upload') && s.innerText.includes('640 × 480');", 15).await;
    // The preview really shows the chosen file (outside the library: it joins the asset scope).
    app.wait_until("the preview painted", "const i = document.querySelector('[data-testid=start-frame] img'); return i && i.complete && i.naturalWidth === 640;", 15).await;
    app.fill("prompt", "the boats rock gently").await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    app.click("nav-gallery").await;
    app.click("filter-animations").await;
    app.wait_until("one animation", "return document.querySelectorAll('[data-testid=tile][data-kind=image2video]').length === 1;", 20).await;

    // "Animate" from a gallery picture fills the start frame.
    app.click("nav-create").await;
    app.click("tab-image").await;
    app.fill("prompt", "a quiet harbour").await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    app.click("nav-gallery").await;
    app.click("filter-images").await;
    app.click("tile").await;
    app.click("animate-this").await;
    app.wait_until("the gallery picture in the start frame", "const s = document.querySelector('[data-testid=start-frame]'); return s && s.innerText.includes('Ready to upload');", 15).await;
    app.close().await;
    let _ = world.keychain().delete();
}

/// Regenerates the README's screenshots (docs/screenshots/*.png) from the real app:
/// `scripts/test.sh -p kling-studio --test e2e -- --ignored screenshots`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "writes docs/screenshots; run by hand when the UI changes"]
async fn screenshots() {
    let _one = serial();
    let world = World::new().await;
    world.preconfigure();
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let shoot = |_app: &harness::App, name: &'static str| {
        let path = out.join(format!("{name}.png"));
        async move {
            tokio::time::sleep(Duration::from_millis(700)).await;
            harness::x_screenshot(&path);
            assert!(path.is_file(), "{} written", path.display());
        }
    };
    let app = world.launch().await;
    for (prompt, n) in [("a lighthouse on a cliff at dusk, warm light, mist over the sea", "4"), ("a red fox in fresh snow, morning light", "2")] {
        app.fill("prompt", prompt).await;
        app.set_value("count", n).await;
        app.click("generate").await;
        app.newest_job_reaches("done", 60).await;
    }
    app.click("tab-video").await;
    app.fill("prompt", "a paper boat drifting down a rainy street, slow motion, cinematic").await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    app.click("camera-simple").await;
    // Show the camera's six axes, below the fold.
    let _ = app.client.execute("document.querySelector('.create').scrollTop = 10000;", vec![]).await;
    shoot(&app, "create-video").await;
    app.click("tab-image").await;
    app.fill("prompt", "a quiet harbour at blue hour, boats and lanterns").await;
    shoot(&app, "create-image").await;
    app.click("nav-gallery").await;
    app.wait_until("tiles", "return document.querySelectorAll('[data-testid=tile]').length >= 7;", 20).await;
    shoot(&app, "gallery").await;
    app.click("tile").await;
    app.wait_for(&testid("detail"), 10).await;
    shoot(&app, "detail").await;
    app.click("detail-close").await;
    app.click("filter-images").await;
    app.click("tile").await;
    app.click("animate-this").await;
    app.wait_until("start frame", "const s = document.querySelector('[data-testid=start-frame]'); return s && s.innerText.includes('Ready');", 15).await;
    app.fill("prompt", "the lantern light flickers, waves roll in").await;
    shoot(&app, "create-animate").await;
    app.click("nav-settings").await;
    shoot(&app, "settings").await;
    app.close().await;
    let _ = world.keychain().delete();
}
