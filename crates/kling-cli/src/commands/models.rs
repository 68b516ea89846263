//! `kling models`: the model catalogue (crates/kling-api/src/catalogue/) as a person reads it, or
//! as JSON with stable field names. Needs no keys and no network: it is what this build knows.

use kling_api::catalogue::{self, CameraSupport, Cell, Entry, PriceRule, ReferenceRule, SoundOffer, VideoRate};
use kling_api::pricing::{format_units, Pack};
use kling_api::{Mode, TaskKind};
use serde::Serialize;

/// The kinds whose model is chosen, each with the subcommand that makes it.
const KINDS: [(TaskKind, &str); 8] = [
    (TaskKind::Image, "image"),
    (TaskKind::TextToVideo, "video"),
    (TaskKind::ImageToVideo, "animate"),
    (TaskKind::OmniVideo, "omni"),
    (TaskKind::MultiImageToVideo, "multi"),
    (TaskKind::MotionControl, "motion"),
    (TaskKind::MultiImageToImage, "compose"),
    (TaskKind::OmniImage, "omni-image"),
];
const MODES: [Mode; 3] = [Mode::Std, Mode::Pro, Mode::FourK];

pub fn show(json: bool) {
    if json {
        println!("{}", serde_json::to_string(&catalogue_view()).expect("plain data serialises"));
    } else {
        print!("{}", as_text());
    }
}

#[derive(Serialize)]
pub struct CatalogueView {
    pub kinds: Vec<KindView>,
}

#[derive(Serialize)]
pub struct KindView {
    pub kind: TaskKind,
    /// The `kling` subcommand that makes this kind of task.
    pub command: &'static str,
    pub default_model: &'static str,
    pub models: Vec<ModelView>,
}

/// One entry. Every model has every field (empty or false where it does not apply), so scripts
/// need no per-kind cases.
#[derive(Serialize)]
pub struct ModelView {
    pub model: &'static str,
    pub default: bool,
    pub modes: Vec<Mode>,
    /// Whole seconds.
    pub durations: Vec<u32>,
    pub aspect_ratios: Vec<&'static str>,
    pub cfg_scale: bool,
    pub negative_prompt: bool,
    pub sound: Vec<SoundView>,
    pub max_voices: u8,
    pub multi_shot: bool,
    pub max_elements: u8,
    pub watermark: bool,
    pub start_end_frame: Vec<CellView>,
    pub end_frame_only: Vec<CellView>,
    /// Start and end frames together make silent videos only.
    pub end_frame_silent: bool,
    pub motion_brush: Vec<CellView>,
    pub camera_control: Vec<CameraView>,
    pub text_to_image: bool,
    pub resolutions_text: Vec<&'static str>,
    pub resolutions_with_image: Vec<&'static str>,
    pub image_reference: ReferenceView,
    pub price: PriceView,
}

#[derive(Serialize)]
pub struct SoundView {
    pub mode: Mode,
    /// The `--sound` values the model takes in this mode.
    pub values: Vec<&'static str>,
}

/// A mode, and the durations in it (None: every duration the model offers).
#[derive(Serialize)]
pub struct CellView {
    pub mode: Mode,
    pub durations: Option<Vec<u32>>,
}

#[derive(Serialize)]
pub struct CameraView {
    pub mode: Mode,
    pub durations: Option<Vec<u32>>,
    /// "all" or "simple".
    pub moves: &'static str,
}

