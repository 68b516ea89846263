use super::*;
use crate::capabilities;
use Mode::{FourK, Pro, Std};
const FIVE: VideoDuration = VideoDuration::FIVE;
const TEN: VideoDuration = VideoDuration::TEN;

const KINDS: [TaskKind; 3] = [TaskKind::Image, TaskKind::TextToVideo, TaskKind::ImageToVideo];

fn secs(n: u8) -> VideoDuration {
    VideoDuration::new(n).unwrap()
}

#[test]
fn every_entry_is_consistent() {
    let all: Vec<&Entry> = entries().collect();
    for (i, a) in all.iter().enumerate() {
        assert!(all[i + 1..].iter().all(|b| (b.kind, b.model) != (a.kind, a.model)), "{} {} twice", a.kind, a.model);
        let offered = |c: &Cell| a.modes.contains(&c.mode) && c.duration.is_none_or(|d| a.durations.contains(&d));
        let cells = a.camera.iter().map(|(c, _)| c).chain(a.start_end_frame).chain(a.end_frame_only).chain(a.motion_brush);
        for c in cells {
            assert!(offered(c), "{} {}: {c:?} is not a mode and duration it offers", a.kind, a.model);
        }
        assert!(a.camera.iter().all(|(_, s)| *s != CameraSupport::None), "{} {}: list only cells with camera control", a.kind, a.model);
        assert!(a.sound.iter().all(|(m, _)| a.modes.contains(m)), "{} {}: sound in a mode it lacks", a.kind, a.model);
        assert!(a.max_voices == 0 || a.sound.iter().any(|(_, s)| *s == SoundOffer::OnOrOff), "{} {}: voices need sound", a.kind, a.model);
        match a.price {
            PriceRule::VideoPerSecond(rates) => {
                for r in rates {
                    assert!(a.modes.contains(&r.mode) && r.units_per_second > 0.0, "{} {}: {r:?}", a.kind, a.model);
                    assert!(!r.sound || a.sound_in(r.mode) == Some(SoundOffer::OnOrOff), "{} {}: a price for sound it cannot make", a.kind, a.model);
                }
                for mode in a.modes {
                    assert!(rates.iter().any(|r| r.mode == *mode && !r.sound), "{} {}: no silent price in {mode}", a.kind, a.model);
                }
            }
            PriceRule::ImagePerPicture { text, with_image } => assert!(text > 0.0 && with_image > 0.0),
            PriceRule::Unpublished => {}
        }
        match a.kind {
            kind if kind.makes_pictures() => {
                assert!(a.modes.is_empty() && a.durations.is_empty() && a.camera.is_empty() && a.sound.is_empty(), "{}: pictures have no video options", a.model);
                assert!(
                    !a.aspect_ratios.is_empty() && a.resolutions_text.contains(&Resolution::OneK) && a.resolutions_with_image.contains(&Resolution::OneK),
                    "{}",
                    a.model
                );
                assert!(!matches!(a.price, PriceRule::VideoPerSecond(_)), "{}: pictures cost image units", a.model);
            }
            kind => {
                assert!(!a.durations.is_empty(), "{kind} {}: durations", a.model);
                assert!(!a.text_to_image && a.reference == ReferenceRule::NotOffered && a.resolutions_text.is_empty(), "{kind} {}: picture options on a video", a.model);
                assert!(!matches!(a.price, PriceRule::ImagePerPicture { .. }), "{kind} {}: videos cost video units", a.model);
                let shaped = matches!(kind, TaskKind::TextToVideo | TaskKind::OmniVideo | TaskKind::MultiImageToVideo);
                let aspects: &[AspectRatio] = if shaped { &AspectRatio::VIDEO } else { &[] };
                assert_eq!(a.aspect_ratios, aspects, "{kind} {}", a.model);
                if kind == TaskKind::TextToVideo {
                    assert!(a.start_end_frame.is_empty() && a.end_frame_only.is_empty() && a.motion_brush.is_empty(), "{}: text2video takes no pictures", a.model);
                    assert_eq!(a.max_voices, 0, "{}: voices are image-to-video's (§2)", a.model);
                }
            }
        }
    }
    for kind in KINDS {
        assert_eq!(default_model(kind), "kling-v3", "{kind}: today's model is the default");
    }
}

#[test]
fn lookups() {
    assert!(is_known(TaskKind::ImageToVideo, "kling-v1-5") && !is_known(TaskKind::TextToVideo, "kling-v1-5"));
    assert!(knows_model("kling-v1-5") && !knows_model("kling-v9") && !is_known(TaskKind::Image, "kling-v9"));
    assert_eq!(entry(TaskKind::Image, "kling-v2-new").map(|e| e.text_to_image), Some(false));
    assert!(is_known(TaskKind::Image, "kling-v3") && !is_known(TaskKind::Image, "kling-v2-6"));
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
    Expected { modes: &[], ..plain(kind, model, false) }
}

