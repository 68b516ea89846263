//! The catalogue-driven request rules under random input (issue 12, item 6): any combination
//! of model, mode, duration, sound, voices, shots, elements, frames and prompt gives `Ok` or a
//! `ValidationError` naming a request field, never a panic; every combination the catalogue
//! offers passes; and one offer broken (a mode, duration, sound, multi-shot or element count the
//! model does not have) is refused naming that field. Stored requests of any shape read back or
//! fail to, without a panic.

#[path = "common/random_input.rs"]
mod random_input;

use kling_api::catalogue::{self, Entry, SoundOffer};
use kling_api::*;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use random_input::*;

/// Every field a request's error may name.
const FIELDS: &[&str] = &[
    "model_name", "prompt", "negative_prompt", "cfg_scale", "aspect_ratio", "mode", "duration", "camera_control", "sound", "voice_list", "multi_shot", "shot_type",
    "multi_prompt", "element_list", "image", "image_tail", "callback_url", "external_task_id",
];

fn video_models() -> Vec<String> {
    let mut models: Vec<String> = catalogue::entries().map(|e| e.model.to_string()).collect();
    models.extend(["kling-v9-unknown".to_string(), String::new(), "KLING-V3".to_string()]);
    models
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just("a fox runs <<<voice_1>>>".to_string()), ".{0,30}", (2490usize..2510).prop_map(|n| "é".repeat(n)), Just(" \u{200B}\n".to_string())]
}

fn shots() -> impl Strategy<Value = Vec<Shot>> {
    prop::collection::vec((0u8..8, text(), 0u8..17).prop_map(|(index, prompt, duration)| Shot { index, prompt, duration }), 0..8)
}

#[derive(Clone, Debug)]
struct Combo {
    model: String,
    mode: Option<Mode>,
    duration: Option<VideoDuration>,
    sound: Option<Sound>,
    multi_shot: Option<bool>,
    shot_type: Option<ShotType>,
    shots: Vec<Shot>,
    elements: Vec<ElementRef>,
    voices: Vec<VoiceRef>,
    prompt: String,
    cfg: Option<f64>,
    camera: Option<CameraControl>,
    image: bool,
    tail: bool,
}

fn combo() -> impl Strategy<Value = Combo> {
    let mode = prop::option::of(prop::sample::select(vec![Mode::Std, Mode::Pro, Mode::FourK]));
    let duration = prop::option::of((VideoDuration::MIN..=VideoDuration::MAX).prop_map(|s| VideoDuration::new(s).unwrap()));
    let sound = prop::option::of(prop::sample::select(vec![Sound::On, Sound::Off]));
    let shot_type = prop::option::of(prop::sample::select(vec![ShotType::Customize, ShotType::Intelligence]));
    let elements = prop::collection::vec(any::<u64>().prop_map(|id| ElementRef { element_id: ElementId(id) }), 0..6);
    let voices = prop::collection::vec(prop_oneof![Just(String::new()), "[a-z0-9]{1,12}"].prop_map(|voice_id| VoiceRef { voice_id }), 0..4);
    let cfg = prop::option::of(prop_oneof![0.0..=1.0f64, any::<f64>()]);
    let camera =
        prop::option::of(prop::sample::select(vec!["simple:zoom=5", "down_back", "forward_up", "simple:pan=-10"]).prop_map(|c| CameraControl::parse(c).unwrap()));
    (
        (prop::sample::select(video_models()), mode, duration, sound),
        (prop::option::of(any::<bool>()), shot_type, shots(), elements, voices),
        (text(), cfg, camera, any::<bool>(), any::<bool>()),
    )
        .prop_map(|((model, mode, duration, sound), (multi_shot, shot_type, shots, elements, voices), (prompt, cfg, camera, image, tail))| Combo {
            model,
            mode,
            duration,
            sound,
            multi_shot,
            shot_type,
            shots,
            elements,
            voices,
            prompt,
            cfg,
            camera,
            image,
            tail,
        })
}

fn picture(name: &str) -> ImageInput {
    ImageInput::Url(format!("https://example.com/{name}.png"))
}

fn text_to_video(c: &Combo) -> TextToVideoRequest {
    TextToVideoRequest {
        model_name: c.model.clone(),
        mode: c.mode,
        duration: c.duration,
        sound: c.sound,
        multi_shot: c.multi_shot,
        shot_type: c.shot_type,
        multi_prompt: (!c.shots.is_empty()).then(|| c.shots.clone()),
        cfg_scale: c.cfg,
        camera_control: c.camera.clone(),
        ..TextToVideoRequest::new(c.prompt.clone())
    }
}

