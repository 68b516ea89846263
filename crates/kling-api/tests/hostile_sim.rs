//! The client on its own (what `kling task --download` uses) against the emulator's hostile
//! modes: a task query or a result download meets an answer it must refuse. Each row: the mode,
//! what is asked, and the error kind and words, or the file when the hostile part does not
//! matter. A refused download leaves neither the file nor its `.part` beside it.

mod common;

use common::*;
use kling_api::*;
use kling_sim::Hostile;

#[derive(Clone, Copy, Debug)]
enum Ask {
    /// Query the finished task.
    Query,
    /// Download its first result to a name the caller chose.
    Download,
}

struct Row {
    mode: Hostile,
    kind: TaskKind,
    ask: Ask,
    /// None: it works. Some: (kind_code, words in the message).
    refused: Option<(&'static str, &'static str)>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_answers_are_refused_by_the_client() {
    let row = |mode, kind, ask, refused| Row { mode, kind, ask, refused };
    let rows = [
        row(Hostile::EndlessJson, TaskKind::TextToVideo, Ask::Query, Some(("malformed", "the answer is larger than 16 MB"))),
        row(Hostile::HugeJson, TaskKind::Image, Ask::Query, Some(("malformed", "the answer is larger than 16 MB"))),
        row(Hostile::NotJson, TaskKind::Image, Ask::Query, Some(("malformed", "not a Kling API answer"))),
        row(Hostile::EndlessMedia, TaskKind::Image, Ask::Download, Some(("download", "the file is larger than 50 MB"))),
        row(Hostile::HugeMedia, TaskKind::TextToVideo, Ask::Download, Some(("download", "the file is larger than 2048 MB"))),
        row(Hostile::WebPageMedia, TaskKind::TextToVideo, Ask::Download, Some(("download", "sent a text/html page instead of the picture or video"))),
        row(Hostile::FileLinks, TaskKind::Image, Ask::Download, Some(("download", "not an http(s) URL"))),
        row(Hostile::PathFileNames, TaskKind::Image, Ask::Download, None),
        row(Hostile::PlainHttpLinks, TaskKind::Image, Ask::Download, Some(("download", "only https links are fetched"))),
        row(Hostile::LoopbackRedirect, TaskKind::Image, Ask::Download, Some(("download", "redirected to this machine, which is not followed"))),
        row(Hostile::MetadataRedirect, TaskKind::TextToVideo, Ask::Download, Some(("download", "redirected to a local-network, link-local or reserved address"))),
    ];
    let mut failures = Vec::new();
    for row in &rows {
        let sim = sim().await;
        let c = client(&sim);
        let id = match row.kind {
            TaskKind::Image => c.create_image(&ImageRequest::new("a hostile picture")).await.unwrap().task_id,
            _ => c.create_text_to_video(&TextToVideoRequest::new("a hostile clip")).await.unwrap().task_id,
        };
        until_done(&c, row.kind, &id).await;
        sim.update(|config| config.hostile = Some(row.mode));
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("result.bin");
        let outcome = match row.ask {
            Ask::Query => c.get_task(row.kind, &id).await.map(|_| ()),
            Ask::Download => match c.get_task(row.kind, &id).await {
                Ok(task) => c.download_result(row.kind, &task.media_urls()[0], &dest).await.map(|_| ()),
                Err(e) => Err(e),
            },
        };
        let at = format!("{:?} {:?} of a {} task", row.mode, row.ask, row.kind);
        match (outcome, row.refused) {
            (Ok(()), None) => {
                if !dest.is_file() || std::fs::read_dir(dir.path()).unwrap().count() != 1 {
                    failures.push(format!("{at}: the file should be at the caller's name, alone"));
                }
            }
            (Ok(()), Some((code, says))) => failures.push(format!("{at}: accepted, should be {code} saying {says:?}")),
            (Err(e), None) => failures.push(format!("{at}: refused, should work: {}", e.user_message())),
            (Err(e), Some((code, says))) => {
                let line = e.user_message();
                if e.code().as_str() != code || !line.contains(says) || line.contains('\n') || line.contains(SK) {
                    failures.push(format!("{at}: {} {line:?}, should be {code} saying {says:?}", e.code().as_str()));
                }
                if std::fs::read_dir(dir.path()).unwrap().next().is_some() {
                    failures.push(format!("{at}: left files behind"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
}
