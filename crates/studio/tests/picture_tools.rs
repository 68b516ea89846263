//! Compose (multi-image to image) and virtual try-on through the engine against the emulator:
//! library pictures go in by their files and become the result's parents in their roles, files
//! from outside are copied in, the pictures fill the request's fields in order, and a restart
//! while Kling works loses nothing.

use kling_api::{AspectRatio, ImageRequest, MultiImageToImageRequest, TaskKind, TryOnModel, VirtualTryOnRequest};
use std::path::PathBuf;
use std::time::Duration;
use studio::{Engine, InputPicture, Job, JobState, NewJob};

mod common;

use common::{finish, kill_once_at_kling, setup, Setup};

impl Setup {
    /// A picture outside the library.
    fn outside_picture(&self, name: &str, (w, h): (u32, u32)) -> PathBuf {
        let path = self.dir.path().join(name);
        image::RgbImage::from_pixel(w, h, image::Rgb([200, 120, 10])).save(&path).unwrap();
        path
    }

    /// A picture Kling made, in the library: its item id and its file.
    async fn library_picture(&self, engine: &Engine, prompt: &str) -> (String, PathBuf) {
        let job = finish(engine, &engine.enqueue(NewJob::Image { request: ImageRequest::new(prompt), image: None }).unwrap()).await;
        let item = self.library.get(&job.item_ids[0]).unwrap();
        (item.id.clone(), self.library.absolute(&item.rel_path).unwrap())
    }
}

/// The job's results are pictures of its own kind, each sidecar holding the request; answers the
/// parents of the first as (item id, role).
#[track_caller]
fn filed_pictures(s: &Setup, job: &Job, count: usize) -> Vec<(String, String)> {
    assert_eq!(job.state, JobState::Done, "{:?}", job.last_error);
    assert_eq!(job.item_ids.len(), count);
    for id in &job.item_ids {
        let item = s.library.get(id).unwrap();
        assert_eq!((item.kind, item.media), (studio::ItemKind::from(job.kind), studio::library::MediaType::Image));
        assert!(item.rel_path.contains(&format!("_{}_", job.kind.as_str())) && item.rel_path.ends_with(".png"), "{}", item.rel_path);
        assert_eq!(s.library.sidecar(id).unwrap().unwrap().request, job.request);
    }
    let parents = s.library.made_from(&job.item_ids[0]).unwrap();
    assert!(parents.iter().all(|p| matches!(p, studio::Parent::Present { .. })), "{parents:?}");
    s.library.sidecar(&job.item_ids[0]).unwrap().unwrap().made_from.into_iter().map(|p| (p.item_id, p.role)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compose_sends_the_subjects_then_the_scene_and_links_the_library_ones() {
    let s = setup().await;
    let engine = s.engine();
    let (fox, fox_file) = s.library_picture(&engine, "a fox").await;
    let (owl, owl_file) = s.library_picture(&engine, "an owl").await;
    let request = MultiImageToImageRequest {
        prompt: Some("the two at a picnic".into()),
        n: Some(2),
        aspect_ratio: Some(AspectRatio::R1x1),
        ..MultiImageToImageRequest::new(Vec::new())
    };
    let job = engine
        .enqueue(NewJob::MultiImageToImage {
            request,
            subjects: vec![InputPicture::File(fox_file), InputPicture::File(owl_file)],
            scene: Some(InputPicture::File(s.outside_picture("park.png", (800, 450)))),
            style: None,
        })
        .unwrap();
    assert_eq!((job.kind, job.slots()), (TaskKind::MultiImageToImage, 2), "a slot a picture");
    let parents = filed_pictures(&s, &finish(&engine, &job).await, 2);
    assert_eq!(parents, [(fox, "subject_image_list".to_string()), (owl, "subject_image_list".to_string())], "the scene came from outside the library");
    let body = s.posted("/multi-image2image");
    assert_eq!(body["subject_image_list"].as_array().unwrap().len(), 2);
    assert!(body["subject_image_list"][1]["subject_image"].as_str().is_some_and(|b| b.len() > 100), "sent inline");
    assert!(body["scene_image"].as_str().is_some() && body.get("style_image").is_none(), "{body}");
    assert_eq!((body["prompt"].as_str(), body["aspect_ratio"].as_str(), body["n"].as_u64()), (Some("the two at a picnic"), Some("1:1"), Some(2)));

    // Refused before anything is stored or sent: five subjects, or none.
    let tasks = s.sim.task_count();
    let many = (0..5).map(|i| InputPicture::File(s.outside_picture(&format!("{i}.png"), (400, 400)))).collect();
    let err = engine.enqueue(NewJob::MultiImageToImage { request: MultiImageToImageRequest::new(Vec::new()), subjects: many, scene: None, style: None }).unwrap_err();
    assert!(err.to_string().contains("1 to 4 subject pictures (got 5)"), "{err}");
    assert!(engine.enqueue(NewJob::MultiImageToImage { request: MultiImageToImageRequest::new(Vec::new()), subjects: vec![], scene: None, style: None }).is_err());
    assert_eq!(s.sim.task_count(), tasks);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn try_on_sends_the_person_and_the_garment_and_survives_a_restart() {
    let s = setup().await;
    let engine = s.engine();
    let (person, person_file) = s.library_picture(&engine, "a person standing").await;
    s.sim.update(|c| c.timing.image_processing = Duration::from_millis(1500));
    let request = VirtualTryOnRequest {
        model_name: TryOnModel::V1_5,
        ..VirtualTryOnRequest::new(kling_api::ImageInput::Base64(String::new()), kling_api::ImageInput::Base64(String::new()))
    };
    let garment = InputPicture::File(s.outside_picture("coat.png", (600, 800)));
    let job = engine.enqueue(NewJob::VirtualTryOn { request, person: InputPicture::File(person_file), garment }).unwrap();
    kill_once_at_kling(engine, std::slice::from_ref(&job.id)).await;
    let tasks = s.sim.task_count();
    let engine = s.engine();
    let done = finish(&engine, &engine.job(&job.id).unwrap()).await;
    assert_eq!(s.sim.task_count(), tasks, "nothing sent twice");
    assert_eq!(filed_pictures(&s, &done, 1), [(person, "human_image".to_string())]);
    let body = s.posted("/kolors-virtual-try-on");
    assert_eq!(body["model_name"], "kolors-virtual-try-on-v1-5");
    assert!(body["human_image"].as_str().is_some_and(|b| b.len() > 100) && body["cloth_image"].as_str().is_some_and(|b| b.len() > 100));
    assert_eq!(done.request.estimate().map(|e| (e.units, e.pack)), Some((None, kling_api::pricing::Pack::TryOn)), "unpriced, on the try-on pack");
}
