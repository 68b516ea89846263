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

/// Every field the video tools' errors may name.
const TOOL_FIELDS: &[&str] = &[
    "model_name",
    "prompt",
    "negative_prompt",
    "cfg_scale",
    "aspect_ratio",
    "mode",
    "duration",
    "sound",
    "multi_shot",
    "shot_type",
    "multi_prompt",
    "element_list",
    "image_list",
    "video_list",
    "video_id",
    "video_url",
    "session_id",
    "face_choose",
    "face_id",
    "audio_id",
    "sound_file",
    "sound_start_time",
    "sound_end_time",
    "sound_insert_time",
    "sound_volume",
    "original_audio_volume",
    "effect_scene",
    "input",
    "input.image",
    "input.images",
    "input.duration",
    "sound_effect_prompt",
    "bgm_prompt",
    "image_url",
    "character_orientation",
    "image",
    "n",
    "up_expansion_ratio",
    "down_expansion_ratio",
    "left_expansion_ratio",
    "right_expansion_ratio",
    "subject_image_list",
    "scene_image",
    "style_image",
    "human_image",
    "cloth_image",
    "callback_url",
    "external_task_id",
];

fn check_tool(what: &str, result: Result<(), ValidationError>) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        prop_assert!(TOOL_FIELDS.contains(&e.field.as_str()), "{}: an error names {:?}, not a request field", what, e.field);
        prop_assert!(!e.message.is_empty(), "{}: an error without words", what);
    }
    Ok(())
}

fn link() -> impl Strategy<Value = String> {
    prop_oneof![Just("https://example.com/v.mp4".to_string()), Just("file:///etc/passwd".to_string()), ".{0,20}", Just(String::new())]
}

fn omni_image() -> impl Strategy<Value = OmniImage> {
    let frame = prop::option::of(prop::sample::select(vec![FrameType::FirstFrame, FrameType::EndFrame]));
    (0u8..20, frame).prop_map(|(n, frame)| OmniImage { image_url: picture(&n.to_string()), frame })
}

fn omni() -> impl Strategy<Value = OmniVideoRequest> {
    let model = prop::sample::select(vec!["kling-v3-omni", "kling-video-o1", "kling-v9-omni", "kling-v3"]);
    let refer = prop::option::of(prop::sample::select(vec![ReferType::Base, ReferType::Feature]));
    let video = (link(), refer).prop_map(|(video_url, refer_type)| OmniVideoRef { video_url, refer_type, keep_original_sound: Some(YesNo::No) });
    let aspect = prop::option::of(prop::sample::select(AspectRatio::ALL.to_vec()));
    (
        (model, text(), prop::collection::vec(omni_image(), 0..9), prop::collection::vec(any::<u64>().prop_map(|id| ElementRef { element_id: ElementId(id) }), 0..9)),
        (prop::collection::vec(video, 0..3), combo(), aspect),
    )
        .prop_map(|((model, prompt, images, elements), (videos, c, aspect))| OmniVideoRequest {
            model_name: model.to_string(),
            image_list: (!images.is_empty()).then_some(images),
            element_list: (!elements.is_empty()).then_some(elements),
            video_list: (!videos.is_empty()).then_some(videos),
            sound: c.sound,
            mode: c.mode,
            aspect_ratio: aspect,
            duration: c.duration,
            multi_shot: c.multi_shot,
            shot_type: c.shot_type,
            multi_prompt: (!c.shots.is_empty()).then_some(c.shots),
            ..OmniVideoRequest::new(prompt)
        })
}

#[derive(Clone, Debug)]
struct Tools {
    multi: MultiImageToVideoRequest,
    extend: VideoExtendRequest,
    face: IdentifyFaceRequest,
    lip: LipSyncRequest,
    effects: EffectsRequest,
    audio: VideoToAudioRequest,
    motion: MotionControlRequest,
}

