//! The job mix: each kind in turn, prompts that name the job (so a mixed-up task shows), one or
//! two pictures per image job, stills for the kinds that take pictures (animate, Omni, multi-image,
//! motion control), an added sound (a clip and its sound: two files), and now and then a job meant
//! to fail at Kling. Effects and lip-sync send no prompt (a task is told from another by its
//! prompt here) and extend needs a clip the emulator made earlier: they are not in the mix.

use super::plan::{SoakPlan, FAILING_WORD};
use super::SoakError;
use kling_api::{
    AspectRatio, CharacterOrientation, ImageExpandRequest, ImageInput, ImageRequest, ImageToVideoRequest, Mode, MotionControlRequest, MultiImageToImageRequest,
    MultiImageToVideoRequest, OmniImage, OmniImageInput, OmniImageRequest, OmniVideoRequest, ResultType, SeriesAmount, TaskKind, TextToAudioRequest, TextToVideoRequest,
    VideoToAudioRequest, VirtualTryOnRequest,
};
use std::path::{Path, PathBuf};
use studio::{InputPicture, NewJob};

pub const KINDS: [TaskKind; 12] = [
    TaskKind::Image,
    TaskKind::TextToVideo,
    TaskKind::ImageToVideo,
    TaskKind::OmniVideo,
    TaskKind::MultiImageToVideo,
    TaskKind::VideoToAudio,
    TaskKind::MotionControl,
    TaskKind::TextToAudio,
    TaskKind::ImageExpand,
    TaskKind::MultiImageToImage,
    TaskKind::VirtualTryOn,
    TaskKind::OmniImage,
];

#[derive(Clone, Debug)]
pub struct PlannedJob {
    pub kind: TaskKind,
    pub prompt: String,
    /// Files a finished job leaves in the library.
    pub files: usize,
    /// Meant to end failed (the emulator fails its task).
    pub doomed: bool,
    new_job: NewJob,
}

impl PlannedJob {
    pub fn new_job(&self) -> NewJob {
        self.new_job.clone()
    }
}

/// Stills for the animate jobs, in shapes the API accepts (each side ≥ 300 px).
pub fn write_stills(dir: &Path) -> Result<Vec<PathBuf>, SoakError> {
    [(640, 480, [200, 80, 40]), (480, 640, [40, 160, 90]), (600, 600, [30, 60, 200])]
        .into_iter()
        .enumerate()
        .map(|(i, (w, h, rgb))| {
            let path = dir.join(format!("still-{i}.png"));
            image::RgbImage::from_pixel(w, h, image::Rgb(rgb)).save(&path).map_err(|e| SoakError::Setup(format!("cannot write {}: {e}", path.display())))?;
            Ok(path)
        })
        .collect()
}

/// A clip the tools that take one by link are given.
const MOTION_CLIP: &str = "https://example.com/soak/dance.mp4";

/// Pictures travel beside the request; the URL inside it is only a placeholder.
fn placeholder() -> ImageInput {
    ImageInput::Url("https://placeholder.invalid/still.png".into())
}

