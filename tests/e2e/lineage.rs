//! Lineage in the detail panel: a picture animated from the gallery is the animation's "Made
//! from" (its thumbnail opens it), the animation is the picture's "Used in", the tool filter
//! tells them apart, and once the picture is deleted the animation still names it, as gone.

use crate::harness::{serial, testid, World};
use keychain::KeyStore;

/// The `data-id` of the one lineage entry in a section, once the section shows it.
pub(crate) async fn one_entry(app: &crate::harness::App, section: &str, words: &[&str]) -> String {
    let words = serde_json::to_string(words).unwrap();
    let js = format!(
        "const s = document.querySelector('[data-testid={section}]'); if (!s) return null; \
         const e = s.querySelectorAll('[data-testid=lineage-item]'); if (e.length !== 1) return null; \
         const img = e[0].querySelector('img'); \
         return {words}.every((w) => e[0].innerText.includes(w)) && img && img.complete && img.naturalWidth > 0 ? e[0].dataset.id : null;"
    );
    app.wait_until(&format!("one entry in {section} saying {words}, its thumbnail painted"), &js, 20).await.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn made_from_used_in_gone_and_the_tool_filter() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let app = world.launch().await;

    // A picture, then "Animate" on it from the gallery.
    crate::steps::create(&app, "image", "a lighthouse on a cliff").await;
    app.click("nav-gallery").await;
    app.click("filter-images").await;
    app.wait_until("the picture alone", "return document.querySelectorAll('[data-testid=tile]').length === 1;", 20).await;
    let picture_id = app.script("return document.querySelector('[data-testid=tile]').dataset.id;").await.as_str().unwrap_or_default().to_string();
    assert!(picture_id.starts_with("image:"), "{picture_id}");
    app.click("tile").await;
    app.click("animate-this").await;
    app.wait_until(
        "the picture in the start frame",
        "const s = document.querySelector('[data-testid=start-frame]'); return s && s.innerText.includes('Ready to upload');",
        15,
    )
    .await;
    app.fill("prompt", "the beam sweeps the sea").await;
    crate::steps::generate_and_finish(&app).await;

    // The tool filter offers the tools present, in words; "Animate" shows the animation only.
    app.click("nav-gallery").await;
    app.click("filter-all").await;
    app.wait_until("both items", "return document.querySelectorAll('[data-testid=tile]').length === 2;", 20).await;
    app.wait_until(
        "the tools offered",
        "const o = [...document.querySelectorAll('[data-testid=filter-tool] option')].map((o) => o.value + '=' + o.textContent.trim()).sort().join(','); \
         return o === '=All tools,image2video=Animate,image=Image' ? o : null;",
        10,
    )
    .await;
    app.set_value("filter-tool", "image2video").await;
    app.wait_until("the animation alone", "const t = document.querySelectorAll('[data-testid=tile]'); return t.length === 1 && t[0].dataset.kind === 'image2video';", 15)
        .await;
    let animation_id = app.script("return document.querySelector('[data-testid=tile]').dataset.id;").await.as_str().unwrap_or_default().to_string();
    assert!(animation_id.starts_with("image2video:"), "{animation_id}");

    // The animation's detail: made from the picture, its start frame, made by Image.
    app.click("tile").await;
    let parent = one_entry(&app, "made-from", &["Start frame", "Image", "a lighthouse on a cliff"]).await;
    assert_eq!(parent, picture_id);
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        // `UPDATE_SCREENSHOTS=1` also refreshes the README's picture of the lineage section.
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        crate::harness::x_screenshot(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots/detail-lineage.png"));
    }

    // Its thumbnail opens the picture, which was used in the animation.
    app.click("lineage-item").await;
    let child = one_entry(&app, "used-in", &["As start frame", "Animate", "the beam sweeps the sea"]).await;
    assert_eq!(child, animation_id);
    let shots = std::env::var_os("UPDATE_SCREENSHOTS").is_some();
    if shots {
        eprintln!("used in: {}", app.screenshot("lineage-used-in").await.display());
    }
    let prompt = app.text(&testid("detail-prompt")).await;
    assert!(prompt.contains("lighthouse"), "the picture's detail is open: {prompt}");
    assert!(app.script("return document.querySelector('[data-testid=made-from]') === null;").await.as_bool().unwrap(), "the picture was made from nothing");
    let file = app.script("return document.querySelector('[data-testid=detail] dd[title]').title;").await.as_str().unwrap_or_default().to_string();
    let file_name = std::path::Path::new(&file).file_name().unwrap().to_string_lossy().into_owned();
    let task_id = picture_id.split(':').nth(1).unwrap().to_string();

    // Delete the picture: the animation still names it, as gone, and it cannot be opened.
    app.click("detail-delete").await;
    app.accept_confirm().await;
    app.wait_until("the panel closed", "return document.querySelector('[data-testid=detail]') === null;", 10).await;
    app.set_value("filter-tool", "").await;
    app.wait_until(
        "the animation alone left",
        "const t = document.querySelectorAll('[data-testid=tile]'); return t.length === 1 && t[0].dataset.kind === 'image2video';",
        15,
    )
    .await;
    app.click("tile").await;
    let js = format!(
        "const s = document.querySelector('[data-testid=made-from]'); if (!s) return null; \
         const g = s.querySelectorAll('[data-testid=lineage-gone]'); \
         return g.length === 1 && s.querySelectorAll('[data-testid=lineage-item], img, button').length === 0 \
           && g[0].innerText.includes('gone') && g[0].innerText.includes({file_name:?}) && g[0].innerText.includes('Task {task_id}') \
           && g[0].innerText.includes('No longer in the library') ? g[0].innerText : null;"
    );
    app.wait_until("the picture shown as gone", &js, 20).await;
    // And it stays so once the library has settled after the delete.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let still = app.script(&format!("return (() => {{ {js} }})();")).await;
    assert!(still.is_string(), "the gone parent is still shown a moment later: {still}");
    if shots {
        eprintln!("gone: {}", app.screenshot("lineage-gone").await.display());
    }
    app.close().await;
    let _ = world.keychain().delete();
}
