//! `kling lipsync CLIP --audio voice.mp3 [--face N]`: the faces of the clip are identified first
//! (a synchronous call), one is chosen, and it speaks the voice. Times default to the face's
//! time on screen; every time is checked against the face and the clip before anything is queued.

use super::super::Globals;
use super::clip::{Clip, Sent, Takes};
use super::{queue, renamed, with_clip, CLIP_NAMES};
use crate::cli::LipSyncArgs;
use crate::errors::CliError;
use kling_api::{Face, FaceChoice, IdentifiedFaces, IdentifyFaceRequest, LipSyncFacts, LipSyncRequest, MAX_LIP_SYNC_AUDIO_MS};
use std::path::Path;
use studio::{InputPicture, NewJob};

/// The voice as the request carries it while it is checked (a link, or the file's base64), its
/// length when it can be read, and how the engine keeps it.
struct Voice {
    inline: String,
    ms: Option<u64>,
    input: InputPicture,
}

/// Read and checked before anything is sent: a missing or wrong file costs no identify call.
fn voice(text: &str) -> Result<Voice, CliError> {
    let input = InputPicture::parse(text);
    match &input {
        InputPicture::Url(url) => Ok(Voice { inline: url.clone(), ms: None, input }),
        InputPicture::File(path) => {
            let inline = studio::engine::sound_input::read_sound(path, "sound_file")?;
            Ok(Voice { inline, ms: studio::library::audio::probe(Path::new(path)).ok().map(|info| info.duration_ms), input })
        }
    }
}

fn seconds(ms: u64) -> String {
    format!("{:.1} s", ms as f64 / 1000.0)
}

/// The face `--face N` names (1-based), or the only one; several and none named is refused
/// with the list, so the person can choose.
fn pick(faces: &IdentifiedFaces, chosen: Option<usize>) -> Result<&Face, CliError> {
    let list =
        || faces.face_data.iter().enumerate().map(|(i, f)| format!("{} ({} to {})", i + 1, seconds(f.start_time), seconds(f.end_time))).collect::<Vec<_>>().join(", ");
    match (faces.face_data.as_slice(), chosen) {
        ([], _) => Err(CliError::Usage("no face was found in the clip; lip-sync needs a clip with a face".into())),
        ([only], None) => Ok(only),
        (several, None) => Err(CliError::Usage(format!("--face: the clip shows {} faces; choose one with --face N: {}", several.len(), list()))),
        (all, Some(n)) => {
            n.checked_sub(1).and_then(|i| all.get(i)).ok_or_else(|| CliError::Usage(format!("--face {n}: the clip shows {} face(s): {}", all.len(), list())))
        }
    }
}

/// The request for `face`, with the times given or their defaults: the whole voice (or as much
/// as the face stays on screen) from when the face appears.
fn choice(args: &LipSyncArgs, face: &Face, voice: &Voice) -> FaceChoice {
    let start = args.start.unwrap_or(0);
    let insert = args.insert.unwrap_or(face.start_time);
    let on_screen = face.end_time.saturating_sub(insert);
    let available = voice.ms.map_or(on_screen, |ms| ms.saturating_sub(start).min(on_screen));
    let end = args.end.unwrap_or_else(|| (start + available).min(MAX_LIP_SYNC_AUDIO_MS));
    FaceChoice {
        face_id: face.face_id.clone(),
        audio_id: None,
        sound_file: Some(voice.inline.clone()),
        sound_start_time: start,
        sound_end_time: end,
        sound_insert_time: insert,
        sound_volume: args.volume,
        original_audio_volume: args.original_volume,
    }
}

pub async fn lipsync(globals: &Globals, args: &LipSyncArgs) -> Result<(), CliError> {
    let voice = voice(&args.audio)?;
    let (session, engine, clip) = with_clip(globals, &args.video, "kling lipsync", Takes::IdOrUrl).await?;
    let identify = match &clip.sent {
        Sent::Id(id) => IdentifyFaceRequest::by_id(id.clone()),
        Sent::Url(url) => IdentifyFaceRequest::by_url(url.clone()),
    };
    let checked = identify.validate().and_then(|()| clip.seconds.map_or(Ok(()), |s| identify.check_video_seconds(s)));
    checked.map_err(|e| renamed(e, CLIP_NAMES))?;
    let faces = session.client.identify_face(&identify).await?;
    let job = lipsync_job(args, &clip, &faces, voice)?;
    queue(&session, engine, job, &clip, &args.wait).await
}

