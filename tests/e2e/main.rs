//! End-to-end: the real app, clicked through as a person would, against the emulator.
//! Each test takes the serial lock (one app and one WebDriver session at a time).

mod assets;
mod desktop_bus;
mod gallery_bench;
mod harness;
mod harness_bounds;
mod keys_in_process;
mod lineage;
mod omni;
mod picture_tools;
mod sound_server;
mod sounds;
mod steps;
mod today;
mod video_tools;

use harness::{answer_dialog, answer_file_dialog, drag_file_onto_app, picture, serial, testid, World, AK, SK};
use keychain::KeyStore;
use std::time::Duration;

/// From a fresh start: the sandbox banner, then keys saved through Settings (into the real
/// Secret Service), four pictures, a video that plays, a refused prompt kept in the form, and a
/// restart in the middle of a job that then finishes.
#[tokio::test(flavor = "multi_thread")]
async fn keys_pictures_video_refusal_and_restart() {
    let _one = serial().await;
    let world = World::new().await;
    let app = world.launch().await;

    // No keys: the built-in sandbox, said plainly.
    app.wait_for(&testid("sandbox-banner"), 20).await;

    // Settings: point at the emulator, then save the keys.
    app.click("nav-settings").await;
    app.enter_host_and_keys(&world.sim.url()).await;
    app.wait_until(
        "keys saved",
        "const s = document.querySelector('[data-testid=keys-status]'); return s && s.innerText.includes('e2e-ac') && s.innerText.includes('keychain');",
        20,
    )
    .await;
    app.wait_until("the sandbox banner gone", "return document.querySelector('[data-testid=sandbox-banner]') === null;", 20).await;
    let stored = world.keychain().load().expect("the keychain answers").expect("keys are in the keychain");
    assert_eq!(stored.access_key, AK);
    let settings_file = std::fs::read_to_string(world.store_dir().join("settings.json")).expect("settings saved");
    assert!(settings_file.contains(&world.sim.url()) && !settings_file.contains(SK), "settings hold the host and never the secret key: {settings_file}");
    // The SK field is write-only: emptied after saving, never filled from the keychain.
    let sk_field = app.prop(&testid("secret-key"), "value").await.unwrap_or_default();
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
    let first = app
        .wait_until(
            "the video has data",
            "const v = document.querySelector('[data-testid=detail-video]'); return v && v.readyState >= 2 ? v.currentTime + 0.0001 : null;",
            20,
        )
        .await
        .as_f64()
        .unwrap();
    // Playing, not only loaded: the clock moves on (slowly on a loaded machine's software decoder).
    let plays = format!("const v = document.querySelector('[data-testid=detail-video]'); return v && !v.paused && v.currentTime > {first} + 0.3;");
    app.wait_until("the video plays on", &plays, 20).await;
    app.click("detail-close").await;

    // A refused prompt: the message with the API code, and the prompt still in the form.
    app.click("nav-create").await;
    app.click("tab-image").await;
    app.fill("prompt", "something forbidden here").await;
    app.click("generate").await;
    let row = app.newest_job_reaches("failed", 30).await;
    assert!(row.contains("1301"), "the queue names the API code: {row}");
    let prompt = app.prop(&testid("prompt"), "value").await.unwrap_or_default();
    assert_eq!(prompt, "something forbidden here");

    // Restart mid-task: the job survives and finishes after the app comes back.
    world.sim.update(|c| c.timing.video_processing = Duration::from_secs(6));
    app.click("tab-video").await;
    app.fill("prompt", "a slow sunrise over hills").await;
    app.click("generate").await;
    app.wait_until(
        "the job at Kling",
        "const j = document.querySelector('[data-testid=job]'); return j && (j.dataset.state === 'submitted' || j.dataset.state === 'processing');",
        30,
    )
    .await;
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
    // After a whole session with keys in the keychain, no file the app wrote holds the secret
    // key: settings, logs (the app's log folder is under data/), library, sidecars, caches.
    assert_no_file_holds_the_secret_key(&world);
    let _ = world.keychain().delete();
}

