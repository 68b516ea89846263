//! The TypeScript bindings (`ui/src/lib/bindings.ts`) are generated from the Rust commands and
//! types. This test regenerates them and fails when the committed file differs, so a Rust change
//! that forgets the UI cannot land. `UPDATE_BINDINGS=1 cargo test --test bindings` rewrites it.

use std::path::Path;

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
    let fresh = tempfile::tempdir().unwrap().keep().join("bindings.ts");
    kling_studio::bindings::export(&fresh).expect("the bindings export");
    let generated = std::fs::read_to_string(&fresh).unwrap();
    assert!(generated.contains("createImage") && generated.contains("jobUpdated"), "commands and events are exported");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed, &generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(current == generated, "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit the result");
}

/// One request of every kind, as a form fills it: the UI's unit tests (ui/src/lib/forms.test.ts)
/// put each into its form with "Reuse all settings" and check that the form builds the same
/// request back; here each must read back as the request the app's commands take.
fn one_request_of_each_kind() -> Vec<studio::JobRequest> {
    use kling_api::*;
    vec![
        studio::JobRequest::Image {
            request: ImageRequest {
                model_name: "kling-v1-5".into(),
                negative_prompt: Some("blur".into()),
                aspect_ratio: Some(AspectRatio::R21x9),
                n: Some(3),
                resolution: Some(Resolution::TwoK),
                ..ImageRequest::new("a fox in the snow")
            },
            image: None,
        },
        studio::JobRequest::TextToVideo {
            request: TextToVideoRequest {
                negative_prompt: Some("text".into()),
                cfg_scale: Some(0.25),
                mode: Some(Mode::Std),
                aspect_ratio: Some(AspectRatio::R9x16),
                duration: Some(VideoDuration::FIVE),
                camera_control: Some(CameraControl::simple("tilt", -4.0).unwrap()),
                ..TextToVideoRequest::new("waves at night")
            },
        },
        studio::JobRequest::ImageToVideo {
            request: ImageToVideoRequest {
                model_name: "kling-v1-5".into(),
                prompt: Some("the kite rises".into()),
                negative_prompt: Some("shake".into()),
                cfg_scale: Some(0.75),
                mode: Some(Mode::Pro),
                duration: Some(VideoDuration::FIVE),
                camera_control: Some(CameraControl::simple("pan", 3.0).unwrap()),
                ..Default::default()
            },
            image: Some("inputs/0123456789abcdef01234567.png".into()),
            image_tail: None,
        },
        // Today's models: sound, 4K, shots, voices, elements (an id past 2^53), watermark.
        studio::JobRequest::TextToVideo {
            request: TextToVideoRequest {
                model_name: "kling-v3".into(),
                mode: Some(Mode::FourK),
                duration: VideoDuration::new(7),
                aspect_ratio: Some(AspectRatio::R16x9),
                sound: Some(Sound::On),
                multi_shot: Some(true),
                shot_type: Some(ShotType::Customize),
                multi_prompt: Some(vec![
                    Shot { index: 1, prompt: "a lighthouse at dusk".into(), duration: 3 },
                    Shot { index: 2, prompt: "waves break on the rocks".into(), duration: 4 },
                ]),
                watermark_info: Some(WatermarkInfo { enabled: true }),
                ..TextToVideoRequest::new("")
            },
        },
        studio::JobRequest::ImageToVideo {
            request: ImageToVideoRequest {
                model_name: "kling-v2-6".into(),
                prompt: Some("<<<voice_1>>> says welcome".into()),
                mode: Some(Mode::Pro),
                duration: Some(VideoDuration::TEN),
                sound: Some(Sound::On),
                voice_list: Some(vec![VoiceRef { voice_id: "voice-42".into() }]),
                ..Default::default()
            },
            image: Some("inputs/0123456789abcdef01234567.png".into()),
            image_tail: None,
        },
        studio::JobRequest::ImageToVideo {
            request: ImageToVideoRequest {
                model_name: "kling-v3".into(),
                prompt: Some("<<<element_1>>> walks into the café".into()),
                mode: Some(Mode::Std),
                duration: VideoDuration::new(12),
                sound: Some(Sound::Off),
                multi_shot: Some(true),
                shot_type: Some(ShotType::Intelligence),
                element_list: Some(vec![ElementRef { element_id: ElementId(829836802793406551) }]),
                ..Default::default()
            },
            image: Some("inputs/0123456789abcdef01234567.png".into()),
            image_tail: None,
        },
        studio::JobRequest::Image {
            request: ImageRequest {
                model_name: "kling-v3".into(),
                resolution: Some(Resolution::TwoK),
                n: Some(2),
                aspect_ratio: Some(AspectRatio::R3x2),
                element_list: Some(vec![ElementRef { element_id: ElementId(160) }]),
                watermark_info: Some(WatermarkInfo { enabled: true }),
                ..ImageRequest::new("a fox in a library")
            },
            image: None,
        },
        // The video tools (no form yet: the UI offers no reuse for them). Pictures are stored
        // beside the request, whose own picture fields stay empty.
        studio::JobRequest::OmniVideo {
            request: OmniVideoRequest {
                model_name: "kling-v3-omni".into(),
                image_list: Some(vec![OmniImage::frame(ImageInput::Base64(String::new()), FrameType::FirstFrame)]),
                ..OmniVideoRequest::new("<<<image_1>>> walks on the beach")
            },
            images: vec!["inputs/0123456789abcdef01234567.png".into()],
        },
        studio::JobRequest::MultiImageToVideo {
            request: MultiImageToVideoRequest::new(vec![ImageInput::Base64(String::new()), ImageInput::Base64(String::new())], "two friends meet"),
            images: vec!["inputs/0123456789abcdef01234567.png".into(), "https://example.com/b.png".into()],
        },
        studio::JobRequest::VideoExtend { request: VideoExtendRequest { prompt: Some("and walks away".into()), ..VideoExtendRequest::new("vid-1") } },
        studio::JobRequest::LipSync {
            request: LipSyncRequest::new(
                "session-1",
                FaceChoice {
                    face_id: "0".into(),
                    audio_id: None,
                    sound_file: None,
                    sound_start_time: 0,
                    sound_end_time: 3000,
                    sound_insert_time: 500,
                    sound_volume: Some(1.5),
                    original_audio_volume: None,
                },
            ),
            sound_file: Some("inputs/0123456789abcdef01234567.mp3".into()),
        },
        studio::JobRequest::Effects {
            request: EffectsRequest::single("birthday_board", ImageInput::Base64(String::new())),
            images: vec!["https://example.com/me.png".into()],
        },
        studio::JobRequest::VideoToAudio { request: VideoToAudioRequest { bgm_prompt: Some("calm piano".into()), ..VideoToAudioRequest::by_id("vid-1") } },
        studio::JobRequest::MotionControl {
            request: MotionControlRequest::new(ImageInput::Base64(String::new()), "https://example.com/dance.mp4", CharacterOrientation::Image, Mode::Std),
            images: vec!["inputs/0123456789abcdef01234567.png".into()],
        },
        studio::JobRequest::TextToAudio { request: kling_api::TextToAudioRequest::new("rain on a tin roof", 4.5) },
        studio::JobRequest::ImageExpand {
            request: kling_api::ImageExpandRequest {
                prompt: Some("more of the beach".into()),
                n: Some(2),
                ..kling_api::ImageExpandRequest::new(ImageInput::Base64(String::new()), [0.5, 0.0, 0.25, 0.25])
            },
            images: vec!["inputs/0123456789abcdef01234567.png".into()],
        },
        studio::JobRequest::MultiImageToImage {
            request: kling_api::MultiImageToImageRequest {
                prompt: Some("the two at a picnic".into()),
                scene_image: Some(ImageInput::Base64(String::new())),
                n: Some(2),
                aspect_ratio: Some(kling_api::AspectRatio::R4x3),
                ..kling_api::MultiImageToImageRequest::new(vec![ImageInput::Base64(String::new()), ImageInput::Base64(String::new())])
            },
            images: vec!["inputs/0123456789abcdef01234567.png".into(), "https://example.com/dog.png".into(), "inputs/abcdefabcdefabcdefabcdef.png".into()],
        },
        studio::JobRequest::VirtualTryOn {
            request: kling_api::VirtualTryOnRequest {
                model_name: kling_api::TryOnModel::V1_5,
                ..kling_api::VirtualTryOnRequest::new(ImageInput::Base64(String::new()), ImageInput::Base64(String::new()))
            },
            images: vec!["inputs/0123456789abcdef01234567.png".into(), "https://example.com/coat.png".into()],
        },
        studio::JobRequest::OmniImage {
            request: kling_api::OmniImageRequest {
                model_name: "kling-v3-omni".into(),
                image_list: vec![kling_api::OmniImageInput { image: ImageInput::Base64(String::new()) }],
                element_list: Some(vec![kling_api::ElementRef { element_id: kling_api::ElementId(829836802793406551) }]),
                result_type: Some(kling_api::ResultType::Series),
                series_amount: Some(kling_api::SeriesAmount::Auto(kling_api::Auto::Auto)),
                resolution: Some(kling_api::Resolution::TwoK),
                aspect_ratio: Some(kling_api::OmniImageAspect::Auto(kling_api::Auto::Auto)),
                ..kling_api::OmniImageRequest::new("<<<image_1>>> meets <<<element_1>>> through the seasons")
            },
            images: vec!["inputs/0123456789abcdef01234567.png".into()],
        },
    ]
}

