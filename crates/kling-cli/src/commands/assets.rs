//! `kling elements list|create|delete` and `kling voices list|create|delete`: the account's
//! elements and voices and Kling's presets, kept in the library (`elements/`, `voices/`) by the
//! core's `assets` module, as the app keeps them.

use super::{Globals, Session};
use crate::cli::{ElementCreateArgs, ElementsAction, VoiceCreateArgs, VoicesAction};
use crate::errors::CliError;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use studio::assets::{self, AssetKindName, AssetStore, ElementSpec, Pending, StoredElement, StoredVoice, VoiceSpec};

/// How long a create is waited for before the command returns (the task goes on at Kling).
const MOST_WAIT: Duration = Duration::from_secs(15 * 60);
const FIRST_POLL: Duration = Duration::from_secs(2);

/// What the API's fields are called on the command line.
const NAMES: &[(&str, &str)] = &[
    ("element_name", "NAME"),
    ("element_description", "--description"),
    ("frontal_image", "--image"),
    ("refer_images", "--image"),
    ("element_image_list", "--image"),
    ("element_video_list", "--clip"),
    ("refer_videos", "--clip"),
    ("tag_list", "--tag"),
    ("element_voice_id", "--voice"),
    ("voice_name", "NAME"),
    ("voice_url", "--url"),
    ("video_id", "--video"),
];

fn renamed(e: kling_api::ValidationError) -> CliError {
    match NAMES.iter().find(|(field, _)| *field == e.field) {
        Some((_, flag)) => CliError::Usage(format!("{flag}: {}", e.message)),
        None => CliError::Usage(format!("{}: {}", e.field, e.message)),
    }
}

fn element_spec(args: &ElementCreateArgs) -> ElementSpec {
    ElementSpec {
        name: args.name.clone(),
        description: args.description.clone(),
        pictures: args.images.clone(),
        clip_url: args.clip.clone(),
        tags: args.tags.clone(),
        voice_id: args.voice.clone(),
    }
}

pub async fn elements(globals: &Globals, action: ElementsAction) -> Result<(), CliError> {
    match action {
        ElementsAction::List { own } => {
            let (session, store) = open(globals).await?;
            let summary = assets::sync(&session.client, &store).await?;
            let elements: Vec<StoredElement> = store.elements().into_iter().filter(|e| !(own && e.preset)).collect();
            if session.json {
                let listed: Vec<Value> = elements.iter().map(|e| element_json(&store, e)).collect();
                println!("{}", json!({ "elements": listed, "pending": pending_json(&store, AssetKindName::Element), "warnings": summary.warnings }));
            } else {
                print!("{}", elements_text(&elements));
                pending_text(&store, AssetKindName::Element);
            }
            Ok(())
        }
        ElementsAction::Create(args) => {
            let spec = element_spec(&args);
            // Checked (pictures read) before the keys or the library are touched.
            assets::element_request(&spec).map_err(renamed)?;
            let (session, store) = open(globals).await?;
            let pending = assets::create_element(&session.client, &store, &spec).await?;
            let made = wait(&session, &store, &pending, args.no_wait).await?;
            let element = made.and_then(|ids| ids.into_iter().find_map(|id| store.element(&id)));
            report(&session, &pending, element.map(|e| element_json(&store, &e)))
        }
        ElementsAction::Delete { id } => delete(globals, AssetKindName::Element, &id).await,
    }
}

