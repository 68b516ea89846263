//! The TypeScript bindings (`ui/src/lib/bindings.ts`) are generated from the Rust commands and
//! types. This test regenerates them and fails when the committed file differs, so a Rust change
//! that forgets the UI cannot land. `UPDATE_BINDINGS=1 cargo test --test bindings` rewrites it.

use std::path::Path;

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
    let fresh = tempfile::tempdir().unwrap().keep().join("bindings.ts");
    kling_studio::bindings::export(&fresh).expect("the bindings export");
    let generated = std::fs::read_to_string(&fresh).unwrap();
    assert!(generated.contains("createImage") && generated.contains("jobUpdated"), "commands and events are exported");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        current == generated,
        "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit the result"
    );
}
