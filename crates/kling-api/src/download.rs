//! Plain result downloads (no auth header: the links are signed CDN URLs): streamed into a
//! `.part` file beside the destination, resumed with Range after a broken transfer, checked
//! against the announced length, synced and renamed. The destination never holds a partial file.

use crate::errors::KlingError;
use futures_util::StreamExt;
use std::path::Path;
use tokio::io::AsyncWriteExt;

pub(crate) async fn download(http: &reqwest::Client, url: &str, dest: &Path, max_resumes: u32) -> Result<u64, KlingError> {
    let host = url::Url::parse(url).ok().and_then(|u| u.host_str().map(String::from)).unwrap_or_else(|| "the file server".into());
    let fail = |detail: String| KlingError::Download { url_host: host.clone(), detail };
    let io = |path: &Path, source: std::io::Error| KlingError::Io { path: path.to_path_buf(), source };
    let part = dest.with_file_name(format!("{}.part", dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()));
    let _ = tokio::fs::remove_file(&part).await; // a leftover from another URL must not be resumed
    let mut tries = 0;
    loop {
        let have = tokio::fs::metadata(&part).await.map(|m| m.len()).unwrap_or(0);
        let mut request = http.get(url);
        if have > 0 {
            request = request.header(reqwest::header::RANGE, format!("bytes={have}-"));
        }
        let outcome = async {
            let response = request.send().await.map_err(|e| (true, format!("could not connect ({e})")))?;
            let status = response.status().as_u16();
            let (append, total) = match status {
                200 => (false, response.content_length()),
                206 => (true, response.content_length().map(|n| n + have)),
                403 | 404 | 410 => return Err((false, "the link has expired or is gone; query the task again for a fresh URL".into())),
                s => return Err((s >= 500, format!("the server answered HTTP {s}"))),
            };
            let mut file = if append {
                tokio::fs::OpenOptions::new().append(true).open(&part).await
            } else {
                tokio::fs::File::create(&part).await
            }
            .map_err(|e| (false, format!("IO:{e}")))?;
            let mut written = if append { have } else { 0 };
            let mut body = response.bytes_stream();
            while let Some(chunk) = body.next().await {
                let chunk = match chunk {
                    Ok(c) => c,
                    Err(e) => {
                        let _ = file.flush().await;
                        return Err((true, format!("the transfer broke off ({e})")));
                    }
                };
                file.write_all(&chunk).await.map_err(|e| (false, format!("IO:{e}")))?;
                written += chunk.len() as u64;
            }
            file.sync_all().await.map_err(|e| (false, format!("IO:{e}")))?;
            if let Some(total) = total {
                if written != total {
                    return Err((true, format!("got {written} of {total} bytes")));
                }
            }
            Ok(written)
        }
        .await;
        match outcome {
            Ok(written) => {
                tokio::fs::rename(&part, dest).await.map_err(|e| io(dest, e))?;
                return Ok(written);
            }
            Err((_, detail)) if detail.starts_with("IO:") => {
                let _ = tokio::fs::remove_file(&part).await;
                return Err(io(&part, std::io::Error::other(detail[3..].to_string())));
            }
            Err((retry, detail)) => {
                tries += 1;
                if !retry || tries > max_resumes {
                    let _ = tokio::fs::remove_file(&part).await;
                    return Err(fail(detail));
                }
                tokio::time::sleep(std::time::Duration::from_millis(200 * u64::from(tries))).await;
            }
        }
    }
}
