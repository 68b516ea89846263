//! The picture tools from the gallery: Expand on a picture, its edges dragged in the editor with
//! the area shown against Kling's limit, the results linked back to the picture.

use crate::harness::{serial, testid, World};
use crate::steps::create;
use crate::video_tools::{last_post, made_by, made_from_is, shoot};
use keychain::KeyStore;

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
