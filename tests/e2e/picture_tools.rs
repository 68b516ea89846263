//! The picture tools from the gallery: Expand on a picture, its edges dragged in the editor with
//! the area shown against Kling's limit, the results linked back to the picture; Compose with a
//! gallery picture as its subject and a scene picked from outside the library; Try-on with a
//! gallery person and a gallery garment, each result's "Made from" naming the library pictures.

use crate::harness::{answer_file_dialog, serial, testid, App, World};
use crate::steps::{create, generate_and_finish, open_item};
use crate::video_tools::{last_post, made_by, made_from_is, shoot};
use keychain::KeyStore;

/// Waits until the form on show may be sent: no problem shown, Generate enabled.
async fn ready_to_send(app: &App, problem: &str) {
    let js = format!("return document.querySelector('[data-testid={problem}]') === null && !document.querySelector('[data-testid=generate]').disabled;");
    app.wait_until("the form ready to send", &js, 15).await;
}

/// Waits until the picture of `slot` is painted in its form.
async fn painted(app: &App, slot: &str) {
    let js = format!("const p = document.querySelector('[data-testid={slot}] img'); return p && p.complete && p.naturalWidth > 0;");
    app.wait_until(&format!("the picture in {slot}"), &js, 15).await;
}

/// Drags an edge handle of the Expand editor by `dx`, `dy` pixels, as a pointer would.
fn drag(edge: &str, dx: i32, dy: i32) -> String {
    format!(
        "const h = document.querySelector('[data-testid=expand-handle-{edge}]'); const r = h.getBoundingClientRect(); \
         const x = r.left + r.width / 2, y = r.top + r.height / 2; \
         const at = (type, target, px, py) => target.dispatchEvent(new PointerEvent(type, {{ bubbles: true, pointerId: 7, clientX: px, clientY: py }})); \
         at('pointerdown', h, x, y); at('pointermove', h, x + {dx}, y + {dy}); at('pointerup', h, x + {dx}, y + {dy}); return true;"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn expand_a_gallery_picture_by_dragging_its_edges() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let app = world.launch().await;
    create(&app, "image", "a cup on a kitchen table").await;
    let picture = made_by(&app, "image", 1).await.remove(0);
    app.click("tile").await;
    app.click("expand-picture").await;
    app.wait_for(&testid("tool-expand-dialog"), 10).await;
    // Nothing grown yet: Expand says so and sends nothing.
    app.click("tool-submit").await;
    assert_eq!(app.text(&testid("tool-error")).await, "Drag an edge outward: nothing is expanded yet.");

    // The right edge dragged out by the picture's own width: 2× the area, as the line says.
    let width = app.script("return document.querySelector('[data-testid=expand-frame] img').getBoundingClientRect().width;").await.as_f64().unwrap();
    app.script(&drag("right", width.round() as i32, 0)).await;
    app.wait_until(
        "the right edge at 1 and the area at 2×",
        "return document.querySelector('[data-testid=expand-right]').value === '1' && document.querySelector('[data-testid=expand-area]').innerText.startsWith('2.00×');",
        10,
    )
    .await;
    // Past the limit the area turns red; typed back within it, it is fine again.
    app.set_value("expand-up", "1").await;
    app.wait_until(
        "4× shown as over",
        "const a = document.querySelector('[data-testid=expand-area]'); return a.innerText.startsWith('4.00×') && a.classList.contains('over');",
        10,
    )
    .await;
    app.set_value("expand-up", "0.25").await;
    app.fill("expand-prompt", "the rest of the kitchen").await;
    app.set_value("expand-n", "2").await;
    app.wait_until("2.50× and the price of two pictures", "const a = document.querySelector('[data-testid=expand-area]'); const c = document.querySelector('[data-testid=tool-expand-dialog] [data-testid=cost-hint]'); return a.innerText.startsWith('2.50×') && !a.classList.contains('over') && c && c.innerText.includes('16 image units');", 10).await;
    shoot("tool-expand").await;
    app.click("tool-submit").await;
    app.wait_until("the dialog closed", "return document.querySelector('[data-testid=tool-expand-dialog]') === null;", 10).await;
    app.click("detail-close").await;
    app.newest_job_reaches("done", 90).await;

    let results = made_by(&app, "image-expand", 2).await;
    for result in &results {
        made_from_is(&app, result, &picture).await;
    }
    let sent = last_post(&world, "/images/editing/expand");
    assert_eq!((sent["right_expansion_ratio"].as_f64(), sent["up_expansion_ratio"].as_f64(), sent["n"].as_u64()), (Some(1.0), Some(0.25), Some(2)), "{sent}");
    assert_eq!(sent["prompt"], "the rest of the kitchen");
    assert!(sent["image"].as_str().is_some_and(|p| p.len() > 1000), "the picture went as base64");
    app.close().await;
    let _ = world.keychain().delete();
}

#[tokio::test(flavor = "multi_thread")]
async fn compose_and_try_on_from_gallery_pictures() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let app = world.launch().await;
    create(&app, "image", "a red fox in the snow").await;
    create(&app, "image", "a person standing in a studio").await;
    create(&app, "image", "a wool coat on a hanger").await;

    // Compose: the fox from the gallery as the subject, a park picked from outside the library
    // as the scene.
    let fox = open_item(&app, "a red fox in the snow").await;
    app.click("use-in-compose").await;
    painted(&app, "compose-picture-1").await;
    let park = world.dir.path().join("pictures/park.png");
    crate::harness::picture(&park, 800, 450);
    app.click("compose-scene-pick").await;
    answer_file_dialog(&park).await;
    painted(&app, "compose-scene").await;
    app.fill("prompt", "the fox having a picnic in the park").await;
    ready_to_send(&app, "compose-problem").await;
    app.wait_until(
        "the price of one composed picture",
        "const c = document.querySelector('[data-testid=cost-hint]'); return c && c.innerText.includes('16 image units');",
        15,
    )
    .await;
    app.script("document.querySelector('.create').scrollTop = 0;").await;
    shoot("create-compose").await;
    generate_and_finish(&app).await;
    let sent = last_post(&world, "/images/multi-image2image");
    assert_eq!((sent["model_name"].as_str(), sent["subject_image_list"].as_array().map(Vec::len)), (Some("kling-v2-1"), Some(1)), "{sent}");
    assert!(sent["scene_image"].as_str().is_some_and(|p| p.len() > 1000) && sent.get("style_image").is_none(), "the scene went as base64");
    let composed = made_by(&app, "multi-image2image", 1).await.remove(0);
    made_from_is(&app, &composed, &fox).await;

    // Try-on: the person, then the coat, each sent from the gallery; the v1.5 model chosen.
    app.set_value("filter-tool", "").await;
    let person = open_item(&app, "a person standing in a studio").await;
    assert_eq!(app.text(&testid("use-in-tryon")).await.trim(), "Try-on: as person");
    app.click("use-in-tryon").await;
    painted(&app, "tryon-person").await;
    let coat = open_item(&app, "a wool coat on a hanger").await;
    assert_eq!(app.text(&testid("use-in-tryon")).await.trim(), "Try-on: as garment");
    app.click("use-in-tryon").await;
    painted(&app, "tryon-garment").await;
    app.click("tryon-model-v1.5").await;
    app.wait_until("v1.5 explained", "return document.querySelector('[data-testid=tryon-model-hint]').innerText.includes('top and bottom together');", 10).await;
    ready_to_send(&app, "tryon-problem").await;
    app.wait_until(
        "the price said unknown",
        "const c = document.querySelector('[data-testid=cost-hint]'); return c && c.innerText.includes('not published') && c.innerText.includes('try-on units left');",
        15,
    )
    .await;
    app.script("document.querySelector('.create').scrollTop = 0;").await;
    shoot("create-tryon").await;
    generate_and_finish(&app).await;
    let sent = last_post(&world, "/images/kolors-virtual-try-on");
    assert_eq!(sent["model_name"], "kolors-virtual-try-on-v1-5");
    let tried = made_by(&app, "virtual-try-on", 1).await.remove(0);
    app.script(&format!("document.querySelector('[data-testid=tile][data-id=\"{tried}\"]').click();")).await;
    let js = "const s = document.querySelector('[data-testid=made-from]'); if (!s) return null; \
              const ids = [...s.querySelectorAll('[data-testid=lineage-item]')].map((e) => e.dataset.id); return ids.length === 2 ? ids : null;";
    let ids: Vec<String> = serde_json::from_value(app.wait_until("the person and the coat as parents", js, 20).await).unwrap();
    assert_eq!(ids, [person, coat]);
    assert_eq!(app.text(&testid("detail-tool")).await, "Try-on");
    app.close().await;
    let _ = world.keychain().delete();
}

