fn main() {
    // The app's Rust sources live in src-tauri/ while the package root is the repository root,
    // so the capability files are named explicitly.
    let attributes = tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