pub async fn voices(globals: &Globals, action: VoicesAction) -> Result<(), CliError> {
    match action {
        VoicesAction::List { own } => {
            let (session, store) = open(globals).await?;
            let summary = assets::sync(&session.client, &store).await?;
            let voices: Vec<StoredVoice> = store.voices().into_iter().filter(|v| !(own && v.preset)).collect();
            if session.json {
                let listed: Vec<Value> = voices.iter().map(|v| voice_json(&store, v)).collect();
                println!("{}", json!({ "voices": listed, "pending": pending_json(&store, AssetKindName::Voice), "warnings": summary.warnings }));
            } else {
                print!("{}", voices_text(&voices));
                pending_text(&store, AssetKindName::Voice);
            }
            Ok(())
        }
        VoicesAction::Create(args) => {
            let spec = voice_spec(&args);
            assets::voice_request(&spec).map_err(renamed)?;
            let (session, store) = open(globals).await?;
            let pending = assets::create_voice(&session.client, &store, &spec).await?;
            let made = wait(&session, &store, &pending, args.no_wait).await?;
            let voice = made.and_then(|ids| ids.into_iter().find_map(|id| store.voice(&id)));
            report(&session, &pending, voice.map(|v| voice_json(&store, &v)))
        }
        VoicesAction::Delete { id } => delete(globals, AssetKindName::Voice, &id).await,
    }
}

fn voice_spec(args: &VoiceCreateArgs) -> VoiceSpec {
    VoiceSpec { name: args.name.clone(), url: args.url.clone(), video_id: args.video.clone() }
}

async fn open(globals: &Globals) -> Result<(Session, AssetStore), CliError> {
    let session = Session::open(globals).await?;
    let store = AssetStore::new(session.library_root());
    Ok((session, store))
}

/// Syncs until the create ends (or the wait is over): the ids it made, None when still making.
async fn wait(session: &Session, store: &AssetStore, pending: &Pending, no_wait: bool) -> Result<Option<Vec<String>>, CliError> {
    if no_wait {
        return Ok(None);
    }
    let started = Instant::now();
    let mut pause = session.poll_interval_ms.map(Duration::from_millis).unwrap_or(FIRST_POLL);
    let before: Vec<String> = ids(store, pending.kind);
    loop {
        tokio::time::sleep(pause).await;
        assets::sync(&session.client, store).await?;
        match store.pending().into_iter().find(|p| p.task_id == pending.task_id && p.kind == pending.kind) {
            None => return Ok(Some(ids(store, pending.kind).into_iter().filter(|id| !before.contains(id)).collect())),
            Some(Pending { failure: Some(reason), .. }) => {
                // Shown once: the record is dropped so later lists do not repeat it.
                store.update_pending(&pending.task_id, pending.kind, None)?;
                return Err(CliError::JobFailed {
                    kind: noun(pending.kind),
                    code: kling_api::ErrorCode::TaskFailed,
                    detail: reason,
                    task_id: Some(pending.task_id.clone()),
                });
            }
            Some(_) if started.elapsed() > MOST_WAIT => return Ok(None),
            Some(_) => pause = (pause * 3 / 2).min(Duration::from_secs(15)),
        }
    }
}

fn ids(store: &AssetStore, kind: AssetKindName) -> Vec<String> {
    match kind {
        AssetKindName::Element => store.elements().into_iter().filter(|e| !e.preset).map(|e| e.element_id).collect(),
        AssetKindName::Voice => store.voices().into_iter().filter(|v| !v.preset).map(|v| v.voice_id).collect(),
    }
}

fn noun(kind: AssetKindName) -> &'static str {
    match kind {
        AssetKindName::Element => "element",
        AssetKindName::Voice => "voice",
    }
}

fn report(session: &Session, pending: &Pending, made: Option<Value>) -> Result<(), CliError> {
    let what = noun(pending.kind);
    if session.json {
        println!("{}", json!({ "task_id": pending.task_id, "made": made.is_some(), what: made }));
        return Ok(());
    }
    match made {
        Some(made) => {
            let id = made.get("element_id").or_else(|| made.get("voice_id")).and_then(Value::as_str).unwrap_or_default();
            println!("{what} {:?} made: {id}", pending.name);
        }
        None => println!("{what} {:?} is being made (task {}); `kling {what}s list` files it once made", pending.name, pending.task_id),
    }
    Ok(())
}