pub fn plan_jobs(plan: &SoakPlan, stills: &[PathBuf]) -> Vec<PlannedJob> {
    let mut rng = fastrand::Rng::with_seed(plan.seed);
    let still = |rng: &mut fastrand::Rng| stills[rng.usize(..stills.len())].clone();
    (0..plan.jobs)
        .map(|i| {
            let kind = KINDS[i % KINDS.len()];
            // One job in each block of `doomed_every` is doomed, of a different kind each block.
            let doomed = plan.doomed_every >= KINDS.len() && i % plan.doomed_every == plan.doomed_every - 1 - (i / plan.doomed_every) % KINDS.len();
            let word = if doomed { FAILING_WORD } else { "calm" };
            let prompt = format!("soak job {i}: a {word} {} at dusk", ["harbour", "forest", "city", "desert"][rng.usize(..4)]);
            let (new_job, files) = match kind {
                TaskKind::Image => {
                    let mut request = ImageRequest::new(prompt.clone());
                    let n = rng.u8(1..=2);
                    request.n = Some(n);
                    (NewJob::Image { request, image: None }, n as usize)
                }
                TaskKind::TextToVideo => (NewJob::TextToVideo { request: TextToVideoRequest::new(prompt.clone()) }, 1),
                TaskKind::ImageToVideo => {
                    let mut request = ImageToVideoRequest::new(placeholder());
                    request.prompt = Some(prompt.clone());
                    (NewJob::ImageToVideo { request, image: Some(InputPicture::File(still(&mut rng))), image_tail: None }, 1)
                }
                TaskKind::OmniVideo => {
                    let request = OmniVideoRequest {
                        image_list: Some(vec![OmniImage::reference(placeholder())]),
                        aspect_ratio: Some(AspectRatio::R16x9),
                        ..OmniVideoRequest::new(prompt.clone())
                    };
                    (NewJob::OmniVideo { request, images: vec![InputPicture::File(still(&mut rng))] }, 1)
                }
                TaskKind::MultiImageToVideo => {
                    let request = MultiImageToVideoRequest::new(vec![placeholder(), placeholder()], prompt.clone());
                    (NewJob::MultiImageToVideo { request, images: vec![InputPicture::File(still(&mut rng)), InputPicture::File(still(&mut rng))] }, 1)
                }
                // The clip by a public link (the emulator does not fetch it); the result is the clip
                // with its sound and the sound alone.
                TaskKind::VideoToAudio => {
                    let request = VideoToAudioRequest { sound_effect_prompt: Some(prompt.clone()), ..VideoToAudioRequest::by_url(MOTION_CLIP) };
                    (NewJob::VideoToAudio { request }, 2)
                }
                TaskKind::MotionControl => {
                    let request = MotionControlRequest {
                        prompt: Some(prompt.clone()),
                        ..MotionControlRequest::new(placeholder(), MOTION_CLIP, CharacterOrientation::Image, Mode::Std)
                    };
                    (NewJob::MotionControl { request, image: InputPicture::File(still(&mut rng)) }, 1)
                }
                // A sound from words: one audio item (its wav is not counted, it is the mp3's copy).
                TaskKind::TextToAudio => (NewJob::TextToAudio { request: TextToAudioRequest::new(prompt.clone(), 3.0) }, 1),
                // A still grown on one edge: one picture.
                TaskKind::ImageExpand => {
                    let request = ImageExpandRequest { prompt: Some(prompt.clone()), ..ImageExpandRequest::new(placeholder(), [0.0, 0.0, 0.0, 0.5]) };
                    (NewJob::ImageExpand { request, image: InputPicture::File(still(&mut rng)) }, 1)
                }
                // Two stills composed into one picture.
                TaskKind::MultiImageToImage => {
                    let request = MultiImageToImageRequest { prompt: Some(prompt.clone()), ..MultiImageToImageRequest::new(Vec::new()) };
                    let subjects = vec![InputPicture::File(still(&mut rng)), InputPicture::File(still(&mut rng))];
                    (NewJob::MultiImageToImage { request, subjects, scene: None, style: None }, 1)
                }
                // A try-on has no prompt: a doomed one names the failing word in its garment's link.
                TaskKind::VirtualTryOn => {
                    let request = VirtualTryOnRequest::new(placeholder(), placeholder());
                    let garment = InputPicture::Url(format!("https://example.com/soak/{word}-coat-{i}.png"));
                    (NewJob::VirtualTryOn { request, person: InputPicture::File(still(&mut rng)), garment }, 1)
                }
                // A series of two from a still (kling-v3-omni): two pictures of one task.
                TaskKind::OmniImage => {
                    let request = OmniImageRequest {
                        model_name: "kling-v3-omni".into(),
                        image_list: vec![OmniImageInput { image: placeholder() }],
                        result_type: Some(ResultType::Series),
                        series_amount: Some(SeriesAmount::Count(2)),
                        ..OmniImageRequest::new(prompt.clone())
                    };
                    (NewJob::OmniImage { request, images: vec![InputPicture::File(still(&mut rng))] }, 2)
                }
                other => unreachable!("the soak plans only {KINDS:?}, not {other}"),
            };
            PlannedJob { kind, prompt, files: if doomed { 0 } else { files }, doomed, new_job }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_plans_doom_a_job_of_every_kind_and_finish_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let stills = write_stills(dir.path()).unwrap();
        for plan in [SoakPlan::short(42), SoakPlan::long(300, 1.0, 42)] {
            let jobs = plan_jobs(&plan, &stills);
            for kind in KINDS {
                let of_kind: Vec<_> = jobs.iter().filter(|j| j.kind == kind).collect();
                assert!(of_kind.iter().any(|j| j.doomed), "no doomed {kind} job in a plan of {}", plan.jobs);
                assert!(of_kind.iter().any(|j| !j.doomed && j.files > 0), "no {kind} job meant to finish");
                assert!(of_kind.iter().all(|j| j.new_job().kind() == kind));
            }
            // Prompts tell the tasks apart.
            let prompts: std::collections::HashSet<_> = jobs.iter().map(|j| j.prompt.as_str()).collect();
            assert_eq!(prompts.len(), jobs.len());
        }
    }
}
