//! A sound in the library: its tile shows its waveform (a PNG the `thumb` scheme serves as one)
//! with a note, its detail plays it under that waveform, the tool filter offers "Imported", and
//! the Sounds filter shows sounds alone (Images, pictures alone; Videos, clips alone). Create →
//! Sound makes one from words: priced, filed, played, and its settings reused.

use crate::harness::{serial, testid, World};
use crate::steps::{generate_and_finish, open_item};
use keychain::KeyStore;

#[tokio::test(flavor = "multi_thread")]
async fn a_sound_shows_its_waveform_and_plays() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    // A one-second 440 Hz tone put into the library folder by hand, as a person might.
    let folder = world.library().join("sounds");
    std::fs::create_dir_all(&folder).unwrap();
    let tone = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/studio/tests/fixtures/tone-440hz-1s.mp3");
    std::fs::copy(&tone, folder.join("tone.mp3")).unwrap();
    // Beside it, a picture and a clip, so each filter has something to leave out.
    image::RgbImage::from_pixel(400, 300, image::Rgb([200, 90, 40])).save(folder.join("still.png")).unwrap();
    let clip = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/studio/tests/fixtures/red-320x180-1s.mp4");
    std::fs::copy(&clip, folder.join("clip.mp4")).unwrap();

    let app = world.launch().await;
    app.click("nav-gallery").await;
    app.wait_until(
        "the sound's tile, its waveform painted and its note",
        "const t = document.querySelector('[data-testid=tile][data-media=audio]'); if (!t) return null; \
         const img = t.querySelector('img'); const chip = t.querySelector('[data-testid=sound-chip]'); \
         return img && img.complete && img.naturalWidth === 384 && img.naturalHeight === 192 && chip && chip.innerText.includes('1s');",
        30,
    )
    .await;
    app.wait_until(
        "the tool filter offers Imported",
        "return [...document.querySelectorAll('[data-testid=filter-tool] option')].some((o) => o.value === 'imported' && o.textContent.trim() === 'Imported');",
        10,
    )
    .await;

    let only = |media: &str| format!("const t = [...document.querySelectorAll('[data-testid=tile]')]; return t.length === 1 && t[0].dataset.media === '{media}';");
    for (filter, media) in [("filter-images", "image"), ("filter-videos", "video"), ("filter-sounds", "audio")] {
        app.click(filter).await;
        app.wait_until(&format!("{filter} shows the {media} alone"), &only(media), 15).await;
    }

    app.click("tile").await;
    app.wait_until(
        "the waveform above a player that has read the sound",
        "const w = document.querySelector('[data-testid=detail-waveform]'); const a = document.querySelector('[data-testid=detail-audio]'); \
         return w && w.complete && w.naturalWidth === 384 && a && a.controls && a.readyState >= 1 && a.duration > 0.8 && a.duration < 1.3;",
        20,
    )
    .await;
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        eprintln!("sound: {}", app.screenshot("sound-detail").await.display());
    }
    let tool = app.text(&testid("detail-tool")).await;
    assert_eq!(tool, "Imported");
    assert!(
        app.script("return document.querySelector('[data-testid=detail-image], [data-testid=detail-video]') === null;").await.as_bool().unwrap(),
        "no picture or clip element for a sound"
    );
    app.close().await;
    let _ = world.keychain().delete();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sound_from_words_is_made_played_and_reused() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let app = world.launch().await;
    app.click("nav-create").await;
    app.click("tab-sound").await;
    // Too long a description: counted as the API counts, and Generate stays off.
    app.fill("prompt", &"rain ".repeat(41)).await;
    app.wait_until(
        "the counter over 200 and Generate off",
        "const c = document.querySelector('[data-testid=prompt-counter]'); const g = document.querySelector('[data-testid=generate]'); \
         return c && c.innerText.trim() === '205 / 200' && g.disabled;",
        10,
    )
    .await;
    app.fill("prompt", "rain on a tin roof").await;
    app.set_value("sound-duration", "3.5").await;
    app.wait_until(
        "the length and the flat price",
        "const s = document.querySelector('[data-testid=sound-seconds]'); const c = document.querySelector('[data-testid=cost-hint]'); \
         return s && s.textContent === '3.5 s' && c && c.innerText.includes('0.25 video units') && !document.querySelector('[data-testid=generate]').disabled;",
        10,
    )
    .await;
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        eprintln!("create-sound: {}", app.screenshot("create-sound").await.display());
    }
    generate_and_finish(&app).await;
    let sent = world.sim.requests().into_iter().find(|r| r.method == "POST" && r.path.ends_with("/audio/text-to-audio")).expect("the sound was asked for");
    let body = sent.body.unwrap();
    assert_eq!((body["prompt"].as_str(), body["duration"].as_f64()), (Some("rain on a tin roof"), Some(3.5)), "{body}");

    // In the gallery among the sounds, played in its detail at the length asked.
    open_item(&app, "rain on a tin roof").await;
    app.wait_until(
        "a player that has read the 3.5 s sound",
        "const a = document.querySelector('[data-testid=detail-audio]'); return a && a.readyState >= 1 && a.duration > 3.4 && a.duration < 3.6;",
        20,
    )
    .await;
    assert_eq!(app.text(&testid("detail-tool")).await, "Sound");
    app.click("detail-close").await;
    app.click("filter-sounds").await;
    app.wait_until(
        "the Sounds filter shows it",
        "const t = [...document.querySelectorAll('[data-testid=tile]')]; return t.length === 1 && t[0].dataset.media === 'audio';",
        15,
    )
    .await;

    // Reuse all settings: the Sound tab with its words and length back.
    app.click("tile").await;
    app.click("reuse-all").await;
    app.wait_until(
        "the Sound form filled again",
        "const p = document.querySelector('[data-testid=sound-form] [data-testid=prompt]'); const s = document.querySelector('[data-testid=sound-seconds]'); \
         return p && p.value === 'rain on a tin roof' && s && s.textContent === '3.5 s';",
        10,
    )
    .await;
    app.close().await;
    let _ = world.keychain().delete();
}