/// Animate: a picture picked in the native file dialog, pictures that break the API's rules
/// (each named plainly, nothing uploaded), "Animate" from a gallery picture, and a picture
/// dragged in from another application.
#[tokio::test(flavor = "multi_thread")]
async fn animate_picked_pictures_and_refuse_bad_ones() {
    let _one = serial().await;
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
    app.wait_until("the type refused", "const e = document.querySelector('[data-testid=start-frame-error]'); return e && e.innerText.includes('not a JPG or PNG');", 15)
        .await;
    // Picture bombs (a few KB declaring 65,000 × 65,000 or 30,000 × 30,000 pixels), picked and
    // dragged onto the window: refused from their header, before any decode; the app stays up.
    let bombs = kling_sim::test_pictures::bombs();
    for (name, bytes) in &bombs {
        std::fs::write(pictures.join(name), bytes).unwrap();
    }
    app.click("start-frame-pick").await;
    answer_file_dialog(&pictures.join("progressive-65000x65000.jpg")).await;
    app.wait_until(
        "the JPEG bomb refused",
        "const e = document.querySelector('[data-testid=start-frame-error]'); return e && e.innerText.includes('65000×65000 px') && e.innerText.includes('at most 67 megapixels');",
        15,
    )
    .await;
    app.click("nav-gallery").await;
    drag_file_onto_app(&pictures.join("bomb-30000x30000.png")).await;
    app.wait_until(
        "the PNG bomb refused",
        "const e = document.querySelector('[data-testid=start-frame-error]'); return e && e.innerText.includes('30000×30000 px') && e.innerText.includes('at most 67 megapixels');",
        15,
    )
    .await;
    assert_eq!(world.sim.requests().iter().filter(|r| r.path.contains("image2video")).count(), 0, "nothing was sent");

    // A good picture: preview, then a clip in the gallery.
    app.click("start-frame-pick").await;
    answer_file_dialog(&good).await;
    app.wait_until(
        "the picture accepted",
        "const s = document.querySelector('[data-testid=start-frame]'); return s && s.innerText.includes('Ready to upload') && s.innerText.includes('640 × 480');",
        15,
    )
    .await;
    // The preview really shows the chosen file (outside the library: it joins the asset scope).
    app.wait_until("the preview painted", "const i = document.querySelector('[data-testid=start-frame] img'); return i && i.complete && i.naturalWidth === 640;", 15)
        .await;
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
    app.wait_until(
        "the gallery picture in the start frame",
        "const s = document.querySelector('[data-testid=start-frame]'); return s && s.innerText.includes('Ready to upload');",
        15,
    )
    .await;

    // A picture dragged in from another application (a real XDND drop on the window) becomes
    // the start frame, from whatever view the window is showing.
    let dropped = pictures.join("dropped.png");
    picture(&dropped, 720, 540);
    app.click("nav-gallery").await;
    drag_file_onto_app(&dropped).await;
    app.wait_until(
        "the dropped picture in the start frame",
        "const s = document.querySelector('[data-testid=start-frame]'); return s && s.innerText.includes('Ready to upload') && s.innerText.includes('720 × 540');",
        15,
    )
    .await;

    // "Reuse all settings" on the animation brings back its prompt and its own start frame
    // (640 × 480, the library's copy), replacing the dropped one.
    app.click("nav-gallery").await;
    app.click("filter-animations").await;
    app.wait_until("the animation alone", "return document.querySelectorAll('[data-testid=tile]').length === 1;", 20).await;
    app.click("tile").await;
    app.click("reuse-all").await;
    app.wait_until(
        "the animation's picture and prompt in the form",
        "const s = document.querySelector('[data-testid=start-frame]'); const p = document.querySelector('[data-testid=prompt]'); \
         return s && s.innerText.includes('Ready to upload') && s.innerText.includes('640 × 480') && p && p.value === 'the boats rock gently';",
        15,
    )
    .await;
    app.close().await;
    let _ = world.keychain().delete();
}

