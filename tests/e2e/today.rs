//! Today's Kling through the forms: the cost shown for the addendum's worked prices, a kling-v3
//! multi-shot video with sound made through the shots editor, played with its sound in the
//! detail view, its settings brought back by "Reuse all settings", and the form's settings kept
//! across a restart.

use crate::harness::{serial, testid, World};

/// The cost hint's text once it says `units`.
async fn cost_says(app: &crate::harness::App, what: &str, units: &str) {
    let js = format!("const c = document.querySelector('[data-testid=cost-hint]'); return c && c.innerText.includes({units:?}) ? c.innerText : null;");
    app.wait_until(what, &js, 10).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kling_v3_multi_shot_with_sound_costs_and_reuse() {
    let _one = serial().await;
    let world = World::new().await.with_sound();
    world.preconfigure();
    let app = world.launch().await;
    app.click("nav-create").await;
    app.click("tab-video").await;
    app.wait_until("today's model first", "const m = document.querySelector('[data-testid=model]'); return m && m.value === 'kling-v3';", 15).await;

    // The cost before sending, from the catalogue's prices (addendum §7.2, §7.3).
    app.click("mode-pro").await;
    app.set_value("duration", "5").await;
    app.click("sound-on").await;
    cost_says(&app, "kling-v3 pro 5 s with sound", "6 video units").await;
    app.set_value("model", "kling-v2-5-turbo").await;
    app.click("mode-std").await;
    app.click("duration-10").await;
    cost_says(&app, "kling-v2-5-turbo std 10 s", "3 video units").await;
    app.click("tab-image").await;
    app.set_value("model", "kling-v2-1").await;
    app.set_value("count", "2").await;
    cost_says(&app, "kling-v2-1 two pictures", "8 image units").await;

    // A kling-v3 clip in two shots, with sound, through the shots editor.
    app.click("tab-video").await;
    app.set_value("model", "kling-v3").await;
    app.click("mode-pro").await;
    app.set_value("duration", "5").await;
    app.click("sound-on").await;
    app.click("shots-customize").await;
    app.fill("shot-prompt-1", "a lighthouse at dusk").await;
    app.set_value("shot-seconds-1", "2").await;
    app.click("add-shot").await;
    app.fill("shot-prompt-2", "waves break on the rocks").await;
    app.set_value("shot-seconds-2", "3").await;
    app.wait_until(
        "the shots add up",
        "const s = document.querySelector('[data-testid=shots-sum]'); return s && s.innerText.includes('5 s of 5 s') && !s.classList.contains('bad');",
        10,
    )
    .await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    let create = world.sim.requests().into_iter().rfind(|r| r.method == "POST" && r.path.contains("text2video")).expect("the clip was sent");
    let body = create.body.expect("a JSON body");
    assert_eq!(
        (body["model_name"].as_str(), body["sound"].as_str(), body["mode"].as_str(), body["duration"].as_str()),
        (Some("kling-v3"), Some("on"), Some("pro"), Some("5")),
        "{body}"
    );
    assert_eq!((body["multi_shot"].as_bool(), body["shot_type"].as_str()), (Some(true), Some("customize")), "{body}");
    let shots = body["multi_prompt"].as_array().expect("the shots");
    assert_eq!(shots.len(), 2);
    assert_eq!((shots[0]["index"].as_u64(), shots[0]["prompt"].as_str(), shots[0]["duration"].as_str()), (Some(1), Some("a lighthouse at dusk"), Some("2")));
    assert_eq!((shots[1]["index"].as_u64(), shots[1]["duration"].as_str()), (Some(2), Some("3")));

    // The detail view plays the clip with its sound, unmuted: the clip's audio track is decoded
    // and heard (to the test's null sink). This WebKit has no webkitAudioDecodedByteCount, so the
    // samples are read where they leave the element, through a Web Audio analyser.
    app.click("nav-gallery").await;
    app.click("filter-videos").await;
    app.click("tile").await;
    app.wait_for(&testid("detail-video"), 10).await;
    let playing = "const v = document.querySelector('[data-testid=detail-video]'); return v && v.readyState >= 2 && !v.paused && !v.muted && v.volume > 0 && v.audioTracks && v.audioTracks.length === 1;";
    app.wait_until("the clip plays, unmuted, with one audio track", playing, 20).await;
    let loudest = "const v = document.querySelector('[data-testid=detail-video]');
        if (!window.__probe) {
          const ctx = new AudioContext();
          const analyser = ctx.createAnalyser();
          ctx.createMediaElementSource(v).connect(analyser);
          analyser.connect(ctx.destination);
          window.__probe = { ctx, analyser, loudest: 0 };
          ctx.resume();
        }
        const samples = new Float32Array(window.__probe.analyser.fftSize);
        window.__probe.analyser.getFloatTimeDomainData(samples);
        for (const x of samples) window.__probe.loudest = Math.max(window.__probe.loudest, Math.abs(x));
        return window.__probe.loudest > 0.01 ? window.__probe.loudest : null;";
    let peak = app.wait_until("the clip's sound is heard", loudest, 20).await.as_f64().unwrap();
    assert!(peak > 0.01, "sound samples reach the output: peak {peak}");
    assert_eq!(app.text(&testid("detail-prompt")).await, "a lighthouse at dusk / waves break on the rocks", "a clip given shot by shot is described by its shots");
    let shown = app.text(&testid("detail")).await;
    assert!(shown.contains("With sound") && shown.contains("1. a lighthouse at dusk (2 s)"), "the detail panel in the form's words: {shown}");
    assert!(app.text(&testid("detail-charged")).await.contains("6 video units"), "the charge Kling reported (final_unit_deduction)");

    // Reuse all settings: the shots and the sound come back.
    app.click("detail-close").await;
    app.click("nav-create").await;
    app.click("shots-single").await;
    app.click("sound-off").await;
    app.click("nav-gallery").await;
    app.click("tile").await;
    app.click("reuse-all").await;
    let restored = "const p = document.querySelector('[data-testid=shot-prompt-2]'); const s = document.querySelector('[data-testid=sound-on]'); return p && p.value === 'waves break on the rocks' && s && s.classList.contains('on');";
    app.wait_until("shots and sound restored", restored, 10).await;

    // The form's settings survive a restart (not its prompts).
    app.close().await;
    let app = world.launch().await;
    app.click("nav-create").await;
    app.click("tab-video").await;
    let kept = "const m = document.querySelector('[data-testid=model]'); const s = document.querySelector('[data-testid=sound-on]'); const p = document.querySelector('[data-testid=mode-pro]'); return m && m.value === 'kling-v3' && s && s.classList.contains('on') && p && p.classList.contains('on');";
    app.wait_until("the last settings kept", kept, 15).await;
    app.close().await;
}