async fn delete(globals: &Globals, kind: AssetKindName, id: &str) -> Result<(), CliError> {
    let (session, store) = open(globals).await?;
    let known = match kind {
        AssetKindName::Element => store.element(id).is_some(),
        AssetKindName::Voice => store.voice(id).is_some(),
    };
    if !known {
        assets::sync(&session.client, &store).await?;
    }
    assets::delete(&session.client, &store, kind, id).await?;
    if session.json {
        println!("{}", json!({ "deleted": id, "kind": noun(kind) }));
    } else {
        println!("{} {id} deleted from the account (the library keeps it, marked deleted)", noun(kind));
    }
    Ok(())
}

fn element_json(store: &AssetStore, e: &StoredElement) -> Value {
    let pictures: Vec<String> = e.pictures.iter().filter_map(|p| store.picture_path(&e.element_id, p)).map(|p| p.display().to_string()).collect();
    let tags: Vec<&str> = e.tags.iter().filter_map(|t| kling_api::ELEMENT_TAG_NAMES.iter().find(|(id, _)| id == t).map(|(_, name)| *name)).collect();
    json!({
        "element_id": e.element_id, "name": e.name, "description": e.description, "from_clip": e.from_clip, "tags": tags,
        "voice_id": e.voice_id, "voice_name": e.voice_name, "preset": e.preset, "deleted": e.deleted, "pictures": pictures,
    })
}

fn voice_json(store: &AssetStore, v: &StoredVoice) -> Value {
    let trial = v.trial.as_ref().and_then(|_| store.trial_path(&v.voice_id)).map(|p| p.display().to_string());
    json!({ "voice_id": v.voice_id, "name": v.name, "preset": v.preset, "deleted": v.deleted, "trial": trial })
}

fn owner(preset: bool, deleted: bool) -> &'static str {
    match (preset, deleted) {
        (true, _) => "Kling",
        (false, true) => "deleted",
        (false, false) => "yours",
    }
}

fn elements_text(elements: &[StoredElement]) -> String {
    if elements.is_empty() {
        return "no elements yet: make one with `kling elements create NAME --description TEXT --image FRONT --image MORE`\n".into();
    }
    let mut text = format!("{:<20}  {:<20}  {:<8}  {:<18}  VOICE\n", "ID", "NAME", "OWNER", "TAGS");
    for e in elements {
        let tags: Vec<&str> = e.tags.iter().filter_map(|t| kling_api::ELEMENT_TAG_NAMES.iter().find(|(id, _)| id == t).map(|(_, n)| *n)).collect();
        text += &format!("{:<20}  {:<20}  {:<8}  {:<18}  {}\n", e.element_id, e.name, owner(e.preset, e.deleted), tags.join(","), e.voice_name.as_deref().unwrap_or("-"));
    }
    text
}

fn voices_text(voices: &[StoredVoice]) -> String {
    if voices.is_empty() {
        return "no voices yet: make one with `kling voices create NAME --url RECORDING`\n".into();
    }
    let mut text = format!("{:<24}  {:<20}  {:<8}  TRIAL\n", "ID", "NAME", "OWNER");
    for v in voices {
        text += &format!("{:<24}  {:<20}  {:<8}  {}\n", v.voice_id, v.name, owner(v.preset, v.deleted), if v.trial.is_some() { "yes" } else { "-" });
    }
    text
}

fn pending_json(store: &AssetStore, kind: AssetKindName) -> Value {
    json!(store.pending().into_iter().filter(|p| p.kind == kind).map(|p| json!({ "task_id": p.task_id, "name": p.name, "failure": p.failure })).collect::<Vec<_>>())
}

fn pending_text(store: &AssetStore, kind: AssetKindName) {
    for p in store.pending().into_iter().filter(|p| p.kind == kind) {
        match &p.failure {
            None => println!("being made: {} (task {})", p.name, p.task_id),
            Some(reason) => println!("failed: {} (task {}): {reason}", p.name, p.task_id),
        }
    }
}
