//! The seven video tools through the engine against the emulator: each job goes in, its video
//! comes out filed with the request in its sidecar; library inputs become parents; a restart
//! mid-task loses nothing.

use kling_api::{
    CharacterOrientation, EffectsRequest, FaceChoice, IdentifyFaceRequest, ImageInput, LipSyncRequest, Mode, MotionControlRequest, MultiImageToVideoRequest, OmniImage,
    OmniVideoRequest, TaskKind, TextToVideoRequest, VideoExtendRequest, VideoToAudioRequest,
};
use std::path::PathBuf;
use std::time::Duration;
use studio::{Engine, InputPicture, Item, Job, JobState, Library, NewJob};

mod common;

use common::{client, finish, kill_once_at_kling, setup, Setup};

impl Setup {
    fn picture(&self, name: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        image::RgbImage::from_pixel(640, 480, image::Rgb([10, 120, 200])).save(&path).unwrap();
        path
    }

    /// A clip Kling made: its job, and its Kling video id as the task answered it.
    async fn made_clip(&self, engine: &Engine) -> (Job, String) {
        let job = engine.enqueue(NewJob::TextToVideo { request: TextToVideoRequest::new("a person talks to the camera") }).unwrap();
        let done = finish(engine, &job).await;
        let task = client(&self.sim).get_task(TaskKind::TextToVideo, done.task_id.as_deref().unwrap()).await.unwrap();
        let id = task.video_id().expect("a video id").to_string();
        (done, id)
    }
}

/// The job is done, each result filed as a video whose sidecar holds the request.
#[track_caller]
fn filed(library: &Library, job: &Job) -> studio::Sidecar {
    assert_eq!(job.state, JobState::Done, "{:?}", job.last_error);
    assert!(!job.item_ids.is_empty());
    let sidecar = library.sidecar(&job.item_ids[0]).unwrap().expect("a sidecar");
    assert_eq!(sidecar.request.kind(), job.kind);
    assert_eq!(sidecar.request, job.request);
    assert_eq!(sidecar.ext, "mp4");
    // Filed under the tool's own kind: its id, its file name and the gallery's kind say it.
    let item = library.get(&job.item_ids[0]).unwrap();
    assert_eq!(item.kind, studio::ItemKind::from(job.kind));
    assert_eq!(sidecar.kind, item.kind);
    assert!(item.id.starts_with(&format!("{}:", job.kind.as_str())), "{}", item.id);
    assert!(item.rel_path.contains(&format!("_{}_", job.kind.as_str())), "{}", item.rel_path);
    sidecar
}

/// The face speaking the first 2 s of a sound, from when it appears.
fn two_seconds_for(face: &kling_api::Face) -> FaceChoice {
    FaceChoice {
        face_id: face.face_id.clone(),
        audio_id: None,
        sound_file: None,
        sound_start_time: 0,
        sound_end_time: 2_000,
        sound_insert_time: face.start_time,
        sound_volume: None,
        original_audio_volume: None,
    }
}

/// A 1 s mp3 tone, as a voice.
fn tone_mp3() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tone-440hz-1s.mp3")
}

fn web_picture(name: &str) -> InputPicture {
    InputPicture::Url(format!("https://example.com/{name}.png"))
}

