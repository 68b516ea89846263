use super::*;
use crate::capabilities;
use Mode::{Pro, Std};
use VideoDuration::{Five, Ten};

const KINDS: [TaskKind; 3] = [TaskKind::Image, TaskKind::TextToVideo, TaskKind::ImageToVideo];

#[test]
fn every_entry_is_consistent() {
    let all: Vec<&Entry> = entries().collect();
    for (i, a) in all.iter().enumerate() {
        assert!(all[i + 1..].iter().all(|b| (b.kind, b.model) != (a.kind, a.model)), "{} {} twice", a.kind, a.model);
        let offered = |c: &Cell| a.modes.contains(&c.mode) && a.durations.contains(&c.duration);
        let cells = a.camera.iter().map(|(c, _)| c).chain(a.start_end_frame).chain(a.end_frame_only).chain(a.motion_brush);
        for c in cells {
            assert!(offered(c), "{} {}: {c:?} is not a mode and duration it offers", a.kind, a.model);
        }
        assert!(a.camera.iter().all(|(_, s)| *s != CameraSupport::None), "{} {}: list only cells with camera control", a.kind, a.model);
        assert!(a.sound.iter().all(|(m, _)| a.modes.contains(m)), "{} {}: sound in a mode it lacks", a.kind, a.model);
        match a.kind {
            TaskKind::Image => {
                assert!(a.modes.is_empty() && a.durations.is_empty() && a.camera.is_empty() && a.sound.is_empty(), "{}: pictures have no video options", a.model);
                assert!(
                    !a.aspect_ratios.is_empty() && a.resolutions_text.contains(&Resolution::OneK) && a.resolutions_with_image.contains(&Resolution::OneK),
                    "{}",
                    a.model
                );
                assert!(!matches!(a.price, PriceRule::VideoPerSecond { .. }), "{}: pictures cost image units", a.model);
            }
            kind => {
                assert!(!a.modes.is_empty() && !a.durations.is_empty(), "{kind} {}: modes and durations", a.model);
                assert!(!a.text_to_image && a.reference == ReferenceRule::NotOffered && a.resolutions_text.is_empty(), "{kind} {}: picture options on a video", a.model);
                assert!(!matches!(a.price, PriceRule::ImagePerPicture { .. }), "{kind} {}: videos cost video units", a.model);
                let aspects: &[AspectRatio] = if kind == TaskKind::TextToVideo { &AspectRatio::VIDEO } else { &[] };
                assert_eq!(a.aspect_ratios, aspects, "{kind} {}", a.model);
                if kind == TaskKind::TextToVideo {
                    assert!(a.start_end_frame.is_empty() && a.end_frame_only.is_empty() && a.motion_brush.is_empty(), "{}: text2video takes no pictures", a.model);
                }
            }
        }
    }
    for kind in KINDS {
        assert_eq!(entries_for(kind).next().map(|e| e.model), Some(crate::requests::DEFAULT_MODEL), "{kind}: the default model first");
    }
}

#[test]
fn lookups() {
    assert!(is_known(TaskKind::ImageToVideo, "kling-v1-5") && !is_known(TaskKind::TextToVideo, "kling-v1-5"));
    assert!(knows_model("kling-v1-5") && !knows_model("kling-v9") && !is_known(TaskKind::Image, "kling-v9"));
    assert_eq!(entry(TaskKind::Image, "kling-v2-new").map(|e| e.text_to_image), Some(false));
    assert_eq!(entry(TaskKind::TextToVideo, "kling-v2-5-turbo").map(|e| e.price), Some(PriceRule::VideoPerSecond { std: 0.3, pro: 0.5 }));
}

/// One video model on one endpoint, written out by hand from the capability map (addendum §1.2)
/// as capabilities.rs encoded it before the catalogue, cell by cell.
struct Expected {
    kind: TaskKind,
    model: &'static str,
    modes: &'static [Mode],
    cfg: bool,
    camera: &'static [(Mode, VideoDuration, CameraSupport)],
    start_end: &'static [(Mode, VideoDuration)],
    end_only: &'static [Mode],
}

const fn plain(kind: TaskKind, model: &'static str, cfg: bool) -> Expected {
    Expected { kind, model, modes: &[Std, Pro], cfg, camera: &[], start_end: &[], end_only: &[] }
}

const fn master(kind: TaskKind, model: &'static str) -> Expected {
    Expected { modes: &[Pro], ..plain(kind, model, false) }
}

const PRO: &[(Mode, VideoDuration)] = &[(Pro, Five), (Pro, Ten)];