/// The gallery's actions and the desktop around the app: the About box, the window's size kept
/// across runs, a second launch that hands over to the first window, a notification per finished job, favourites, "reuse all
/// settings", and bulk export and delete on a multi-selection.
#[tokio::test(flavor = "multi_thread")]
async fn gallery_actions_notifications_and_one_window() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let desktop = desktop_bus::Notifications::serve().await;
    let app = world.launch().await;

    // About: the version this build carries; Esc closes it.
    app.click("nav-about").await;
    let version = app.text(&testid("about-version")).await;
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");
    app.press(&testid("about"), &char::from(fantoccini::key::Key::Escape).to_string()).await;
    app.wait_until("the About box closed", "return document.querySelector('[data-testid=about]') === null;", 5).await;

    // The window's size and place are remembered from one run to the next.
    // Set through the X server (xdotool), as a window manager would: the e2e display has none,
    // and WebDriver's window commands wait on one (set_window_rect once hung a whole run).
    app.set_window_geometry(40, 30, 1000, 700);
    assert_eq!(app.window_geometry(), (40, 30, 1000, 700), "the X server moved and resized the window");
    tokio::time::sleep(Duration::from_millis(2000)).await; // saved once the window has settled
                                                           // Killed, not closed: the size must survive a crash too, not only a clean exit.
    app.crash().await;
    let app = world.launch().await;
    let (x, y, width, height) = app.window_geometry();
    assert_eq!((width, height), (1000, 700), "the window opens at the size it was closed at");
    assert_eq!((x, y), (40, 30), "and in the place it was closed at");

    // A second launch quits at once and leaves one window.
    let second = world.launch_again().await;
    assert!(second.success(), "the second launch ended with {second}");
    assert!(app.app_pid().is_some(), "the first window is still there");
    app.wait_for(&testid("nav-create"), 5).await;

    // Notifications for every job.
    app.click("nav-settings").await;
    app.set_value("notifications", "each_job").await;
    app.click("save-settings").await;
    let saved = || std::fs::read_to_string(world.store_dir().join("settings.json")).unwrap_or_default();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !saved().contains("each_job") {
        assert!(std::time::Instant::now() < deadline, "notifications setting not saved: {}", saved());
        tokio::time::sleep(Duration::from_millis(150)).await;
    }

    // Two jobs: two kites (square), then one door (16:9).
    app.click("nav-create").await;
    app.click("tab-image").await;
    app.fill("prompt", "two red kites over green hills").await;
    app.set_value("count", "2").await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    app.fill("prompt", "a blue door in a white wall").await;
    app.set_value("count", "1").await;
    app.click("aspect-16:9").await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while desktop.shown().len() < 2 {
        assert!(std::time::Instant::now() < deadline, "one notification per job: {:?}", desktop.shown());
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    // Exactly one per job: nothing for the idle queue at start-up or when settings changed.
    let shown = desktop.shown();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown.iter().any(|n| n.body.contains("blue door")) && shown.iter().any(|n| n.body.contains("red kites")), "{shown:?}");
    assert!(shown.iter().all(|n| n.summary == "Image ready" && !n.app_name.is_empty()), "{shown:?}");

    // Favourite the door; the favourites filter shows just it.
    app.click("nav-gallery").await;
    app.wait_until("three tiles", "return document.querySelectorAll('[data-testid=tile]').length === 3;", 20).await;
    app.click("tile").await;
    assert!(app.text(&testid("detail-prompt")).await.contains("blue door"), "newest first");
    app.click("favorite").await;
    app.wait_until("marked", "return document.querySelector('[data-testid=favorite]').getAttribute('aria-pressed') === 'true';", 5).await;
    app.click("detail-close").await;
    app.click("filter-favorites").await;
    app.wait_until("one favourite", "const t = document.querySelectorAll('[data-testid=tile]'); return t.length === 1 && t[0].title.includes('blue door');", 10).await;
    app.click("filter-favorites").await;
    app.wait_until("all three again", "return document.querySelectorAll('[data-testid=tile]').length === 3;", 10).await;

    // Reuse all settings: the form comes back with the door's prompt, count and aspect ratio.
    app.click("nav-create").await;
    app.fill("prompt", "something else entirely").await;
    app.click("aspect-1:1").await;
    app.click("nav-gallery").await;
    app.click("tile").await;
    app.click("reuse-all").await;
    app.wait_until("the door's settings in the form", "const p = document.querySelector('[data-testid=prompt]'); const a = document.querySelector('[data-testid=\"aspect-16:9\"]'); return p && p.value === 'a blue door in a white wall' && a && a.getAttribute('aria-checked') === 'true';", 10).await;

    // Select everything, export it to a folder, then move it all to the trash.
    app.click("nav-gallery").await;
    app.wait_for(&testid("tile"), 10).await;
    app.press(&testid("gallery-grid"), &format!("{}a", char::from(fantoccini::key::Key::Control))).await;
    app.wait_until("three selected", "const s = document.querySelector('[data-testid=selected-count]'); return s && s.innerText.startsWith('3');", 10).await;
    let export = world.dir.path().join("exported");
    std::fs::create_dir_all(&export).unwrap();
    app.click("export-selected").await;
    answer_dialog("Export to folder", &export).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let pictures_in = |dir: &std::path::Path| {
        std::fs::read_dir(dir).map(|d| d.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "png" || x == "jpg")).count()).unwrap_or(0)
    };
    while pictures_in(&export) < 3 {
        assert!(std::time::Instant::now() < deadline, "three pictures exported, found {}", pictures_in(&export));
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    app.click("delete-selected").await;
    app.accept_confirm().await;
    app.wait_for(&testid("gallery-empty"), 15).await;
    let library_pictures: usize = walk(&world.library()).iter().filter(|p| p.extension().is_some_and(|x| x == "png" || x == "jpg")).count();
    assert_eq!(library_pictures, 0, "the pictures left the library");
    let trashed = walk(&world.dir.path().join("data/Trash/files")).len();
    assert!(trashed >= 3, "the pictures are in the trash, not gone: {trashed} entries");
    assert_eq!(pictures_in(&export), 3, "the exported copies stay");
    app.close().await;
    let _ = world.keychain().delete();
}