fn image_to_video(c: &Combo) -> ImageToVideoRequest {
    ImageToVideoRequest {
        model_name: c.model.clone(),
        image: c.image.then(|| picture("start")),
        image_tail: c.tail.then(|| picture("end")),
        prompt: Some(c.prompt.clone()),
        mode: c.mode,
        duration: c.duration,
        sound: c.sound,
        voice_list: (!c.voices.is_empty()).then(|| c.voices.clone()),
        multi_shot: c.multi_shot,
        shot_type: c.shot_type,
        multi_prompt: (!c.shots.is_empty()).then(|| c.shots.clone()),
        element_list: (!c.elements.is_empty()).then(|| c.elements.clone()),
        cfg_scale: c.cfg,
        camera_control: c.camera.clone(),
        ..ImageToVideoRequest::default()
    }
}

fn check_typed(what: &str, result: Result<(), ValidationError>) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        prop_assert!(FIELDS.contains(&e.field.as_str()), "{}: an error names {:?}, not a request field", what, e.field);
        prop_assert!(!e.message.is_empty(), "{}: an error without words", what);
    }
    Ok(())
}

#[test]
fn any_combination_is_valid_or_a_typed_error() {
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&combo(), |c| {
        let (t2v, i2v) = (text_to_video(&c), image_to_video(&c));
        check_typed("text-to-video", t2v.validate())?;
        check_typed("image-to-video", i2v.validate())?;
        let _ = (t2v.price_query(), i2v.price_query());
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// A combination the entry offers: mode and duration from its lists, sound as the mode allows,
/// shots when it has multi-shot (customised ones splitting the length), elements up to its count.
fn offered(entry: &'static Entry) -> impl Strategy<Value = Combo> {
    let mode = if entry.takes_mode() { prop::sample::select(entry.modes.to_vec()).prop_map(Some).boxed() } else { Just(None).boxed() };
    let duration = prop::sample::select(entry.durations.to_vec());
    let picks = (any::<bool>(), any::<bool>(), 1usize..=MAX_SHOTS, 0..=usize::from(entry.max_elements));
    (mode, duration, picks).prop_map(move |(mode, duration, (sound_on, shots_wanted, parts, elements))| {
        let sound = match entry.sound_in(mode.unwrap_or_default()) {
            None => None,
            Some(SoundOffer::OffOnly) => Some(Sound::Off),
            Some(SoundOffer::OnOrOff) => Some(if sound_on { Sound::On } else { Sound::Off }),
        };
        let total = duration.seconds() as usize;
        let (multi_shot, shot_type, shots) = if entry.multi_shot && shots_wanted {
            // `parts` shots of one second each but the first, which takes the rest.
            let parts = parts.min(total);
            let shots = (1..=parts).map(|i| Shot { index: i as u8, prompt: format!("shot {i}"), duration: if i == 1 { (total - parts + 1) as u8 } else { 1 } }).collect();
            (Some(true), Some(ShotType::Customize), shots)
        } else {
            (None, None, Vec::new())
        };
        Combo {
            model: entry.model.to_string(),
            mode,
            duration: Some(duration),
            sound,
            multi_shot,
            shot_type,
            shots,
            elements: (0..elements as u64).map(|id| ElementRef { element_id: ElementId(id + 1) }).collect(),
            voices: Vec::new(),
            prompt: "a fox runs".into(),
            cfg: None,
            camera: None,
            image: true,
            tail: false,
        }
    })
}

fn entries(kind: TaskKind) -> Vec<&'static Entry> {
    catalogue::entries_for(kind).collect()
}

fn request_for(kind: TaskKind, c: &Combo) -> Result<(), ValidationError> {
    match kind {
        TaskKind::TextToVideo => text_to_video(c).validate(),
        _ => image_to_video(c).validate(),
    }
}

#[test]
fn every_offered_combination_passes() {
    for kind in [TaskKind::TextToVideo, TaskKind::ImageToVideo] {
        let mut runner = TestRunner::new(config());
        let strategy = prop::sample::select(entries(kind)).prop_flat_map(offered);
        let outcome = runner.run(&strategy, |c| {
            let result = request_for(kind, &c);
            prop_assert!(result.is_ok(), "{} {:?} is offered but refused: {}", kind, c, result.unwrap_err());
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{failure}");
        }
    }
}

/// One offer broken at a time, and the field it belongs to.
#[derive(Clone, Copy, Debug)]
enum Break {
    Mode,
    Duration,
    SoundOn,
    MultiShot,
    Elements,
    ShotLengths,
}

/// The combination with `what` broken, and the field the error must name; None when the entry
/// offers every value of it (nothing to break).
fn broken(entry: &Entry, mut c: Combo, what: Break) -> Option<(Combo, &'static str)> {
    match what {
        Break::Mode => {
            // A mode the model lacks, or any mode for one that takes none.
            c.mode = if entry.takes_mode() { [Mode::Std, Mode::Pro, Mode::FourK].into_iter().find(|m| !entry.modes.contains(m)) } else { Some(Mode::Pro) };
            c.mode?;
            c.sound = None;
            Some((c, "mode"))
        }
        Break::Duration => {
            c.duration = (VideoDuration::MIN..=VideoDuration::MAX).filter_map(VideoDuration::new).find(|d| !entry.durations.contains(d));
            c.duration?;
            c.multi_shot = None;
            c.shot_type = None;
            c.shots.clear();
            Some((c, "duration"))
        }
        Break::SoundOn => {
            if entry.sound_in(c.mode.unwrap_or_default()) == Some(SoundOffer::OnOrOff) {
                return None;
            }
            c.sound = Some(Sound::On);
            Some((c, "sound"))
        }
        Break::MultiShot => {
            if entry.multi_shot {
                return None;
            }
            (c.multi_shot, c.shot_type) = (Some(true), Some(ShotType::Intelligence));
            Some((c, "multi_shot"))
        }
        Break::Elements => {
            if entry.kind == TaskKind::TextToVideo {
                return None;
            }
            c.elements = (0..=u64::from(entry.max_elements)).map(|id| ElementRef { element_id: ElementId(id + 1) }).collect();
            Some((c, "element_list"))
        }
        Break::ShotLengths => {
            let first = c.shots.first_mut()?;
            first.duration = first.duration.checked_sub(1).filter(|d| *d > 0).unwrap_or(2);
            Some((c, "multi_prompt"))
        }
    }
}

#[test]
fn one_offer_broken_is_refused_naming_its_field() {
    let breaks = prop::sample::select(vec![Break::Mode, Break::Duration, Break::SoundOn, Break::MultiShot, Break::Elements, Break::ShotLengths]);
    for kind in [TaskKind::TextToVideo, TaskKind::ImageToVideo] {
        let mut runner = TestRunner::new(config());
        let breaks = breaks.clone();
        let strategy = prop::sample::select(entries(kind)).prop_flat_map(move |entry| (Just(entry), offered(entry), breaks.clone()));
        let outcome = runner.run(&strategy, |(entry, c, what)| {
            let Some((c, field)) = broken(entry, c, what) else { return Ok(()) };
            match request_for(kind, &c) {
                Ok(()) => prop_assert!(false, "{} {:?} breaks {:?} but passed", kind, c, what),
                Err(e) => prop_assert_eq!(e.field.as_str(), field, "{} {:?}: {}", kind, what, e.message),
            }
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{failure}");
        }
    }
}

/// Stored or hand-written requests: any JSON shape reads back or fails to, without a panic, and
/// what reads back validates to a typed answer, within a heap proportional to the text.
#[test]
fn stored_requests_of_any_shape_read_or_fail_cleanly() {
    let docs = vec![
        serde_json::to_value(image_to_video(&Combo {
            model: "kling-v3".into(),
            mode: Some(Mode::Pro),
            duration: VideoDuration::new(10),
            sound: Some(Sound::On),
            multi_shot: Some(true),
            shot_type: Some(ShotType::Customize),
            shots: vec![Shot { index: 1, prompt: "a".into(), duration: 4 }, Shot { index: 2, prompt: "b".into(), duration: 6 }],
            elements: vec![ElementRef { element_id: ElementId(829836802793406551) }],
            voices: vec![],
            prompt: "a fox".into(),
            cfg: None,
            camera: None,
            image: true,
            tail: true,
        }))
        .unwrap(),
        serde_json::to_value(TextToVideoRequest { camera_control: Some(CameraControl::parse("simple:zoom=5").unwrap()), ..TextToVideoRequest::new("waves") }).unwrap(),
        serde_json::to_value(ImageRequest::new("a cat")).unwrap(),
    ];
    let mutated = (prop::sample::select(docs), json_edits()).prop_map(|(doc, edits)| serde_json::to_vec(&apply_json(doc, &edits)).unwrap());
    let input = prop_oneof![1 => any_bytes(), 1 => hostile_json_text(), 4 => mutated];
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&input, |bytes| {
        let len = bytes.len();
        let (results, cost) = bounded("stored requests", move || {
            let mut results = Vec::new();
            if let Ok(r) = serde_json::from_slice::<ImageToVideoRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<TextToVideoRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<ImageRequest>(&bytes) {
                results.push(r.validate());
            }
            results
        });
        for result in results {
            check_typed("a stored request", result)?;
        }
        assert_heap_within("stored requests", cost, len, 16, MIB);
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