fn lipsync_job(args: &LipSyncArgs, clip: &Clip, faces: &IdentifiedFaces, voice: Voice) -> Result<NewJob, CliError> {
    let face = pick(faces, args.face)?;
    let mut request = LipSyncRequest::new(faces.session_id.clone(), choice(args, face, &voice));
    let video_ms = clip.seconds.map(|s| (s * 1000.0).round() as u64);
    request.validate_with(LipSyncFacts { face: Some(face), video_ms })?;
    // The engine keeps the voice as a library input and reads it again when sending.
    request.face_choose.iter_mut().for_each(|f| f.sound_file = None);
    Ok(NewJob::LipSync { request, sound_file: Some(voice.input) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faces(spans: &[(u64, u64)]) -> IdentifiedFaces {
        IdentifiedFaces {
            session_id: "s-1".into(),
            face_data: spans
                .iter()
                .enumerate()
                .map(|(i, &(start_time, end_time))| Face { face_id: i.to_string(), face_image: String::new(), start_time, end_time })
                .collect(),
            final_unit_deduction: None,
        }
    }

    #[test]
    fn a_face_is_chosen_or_the_faces_are_listed() {
        let two = faces(&[(0, 5000), (1000, 5000)]);
        let message = pick(&two, None).unwrap_err().message();
        assert_eq!(message, "--face: the clip shows 2 faces; choose one with --face N: 1 (0.0 s to 5.0 s), 2 (1.0 s to 5.0 s)");
        assert_eq!(pick(&two, Some(2)).unwrap().face_id, "1");
        assert!(pick(&two, Some(3)).unwrap_err().message().starts_with("--face 3: the clip shows 2 face(s)"));
        assert!(pick(&two, Some(0)).is_err());
        assert_eq!(pick(&faces(&[(0, 4000)]), None).unwrap().face_id, "0");
        assert!(pick(&faces(&[]), None).unwrap_err().message().contains("no face was found"));
    }

    #[test]
    fn times_default_to_the_face_and_the_voice_and_are_checked() {
        use crate::cli::{parse_from, Command};
        let parsed = |extra: &[&str]| match parse_from([&["kling", "lipsync", "v-1", "--audio", "https://example.com/v.mp3"][..], extra].concat()).unwrap().command {
            Command::Lipsync(args) => args,
            other => panic!("{other:?}"),
        };
        let clip = Clip { sent: Sent::Id("v-1".into()), parent: None, seconds: Some(5.0) };
        let voice = |ms| Voice { inline: "https://example.com/v.mp3".into(), ms, input: InputPicture::Url("https://example.com/v.mp3".into()) };
        let face = faces(&[(1000, 5000)]);
        let NewJob::LipSync { request, .. } = lipsync_job(&parsed(&[]), &clip, &face, voice(Some(3000))).unwrap() else { panic!() };
        let choice = &request.face_choose[0];
        assert_eq!((choice.sound_start_time, choice.sound_end_time, choice.sound_insert_time), (0, 3000, 1000), "the whole voice, when the face appears");
        let NewJob::LipSync { request, .. } = lipsync_job(&parsed(&[]), &clip, &face, voice(None)).unwrap() else { panic!() };
        assert_eq!(request.face_choose[0].sound_end_time, 4000, "as long as the face is on screen");
        let late = lipsync_job(&parsed(&["--insert", "4000", "--end", "2000"]), &clip, &face, voice(None)).unwrap_err().message();
        assert!(late.starts_with("--insert: the audio would run from 4 s to 6 s, past the video's end at 5 s"), "{late}");
        let loud = lipsync_job(&parsed(&["--volume", "3"]), &clip, &face, voice(None)).unwrap_err().message();
        assert!(loud.starts_with("--volume: must be between 0 and 2"), "{loud}");
    }
}