/// A desktop with no Secret Service: Settings says so and keeps the keys for this session only;
/// they work, are never written anywhere, and are gone after a restart. Then the library moves
/// to another folder through Settings and everything in it comes along.
#[tokio::test(flavor = "multi_thread")]
async fn no_keychain_session_keys_and_library_move() {
    let _one = serial().await;
    let bus = desktop_bus::BareBus::start();
    let mut world = World::new().await;
    world.dbus_address = Some(bus.address.clone());
    world.library_env = false;
    let app = world.launch().await;
    app.wait_for(&testid("sandbox-banner"), 20).await;

    app.click("nav-settings").await;
    let problem = app.text(&testid("keychain-problem")).await;
    assert!(problem.to_lowercase().contains("keychain") || problem.contains("Secret Service"), "{problem}");
    assert!(!problem.contains("{") && !problem.contains("DBus error"), "a plain message, not a raw error: {problem}");
    let ticked = app.prop(&testid("session-only"), "checked").await;
    assert_eq!(ticked.as_deref(), Some("true"), "memory-only is offered, pre-ticked");
    app.enter_host_and_keys(&world.sim.url()).await;
    app.wait_until(
        "keys for this session",
        "const s = document.querySelector('[data-testid=keys-status]'); return s && s.innerText.includes('e2e-ac') && s.innerText.toLowerCase().includes('session');",
        20,
    )
    .await;
    app.wait_until("the sandbox banner gone", "return document.querySelector('[data-testid=sandbox-banner]') === null;", 20).await;

    // The session keys work: a picture from the emulator.
    app.click("nav-create").await;
    app.click("tab-image").await;
    app.fill("prompt", "a lantern on a jetty").await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    assert!(world.sim.requests().iter().any(|r| r.method == "POST" && r.path.contains("images/generations")), "the job reached the emulator");

    // Move the library into a folder that already holds things: it goes in as its own folder.
    let old_root = world.dir.path().join("home/Pictures/Kling Studio");
    assert_eq!(walk(&old_root).iter().filter(|p| p.extension().is_some_and(|x| x == "png")).count(), 1, "the picture is in the default library");
    let elsewhere = world.dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("keep-me.txt"), "not the library's").unwrap();
    app.click("nav-settings").await;
    app.click("move-library").await;
    answer_dialog("Move the library to", &elsewhere).await;
    app.accept_confirm().await;
    let new_root = elsewhere.join("Kling Studio");
    let js = format!("const p = document.querySelector('[data-testid=library-path]'); return p && p.innerText === {:?};", new_root.display().to_string());
    app.wait_until("the library in its new place", &js, 30).await;
    assert_eq!(walk(&new_root).iter().filter(|p| p.extension().is_some_and(|x| x == "png")).count(), 1, "the picture moved along");
    assert!(!old_root.exists(), "the old folder is gone");
    assert!(elsewhere.join("keep-me.txt").is_file(), "what was there stays");
    app.click("nav-gallery").await;
    app.wait_until("the moved picture in the gallery", "return document.querySelectorAll('[data-testid=tile]').length === 1;", 20).await;
    app.close().await;

    assert_no_file_holds_the_secret_key(&world);
    // After a restart the session keys are gone (sandbox again), and the library stays moved.
    let app = world.launch().await;
    app.wait_for(&testid("sandbox-banner"), 20).await;
    app.close().await;
    let settings = std::fs::read_to_string(world.store_dir().join("settings.json")).unwrap();
    assert!(settings.contains("elsewhere"), "the new location is remembered: {settings}");
}

