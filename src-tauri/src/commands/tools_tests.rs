//! The video tools' commands without the window: a clip Kling made (kling-v1-6), one made by a
//! model extend does not take, and one imported by hand, against the emulator. What each tool
//! offers; every bad input refused with the field named and nothing queued or sent; the good
//! ones queued with the clip as their parent.

use super::*;
use kling_api::{ClientConfig, Credentials, KlingClient, TaskKind, TextToVideoRequest};
use kling_sim::{Sim, SimConfig};
use std::path::PathBuf;
use std::time::Duration;
use studio::{Engine, EngineConfig};

const AK: &str = "tools-ak";
const SK: &str = "tools-sk-never-shown";

fn client(sim: &Sim) -> KlingClient {
    KlingClient::new(ClientConfig::new(sim.url(), Credentials::new(AK, SK))).unwrap()
}

async fn finish(engine: &Engine, job: &Job) -> Job {
    let jobs = tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(std::slice::from_ref(&job.id))).await.expect("the job finishes in time").unwrap();
    jobs.into_iter().next().unwrap()
}

/// A clip made by `model` through the engine: its library item id.
async fn made_clip(engine: &Engine, model: &str) -> String {
    let request = TextToVideoRequest { model_name: model.into(), ..TextToVideoRequest::new("two people talk on a bench") };
    let job = finish(engine, &engine.enqueue(NewJob::TextToVideo { request }).unwrap()).await;
    assert_eq!(job.state, studio::JobState::Done, "{model}: {:?}", job.last_error);
    job.item_ids[0].clone()
}

/// A WAV tone of `ms` milliseconds.
fn wav(path: &Path, ms: u32) {
    std::fs::write(path, kling_sim::test_sounds::wav(f64::from(ms) / 1000.0)).unwrap();
}

/// A result's parents as (item id, role), sorted.
fn links(sidecar: &studio::Sidecar) -> Vec<(&str, &str)> {
    let mut links: Vec<(&str, &str)> = sidecar.made_from.iter().map(|p| (p.item_id.as_str(), p.role.as_str())).collect();
    links.sort();
    links
}