#[derive(Serialize)]
pub struct ReferenceView {
    /// "none", "required_with_image" or "optional_with_image".
    pub rule: &'static str,
    pub kinds: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct PriceView {
    /// "unpublished", "video_per_second" or "image_per_picture".
    pub rule: &'static str,
    pub pack: Pack,
    pub video_rates: Vec<RateView>,
    /// Image units a picture, from text and from a reference picture.
    pub per_picture_text: Option<f64>,
    pub per_picture_with_image: Option<f64>,
    /// Image units a picture at 4K (omni-image on kling-v3-omni).
    pub per_picture_4k: Option<f64>,
    /// The rule in words, as `kling models` prints it.
    pub words: String,
}

#[derive(Serialize)]
pub struct RateView {
    pub mode: Mode,
    pub sound: bool,
    pub voice: bool,
    pub units_per_second: f64,
}

pub fn catalogue_view() -> CatalogueView {
    let kinds = KINDS
        .iter()
        .map(|&(kind, command)| KindView { kind, command, default_model: catalogue::default_model(kind), models: catalogue::entries_for(kind).map(model_view).collect() })
        .collect();
    CatalogueView { kinds }
}

fn model_view(e: &Entry) -> ModelView {
    let cells = |cells: &[Cell]| cells.iter().map(|c| CellView { mode: c.mode, durations: c.duration.map(|d| vec![d.seconds()]) }).collect();
    let strings = |items: &[kling_api::Resolution]| items.iter().map(|r| r.as_str()).collect();
    ModelView {
        model: e.model,
        default: catalogue::default_model(e.kind) == e.model,
        modes: e.modes.to_vec(),
        durations: e.durations.iter().map(|d| d.seconds()).collect(),
        aspect_ratios: e.aspect_ratios.iter().map(|a| a.as_str()).collect(),
        cfg_scale: e.cfg_scale,
        negative_prompt: e.negative_prompt,
        sound: e
            .sound
            .iter()
            .map(|(mode, offer)| SoundView {
                mode: *mode,
                values: match offer {
                    SoundOffer::OffOnly => vec!["off"],
                    SoundOffer::OnOrOff => vec!["on", "off"],
                },
            })
            .collect(),
        max_voices: e.max_voices,
        multi_shot: e.multi_shot,
        max_elements: e.max_elements,
        watermark: e.watermark,
        start_end_frame: cells(e.start_end_frame),
        end_frame_only: cells(e.end_frame_only),
        end_frame_silent: e.end_frame_silent,
        motion_brush: cells(e.motion_brush),
        camera_control: e
            .camera
            .iter()
            .map(|(c, support)| CameraView {
                mode: c.mode,
                durations: c.duration.map(|d| vec![d.seconds()]),
                moves: match support {
                    CameraSupport::SimpleOnly => "simple",
                    _ => "all",
                },
            })
            .collect(),
        text_to_image: e.text_to_image,
        resolutions_text: strings(e.resolutions_text),
        resolutions_with_image: strings(e.resolutions_with_image),
        image_reference: match e.reference {
            ReferenceRule::NotOffered => ReferenceView { rule: "none", kinds: Vec::new() },
            ReferenceRule::RequiredWithImage(kinds) => ReferenceView { rule: "required_with_image", kinds: kinds.iter().map(|k| k.as_str()).collect() },
            ReferenceRule::OptionalWithImage(kinds) => ReferenceView { rule: "optional_with_image", kinds: kinds.iter().map(|k| k.as_str()).collect() },
        },
        price: price_view(e),
    }
}

fn price_view(e: &Entry) -> PriceView {
    let pack = Pack::of(e.kind);
    let words = price_words(e);
    match e.price {
        PriceRule::Unpublished => {
            PriceView { rule: "unpublished", pack, video_rates: Vec::new(), per_picture_text: None, per_picture_with_image: None, per_picture_4k: None, words }
        }
        PriceRule::VideoPerSecond(rates) => PriceView {
            rule: "video_per_second",
            pack,
            video_rates: rates.iter().map(|r| RateView { mode: r.mode, sound: r.sound, voice: r.voice, units_per_second: r.units_per_second }).collect(),
            per_picture_text: None,
            per_picture_with_image: None,
            per_picture_4k: None,
            words,
        },
        PriceRule::ImagePerPicture { text, with_image } => PriceView {
            rule: "image_per_picture",
            pack,
            video_rates: Vec::new(),
            per_picture_text: Some(text),
            per_picture_with_image: Some(with_image),
            per_picture_4k: e.price_4k,
            words,
        },
    }
}

/// "0.6/0.8/3 video units a second (std/pro/4k), with sound 0.9/1.2/3"; "8 image units a
/// picture"; "price not published".
pub fn price_words(e: &Entry) -> String {
    match e.price {
        PriceRule::Unpublished => "price not published (the charge shows after the task)".into(),
        PriceRule::ImagePerPicture { text, with_image } if text == with_image => match e.price_4k {
            Some(four_k) => format!("{} image units a picture ({} at 4K)", format_units(text), format_units(four_k)),
            None => format!("{} image units a picture", format_units(text)),
        },
        PriceRule::ImagePerPicture { text, with_image } => {
            format!("{} image units a picture ({} from a reference picture)", format_units(text), format_units(with_image))
        }
        PriceRule::VideoPerSecond(rates) => {
            let row = |sound: bool, voice: bool| -> Vec<&VideoRate> {
                MODES.iter().filter_map(|m| rates.iter().find(|r| r.mode == *m && r.sound == sound && r.voice == voice)).collect()
            };
            let values = |rows: &[&VideoRate]| rows.iter().map(|r| format_units(r.units_per_second)).collect::<Vec<_>>().join("/");
            let modes = |rows: &[&VideoRate]| rows.iter().map(|r| r.mode.as_str()).collect::<Vec<_>>().join("/");
            let silent = row(false, false);
            let mut words = format!("{} video units a second ({})", values(&silent), modes(&silent));
            for (label, rows) in [("with sound", row(true, false)), ("with a voice", row(true, true))] {
                if rows.is_empty() {
                    continue;
                }
                words += &format!(", {label} {}", values(&rows));
                // Say the modes only where they differ from the first group's.
                if modes(&rows) != modes(&silent) {
                    words += &format!(" ({})", modes(&rows));
                }
            }
            words
        }
    }
}

fn as_text() -> String {
    let mut text = String::new();
    for (kind, command) in KINDS {
        text += &format!("{kind} — `kling {command} --model MODEL` (default {})\n", catalogue::default_model(kind));
        for e in catalogue::entries_for(kind) {
            let default = if catalogue::default_model(kind) == e.model { " (default)" } else { "" };
            text += &format!("  {}{default}\n", e.model);
            for line in model_lines(e) {
                text += &format!("    {line}\n");
            }
        }
        text += "\n";
    }
    text += "The other video tools take no model: `kling extend`, `kling sound`, `kling lipsync` and `kling effect` (`kling effect --list` lists the effects).\n";
    text += "Of the picture tools, `kling expand` takes no model; `kling tryon --model` takes kolors-virtual-try-on-v1 (default) or kolors-virtual-try-on-v1-5, on the try-on pack (price not published).\n";
    text +=
        "Prices are in the units of the pack a task draws on (video, image and try-on units differ). A model not listed is sent with a warning; its options are not checked.\n";
    text
}

fn yes_no(offered: bool) -> &'static str {
    if offered {
        "yes"
    } else {
        "no"
    }
}

