//! The job mix: the three kinds in turn, prompts that name the job (so a mixed-up task shows),
//! one or two pictures per image job, a moving picture from one of a few stills per animate job,
//! and now and then a job meant to fail at Kling.

use super::plan::{SoakPlan, FAILING_WORD};
use super::SoakError;
use kling_api::{ImageInput, ImageRequest, ImageToVideoRequest, TaskKind, TextToVideoRequest};
use std::path::{Path, PathBuf};
use studio::{InputPicture, NewJob};

pub const KINDS: [TaskKind; 3] = [TaskKind::Image, TaskKind::TextToVideo, TaskKind::ImageToVideo];

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

pub fn plan_jobs(plan: &SoakPlan, stills: &[PathBuf]) -> Vec<PlannedJob> {
    let mut rng = fastrand::Rng::with_seed(plan.seed);
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
                    // The picture travels beside the request; the URL is only a placeholder.
                    let mut request = ImageToVideoRequest::new(ImageInput::Url("https://placeholder.invalid/still.png".into()));
                    request.prompt = Some(prompt.clone());
                    let still = stills[rng.usize(..stills.len())].clone();
                    (NewJob::ImageToVideo { request, image: Some(InputPicture::File(still)), image_tail: None }, 1)
                }
                other => unreachable!("the soak plans only {KINDS:?}, not {other}"),
            };
            PlannedJob { kind, prompt, files: if doomed { 0 } else { files }, doomed, new_job }
        })
        .collect()
}
