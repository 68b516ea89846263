//! A bare Tauri window with one page; it prints READY when its page has painted its first frame
//! and can call Rust, the same marker Kling Studio prints under KLING_BENCH=1.

#[tauri::command]
fn ready() {
    println!("READY");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the hello-world window opens");
}