const VIDEO: &[Expected] = &[
    Expected { camera: &[(Std, Five, CameraSupport::All)], ..plain(TaskKind::TextToVideo, "kling-v1", true) },
    plain(TaskKind::TextToVideo, "kling-v1-6", true),
    master(TaskKind::TextToVideo, "kling-v2-master"),
    master(TaskKind::TextToVideo, "kling-v2-1-master"),
    plain(TaskKind::TextToVideo, "kling-v2-5-turbo", false),
    Expected { start_end: &[(Std, Five), (Pro, Five)], ..plain(TaskKind::ImageToVideo, "kling-v1", true) },
    Expected { camera: &[(Pro, Five, CameraSupport::SimpleOnly)], start_end: PRO, end_only: &[Pro], ..plain(TaskKind::ImageToVideo, "kling-v1-5", true) },
    Expected { start_end: PRO, end_only: &[Pro], ..plain(TaskKind::ImageToVideo, "kling-v1-6", true) },
    master(TaskKind::ImageToVideo, "kling-v2-master"),
    Expected { start_end: PRO, ..plain(TaskKind::ImageToVideo, "kling-v2-1", false) },
    master(TaskKind::ImageToVideo, "kling-v2-1-master"),
    Expected { start_end: PRO, ..plain(TaskKind::ImageToVideo, "kling-v2-5-turbo", false) },
];

#[test]
fn the_video_entries_say_what_the_capability_map_says_in_every_cell() {
    for kind in [TaskKind::TextToVideo, TaskKind::ImageToVideo] {
        let expected: Vec<&str> = VIDEO.iter().filter(|x| x.kind == kind).map(|x| x.model).collect();
        assert_eq!(capabilities::models_for(kind), expected.as_slice(), "{kind}: the models, in order");
    }
    for x in VIDEO {
        let e = entry(x.kind, x.model).unwrap_or_else(|| panic!("{} {} missing", x.kind, x.model));
        assert_eq!(e.modes, x.modes, "{} {}", x.kind, x.model);
        assert_eq!(capabilities::modes_for(x.model), x.modes, "{}", x.model);
        assert_eq!(e.durations, &[Five, Ten], "{} {}", x.kind, x.model);
        assert_eq!((e.cfg_scale, capabilities::cfg_scale_supported(x.model)), (x.cfg, x.cfg), "{} {} cfg_scale", x.kind, x.model);
        assert!(e.negative_prompt && e.sound.is_empty() && e.max_voices == 0 && !e.multi_shot && e.max_elements == 0, "{} {}: nothing new yet", x.kind, x.model);
        for mode in [Std, Pro] {
            for duration in [Five, Ten] {
                let at = format!("{} {} {mode} {duration}", x.kind, x.model);
                let camera = x.camera.iter().find(|(m, d, _)| (*m, *d) == (mode, duration)).map_or(CameraSupport::None, |c| c.2);
                assert_eq!(e.camera_in(mode, duration), camera, "{at}: camera");
                assert_eq!(capabilities::camera_control(x.kind, x.model, mode, duration), camera, "{at}: camera");
                if x.kind == TaskKind::ImageToVideo {
                    let both = x.start_end.contains(&(mode, duration));
                    assert_eq!(capabilities::image_tail_supported(x.model, mode, duration), both, "{at}: start + end frame");
                    assert_eq!(capabilities::end_frame_only_supported(x.model, mode), x.end_only.contains(&mode), "{at}: end frame only");
                }
            }
        }
    }
}

#[test]
fn the_picture_entries_say_what_the_image_map_says() {
    use AspectRatio::R21x9;
    use Resolution::{OneK, TwoK};
    // (model, 21:9, text-to-image, 2K for text, reference required with a picture)
    let expected = [
        ("kling-v1", false, true, false, false),
        ("kling-v1-5", true, true, false, true),
        ("kling-v2", true, true, true, false),
        ("kling-v2-new", true, false, false, false),
        ("kling-v2-1", true, true, true, false),
    ];
    let models: Vec<&str> = expected.iter().map(|x| x.0).collect();
    assert_eq!(capabilities::models_for(TaskKind::Image), models.as_slice());
    for (model, wide, text, two_k, reference) in expected {
        let e = entry(TaskKind::Image, model).unwrap();
        for aspect in AspectRatio::ALL {
            assert_eq!(capabilities::image_aspect_supported(model, aspect), aspect != R21x9 || wide, "{model} {aspect}");
        }
        assert_eq!(capabilities::image_requires_reference(model), !text, "{model}");
        assert_eq!(capabilities::image_resolution_listed(model, TwoK, false), two_k, "{model} 2K text-to-image");
        assert!(!capabilities::image_resolution_listed(model, TwoK, true) && capabilities::image_resolution_listed(model, OneK, true), "{model} image-to-image is 1K");
        assert_eq!(matches!(e.reference, ReferenceRule::RequiredWithImage(_)), reference, "{model} reference");
        assert!(reference || e.reference == ReferenceRule::NotOffered, "{model} reference");
    }
}