fn tools() -> impl Strategy<Value = Tools> {
    let ms = prop_oneof![0u64..70_000, any::<u64>().prop_map(|n| n / 2)];
    let volume = prop::option::of(prop_oneof![0.0..=2.0f64, any::<f64>()]);
    let lip = (prop_oneof![Just("sess".to_string()), ".{0,8}"], (ms.clone(), ms.clone(), ms), (volume.clone(), volume), any::<bool>(), any::<bool>()).prop_map(
        |(session, (start, end, insert), (sound_volume, original_audio_volume), by_id, by_file)| {
            let face = FaceChoice {
                face_id: "0".into(),
                audio_id: by_id.then(|| "audio-1".into()),
                sound_file: by_file.then(|| "https://example.com/a.mp3".into()),
                sound_start_time: start,
                sound_end_time: end,
                sound_insert_time: insert,
                sound_volume,
                original_audio_volume,
            };
            LipSyncRequest::new(session, face)
        },
    );
    let scenes: Vec<String> = catalogue::effects().iter().take(20).map(|e| e.scene.clone()).chain(["hug_pro".into(), "unknown_scene".into(), String::new()]).collect();
    let effects =
        (prop::sample::select(scenes), 0usize..4, prop::option::of((3u8..=15).prop_map(|s| VideoDuration::new(s).unwrap()))).prop_map(|(scene, n, duration)| {
            let images: Vec<ImageInput> = (0..n).map(|i| picture(&i.to_string())).collect();
            let input = match n {
                1 => EffectInput { image: Some(picture("one")), images: None, duration },
                _ => EffectInput { image: None, images: Some(images), duration },
            };
            EffectsRequest { input, ..EffectsRequest::single(scene, picture("x")) }
        });
    let source = || (prop::option::of(".{0,10}"), prop::option::of(link()));
    let audio = (source(), prop::option::of(text()), prop::option::of(text()), prop::option::of(any::<bool>())).prop_map(|((video_id, video_url), sfx, bgm, asmr)| {
        VideoToAudioRequest { video_id, video_url, sound_effect_prompt: sfx, bgm_prompt: bgm, asmr_mode: asmr, ..Default::default() }
    });
    let orientation = prop::sample::select(vec![CharacterOrientation::Image, CharacterOrientation::Video]);
    let motion =
        (prop::sample::select(vec!["kling-v3", "kling-v2-6", "kling-v1", "kling-v9"]), link(), orientation, combo()).prop_map(|(model, video, orientation, c)| {
            MotionControlRequest {
                model_name: model.into(),
                element_list: (!c.elements.is_empty()).then(|| c.elements.clone()),
                prompt: Some(c.prompt.clone()),
                ..MotionControlRequest::new(picture("me"), video, orientation, c.mode.unwrap_or_default())
            }
        });
    let multi = (prop::collection::vec(0u8..9, 0..6), combo()).prop_map(|(pictures, c)| MultiImageToVideoRequest {
        model_name: if c.model.is_empty() { c.model.clone() } else { "kling-v1-6".into() },
        mode: c.mode,
        duration: c.duration,
        ..MultiImageToVideoRequest::new(pictures.iter().map(|n| picture(&n.to_string())).collect(), c.prompt.clone())
    });
    let extend = (".{0,10}", prop::option::of(text()), prop::option::of(prop_oneof![0.0..=1.0f64, any::<f64>()])).prop_map(|(id, prompt, cfg)| VideoExtendRequest {
        prompt,
        cfg_scale: cfg,
        ..VideoExtendRequest::new(id)
    });
    ((multi, extend, source().prop_map(|(video_id, video_url)| IdentifyFaceRequest { video_id, video_url })), (lip, effects, audio, motion))
        .prop_map(|((multi, extend, face), (lip, effects, audio, motion))| Tools { multi, extend, face, lip, effects, audio, motion })
}