#[tokio::test(flavor = "multi_thread")]
async fn omni_image_series_from_a_gallery_picture() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let app = world.launch().await;
    create(&app, "image", "a lighthouse on a cliff").await;
    let lighthouse = open_item(&app, "a lighthouse on a cliff").await;
    app.click("use-in-omni-image").await;
    painted(&app, "omni-image-picture-1").await;
    // Its reference goes into the prompt with one click.
    app.fill("prompt", "through the four seasons").await;
    app.press(&testid("prompt"), &char::from(fantoccini::key::Key::Home).to_string()).await;
    app.click("omni-image-chip-image_1").await;
    let prompt = app.prop(&testid("prompt"), "value").await.unwrap_or_default();
    assert_eq!(prompt, "<<<image_1>>> through the four seasons", "the reference went in at the caret");
    // kling-v3-omni makes a series from a picture: four of them.
    app.set_value("model", "kling-v3-omni").await;
    app.wait_until("a series offered", "const b = document.querySelector('[data-testid=omni-image-series]'); return b && !b.disabled;", 15).await;
    app.click("omni-image-series").await;
    app.wait_until("the price of four pictures", "const c = document.querySelector('[data-testid=cost-hint]'); return c && c.innerText.includes('32 image units');", 15)
        .await;
    ready_to_send(&app, "omni-image-problem").await;
    app.script("document.querySelector('.create').scrollTop = 0;").await;
    shoot("create-omni-image").await;
    generate_and_finish(&app).await;
    let sent = last_post(&world, "/images/omni-image");
    assert_eq!((sent["result_type"].as_str(), sent["series_amount"].as_u64(), sent["model_name"].as_str()), (Some("series"), Some(4), Some("kling-v3-omni")), "{sent}");
    assert!(sent["prompt"].as_str().is_some_and(|p| p.starts_with("<<<image_1>>>")));
    let series = made_by(&app, "omni-image", 4).await;
    made_from_is(&app, &series[0], &lighthouse).await;
    // Each picture of the series lists the other three beside it.
    app.script(&format!("document.querySelector('[data-testid=tile][data-id=\"{}\"]').click();", series[1])).await;
    let js = "const s = document.querySelector('[data-testid=same-task]'); return s ? s.querySelectorAll('[data-testid=lineage-item]').length : null;";
    assert_eq!(app.wait_until("the rest of the series", js, 20).await.as_u64(), Some(3));
    app.close().await;
    let _ = world.keychain().delete();
}
