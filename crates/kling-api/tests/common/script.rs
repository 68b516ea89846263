//! A tiny scripted HTTP/1.1 server: each request gets the reply a test's closure picks, including
//! replies the emulator never gives (no answer at all, a gateway page, a cut body, silence).
//! One request per connection, so every reply is independent.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    /// Path with the query.
    pub target: String,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

pub enum Reply {
    /// The API's envelope around `data` (code 0).
    Ok(serde_json::Value),
    /// An API error envelope.
    Error(u16, i64),
    /// Any status, content type and body, plus extra headers.
    Raw(u16, &'static str, Vec<u8>, Vec<(&'static str, String)>),
    /// Read the request, then close without a word.
    Close,
    /// Announce `announce` bytes, send `body`, then close.
    Cut { status: u16, announce: usize, body: Vec<u8>, headers: Vec<(&'static str, String)> },
    /// Never answer.
    Hang,
    /// Announce `announce` bytes, send `body`, then go silent (a stalled transfer).
    Stall { announce: usize, body: Vec<u8> },
    /// Any status and body with no length: the body ends when the connection closes.
    Unsized(u16, &'static str, Vec<u8>),
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

pub struct Script {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Script {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Script {
    /// `handler(request, index)` picks each reply; `index` counts requests from 0.
    pub async fn start(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Script {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = seen.clone();
        let server = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let (handler, log) = (handler.clone(), log.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, handler, log).await;
                });
            }
        });
        Script { url, seen, server }
    }

    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn count(&self, method: &str) -> usize {
        self.seen().iter().filter(|s| s.method == method).count()
    }
}

async fn serve(stream: TcpStream, handler: Arc<Handler>, log: Arc<Mutex<Vec<Seen>>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).await? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let length = headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    let seen = Seen { method, target, headers, body };
    let index = {
        let mut log = log.lock().unwrap();
        log.push(seen.clone());
        log.len() - 1
    };
    let reply = handler(&seen, index);
    let mut stream = reader.into_inner();
    let head = |status: u16, content_type: &str, length: usize, extra: &[(&'static str, String)]| {
        let mut head = format!("HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\nconnection: close\r\n");
        for (name, value) in extra {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        head.into_bytes()
    };
    match reply {
        Reply::Ok(data) => {
            let body = serde_json::json!({ "code": 0, "message": "SUCCEED", "request_id": format!("req-{index}"), "data": data }).to_string();
            stream.write_all(&head(200, "application/json", body.len(), &[])).await?;
            stream.write_all(body.as_bytes()).await?;
        }
        Reply::Error(status, code) => {
            let body = serde_json::json!({ "code": code, "message": format!("scripted {code}"), "request_id": format!("req-{index}") }).to_string();
            stream.write_all(&head(status, "application/json", body.len(), &[])).await?;
            stream.write_all(body.as_bytes()).await?;
        }
        Reply::Raw(status, content_type, body, extra) => {
            stream.write_all(&head(status, content_type, body.len(), &extra)).await?;
            stream.write_all(&body).await?;
        }
        Reply::Close => {}
        Reply::Cut { status, announce, body, headers } => {
            stream.write_all(&head(status, "application/octet-stream", announce, &headers)).await?;
            stream.write_all(&body).await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(120)).await;
        }
        Reply::Stall { announce, body } => {
            stream.write_all(&head(200, "application/octet-stream", announce, &[])).await?;
            stream.write_all(&body).await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_secs(120)).await;
        }
        Reply::Unsized(status, content_type, body) => {
            stream.write_all(format!("HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n").as_bytes()).await?;
            stream.write_all(&body).await?;
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}

/// A task object as the API writes it.
pub fn task_json(id: &str, created_at: i64, external: Option<&str>) -> serde_json::Value {
    let info = match external {
        Some(e) => serde_json::json!({ "external_task_id": e }),
        None => serde_json::json!({}),
    };
    serde_json::json!({ "task_id": id, "task_status": "submitted", "task_info": info, "created_at": created_at, "updated_at": created_at })
}