/// Greps every file under the world's folders (home, config, data with the logs, cache, library)
/// for the secret key.
fn assert_no_file_holds_the_secret_key(world: &World) {
    let files = walk(world.dir.path());
    assert!(files.iter().any(|f| f.extension().is_some_and(|x| x == "log")), "the app wrote a log to search");
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(!bytes.windows(SK.len()).any(|w| w == SK.as_bytes()), "the secret key is in {}", file.display());
    }
}

/// Every file under `dir` (none when it does not exist).
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path)
            } else {
                out.push(path)
            }
        }
    }
    out
}

/// Regenerates the README's screenshots (docs/screenshots/*.png) from the real app:
/// `scripts/test.sh -p kling-studio --test e2e -- --ignored screenshots`. (The detail view's
/// lineage, detail-lineage.png, comes from `lineage.rs` run with `UPDATE_SCREENSHOTS=1`.)
#[tokio::test(flavor = "multi_thread")]
#[ignore = "writes docs/screenshots; run by hand when the UI changes"]
async fn screenshots() {
    let _one = serial().await;
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
    // Today's options: Pro with sound, in two shots; the shots editor is below the fold.
    app.click("mode-pro").await;
    app.click("sound-on").await;
    app.click("shots-customize").await;
    app.fill("shot-prompt-1", "a paper boat drifts down a rainy street").await;
    app.set_value("shot-seconds-1", "2").await;
    app.click("add-shot").await;
    app.fill("shot-prompt-2", "it sails under a bridge into the light").await;
    app.set_value("shot-seconds-2", "3").await;
    app.script("document.querySelector('.create').scrollTop = 420;").await;
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
    app.click("nav-about").await;
    app.wait_for(&testid("about-version"), 10).await;
    shoot(&app, "about").await;
    app.close().await;
    let _ = world.keychain().delete();
}