#[track_caller]
fn refused(made: AppResult<(NewJob, [ParentInput; 1])>, words: &str) {
    let e = made.err().unwrap_or_else(|| panic!("expected a refusal with {words:?}"));
    assert_eq!(e.code, kling_api::ErrorCode::InvalidInput, "{}", e.message);
    assert!(e.message.contains(words), "{:?} should contain {words:?}", e.message);
    assert!(!e.message.contains('{') && !e.message.contains("Validation"), "plain words: {}", e.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_tool_refuses_bad_input_by_field_and_queues_good_input_from_the_clip() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    let engine = Engine::new(library.clone(), client(&sim), EngineConfig::fast());
    let clip_id = made_clip(&engine, "kling-v1-6").await;
    let newer_id = made_clip(&engine, "kling-v2-master").await;
    // A clip put into the library by hand: an item, with no Kling video id.
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/kling-sim/fixtures/clip-16x9-5s.mp4");
    let imported_path = library.root().join("holiday.mp4");
    std::fs::copy(&fixture, &imported_path).unwrap();
    library.rescan().unwrap();
    let imported_id = library.item_at(&imported_path).expect("the clip is a library item").id;
    let picture_id = {
        let job = engine.enqueue(NewJob::Image { request: kling_api::ImageRequest::new("a cup"), image: None }).unwrap();
        finish(&engine, &job).await.item_ids[0].clone()
    };

    // What each clip is offered.
    let offered = clip_tools_of(&library, &clip_id).unwrap();
    assert_eq!(offered, ClipTools { kling_clip: true, extend: None, add_sound: None, lip_sync: None });
    let newer = clip_tools_of(&library, &newer_id).unwrap();
    assert!(newer.kling_clip && newer.add_sound.is_none() && newer.lip_sync.is_none(), "{newer:?}");
    assert!(newer.extend.as_deref().is_some_and(|why| why.contains("made by kling-v2-master")), "{newer:?}");
    let imported = clip_tools_of(&library, &imported_id).unwrap();
    assert!(!imported.kling_clip);
    for why in [&imported.extend, &imported.add_sound, &imported.lip_sync] {
        assert_eq!(why.as_deref(), Some(NOT_MADE_BY_KLING));
    }

    // A clip dropped on the window: a library video is found, by any path that leads to it; a
    // copy from outside the library or a picture is refused in words.
    let clip_file = library.absolute(&library.get(&clip_id).unwrap().rel_path).unwrap();
    assert_eq!(dropped_clip_item(&library, &clip_file).unwrap().id, clip_id);
    let roundabout = clip_file.parent().unwrap().join("..").join(clip_file.parent().unwrap().file_name().unwrap()).join(clip_file.file_name().unwrap());
    assert_eq!(dropped_clip_item(&library, &roundabout).unwrap().id, clip_id);
    let outside = dir.path().join("copy.mp4");
    std::fs::copy(&clip_file, &outside).unwrap();
    assert_eq!(dropped_clip_item(&library, &outside).unwrap_err().message, NOT_IN_LIBRARY);
    assert_eq!(dropped_clip_item(&library, &dir.path().join("missing.mp4")).unwrap_err().message, NOT_IN_LIBRARY);
    let picture_file = library.absolute(&library.get(&picture_id).unwrap().rel_path).unwrap();
    assert!(dropped_clip_item(&library, &picture_file).unwrap_err().message.starts_with("This file is not a video"));

    // identify-face on the clip (the emulator finds two faces on a landscape clip).
    let video_id = library.kling_video_id(&clip_id).unwrap().unwrap();
    let faces = client(&sim).identify_face(&IdentifyFaceRequest::by_id(&video_id)).await.unwrap();
    assert_eq!(faces.face_data.len(), 2);
    let face = faces.face_data[1].clone();
    let sound = dir.path().join("voice.wav");
    wav(&sound, 3_000);
    let notes = dir.path().join("voice.mp3");
    std::fs::write(&notes, b"these are words, not a sound").unwrap();
    let lip = |f: &dyn Fn(&mut LipSyncInput)| {
        let mut input = LipSyncInput {
            session_id: faces.session_id.clone(),
            face: face.clone(),
            sound_file: sound.display().to_string(),
            sound_start_time: 0,
            sound_end_time: 2_500,
            sound_insert_time: face.start_time,
            sound_volume: 1.0,
            original_audio_volume: 1.0,
        };
        f(&mut input);
        input
    };
    let sent_before = sim.requests().iter().filter(|r| r.method == "POST").count();
    let jobs_before = engine.jobs(100).unwrap().len();

    let long = "x".repeat(2501);
    refused(extend_job(&library, &imported_id, None, None), "not made by Kling");
    refused(extend_job(&library, &picture_id, None, None), "Video: this item is not a video");
    let unknown = extend_job(&library, "video:nope:0", None, None).expect_err("an unknown item is refused");
    assert_eq!(unknown.code, kling_api::ErrorCode::NotFound, "{}", unknown.message);
    refused(extend_job(&library, &newer_id, None, None), "only videos made by kling-v1, kling-v1-5 or kling-v1-6");
    refused(extend_job(&library, &clip_id, Some(long.clone()), None), "Prompt: must be at most 2500 characters");
    refused(extend_job(&library, &clip_id, None, Some("a\u{7}".into())), "Negative prompt: contains control characters");
    refused(sound_job(&library, &imported_id, None, None, false), "not made by Kling");
    refused(sound_job(&library, &clip_id, Some("é".repeat(201)), None, false), "Sound effect prompt: must be at most 200 characters");
    refused(sound_job(&library, &clip_id, None, Some("x".repeat(201)), true), "Bgm prompt: must be at most 200");
    refused(lip_sync_job(&library, &imported_id, lip(&|_| {})), "not made by Kling");
    refused(lip_sync_job(&library, &clip_id, lip(&|i| i.sound_file = notes.display().to_string())), "Sound file:");
    refused(lip_sync_job(&library, &clip_id, lip(&|i| i.sound_file = dir.path().join("gone.wav").display().to_string())), "Sound file: cannot read");
    refused(lip_sync_job(&library, &clip_id, lip(&|i| i.sound_end_time = 1_500)), "Sound end time: the audio used lasts 1.5 s");
    refused(lip_sync_job(&library, &clip_id, lip(&|i| i.sound_end_time = 0)), "Sound end time: must be after sound_start_time");
    refused(lip_sync_job(&library, &clip_id, lip(&|i| (i.sound_start_time, i.sound_end_time) = (500, 3_200))), "Sound end time: 3200 ms is past the end of the sound");
    refused(lip_sync_job(&library, &clip_id, lip(&|i| i.sound_volume = 2.5)), "Sound volume: must be between 0 and 2");
    refused(lip_sync_job(&library, &clip_id, lip(&|i| i.original_audio_volume = -1.0)), "Original audio volume: must be between 0 and 2");
    refused(lip_sync_job(&library, &clip_id, lip(&|i| i.sound_insert_time = 60_000)), "Sound insert time:");
    refused(lip_sync_job(&library, &clip_id, lip(&|i| i.session_id = " ".into())), "Session id: must not be empty");
    assert_eq!(engine.jobs(100).unwrap().len(), jobs_before, "nothing queued");
    assert_eq!(sim.requests().iter().filter(|r| r.method == "POST").count(), sent_before, "nothing sent");

    // The good ones: queued with the clip as their parent, each sent by the clip's Kling id.
    for (made, path) in [
        (extend_job(&library, &clip_id, Some("they keep talking".into()), Some("  ".into())), "/video-extend"),
        (sound_job(&library, &clip_id, Some("birds".into()), Some("soft guitar".into()), true), "/video-to-audio"),
        (lip_sync_job(&library, &clip_id, lip(&|_| {})), "/advanced-lip-sync"),
    ] {
        let (job, parents) = made.unwrap();
        let done = finish(&engine, &engine.enqueue_made_from(job, &parents).unwrap()).await;
        assert_eq!(done.state, studio::JobState::Done, "{path}: {:?}", done.last_error);
        let sidecar = library.sidecar(&done.item_ids[0]).unwrap().unwrap();
        assert_eq!(sidecar.made_from.iter().map(|p| (p.item_id.as_str(), p.role.as_str())).collect::<Vec<_>>(), [(clip_id.as_str(), "video")], "{path}");
        let sent = sim.requests().into_iter().rev().find(|r| r.method == "POST" && r.path.ends_with(path)).unwrap().body.unwrap();
        match path {
            "/video-extend" => {
                assert_eq!(sent["video_id"], video_id.as_str());
                assert_eq!(sent["prompt"], "they keep talking");
                assert!(sent.get("negative_prompt").is_none(), "a blank field is not sent: {sent}");
            }
            "/video-to-audio" => {
                assert_eq!((sent["video_id"].as_str(), sent["asmr_mode"].as_bool()), (Some(video_id.as_str()), Some(true)));
                assert_eq!(done.item_ids.len(), 2, "a video and its sound");
            }
            _ => {
                let face_sent = &sent["face_choose"][0];
                assert_eq!((face_sent["face_id"].as_str(), face_sent["sound_end_time"].as_u64()), (Some(face.face_id.as_str()), Some(2_500)));
                assert!(face_sent["sound_file"].as_str().is_some_and(|b| b.len() > 1000), "the sound went as base64");
            }
        }
    }
    // A sound from the library as the voice: it is a parent too, beside the clip.
    let library_voice = library.root().join("voice.wav");
    std::fs::copy(&sound, &library_voice).unwrap();
    library.rescan().unwrap();
    let voice_id = library.item_at(&library_voice).expect("the sound is a library item").id;
    let (job, parents) = lip_sync_job(&library, &clip_id, lip(&|i| i.sound_file = library_voice.display().to_string())).unwrap();
    let done = finish(&engine, &engine.enqueue_made_from(job, &parents).unwrap()).await;
    let sidecar = library.sidecar(&done.item_ids[0]).unwrap().unwrap();
    let mut expected = [(clip_id.as_str(), "video"), (voice_id.as_str(), "sound_file")];
    expected.sort();
    assert_eq!(links(&sidecar), expected);
    // Motion control: the clip goes by the link Kling served it at, the library picture as the
    // character; both are the result's parents.
    let picture_path = library.absolute(&library.get(&picture_id).unwrap().rel_path).unwrap().display().to_string();
    let motion = |f: &dyn Fn(&mut MotionInput)| {
        let mut input = MotionInput {
            picture: picture_path.clone(),
            video_item: Some(clip_id.clone()),
            video_url: None,
            orientation: kling_api::CharacterOrientation::Image,
            mode: kling_api::Mode::Std,
            keep_sound: false,
            prompt: None,
            element_id: None,
        };
        f(&mut input);
        input
    };
    let jobs_before = engine.jobs(100).unwrap().len();
    for (input, words) in [
        (motion(&|i| i.video_item = Some(imported_id.clone())), "not made by Kling"),
        (motion(&|i| i.video_item = None), "Video url: give the motion video"),
        (motion(&|i| (i.video_item, i.video_url) = (None, Some("ftp://x.test/a.mp4".into()))), "Video url: must be an http(s) URL"),
        (motion(&|i| i.picture = " ".into()), "Image url: give the character's picture"),
        (motion(&|i| i.element_id = Some("mia".into())), "an element id is a whole number"),
    ] {
        let e = motion_job(&library, input).expect_err(words);
        assert!(e.message.contains(words), "{:?} should contain {words:?}", e.message);
    }
    assert_eq!(engine.jobs(100).unwrap().len(), jobs_before, "nothing queued");
    // The estimate: the clip's rounded seconds at the mode's rate; unknown for a link.
    let seconds = library.get(&clip_id).unwrap().duration_ms.expect("the clip's length is known") as f64 / 1000.0;
    let per_second = |mode| {
        let request = kling_api::MotionControlRequest::new(kling_api::ImageInput::Url("x".into()), String::new(), kling_api::CharacterOrientation::Image, mode);
        kling_api::pricing::estimate(&request.price_query(1.0)).units.expect("motion control has a published price")
    };
    let std_cost = motion_estimate(&library, &motion(&|_| {})).and_then(|e| e.units);
    assert_eq!(std_cost, Some(per_second(kling_api::Mode::Std) * seconds.round()));
    let pro_cost = motion_estimate(&library, &motion(&|i| i.mode = kling_api::Mode::Pro)).and_then(|e| e.units);
    assert!(pro_cost > std_cost, "pro costs more: {pro_cost:?} {std_cost:?}");
    assert!(motion_estimate(&library, &motion(&|i| (i.video_item, i.video_url) = (None, Some("https://x.test/a.mp4".into())))).is_none());
    let with_element = |i: &mut MotionInput| {
        (i.prompt, i.element_id, i.orientation) = (Some("<<<element_1>>> dances".into()), Some("829836802793406551".into()), kling_api::CharacterOrientation::Video)
    };
    let (job, parents) = motion_job(&library, motion(&with_element)).unwrap();
    let done = finish(&engine, &engine.enqueue_made_from(job, &parents).unwrap()).await;
    assert_eq!(done.state, studio::JobState::Done, "{:?}", done.last_error);
    let sent = sim.requests().into_iter().rev().find(|r| r.method == "POST" && r.path.ends_with("/motion-control")).unwrap().body.unwrap();
    let original = library.sidecar(&clip_id).unwrap().unwrap().original_url.unwrap();
    assert_eq!((sent["video_url"].as_str(), sent["keep_original_sound"].as_str()), (Some(original.as_str()), Some("no")));
    assert_eq!(
        (sent["element_list"][0]["element_id"].as_u64(), sent["prompt"].as_str()),
        (Some(829836802793406551), Some("<<<element_1>>> dances")),
        "the id as an exact integer"
    );
    let sidecar = library.sidecar(&done.item_ids[0]).unwrap().unwrap();
    let mut expected = [(clip_id.as_str(), "video_url"), (picture_id.as_str(), "image_url")];
    expected.sort();
    assert_eq!(links(&sidecar), expected);
    // The extended clip extends again (it keeps kling-v1-6, its parent's model).
    let extended = engine.jobs(100).unwrap().into_iter().find(|j| j.kind == TaskKind::VideoExtend).unwrap().item_ids[0].clone();
    assert_eq!(clip_tools_of(&library, &extended).unwrap().extend, None);
}

#[test]
fn a_sound_is_checked_before_it_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("voice.wav");
    wav(&good, 3_000);
    let checked = check_sound_file(good.display().to_string()).unwrap();
    assert_eq!((checked.duration_ms, checked.bytes), (Some(3_000), 44 + 48_000));
    let text = dir.path().join("notes.wav");
    std::fs::write(&text, "not a sound").unwrap();
    let e = check_sound_file(text.display().to_string()).unwrap_err();
    assert!(e.message.starts_with("Sound file:") && e.message.contains("not an mp3, wav, m4a or aac sound"), "{}", e.message);
    let e = check_sound_file(dir.path().join("a.ogg").display().to_string()).unwrap_err();
    assert!(e.message.contains("must be an .mp3, .wav, .m4a or .aac file"), "{}", e.message);
}

