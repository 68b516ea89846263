//! `kling effect SCENE --image a.png [--image b.png]`, and `kling effect --list`: the catalogue's
//! scenes (`kling_api::catalogue::effects`), each with its picture count and lengths.

use super::super::generate::{check_out, run};
use super::super::{Globals, Session};
use super::pictures;
use crate::cli::EffectArgs;
use crate::errors::CliError;
use kling_api::catalogue::{self, Effect};
use kling_api::EffectsRequest;
use serde::Serialize;
use studio::NewJob;

pub fn effect_job(args: &EffectArgs) -> Result<NewJob, CliError> {
    let scene = args.scene.as_deref().unwrap_or_default();
    // Only the scenes the catalogue lists: a typo would otherwise be paid for at Kling.
    let Some(effect) = catalogue::effect(scene) else {
        return Err(CliError::Usage(format!("no effect is called {scene:?}; `kling effect --list` lists them")));
    };
    if args.images.len() != usize::from(effect.pictures) {
        let wanted = if effect.pictures == 1 { "one picture (one --image)".to_string() } else { "two pictures (--image left --image right)".to_string() };
        return Err(CliError::Usage(format!("--image: {scene} takes {wanted}, got {}", args.images.len())));
    }
    let (mut inputs, images) = pictures(&args.images, "input")?;
    let mut request = match inputs.len() {
        1 => EffectsRequest::single(scene, inputs.remove(0)),
        _ => {
            let right = inputs.remove(1);
            EffectsRequest::dual(scene, inputs.remove(0), right)
        }
    };
    request.input.duration = args.duration;
    request.validate()?;
    Ok(NewJob::Effects { request, images })
}

pub async fn effect(globals: &Globals, args: &EffectArgs) -> Result<(), CliError> {
    if args.list {
        print_list(globals.json);
        return Ok(());
    }
    let job = effect_job(args)?;
    check_out(&args.wait)?;
    run(&Session::open(globals).await?, job, &args.wait).await
}

#[derive(Serialize)]
struct EffectView {
    scene: &'static str,
    pictures: u8,
    /// Whole seconds.
    durations: Vec<u32>,
}

fn view(effect: &'static Effect) -> EffectView {
    EffectView { scene: &effect.scene, pictures: effect.pictures, durations: effect.durations.iter().map(|d| d.seconds()).collect() }
}

fn print_list(json: bool) {
    let effects: Vec<EffectView> = catalogue::effects().iter().map(view).collect();
    if json {
        println!("{}", serde_json::json!({ "effects": effects }));
        return;
    }
    for e in &effects {
        let pictures = if e.pictures == 1 { "1 picture " } else { "2 pictures" };
        let seconds = e.durations.iter().map(u32::to_string).collect::<Vec<_>>().join(" or ");
        println!("{:<28} {pictures}  {seconds} s", e.scene);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{parse_from, Command};

    fn job(args: &[&str]) -> Result<NewJob, String> {
        match parse_from(std::iter::once("kling").chain(["effect"]).chain(args.iter().copied())).map_err(|e| e.to_string())?.command {
            Command::Effect(args) => effect_job(&args).map_err(|e| e.message()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn scenes_come_from_the_catalogue_with_their_picture_counts() {
        let one = catalogue::effects().iter().find(|e| e.pictures == 1).unwrap();
        let two = catalogue::effects().iter().find(|e| e.pictures == 2).unwrap();
        let url = "https://example.com/a.png";
        let NewJob::Effects { request, images } = job(&[&one.scene, "--image", url]).unwrap() else { panic!() };
        assert_eq!((request.effect_scene.as_str(), images.len(), request.input.image.is_some()), (one.scene.as_str(), 1, true));
        let NewJob::Effects { request, .. } = job(&[&two.scene, "--image", url, "--image", "https://example.com/b.png"]).unwrap() else { panic!() };
        assert_eq!(request.input.images.as_ref().map(Vec::len), Some(2));
        let unknown = job(&["no_such_scene", "--image", url]).unwrap_err();
        assert!(unknown.contains("\"no_such_scene\"") && unknown.contains("kling effect --list"), "{unknown}");
        let too_many = job(&[&one.scene, "--image", url, "--image", url]).unwrap_err();
        assert!(too_many.contains(&format!("--image: {} takes one picture", one.scene)) && too_many.contains("got 2"), "{too_many}");
        let too_few = job(&[&two.scene, "--image", url]).unwrap_err();
        assert!(too_few.contains("takes two pictures") && too_few.contains("got 1"), "{too_few}");
    }

    #[test]
    fn the_list_shows_every_scene() {
        let views: Vec<EffectView> = catalogue::effects().iter().map(view).collect();
        assert_eq!(views.len(), catalogue::effects().len());
        assert!(views.iter().any(|v| v.pictures == 2) && views.iter().all(|v| !v.durations.is_empty()));
    }
}