fn placeholder() -> ImageInput {
    ImageInput::Url("https://placeholder.invalid/x.png".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn omni_multi_image_effects_and_motion_control_file_their_videos() {
    let s = setup().await;
    let engine = s.engine();
    let omni = OmniVideoRequest {
        image_list: Some(vec![OmniImage::reference(placeholder())]),
        aspect_ratio: Some(kling_api::AspectRatio::R16x9),
        ..OmniVideoRequest::new("<<<image_1>>> walks on the beach")
    };
    let job = engine.enqueue(NewJob::OmniVideo { request: omni, images: vec![InputPicture::File(s.picture("omni.png"))] }).unwrap();
    assert!(job.request.image_refs()[0].starts_with("inputs/"));
    let sidecar = filed(&s.library, &finish(&engine, &job).await);
    assert_eq!(sidecar.request.prompt(), "<<<image_1>>> walks on the beach");
    let sent = s.posted("/omni-video");
    assert!(sent["image_list"][0]["image_url"].as_str().unwrap().len() > 100, "the picture went as base64: {}", &sent["image_list"][0]);

    let multi = MultiImageToVideoRequest::new(vec![placeholder(), placeholder()], "two friends meet");
    let job = engine.enqueue(NewJob::MultiImageToVideo { request: multi, images: vec![web_picture("a"), InputPicture::File(s.picture("b.png"))] }).unwrap();
    filed(&s.library, &finish(&engine, &job).await);
    let sent = s.posted("/multi-image2video");
    assert_eq!(sent["image_list"][0]["image"], "https://example.com/a.png");

    let effects = EffectsRequest::single("birthday_board", placeholder());
    let job = engine.enqueue(NewJob::Effects { request: effects, images: vec![web_picture("me")] }).unwrap();
    filed(&s.library, &finish(&engine, &job).await);
    assert_eq!(s.posted("/effects")["input"]["image"], "https://example.com/me.png");

    let motion = MotionControlRequest::new(placeholder(), "https://example.com/dance.mp4", CharacterOrientation::Image, Mode::Std);
    let job = engine.enqueue(NewJob::MotionControl { request: motion, image: web_picture("dancer") }).unwrap();
    filed(&s.library, &finish(&engine, &job).await);
    assert_eq!(s.posted("/motion-control")["image_url"], "https://example.com/dancer.png");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picture_from_the_library_becomes_the_parent_of_the_result() {
    let s = setup().await;
    let engine = s.engine();
    let still = engine.enqueue(NewJob::Image { request: kling_api::ImageRequest::new("a red door"), image: None }).unwrap();
    let still = finish(&engine, &still).await;
    let item = s.library.get(&still.item_ids[0]).unwrap();
    let path = s.library.absolute(&item.rel_path).unwrap();
    let effects = EffectsRequest::single("birthday_board", placeholder());
    let job = engine.enqueue(NewJob::Effects { request: effects, images: vec![InputPicture::File(path)] }).unwrap();
    let sidecar = filed(&s.library, &finish(&engine, &job).await);
    let made_from: Vec<(String, String)> = sidecar.made_from.iter().map(|p| (p.item_id.clone(), p.role.clone())).collect();
    assert_eq!(made_from, [(item.id.clone(), "input".to_string())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extend_lip_sync_and_sound_take_a_clip_kling_made() {
    let s = setup().await;
    let engine = s.engine();
    let (_, video_id) = s.made_clip(&engine).await;

    let job =
        engine.enqueue(NewJob::VideoExtend { request: VideoExtendRequest { prompt: Some("and walks away".into()), ..VideoExtendRequest::new(&video_id) } }).unwrap();
    let sidecar = filed(&s.library, &finish(&engine, &job).await);
    assert_eq!(sidecar.request.prompt(), "and walks away");
    assert_eq!(s.posted("/video-extend")["video_id"], video_id.as_str());

    let request = VideoToAudioRequest { bgm_prompt: Some("calm piano".into()), ..VideoToAudioRequest::by_id(&video_id) };
    let job = engine.enqueue(NewJob::VideoToAudio { request }).unwrap();
    let sidecar = filed(&s.library, &finish(&engine, &job).await);
    assert_eq!(sidecar.request.description(), "calm piano");
    assert_eq!(s.posted("/video-to-audio")["video_id"], video_id.as_str());

    let faces = client(&s.sim).identify_face(&IdentifyFaceRequest::by_id(&video_id)).await.unwrap();
    let face = faces.face_data.first().expect("a face");
    let choice = two_seconds_for(face);
    // A sound already in the library (put into its folder by hand): used as the voice, it is
    // recorded as the result's parent.
    let sound = s.library.root().join("voice.mp3");
    std::fs::copy(tone_mp3(), &sound).unwrap();
    s.library.rebuild().unwrap();
    let voice = s.library.item_at(&sound).expect("the sound is a library item");
    let job = engine.enqueue(NewJob::LipSync { request: LipSyncRequest::new(&faces.session_id, choice), sound_file: Some(InputPicture::File(sound.clone())) }).unwrap();
    let stored = job.request.sound_ref().unwrap().to_string();
    assert!(stored.starts_with("inputs/") && stored.ends_with(".mp3"), "{stored}");
    let sidecar = filed(&s.library, &finish(&engine, &job).await);
    assert_eq!(sidecar.made_from.iter().map(|p| (p.item_id.as_str(), p.role.as_str())).collect::<Vec<_>>(), [(voice.id.as_str(), "sound_file")]);
    let sent = s.posted("/advanced-lip-sync");
    use base64::Engine as _;
    assert_eq!(sent["face_choose"][0]["sound_file"], base64::engine::general_purpose::STANDARD.encode(std::fs::read(&sound).unwrap()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lip_sync_with_an_expired_session_fails_saying_what_to_do() {
    let s = setup().await;
    let engine = s.engine();
    let (_, video_id) = s.made_clip(&engine).await;
    let faces = client(&s.sim).identify_face(&IdentifyFaceRequest::by_id(&video_id)).await.unwrap();
    s.sim.update(|c| c.face_session_ttl = Duration::ZERO);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let face = &faces.face_data[0];
    let choice = FaceChoice { audio_id: Some("audio-1".into()), ..two_seconds_for(face) };
    let job = engine.enqueue(NewJob::LipSync { request: LipSyncRequest::new(&faces.session_id, choice), sound_file: None }).unwrap();
    let failed = finish(&engine, &job).await;
    assert_eq!(failed.state, JobState::Failed);
    let why = failed.last_error.unwrap();
    assert!(why.contains("identify the faces again"), "{why}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_tool_input_is_refused_at_enqueue_with_its_field() {
    let s = setup().await;
    let engine = s.engine();
    let multi = MultiImageToVideoRequest::new(vec![placeholder(), placeholder()], "two");
    let e = engine.enqueue(NewJob::MultiImageToVideo { request: multi, images: vec![web_picture("a")] }).unwrap_err();
    assert!(e.to_string().contains("2 picture field(s) but 1"), "{e}");
    let text = s.dir.path().join("voice.mp3");
    std::fs::write(&text, "not a sound").unwrap();
    let choice = FaceChoice {
        face_id: "0".into(),
        audio_id: None,
        sound_file: None,
        sound_start_time: 0,
        sound_end_time: 2_000,
        sound_insert_time: 0,
        sound_volume: None,
        original_audio_volume: None,
    };
    let e = engine.enqueue(NewJob::LipSync { request: LipSyncRequest::new("s-1", choice), sound_file: Some(InputPicture::File(text)) }).unwrap_err();
    assert!(e.to_string().contains("sound_file") && e.to_string().contains("not an mp3"), "{e}");
    let e = engine.enqueue(NewJob::VideoExtend { request: VideoExtendRequest::new("a b") }).unwrap_err();
    assert!(e.to_string().contains("video_id"), "{e}");
    assert!(engine.jobs(10).unwrap().is_empty(), "nothing stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_mid_task_loses_nothing_for_any_tool() {
    let s = setup().await;
    let config = || studio::EngineConfig { concurrency: 8, ..common::config() };
    let engine = s.engine_with(config());
    let (_, video_id) = s.made_clip(&engine).await;
    let faces = client(&s.sim).identify_face(&IdentifyFaceRequest::by_id(&video_id)).await.unwrap();
    let face = faces.face_data.first().expect("a face");
    let voice = s.dir.path().join("voice.mp3");
    std::fs::copy(tone_mp3(), &voice).unwrap();
    // Long enough for all seven to be at Kling at once (and room for them there).
    s.sim.update(|c| {
        c.timing.video_processing = Duration::from_millis(1500);
        c.concurrency.video = 10;
    });
    let omni = OmniVideoRequest { aspect_ratio: Some(kling_api::AspectRatio::R16x9), ..OmniVideoRequest::new("a slow sunrise") };
    let choice = two_seconds_for(face);
    // One job of each tool, library pictures and a sound file among the inputs (they are read
    // again from the library's copies after the restart).
    let jobs = [
        NewJob::OmniVideo { request: omni, images: Vec::new() },
        NewJob::MultiImageToVideo {
            request: MultiImageToVideoRequest::new(vec![placeholder(), placeholder()], "two friends meet"),
            images: vec![InputPicture::File(s.picture("a.png")), InputPicture::File(s.picture("b.png"))],
        },
        NewJob::VideoExtend { request: VideoExtendRequest::new(&video_id) },
        NewJob::LipSync { request: LipSyncRequest::new(&faces.session_id, choice), sound_file: Some(InputPicture::File(voice)) },
        NewJob::Effects { request: EffectsRequest::single("birthday_board", placeholder()), images: vec![InputPicture::File(s.picture("me.png"))] },
        NewJob::VideoToAudio { request: VideoToAudioRequest::by_id(&video_id) },
        NewJob::MotionControl {
            request: MotionControlRequest::new(placeholder(), "https://example.com/dance.mp4", CharacterOrientation::Image, Mode::Std),
            image: InputPicture::File(s.picture("dancer.png")),
        },
    ];
    let ids: Vec<String> = jobs.into_iter().map(|job| engine.enqueue(job).unwrap().id).collect();
    // Until every one is at Kling, then the engine dies.
    kill_once_at_kling(engine, &ids).await;
    let tasks_before = s.sim.task_count();
    let engine = s.engine_with(config());
    for id in &ids {
        let job = finish(&engine, &engine.job(id).unwrap()).await;
        // The video id went through the jobs table (poll, then download from the stored row).
        assert!(filed(&s.library, &job).video_id.is_some(), "{:?}", job.kind);
        let results = if job.kind == TaskKind::VideoToAudio { 2 } else { 1 };
        assert_eq!(job.item_ids.len(), results, "{:?}: the sound too", job.kind);
    }
    assert_eq!(s.sim.task_count(), tasks_before, "nothing sent twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_library_video_is_sent_by_its_kling_id_and_becomes_the_parent() {
    let s = setup().await;
    let engine = s.engine();
    let (clip, video_id) = s.made_clip(&engine).await;
    let item = &clip.item_ids[0];
    assert_eq!(s.library.kling_video_id(item).unwrap().as_deref(), Some(video_id.as_str()), "the sidecar keeps the id Kling gave");
    let parent = [studio::ParentInput { item_id: item.clone(), role: "video".into() }];

    let id = s.library.kling_video_id(item).unwrap().unwrap();
    let job = engine.enqueue_made_from(NewJob::VideoExtend { request: VideoExtendRequest::new(&id) }, &parent).unwrap();
    let sidecar = filed(&s.library, &finish(&engine, &job).await);
    assert_eq!(s.posted("/video-extend")["video_id"], video_id.as_str());
    assert_eq!(sidecar.made_from.iter().map(|p| (p.item_id.as_str(), p.role.as_str())).collect::<Vec<_>>(), [(item.as_str(), "video")]);
    assert!(sidecar.video_id.is_some_and(|own| own != video_id), "the extended clip has an id of its own");

    let job = engine.enqueue_made_from(NewJob::VideoToAudio { request: VideoToAudioRequest::by_id(&id) }, &parent).unwrap();
    let sidecar = filed(&s.library, &finish(&engine, &job).await);
    assert_eq!(s.posted("/video-to-audio")["video_id"], video_id.as_str());
    assert_eq!(sidecar.made_from[0].item_id, *item);
    // A picture has none.
    let still = finish(&engine, &engine.enqueue(NewJob::Image { request: kling_api::ImageRequest::new("a cup"), image: None }).unwrap()).await;
    assert_eq!(s.library.kling_video_id(&still.item_ids[0]).unwrap(), None);
}

#[test]
fn a_planted_video_id_is_dropped_from_a_sidecar() {
    let json = serde_json::json!({
        "version": 2, "kind": "text2video", "task_id": "t1", "index": 0, "model": "kling-v3", "prompt": "x",
        "request": {"kind": "text2video", "request": {"model_name": "kling-v3", "prompt": "x"}},
        "created_at": 1, "finished_at": 2, "ext": "mp4", "video_id": "../../etc/passwd"
    });
    let (sidecar, refused) = studio::Sidecar::parse_reporting(json.to_string().as_bytes()).unwrap();
    assert_eq!(sidecar.video_id, None);
    assert!(refused.iter().any(|r| r.contains("video_id")), "{refused:?}");
    let good = json.to_string().replace("../../etc/passwd", "vid_123-abc");
    assert_eq!(studio::Sidecar::parse(good.as_bytes()).unwrap().video_id.as_deref(), Some("vid_123-abc"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn video_to_audio_files_the_video_and_one_sound_with_its_wav_beside() {
    let s = setup().await;
    let engine = s.engine();
    let (_, video_id) = s.made_clip(&engine).await;
    let before = s.library.count().unwrap();
    let request = VideoToAudioRequest { sound_effect_prompt: Some("rain on a roof".into()), ..VideoToAudioRequest::by_id(&video_id) };
    let job = finish(&engine, &engine.enqueue(NewJob::VideoToAudio { request }).unwrap()).await;
    filed(&s.library, &job);
    assert_eq!(job.item_ids.len(), 2, "the video and its sound: {:?}", job.item_ids);
    let sound = s.library.get(&job.item_ids[1]).unwrap();
    assert_eq!(sound.media, studio::library::MediaType::Audio);
    assert!(sound.rel_path.ends_with(".mp3"), "{}", sound.rel_path);
    assert!(sound.duration_ms.is_some_and(|ms| ms > 0));
    let sidecar = s.library.sidecar(&sound.id).unwrap().unwrap();
    assert!(sidecar.wav_copy && sidecar.ext == "mp3");
    assert_eq!(sidecar.request, job.request, "the sound's sidecar holds the request too");
    let mp3 = std::fs::read(s.library.absolute(&sound.rel_path).unwrap()).unwrap();
    assert_eq!(studio::engine::verify::sniff(&mp3), Some(studio::engine::verify::Sniffed::Mp3));
    let wav_rel = studio::library::wav_copy_rel_path(&sound.rel_path);
    let wav = std::fs::read(s.library.absolute(&wav_rel).unwrap()).unwrap();
    assert_eq!(studio::engine::verify::sniff(&wav), Some(studio::engine::verify::Sniffed::Wav));
    assert_eq!(s.library.count().unwrap(), before + 2);
    // The wav belongs to its sound: a rebuild from the folder does not make it an item.
    s.library.rebuild().unwrap();
    assert_eq!(s.library.count().unwrap(), before + 2);
    assert!(s.library.item_at(&s.library.absolute(&wav_rel).unwrap()).is_none());
    // The clip with its sound and the sound alone know each other, after the rebuild too.
    let ids = |items: Vec<Item>| items.into_iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(ids(s.library.same_task(&job.item_ids[0]).unwrap()), [job.item_ids[1].clone()]);
    assert_eq!(ids(s.library.same_task(&job.item_ids[1]).unwrap()), [job.item_ids[0].clone()]);
    // A result alone in its task has none; another task's results are not its.
    let (clip, _) = s.made_clip(&engine).await;
    assert!(s.library.same_task(&clip.item_ids[0]).unwrap().is_empty());
}
