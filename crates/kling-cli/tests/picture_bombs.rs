//! Pictures that claim far more pixels than they hold (issue 12, item 2), met by the real `kling`
//! process with its address space capped at 2 GB, so a decoder that believed a header would be
//! refused its buffers and kill the process instead of passing: returned by the emulator as a
//! task's result (the task fails with a clear message, nothing is written), and given as the
//! input picture (`kling image --image`, the check every dropped or picked file goes through:
//! refused before anything is sent).

mod common;

use common::*;
use kling_sim::{Hostile, Sim, SimConfig};
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::Duration;

const ADDRESS_SPACE: libc::rlim_t = 2 << 30;

/// `cmd`, run with its address space capped at [`ADDRESS_SPACE`].
fn capped(cmd: &mut Command) -> &mut Command {
    // SAFETY: only setrlimit, which is async-signal-safe, runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let cap = libc::rlimit { rlim_cur: ADDRESS_SPACE, rlim_max: ADDRESS_SPACE };
            if libc::setrlimit(libc::RLIMIT_AS, &cap) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

fn files_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn picture_bombs_returned_as_results_fail_the_task_clearly_under_a_memory_limit() {
    let rows = [
        (Hostile::JpegBomb, "the picture is 65000×65000 px, more than a picture may have"),
        (Hostile::PngBomb, "the picture is 30000×30000 px, more than a picture may have"),
        (Hostile::WebpBomb, "the picture does not open"),
    ];
    for (mode, says) in rows {
        let mut config = SimConfig::fast(AK, SK);
        config.hostile = Some(mode);
        let sim = Sim::start(config).await.expect("emulator starts");
        let out_dir = tempfile::tempdir().unwrap();
        let out =
            run_within(capped(kling(&sim).args(["image", "a harmless-looking result", "--model", "kling-v1", "--out"]).arg(out_dir.path())), Duration::from_secs(120));
        let shown = stderr(&out);
        assert!(out.status.code().is_some_and(|c| c != 0), "{mode:?}: kling must fail by itself, not be killed; ended {} saying {shown}", out.status);
        assert!(shown.contains(says), "{mode:?}: the message says {says:?}: {shown}");
        assert!(files_in(out_dir.path()).is_empty(), "{mode:?}: nothing written to --out");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn picture_bombs_given_as_input_are_refused_under_a_memory_limit() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        ("progressive-65000x65000.jpg", "progressive-65000x65000.jpg is 65000×65000 px; pictures may have at most 67 megapixels"),
        ("bomb-30000x30000.png", "bomb-30000x30000.png is 30000×30000 px; pictures may have at most 67 megapixels"),
        ("canvas-16383x16383.webp", "canvas-16383x16383.webp is a WEBP picture; Kling takes only JPG or PNG"),
    ];
    let bombs = kling_sim::test_pictures::bombs();
    for (name, says) in rows {
        let path = dir.path().join(name);
        std::fs::write(&path, &bombs.iter().find(|(n, _)| *n == name).expect("a bomb of that name").1).unwrap();
        let out = run_within(capped(kling(&sim).args(["image", "like this", "--image"]).arg(&path)), Duration::from_secs(60));
        let shown = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: refused as bad input, ended {} saying {shown}", out.status);
        assert!(shown.contains(says), "{name}: the message says {says:?}: {shown}");
    }
    assert_eq!(create_posts(&sim), 0, "nothing was sent");
}
