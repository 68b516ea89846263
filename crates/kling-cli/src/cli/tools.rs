//! The tools' subcommands as typed (`kling omni`, `multi`, `extend`, `sound`, `lipsync`, `audio`, `expand`, `compose`, `tryon`,
//! `effect`, `motion`). A clip is given as a file in the library (sent by its Kling video id),
//! a Kling video id, or a public https link, as each tool takes it.

use super::{duration, element_id, shot, ModeArg, ShotArg, SoundArg, WaitArgs};
use clap::{Args, ValueEnum};
use kling_api::catalogue::default_model;
use kling_api::{ElementId, TaskKind, VideoDuration};

#[derive(Debug, Args)]
pub struct OmniArgs {
    /// What should happen; refer to the inputs as <<<image_1>>>, <<<element_1>>>, <<<video_1>>>
    /// (numbered in the order given). With --shot, the shots say it.
    #[arg(required_unless_present = "shots")]
    pub prompt: Option<String>,
    /// A picture (JPG/PNG file or https URL); repeat for more (pictures and elements: at most 7,
    /// 4 with a video).
    #[arg(long = "image", value_name = "FILE|URL")]
    pub images: Vec<String>,
    /// Makes the --image just before it the video's first or end frame (otherwise a picture is a
    /// plain reference), e.g. --image a.png --frame first --image b.png --frame end.
    #[arg(long = "frame", value_name = "first|end")]
    pub frames: Vec<FrameArg>,
    /// For each --frame, the index of the --image just before it (None: none is), filled by
    /// `cli::parse_from` from where the flags stand.
    #[arg(skip)]
    pub frame_follows: Vec<Option<usize>>,
    /// A saved element (character or object) by its id; repeat for more.
    #[arg(long = "element", value_name = "ID", value_parser = element_id)]
    pub elements: Vec<ElementId>,
    /// A video: a clip made by Kling in the library (its file) or a public https URL; with
    /// --edit (change it as the prompt says) or --reference (take its style and camera).
    #[arg(long, value_name = "URL|LIBRARY_FILE")]
    pub video: Option<String>,
    /// Edit the --video as the prompt says (its length and shape are kept).
    #[arg(long, requires = "video", conflicts_with = "reference")]
    pub edit: bool,
    /// Use the --video as a reference for style, camera or the shot before/after.
    #[arg(long, requires = "video")]
    pub reference: bool,
    /// Keep the --video's own sound in the result.
    #[arg(long, requires = "video")]
    pub keep_sound: bool,
    /// Model (`kling models` lists them and what each offers).
    #[arg(long, value_name = "MODEL", default_value = default_model(TaskKind::OmniVideo))]
    pub model: String,
    #[command(flatten)]
    pub shape: Shape,
    /// Native sound (kling-v3-omni, without a --video).
    #[arg(long, value_enum)]
    pub sound: Option<SoundArg>,
    /// One shot of a multi-shot video: its seconds and what happens, e.g. --shot "3:a fox runs".
    #[arg(long = "shot", value_name = "SECONDS:PROMPT", value_parser = shot)]
    pub shots: Vec<ShotArg>,
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// The mode, length and shape of the video a tool makes, as its model allows (`kling models`).
#[derive(Debug, Args)]
pub struct Shape {
    /// std (720p), pro (1080p; omni's default) or 4k (kling-v3-omni).
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,
    /// Length in whole seconds (kling-v3-omni: 3–15, with --shot their sum when omitted; multi: 5 or 10).
    #[arg(long, value_name = "SECONDS", value_parser = duration)]
    pub duration: Option<VideoDuration>,
    /// Aspect ratio: 16:9, 9:16 or 1:1 (omni: required unless a first frame or an edited video sets it).
    #[arg(long, value_name = "RATIO")]
    pub aspect: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameArg {
    First,
    End,
}

#[derive(Debug, Args)]
pub struct MultiArgs {
    /// What should happen with the pictures' subjects.
    pub prompt: String,
    /// A picture (JPG/PNG file or https URL): give 1 to 4.
    #[arg(long = "image", value_name = "FILE|URL", required = true)]
    pub images: Vec<String>,
    /// What to avoid.
    #[arg(long, value_name = "TEXT")]
    pub negative: Option<String>,
    /// Model (`kling models` lists them).
    #[arg(long, value_name = "MODEL", default_value = default_model(TaskKind::MultiImageToVideo))]
    pub model: String,
    #[command(flatten)]
    pub shape: Shape,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct ExtendArgs {
    /// The clip to lengthen (by 4–5 s): its file in the library (made by Kling), or its Kling video id.
    #[arg(value_name = "LIBRARY_VIDEO|VIDEO_ID")]
    pub video: String,
    /// What happens next.
    #[arg(long, short = 'p')]
    pub prompt: Option<String>,
    /// What to avoid.
    #[arg(long, value_name = "TEXT")]
    pub negative: Option<String>,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct SoundArgs {
    /// The clip (3–20 s): its file in the library (made by Kling), its Kling video id, or a public https URL.
    #[arg(value_name = "LIBRARY_VIDEO|VIDEO_ID|URL")]
    pub video: String,
    /// The sound effects wanted (at most 200 characters).
    #[arg(long, value_name = "PROMPT")]
    pub effects: Option<String>,
    /// The music wanted (at most 200 characters).
    #[arg(long, value_name = "PROMPT")]
    pub music: Option<String>,
    /// ASMR mode: close, detailed sounds.
    #[arg(long)]
    pub asmr: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct AudioArgs {
    /// The sound, in words (at most 200 characters).
    pub prompt: String,
    /// Length in seconds: 3.0 to 10.0, in tenths.
    #[arg(long, short = 'd', value_name = "SECONDS", default_value_t = kling_api::TEXT_TO_AUDIO_DEFAULT_SECONDS)]
    pub duration: f64,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct ExpandArgs {
    /// The picture: a JPG/PNG file (of the library or not) or an https URL.
    #[arg(value_name = "PICTURE")]
    pub picture: String,
    /// How far the top edge moves out, as a share of the picture's height (0–2).
    #[arg(long, value_name = "RATIO", default_value_t = 0.0)]
    pub up: f64,
    /// How far the bottom edge moves out, as a share of the height (0–2).
    #[arg(long, value_name = "RATIO", default_value_t = 0.0)]
    pub down: f64,
    /// How far the left edge moves out, as a share of the width (0–2).
    #[arg(long, value_name = "RATIO", default_value_t = 0.0)]
    pub left: f64,
    /// How far the right edge moves out, as a share of the width (0–2).
    #[arg(long, value_name = "RATIO", default_value_t = 0.0)]
    pub right: f64,
    /// What the new parts should show (optional).
    #[arg(long, short = 'p')]
    pub prompt: Option<String>,
    /// Pictures to make, 1–9.
    #[arg(short = 'n', value_name = "N")]
    pub n: Option<u8>,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct LipSyncArgs {
    /// The clip with the face: its file in the library (made by Kling), its Kling video id, or a
    /// public https URL (2–60 s).
    #[arg(value_name = "LIBRARY_VIDEO|VIDEO_ID|URL")]
    pub video: String,
    /// The voice: an mp3, wav, m4a or aac file (at most 5 MB, 2–60 s).
    #[arg(long, value_name = "FILE")]
    pub audio: String,
    /// Which face speaks, 1-based, when the clip shows several (they are listed when it is missing).
    #[arg(long, value_name = "N")]
    pub face: Option<usize>,
    /// Where the part of the audio used starts, ms (default 0).
    #[arg(long, value_name = "MS")]
    pub start: Option<u64>,
    /// Where it ends, ms (default: as long as the face is on screen).
    #[arg(long, value_name = "MS")]
    pub end: Option<u64>,
    /// Where in the clip the voice starts, ms (default: when the face appears).
    #[arg(long, value_name = "MS")]
    pub insert: Option<u64>,
    /// The voice's volume, 0–2 (1 as recorded).
    #[arg(long, value_name = "V")]
    pub volume: Option<f64>,
    /// The clip's own sound's volume, 0–2.
    #[arg(long, value_name = "V")]
    pub original_volume: Option<f64>,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct EffectArgs {
    /// The effect's scene name (`kling effect --list` lists them).
    #[arg(required_unless_present = "list")]
    pub scene: Option<String>,
    /// The picture (JPG/PNG file or https URL); a two-picture effect takes two, left then right.
    #[arg(long = "image", value_name = "FILE|URL", required_unless_present = "list")]
    pub images: Vec<String>,
    /// Length in seconds, as the effect allows (5 or 10 for most).
    #[arg(long, value_name = "SECONDS", value_parser = duration)]
    pub duration: Option<VideoDuration>,
    /// List the effects: each scene, how many pictures it takes and its lengths.
    #[arg(long, conflicts_with_all = ["scene", "images", "duration"])]
    pub list: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct MotionArgs {
    /// The character's picture: a JPG/PNG file or an https URL.
    #[arg(value_name = "PICTURE")]
    pub picture: String,
    /// The video whose motion the character copies (3–30 s): a public https URL, or a clip made
    /// by Kling in the library (its file; then its length prices the task before it is sent).
    #[arg(long, value_name = "URL|LIBRARY_FILE")]
    pub motion_video: String,
    /// Whose orientation the character keeps: the picture's (video ≤ 10 s) or the video's (≤ 30 s).
    #[arg(long, value_enum)]
    pub orientation: OrientationArg,
    /// std (720p) or pro (1080p).
    #[arg(long, value_enum, default_value = "std")]
    pub mode: ModeArg,
    /// Keep the motion video's sound.
    #[arg(long)]
    pub keep_sound: bool,
    /// What else should happen (optional).
    #[arg(long, short = 'p')]
    pub prompt: Option<String>,
    /// Model (`kling models` lists them).
    #[arg(long, value_name = "MODEL", default_value = default_model(TaskKind::MotionControl))]
    pub model: String,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OrientationArg {
    Image,
    Video,
}

#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// A subject picture (1–4, repeat the flag): a JPG/PNG file (of the library or not) or an https URL.
    #[arg(long = "subject", value_name = "PICTURE", required = true)]
    pub subjects: Vec<String>,
    /// The setting to put the subjects in (a picture).
    #[arg(long, value_name = "PICTURE")]
    pub scene: Option<String>,
    /// The look to render them in (a picture).
    #[arg(long, value_name = "PICTURE")]
    pub style: Option<String>,
    /// What the picture should show (optional).
    #[arg(long, short = 'p')]
    pub prompt: Option<String>,
    /// Pictures to make, 1–9.
    #[arg(short = 'n', value_name = "N")]
    pub n: Option<u8>,
    /// Aspect ratio: 16:9 (the API's default), 9:16, 1:1, 4:3, 3:4, 3:2, 2:3 or 21:9.
    #[arg(long, value_name = "RATIO")]
    pub aspect: Option<String>,
    /// kling-v2-1 (today's model) or kling-v2.
    #[arg(long, value_name = "MODEL", default_value = kling_api::COMPOSE_DEFAULT_MODEL)]
    pub model: String,
    /// Ask for a watermarked copy of each picture too.
    #[arg(long)]
    pub watermark: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct TryOnArgs {
    /// The person: a JPG/PNG file (of the library or not) or an https URL.
    #[arg(value_name = "PERSON")]
    pub person: String,
    /// The garment to dress them in (with v1-5, an upper and a lower garment may be one picture).
    #[arg(value_name = "GARMENT")]
    pub garment: String,
    /// kolors-virtual-try-on-v1 (v1, the default) or kolors-virtual-try-on-v1-5 (v1-5).
    #[arg(long, value_name = "MODEL", default_value = "kolors-virtual-try-on-v1")]
    pub model: String,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct OmniImageArgs {
    /// What the pictures should show; refer to the inputs as <<<image_1>>>, <<<element_1>>>
    /// (numbered in the order given).
    pub prompt: String,
    /// A picture (JPG/PNG file or https URL); repeat for more (pictures and elements: at most 10).
    #[arg(long = "image", value_name = "FILE|URL")]
    pub images: Vec<String>,
    /// A saved element (character or object) by its id; repeat for more.
    #[arg(long = "element", value_name = "ID", value_parser = element_id)]
    pub elements: Vec<ElementId>,
    /// kling-v3-omni (4K, series) or kling-image-o1.
    #[arg(long, value_name = "MODEL", default_value = default_model(TaskKind::OmniImage))]
    pub model: String,
    /// 1k, 2k or 4k (4k: kling-v3-omni).
    #[arg(long, value_name = "RES")]
    pub resolution: Option<String>,
    /// Aspect ratio (16:9, 9:16, 1:1, 4:3, 3:4, 3:2, 2:3, 21:9) or auto: the shape of the pictures
    /// given (the API's default; kling-v3-omni needs a picture for it, and makes 1:1 without one).
    #[arg(long, value_name = "RATIO|auto")]
    pub aspect: Option<String>,
    /// Pictures to make, 1–9, each on its own.
    #[arg(short = 'n', value_name = "N", conflicts_with = "series")]
    pub n: Option<u8>,
    /// A series of N pictures (2–9) that belong together, or auto (as many as Kling sees fit);
    /// kling-v3-omni, from pictures.
    #[arg(long, value_name = "N|auto")]
    pub series: Option<String>,
    /// Ask for a watermarked copy of each picture too.
    #[arg(long)]
    pub watermark: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
}