fn up_to(max: u8) -> String {
    if max == 0 {
        "no".into()
    } else {
        format!("up to {max}")
    }
}

fn model_lines(e: &Entry) -> Vec<String> {
    if !e.kind.is_video() {
        let from_picture = e.resolutions_with_image.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ");
        let reference = match e.reference {
            ReferenceRule::NotOffered => "no".to_string(),
            ReferenceRule::RequiredWithImage(kinds) => format!("{} (required with a picture)", join(kinds.iter().map(|k| k.as_str()), " or ")),
            ReferenceRule::OptionalWithImage(kinds) => join(kinds.iter().map(|k| k.as_str()), " or "),
        };
        return vec![
            format!(
                "from text: {}; resolutions: {} (from a picture: {from_picture}); aspect ratios: {}",
                match (e.text_to_image, e.kind) {
                    (true, _) => "yes",
                    (false, TaskKind::MultiImageToImage) => "no (composes subject pictures)",
                    (false, _) => "no (restyles a given picture)",
                },
                join(e.resolutions_text.iter().map(|r| r.as_str()), ", "),
                join(e.aspect_ratios.iter().map(|a| a.as_str()), ", ")
            ),
            match e.kind {
                TaskKind::OmniImage => format!(
                    "pictures and elements together: {}; series: {}; shape from the pictures (auto): {}; watermark: {}",
                    up_to(e.max_elements),
                    if e.series { "yes (from pictures, --series)" } else { "no" },
                    if e.auto_aspect_from_text { "yes" } else { "only with a picture" },
                    yes_no(e.watermark)
                ),
                _ => format!("reference: {reference}; elements: {}; watermark: {}", up_to(e.max_elements), yes_no(e.watermark)),
            },
            format!("price: {}", price_words(e)),
        ];
    }
    let modes = if e.takes_mode() { join(e.modes.iter().map(|m| m.as_str()), ", ") } else { "none (one fixed mode; send no --mode)".into() };
    let mut first = format!("modes: {modes}; durations: {}; sound: {}", durations(e), sound_words(e));
    if !e.aspect_ratios.is_empty() {
        first += &format!("; aspect ratios: {}", join(e.aspect_ratios.iter().map(|a| a.as_str()), ", "));
    }
    let mut frames = cells_words(e.start_end_frame);
    if e.end_frame_silent && !e.start_end_frame.is_empty() {
        frames += " (silent)";
    }
    if !e.end_frame_only.is_empty() {
        frames += &format!("; end frame alone: {}", cells_words(e.end_frame_only));
    }
    let camera = if e.camera.is_empty() {
        "no".to_string()
    } else {
        let moves = |support: CameraSupport| if support == CameraSupport::SimpleOnly { "simple only" } else { "every move" };
        e.camera.iter().map(|(c, support)| format!("{} ({})", cells_words(std::slice::from_ref(c)), moves(*support))).collect::<Vec<_>>().join(", ")
    };
    vec![
        first,
        format!("voices: {}; multi-shot: {}; elements: {}; end frames: {frames}", up_to(e.max_voices), yes_no(e.multi_shot), up_to(e.max_elements)),
        format!("camera control: {camera}; cfg scale: {}; watermark: {}", yes_no(e.cfg_scale), yes_no(e.watermark)),
        format!("price: {}", price_words(e)),
    ]
}