#[test]
fn job_requests_round_trip_through_the_ui_fixture() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/__fixtures__/job-requests.json");
    let requests = one_request_of_each_kind();
    for request in &requests {
        match request {
            studio::JobRequest::Image { request, .. } => request.validate().unwrap(),
            studio::JobRequest::TextToVideo { request } => request.validate().unwrap(),
            studio::JobRequest::ImageToVideo { request, .. } => {
                kling_api::ImageToVideoRequest { image: Some(kling_api::ImageInput::Url("https://example.com/a.png".into())), ..request.clone() }.validate().unwrap()
            }
            studio::JobRequest::FromHistory { .. } => unreachable!(),
            // Valid once its pictures and sound are read back in.
            other => other
                .to_wire(|_, _| Ok(kling_api::ImageInput::Url("https://example.com/a.png".into())), |_| Ok("https://example.com/a.mp3".into()))
                .and_then(|wire| wire.validate())
                .unwrap_or_else(|e| panic!("{}: {e}", other.kind())),
        }
    }
    let fresh = serde_json::to_string_pretty(&requests).unwrap() + "\n";
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(committed, fresh, "the fixture is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings`");
    // What the UI sends back for each is the fixture's request (forms.test.ts); the commands read it.
    let back: Vec<studio::JobRequest> = serde_json::from_str(&committed).unwrap();
    assert_eq!(back, requests);
    for (value, request) in serde_json::from_str::<Vec<serde_json::Value>>(&committed).unwrap().iter().zip(&requests) {
        let inner = value["request"].clone();
        match request {
            studio::JobRequest::Image { request, .. } => assert_eq!(&serde_json::from_value::<kling_api::ImageRequest>(inner).unwrap(), request),
            studio::JobRequest::TextToVideo { request } => assert_eq!(&serde_json::from_value::<kling_api::TextToVideoRequest>(inner).unwrap(), request),
            studio::JobRequest::ImageToVideo { request, .. } => assert_eq!(&serde_json::from_value::<kling_api::ImageToVideoRequest>(inner).unwrap(), request),
            studio::JobRequest::TextToAudio { request } => assert_eq!(&serde_json::from_value::<kling_api::TextToAudioRequest>(inner).unwrap(), request),
            studio::JobRequest::FromHistory { .. } => unreachable!(),
            // The video tools' requests read back through the whole stored form (above).
            _ => {}
        }
    }
}
