//! What the emulator knows of the models: the facts come from the client crate's catalogue
//! (`kling_api::catalogue`, one table for everyone), but the checks of a request against them are
//! the emulator's own (`crate::validate`): the emulator is the independent check of what the
//! client sends, so it never calls the client's `validate()`.

use crate::envelope::ApiError;
use crate::task::{Accepted, Kind, Pack};
use kling_api::catalogue::{self, Entry};
use kling_api::{pricing, AspectRatio, Mode, VideoDuration};

/// The catalogue's entry for `model` on `kind`; a model it does not know there is refused as the
/// real API refuses one (1201 naming `model_name`).
pub fn entry(kind: Kind, model: &str) -> Result<&'static Entry, ApiError> {
    let unknown = || ApiError::new(1201, format!("model_name: {model} is not supported here"));
    let api = kind.api().ok_or_else(unknown)?;
    catalogue::entry(api, model).ok_or_else(|| {
        let offered: Vec<&str> = catalogue::entries_for(api).map(|e| e.model).collect();
        ApiError::new(1201, format!("model_name: {model} is not supported here; use one of {}", offered.join(", ")))
    })
}

/// The aspect ratio strings of a list.
pub fn ratio_names(ratios: &[AspectRatio]) -> Vec<&'static str> {
    ratios.iter().map(|r| r.as_str()).collect()
}

pub fn video_aspects() -> Vec<&'static str> {
    ratio_names(&AspectRatio::VIDEO)
}

/// A cell of the capability map for a request: masters take no mode, and count as std there.
pub fn cell(mode: Option<Mode>, seconds: u32) -> (Mode, VideoDuration) {
    let duration = u8::try_from(seconds).ok().and_then(VideoDuration::new).unwrap_or_default();
    (mode.unwrap_or_default(), duration)
}

/// Units a task spends: the catalogue's price (addendum §7) where one is published; otherwise the
/// emulator's own made-up charge, so that credits still move.
pub fn cost(kind: Kind, accepted: &Accepted) -> f64 {
    let published = accepted.price_query(kind).and_then(|q| pricing::estimate(&q).units);
    // An extension adds 4–5 s whatever the whole's length: charged as a 5 s clip.
    let ten = accepted.seconds >= 10 && kind != Kind::VideoExtend;
    published.unwrap_or_else(|| made_up_cost(kind.pack(), accepted.high_quality(), ten, accepted.n))
}

/// For models without a published price: videos by mode and length, pictures 0.25 each, a
/// try-on 1 try-on unit.
fn made_up_cost(pack: Pack, pro: bool, ten: bool, n: u32) -> f64 {
    match pack {
        Pack::Image => return 0.25 * f64::from(n),
        Pack::TryOn => return 1.0,
        Pack::Video => {}
    }
    match (pro, ten) {
        (false, false) => 1.0,
        (false, true) => 2.0,
        (true, false) => 3.5,
        (true, true) => 7.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn video(model: &str, mode: Option<Mode>, seconds: u32, sound: bool) -> Accepted {
        Accepted {
            model: model.into(),
            prompt: "p".into(),
            n: 1,
            aspect: (16, 9),
            mode,
            seconds,
            sound,
            voice: false,
            watermark: false,
            with_image: false,
            external_task_id: None,
            failure: None,
            with_video: false,
            parent: None,
            shown_seconds: None,
            series: false,
            picture_4k: false,
        }
    }

    #[test]
    fn published_prices_and_the_made_up_rest() {
        assert_eq!(cost(Kind::TextToVideo, &video("kling-v2-5-turbo", Some(Mode::Pro), 5, false)), 2.5);
        assert_eq!(cost(Kind::TextToVideo, &video("kling-v3", Some(Mode::Pro), 5, true)), 6.0);
        assert_eq!(cost(Kind::TextToVideo, &video("kling-v3", Some(Mode::FourK), 5, false)), 15.0);
        assert_eq!(cost(Kind::TextToVideo, &video("kling-v1", Some(Mode::Pro), 5, false)), 3.5);
        assert_eq!(cost(Kind::TextToVideo, &video("kling-v1", None, 10, false)), 2.0);
        assert_eq!(cost(Kind::ImageToVideo, &video("kling-v2-master", None, 5, false)), 1.0);
        let pictures = Accepted { n: 2, mode: None, ..video("kling-v2-1", None, 5, false) };
        assert_eq!(cost(Kind::Image, &pictures), 8.0);
        assert_eq!(cost(Kind::Image, &Accepted { with_image: true, ..pictures.clone() }), 16.0);
        assert_eq!(cost(Kind::Image, &Accepted { model: "kling-v1".into(), n: 9, ..pictures }), 2.25);
    }

    #[test]
    fn unknown_models_are_refused_naming_model_name() {
        let e = entry(Kind::TextToVideo, "kling-v9").unwrap_err();
        assert_eq!(e.code, 1201);
        assert!(e.message.contains("model_name") && e.message.contains("kling-v3"), "{}", e.message);
        assert!(entry(Kind::TextToVideo, "kling-v1-5").is_err(), "kling-v1-5 is image-to-video only");
        assert_eq!(entry(Kind::Image, "kling-v3").unwrap().max_elements, 3);
    }
}