const PRO: &[(Mode, VideoDuration)] = &[(Pro, FIVE), (Pro, TEN)];

const VIDEO: &[Expected] = &[
    Expected { camera: &[(Std, FIVE, CameraSupport::All)], ..plain(TaskKind::TextToVideo, "kling-v1", true) },
    plain(TaskKind::TextToVideo, "kling-v1-6", true),
    master(TaskKind::TextToVideo, "kling-v2-master"),
    master(TaskKind::TextToVideo, "kling-v2-1-master"),
    plain(TaskKind::TextToVideo, "kling-v2-5-turbo", false),
    plain(TaskKind::TextToVideo, "kling-v2-6", false),
    Expected { start_end: &[(Std, FIVE), (Pro, FIVE)], ..plain(TaskKind::ImageToVideo, "kling-v1", true) },
    Expected { camera: &[(Pro, FIVE, CameraSupport::SimpleOnly)], start_end: PRO, end_only: &[Pro], ..plain(TaskKind::ImageToVideo, "kling-v1-5", true) },
    Expected { start_end: PRO, end_only: &[Pro], ..plain(TaskKind::ImageToVideo, "kling-v1-6", true) },
    master(TaskKind::ImageToVideo, "kling-v2-master"),
    Expected { start_end: PRO, ..plain(TaskKind::ImageToVideo, "kling-v2-1", false) },
    master(TaskKind::ImageToVideo, "kling-v2-1-master"),
    Expected { start_end: PRO, ..plain(TaskKind::ImageToVideo, "kling-v2-5-turbo", false) },
    Expected { start_end: PRO, ..plain(TaskKind::ImageToVideo, "kling-v2-6", false) },
];

