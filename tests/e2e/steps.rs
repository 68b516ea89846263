//! Steps the flow tests share: make something through a Create tab and wait for it, open a
//! gallery item by its prompt.

use crate::harness::App;

/// Makes one result through a Create tab (its default settings) and waits until it is done.
pub(crate) async fn create(app: &App, tab: &str, prompt: &str) {
    app.click("nav-create").await;
    app.click(&format!("tab-{tab}")).await;
    app.fill("prompt", prompt).await;
    generate_and_finish(app).await;
}

/// Presses Generate and waits for that job (not the one done before it) to finish.
pub(crate) async fn generate_and_finish(app: &App) {
    let before = app.script("return document.querySelectorAll('[data-testid=job]').length;").await.as_u64().unwrap_or(0);
    app.click("generate").await;
    app.wait_until("the new job in the queue", &format!("return document.querySelectorAll('[data-testid=job]').length > {before};"), 15).await;
    app.newest_job_reaches("done", 90).await;
}

/// Opens the gallery item whose prompt is `prompt` in the detail panel and returns its id.
pub(crate) async fn open_item(app: &App, prompt: &str) -> String {
    app.click("nav-gallery").await;
    app.click("filter-all").await;
    let js = format!(
        "const t = [...document.querySelectorAll('[data-testid=tile]')].find((t) => t.title === {prompt:?}); if (!t) return null; t.click(); return t.dataset.id;"
    );
    let id = app.wait_until(&format!("the item {prompt:?} in the gallery"), &js, 20).await.as_str().unwrap_or_default().to_string();
    app.wait_until("its detail", &format!("const p = document.querySelector('[data-testid=detail-prompt]'); return p && p.innerText === {prompt:?};"), 10).await;
    id
}

/// The file of the item open in the detail panel.
pub(crate) async fn open_file(app: &App) -> String {
    app.script("return document.querySelector('[data-testid=detail] dd[title]').title;").await.as_str().unwrap_or_default().to_string()
}