fn join<'a>(items: impl Iterator<Item = &'a str>, sep: &str) -> String {
    items.collect::<Vec<_>>().join(sep)
}

/// "3–15 s" for a run of more than two, else "5 or 10 s".
fn durations(e: &Entry) -> String {
    let seconds: Vec<u32> = e.durations.iter().map(|d| d.seconds()).collect();
    match (seconds.first(), seconds.last()) {
        (Some(first), Some(last)) if seconds.len() > 2 && (last - first) as usize == seconds.len() - 1 => format!("{first}–{last} s"),
        _ if seconds.is_empty() => "-".into(),
        _ => format!("{} s", seconds.iter().map(u32::to_string).collect::<Vec<_>>().join(" or ")),
    }
}

/// "on or off", "on or off in pro (std: off only)", "no (silent)".
fn sound_words(e: &Entry) -> String {
    if e.sound.is_empty() {
        return "no (silent)".into();
    }
    let with = |offer: SoundOffer| e.sound.iter().filter(|(_, o)| *o == offer).map(|(m, _)| m.as_str()).collect::<Vec<_>>();
    let (both, off_only) = (with(SoundOffer::OnOrOff), with(SoundOffer::OffOnly));
    let mut words = if both.len() == e.modes.len() { "on or off".to_string() } else { format!("on or off in {}", both.join(", ")) };
    if !off_only.is_empty() {
        words += &format!(" ({}: off only)", off_only.join(", "));
    }
    words
}