#[test]
fn the_5_and_10_second_models_say_what_the_capability_map_says_in_every_cell() {
    for kind in [TaskKind::TextToVideo, TaskKind::ImageToVideo] {
        let mut expected: Vec<&str> = VIDEO.iter().filter(|x| x.kind == kind).map(|x| x.model).chain(["kling-v3"]).collect();
        let mut models = capabilities::models_for(kind).to_vec();
        expected.sort_unstable();
        models.sort_unstable();
        assert_eq!(models, expected, "{kind}: the models");
    }
    for x in VIDEO {
        let e = entry(x.kind, x.model).unwrap_or_else(|| panic!("{} {} missing", x.kind, x.model));
        assert_eq!(e.modes, x.modes, "{} {}", x.kind, x.model);
        assert_eq!(e.takes_mode(), !x.modes.is_empty(), "{} {}: the master models send no mode", x.kind, x.model);
        assert_eq!(e.durations, &[FIVE, TEN], "{} {}", x.kind, x.model);
        assert_eq!((e.cfg_scale, capabilities::cfg_scale_supported(x.model)), (x.cfg, x.cfg), "{} {} cfg_scale", x.kind, x.model);
        assert!(e.negative_prompt && !e.multi_shot && e.max_elements == 0, "{} {}: no shots or elements before kling-v3", x.kind, x.model);
        for mode in [Std, Pro] {
            for duration in [FIVE, TEN] {
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
fn kling_v2_6_has_sound_in_pro_voices_on_pictures_and_silent_end_frames() {
    for kind in [TaskKind::TextToVideo, TaskKind::ImageToVideo] {
        let e = entry(kind, "kling-v2-6").unwrap();
        assert_eq!((e.sound_in(Std), e.sound_in(Pro), e.sound_in(FourK)), (Some(SoundOffer::OffOnly), Some(SoundOffer::OnOrOff), None), "{kind}");
        assert_eq!(e.max_voices, if kind == TaskKind::ImageToVideo { 2 } else { 0 }, "{kind}");
        assert_eq!(e.end_frame_silent, kind == TaskKind::ImageToVideo);
    }
}

#[test]
fn kling_v3_has_3_to_15_seconds_4k_sound_shots_and_elements() {
    for kind in [TaskKind::TextToVideo, TaskKind::ImageToVideo] {
        let e = entry(kind, "kling-v3").unwrap();
        assert_eq!(e.modes, &[Std, Pro, FourK]);
        assert_eq!(e.durations, (3..=15).map(secs).collect::<Vec<_>>().as_slice());
        assert!(e.multi_shot && !e.cfg_scale && e.max_voices == 0, "{kind}");
        assert!([Std, Pro, FourK].iter().all(|m| e.sound_in(*m) == Some(SoundOffer::OnOrOff)), "{kind}");
        assert_eq!(e.max_elements, if kind == TaskKind::ImageToVideo { 3 } else { 0 });
    }
    for duration in [3, 7, 15] {
        assert!(capabilities::image_tail_supported("kling-v3", Std, secs(duration)) && capabilities::image_tail_supported("kling-v3", FourK, secs(duration)));
    }
    assert!(!capabilities::end_frame_only_supported("kling-v3", Pro));
}

#[test]
fn the_picture_entries_say_what_the_image_map_says() {
    use AspectRatio::R21x9;
    use Resolution::{OneK, TwoK};
    // (model, 21:9, text-to-image, 2K for text, 2K with a picture, reference)
    let expected = [
        ("kling-v3", true, true, true, true, "none"),
        ("kling-v2-1", true, true, true, true, "optional"),
        ("kling-v2", true, true, true, false, "none"),
        ("kling-v2-new", true, false, false, false, "none"),
        ("kling-v1-5", true, true, false, false, "required"),
        ("kling-v1", false, true, false, false, "none"),
    ];
    let models: Vec<&str> = expected.iter().map(|x| x.0).collect();
    assert_eq!(capabilities::models_for(TaskKind::Image), models.as_slice());
    for (model, wide, text, two_k, two_k_with_image, reference) in expected {
        let e = entry(TaskKind::Image, model).unwrap();
        for aspect in AspectRatio::ALL {
            assert_eq!(capabilities::image_aspect_supported(model, aspect), aspect != R21x9 || wide, "{model} {aspect}");
        }
        assert_eq!(capabilities::image_requires_reference(model), !text, "{model}");
        assert_eq!(capabilities::image_resolution_listed(model, TwoK, false), two_k, "{model} 2K text-to-image");
        assert_eq!(capabilities::image_resolution_listed(model, TwoK, true), two_k_with_image, "{model} 2K image-to-image");
        assert!(capabilities::image_resolution_listed(model, OneK, true), "{model}");
        let rule = match e.reference {
            ReferenceRule::NotOffered => "none",
            ReferenceRule::RequiredWithImage(_) => "required",
            ReferenceRule::OptionalWithImage(_) => "optional",
        };
        assert_eq!(rule, reference, "{model} reference");
    }
}

#[test]
fn the_omni_and_tool_entries_say_what_the_addendum_says() {
    let v3 = entry(TaskKind::OmniVideo, "kling-v3-omni").unwrap();
    assert_eq!(v3.modes, &[Std, Pro, FourK]);
    assert_eq!(v3.durations, (3..=15).map(secs).collect::<Vec<_>>().as_slice());
    assert!(v3.multi_shot && !v3.cfg_scale && !v3.negative_prompt && v3.max_elements == 7 && v3.max_voices == 0);
    assert!([Std, Pro, FourK].iter().all(|m| v3.sound_in(*m) == Some(SoundOffer::OnOrOff)));
    let o1 = entry(TaskKind::OmniVideo, "kling-video-o1").unwrap();
    assert_eq!(o1.modes, &[Std, Pro]);
    assert_eq!(o1.durations, (3..=10).map(secs).collect::<Vec<_>>().as_slice());
    assert!(!o1.multi_shot && o1.sound.is_empty(), "O1 is single-shot and silent");
    assert_eq!(default_model(TaskKind::OmniVideo), "kling-v3-omni");
    let multi = entry(TaskKind::MultiImageToVideo, "kling-v1-6").unwrap();
    assert_eq!((multi.durations, multi.price), (&[FIVE, TEN][..], PriceRule::Unpublished));
    for model in ["kling-v3", "kling-v2-6"] {
        let motion = entry(TaskKind::MotionControl, model).unwrap();
        assert_eq!((motion.modes, motion.max_elements, motion.sound.is_empty()), (&[Std, Pro][..], 1, true), "{model}");
    }
    // The tools without a model_name have no entry; their default falls back to the API's.
    for kind in [TaskKind::VideoExtend, TaskKind::LipSync, TaskKind::Effects, TaskKind::VideoToAudio, TaskKind::TextToAudio, TaskKind::ImageExpand] {
        assert_eq!(entries_for(kind).count(), 0, "{kind}");
    }
    assert_eq!(entries_for(TaskKind::VirtualTryOn).count(), 0, "try-on's models are TryOnModel");
    let compose = entry(TaskKind::MultiImageToImage, "kling-v2-1").unwrap();
    assert_eq!((compose.text_to_image, compose.negative_prompt, compose.aspect_ratios.len()), (false, false, 8));
    assert_eq!(compose.price, PriceRule::ImagePerPicture { text: 16.0, with_image: 16.0 });
    assert_eq!(default_model(TaskKind::MultiImageToImage), crate::requests::COMPOSE_DEFAULT_MODEL);
}
