use base64::Engine;
use jsonwebtoken::{encode, EncodingKey, Header};
use kling_sim::{Sim, SimConfig};
use serde_json::{json, Value};
use std::time::Duration;

pub const AK: &str = "sim-ak";
pub const SK: &str = "sim-sk";

pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

pub fn jwt(claims: Value, key: &str) -> String {
    encode(&Header::default(), &claims, &EncodingKey::from_secret(key.as_bytes())).unwrap()
}

/// A good token, as the docs build it.
pub fn token() -> String {
    jwt(json!({ "iss": AK, "exp": now() + 1800, "nbf": now() - 5 }), SK)
}

pub struct Api {
    pub sim: Sim,
    pub http: reqwest::Client,
}

impl Api {
    pub async fn new(config: SimConfig) -> Self {
        Self { sim: Sim::start(config).await.unwrap(), http: reqwest::Client::new() }
    }

    pub async fn fast() -> Self {
        Self::new(SimConfig::fast(AK, SK)).await
    }

    /// Fast, with slots for many tasks at once.
    pub async fn roomy() -> Self {
        let mut config = SimConfig::fast(AK, SK);
        config.concurrency.video = 100;
        config.concurrency.image = 100;
        Self::new(config).await
    }

    /// Roomy, with packs large enough for any number of today's priced tasks.
    pub async fn rich() -> Self {
        let mut config = SimConfig::fast(AK, SK);
        config.concurrency.video = 100;
        config.concurrency.image = 100;
        config.credits.video_units = 10_000.0;
        config.credits.image_units = 10_000.0;
        Self::new(config).await
    }

    /// Sends with `authorization` as the whole header value (None: no header).
    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>, authorization: Option<String>) -> (u16, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.sim.url()));
        if let Some(auth) = authorization {
            req = req.header("Authorization", auth);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")))
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body), Some(format!("Bearer {}", token()))).await
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None, Some(format!("Bearer {}", token()))).await
    }

    /// Creates a task that must be accepted; its id.
    pub async fn create(&self, path: &str, body: Value) -> String {
        let (status, answer) = self.post(path, body).await;
        assert_eq!((status, answer["code"].as_i64()), (200, Some(0)), "{answer}");
        answer["data"]["task_id"].as_str().unwrap().to_string()
    }

    pub async fn wait_status(&self, path: &str, status: &str) -> Value {
        for _ in 0..400 {
            let (_, body) = self.get(path).await;
            if body["data"]["task_status"] == status {
                return body["data"].clone();
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("{path} never reached {status}");
    }

    pub async fn costs(&self) -> Value {
        let (status, body) = self.get("/account/costs?start_time=0&end_time=1").await;
        assert_eq!(status, 200, "{body}");
        body["data"].clone()
    }
}

pub fn png_b64(w: u32, h: u32) -> String {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::new(w, h).write_to(&mut out, image::ImageFormat::Png).unwrap();
    base64::engine::general_purpose::STANDARD.encode(out.into_inner())
}

pub fn jpeg_b64(w: u32, h: u32) -> String {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(w, h, image::Rgb([200, 100, 50])).write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    base64::engine::general_purpose::STANDARD.encode(out.into_inner())
}