/// "pro 5/10 s", "std, pro, 4k" (every duration), "no".
fn cells_words(cells: &[Cell]) -> String {
    if cells.is_empty() {
        return "no".into();
    }
    let mut parts = Vec::new();
    for mode in MODES {
        let in_mode: Vec<&Cell> = cells.iter().filter(|c| c.mode == mode).collect();
        if in_mode.is_empty() {
            continue;
        }
        if in_mode.iter().any(|c| c.duration.is_none()) {
            parts.push(mode.as_str().to_string());
        } else {
            let seconds: Vec<String> = in_mode.iter().filter_map(|c| c.duration).map(|d| d.seconds().to_string()).collect();
            parts.push(format!("{mode} {} s", seconds.join("/")));
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: TaskKind, model: &str) -> &'static Entry {
        catalogue::entry(kind, model).unwrap()
    }

    #[test]
    fn prices_read_as_the_addendum_gives_them() {
        assert_eq!(price_words(entry(TaskKind::TextToVideo, "kling-v3")), "0.6/0.8/3 video units a second (std/pro/4k), with sound 0.9/1.2/3");
        assert_eq!(price_words(entry(TaskKind::ImageToVideo, "kling-v2-6")), "0.3/0.5 video units a second (std/pro), with sound 1 (pro), with a voice 1.2 (pro)");
        assert_eq!(price_words(entry(TaskKind::TextToVideo, "kling-v2-5-turbo")), "0.3/0.5 video units a second (std/pro)");
        assert_eq!(price_words(entry(TaskKind::Image, "kling-v3")), "8 image units a picture");
        assert_eq!(price_words(entry(TaskKind::OmniImage, "kling-v3-omni")), "8 image units a picture (16 at 4K)");
        assert_eq!(price_words(entry(TaskKind::Image, "kling-v2-1")), "4 image units a picture (8 from a reference picture)");
        assert!(price_words(entry(TaskKind::TextToVideo, "kling-v1")).starts_with("price not published"));
    }

    #[test]
    fn capabilities_read_in_words() {
        let v3 = entry(TaskKind::ImageToVideo, "kling-v3");
        assert_eq!(durations(v3), "3–15 s");
        assert_eq!(sound_words(v3), "on or off");
        assert_eq!(cells_words(v3.start_end_frame), "std, pro, 4k");
        let v2_6 = entry(TaskKind::ImageToVideo, "kling-v2-6");
        assert_eq!(durations(v2_6), "5 or 10 s");
        assert_eq!(sound_words(v2_6), "on or off in pro (std: off only)");
        assert_eq!(cells_words(v2_6.start_end_frame), "pro 5/10 s");
        let v1 = entry(TaskKind::TextToVideo, "kling-v1");
        assert_eq!(sound_words(v1), "no (silent)");
        assert!(model_lines(v1)[2].starts_with("camera control: std 5 s (every move)"), "{:?}", model_lines(v1));
        let master = entry(TaskKind::TextToVideo, "kling-v2-master");
        assert!(model_lines(master)[0].starts_with("modes: none"), "{:?}", model_lines(master));
    }

    #[test]
    fn the_json_has_every_entry_of_the_catalogue() {
        let view = catalogue_view();
        let count: usize = view.kinds.iter().map(|k| k.models.len()).sum();
        // The kinds `kling models` lists (the video tools' entries come with their commands).
        assert_eq!(count, catalogue::entries().filter(|e| KINDS.iter().any(|(kind, _)| *kind == e.kind)).count());
        for kind in &view.kinds {
            assert_eq!(kind.models.iter().filter(|m| m.default).count(), 1, "{}: one default", kind.kind);
            assert_eq!(kind.models[0].model, kind.default_model);
        }
    }
}