#[test]
fn face_pictures_are_shown_only_when_they_are_pictures() {
    assert!(picture_data_url(b"\x89PNG\r\n\x1a\nrest").unwrap().starts_with("data:image/png;base64,iVBORw0K"));
    assert!(picture_data_url(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap().starts_with("data:image/jpeg;base64,"));
    assert_eq!(picture_data_url(b"<svg onload=alert(1)>"), None);
    assert_eq!(picture_data_url(b""), None);
}

#[test]
fn an_effect_takes_the_pictures_its_scene_takes() {
    let picture = |name: &str| format!("/home/me/Pictures/{name}");
    for (scene, pictures, words) in [
        ("birthday_board", vec![], "Input: give the picture"),
        ("birthday_board", vec![" ".to_string()], "Input: give the picture"),
        ("pet_skateboard", vec![picture("a.png")], "Input: pet_skateboard takes two pictures"),
        ("birthday_board", vec![picture("a.png"), picture("b.png"), picture("c.png")], "Input: an effect takes one picture or two (got 3)"),
        ("", vec![picture("a.png")], "Effect scene: must not be empty"),
    ] {
        let e = effect_job(scene, &pictures).err().unwrap_or_else(|| panic!("{scene} with {pictures:?} is refused"));
        assert!(e.message.starts_with(words), "{:?} should start with {words:?}", e.message);
    }
    let NewJob::Effects { request, images } = effect_job("pet_skateboard", &[picture("a.png"), "https://example.com/b.png".into()]).unwrap() else { panic!("an effect") };
    assert_eq!((request.effect_scene.as_str(), request.pictures().len(), images.len()), ("pet_skateboard", 2, 2));
    assert!(matches!(&images[1], InputPicture::Url(u) if u == "https://example.com/b.png"));
    let scenes = effect_scenes();
    assert!(scenes.iter().any(|e| e.scene == "birthday_board" && e.pictures == 1) && scenes.iter().any(|e| e.pictures == 2));
}