#[test]
fn the_video_tools_give_ok_or_a_typed_error() {
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&(omni(), tools()), |(omni, t)| {
        check_tool("omni-video", omni.validate())?;
        check_tool("multi-image2video", t.multi.validate())?;
        check_tool("video-extend", t.extend.validate())?;
        check_tool("identify-face", t.face.validate())?;
        check_tool("lip-sync", t.lip.validate())?;
        let face = Face { face_id: "0".into(), face_image: String::new(), start_time: 1_000, end_time: 9_000 };
        check_tool("lip-sync with facts", t.lip.validate_with(LipSyncFacts { face: Some(&face), video_ms: Some(10_000) }))?;
        check_tool("effects", t.effects.validate())?;
        check_tool("video-to-audio", t.audio.validate())?;
        check_tool("motion-control", t.motion.validate())?;
        let _ = (omni.price_query(), t.lip.price_query(), t.motion.price_query(f64::NAN), t.motion.price_query(1e300));
        let _ = kling_api::pricing::estimate(&t.lip.price_query());
        // What passes serialises and reads back the same.
        if omni.validate().is_ok() {
            let back: OmniVideoRequest = serde_json::from_value(serde_json::to_value(&omni).unwrap()).unwrap();
            prop_assert_eq!(back, omni);
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// Stored tool requests of any shape read back or fail to, without a panic.
#[test]
fn stored_tool_requests_of_any_shape_read_or_fail_cleanly() {
    let docs = vec![
        serde_json::json!({"model_name":"kling-v3-omni","prompt":"<<<image_1>>>","image_list":[{"image_url":"https://e.com/a.png","type":"first_frame"}],
            "video_list":[{"video_url":"https://e.com/v.mp4","refer_type":"feature"}],"element_list":[{"element_id":"7"}],"duration":"7"}),
        serde_json::json!({"session_id":"s","face_choose":[{"face_id":"0","audio_id":"a","sound_start_time":0,"sound_end_time":3000,"sound_insert_time":0}]}),
        serde_json::json!({"effect_scene":"hug_pro","input":{"images":["https://e.com/a.png","https://e.com/b.png"],"duration":"5"}}),
        serde_json::json!({"model_name":"kling-v3","image_url":"https://e.com/a.png","video_url":"https://e.com/v.mp4","character_orientation":"video","mode":"pro"}),
        serde_json::json!({"video_id":"v","bgm_prompt":"calm","asmr_mode":true}),
        serde_json::json!({"prompt":"rain","duration":4.5}),
        serde_json::json!({"image":"https://e.com/a.png","up_expansion_ratio":0.5,"left_expansion_ratio":0.25,"n":2}),
        serde_json::json!({"model_name":"kling-v2-1","subject_image_list":[{"subject_image":"https://e.com/a.png"}],"scene_image":"https://e.com/s.png"}),
        serde_json::json!({"model_name":"kolors-virtual-try-on-v1-5","human_image":"https://e.com/a.png","cloth_image":"https://e.com/c.png"}),
    ];
    let mutated = (prop::sample::select(docs), json_edits()).prop_map(|(doc, edits)| serde_json::to_vec(&apply_json(doc, &edits)).unwrap());
    let input = prop_oneof![1 => any_bytes(), 1 => hostile_json_text(), 4 => mutated];
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&input, |bytes| {
        let len = bytes.len();
        let (results, cost) = bounded("stored tool requests", move || {
            let mut results = Vec::new();
            if let Ok(r) = serde_json::from_slice::<OmniVideoRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<LipSyncRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<EffectsRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<MotionControlRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<VideoToAudioRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<MultiImageToVideoRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<VideoExtendRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<TextToAudioRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<ImageExpandRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<MultiImageToImageRequest>(&bytes) {
                results.push(r.validate());
            }
            if let Ok(r) = serde_json::from_slice::<VirtualTryOnRequest>(&bytes) {
                results.push(r.validate());
            }
            results
        });
        for result in results {
            check_tool("a stored tool request", result)?;
        }
        assert_heap_within("stored tool requests", cost, len, 16, MIB);
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
