//! The command line as a user types it (clap).

mod assets;
mod tools;

pub use assets::{ElementCreateArgs, ElementsAction, ElementsArgs, VoiceCreateArgs, VoicesAction, VoicesArgs};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use kling_api::catalogue::default_model;
use kling_api::{ElementId, TaskKind, VideoDuration};
use std::ffi::OsString;
use std::path::PathBuf;
pub use tools::{
    AudioArgs, ComposeArgs, EffectArgs, ExpandArgs, ExtendArgs, FrameArg, LipSyncArgs, MotionArgs, MultiArgs, OmniArgs, OmniImageArgs, OrientationArg, Shape, SoundArgs,
    TryOnArgs,
};

#[derive(Debug, Parser)]
#[command(
    name = "kling",
    version,
    about = "Generate images and videos with the Kling AI API",
    long_about = "Generate images and videos with the Kling AI API.\n\n\
        Keys come from KLING_ACCESS_KEY / KLING_SECRET_KEY, else from the OS keychain \
        (`kling login`). Try everything without an account with --sandbox.",
    after_help = "Exit codes: 0 ok, 1 another failure, 2 bad usage or input, 3 Kling API error, \
        4 network error, 5 the task failed, 6 no keys or keychain problem, 7 local file error, \
        8 nothing to download yet, 130 interrupted (the job is saved: `kling resume`)."
)]
pub struct Cli {
    /// API base URL (default: the global host https://api-singapore.klingai.com).
    #[arg(long, global = true, env = "KLING_API_BASE", value_name = "URL")]
    pub base_url: Option<String>,

    /// Use the built-in Kling emulator on loopback: no account needed, results are placeholders.
    #[arg(long, global = true, env = "KLING_SANDBOX", value_parser = clap::builder::FalseyValueParser::new())]
    pub sandbox: bool,

    /// The library folder results are filed in (default: "Kling Studio" in your Pictures folder).
    /// With --sandbox, "DIR (sandbox)" beside it: placeholders never go into a real library.
    #[arg(long, global = true, env = "KLING_LIBRARY", value_name = "DIR")]
    pub library: Option<PathBuf>,

    /// Print one JSON object on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// First polling interval in milliseconds (it grows from there).
    #[arg(long, global = true, env = "KLING_POLL_INTERVAL_MS", hide = true)]
    pub poll_interval_ms: Option<u64>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Text to image (or image to image with --image).
    Image(ImageArgs),
    /// Text to video.
    Video(VideoArgs),
    /// Animate a picture into a video (image to video).
    Animate(AnimateArgs),
    /// Omni video: a video from a prompt that refers to pictures, elements and a video (to edit or follow).
    Omni(OmniArgs),
    /// One video from 1 to 4 pictures (their subjects together in one scene).
    Multi(MultiArgs),
    /// Lengthen a clip made by Kling by 4–5 s.
    Extend(ExtendArgs),
    /// Add sound effects and music to a clip.
    Sound(SoundArgs),
    /// Make a face in a clip speak a voice file (lip-sync).
    Lipsync(LipSyncArgs),
    /// Apply a named effect to one picture or two (`kling effect --list`).
    Effect(EffectArgs),
    /// Make the character of a picture move as a video does (motion control).
    Motion(MotionArgs),
    /// A sound from words (3–10 s), filed as mp3 with its wav beside it.
    Audio(AudioArgs),
    /// Grow a picture outward on its edges (outpainting).
    Expand(ExpandArgs),
    /// Compose the subjects of 1–4 pictures into one, in a scene and a style picture's look.
    Compose(ComposeArgs),
    /// Dress the person of one picture in the garment of another (virtual try-on).
    Tryon(TryOnArgs),
    /// Pictures from a prompt that refers to pictures and elements, singly or as a series.
    #[command(name = "omni-image")]
    OmniImage(OmniImageArgs),
    /// Your elements (characters and objects the newest models keep the same) and Kling's presets.
    Elements(ElementsArgs),
    /// Your voices (which kling-v2-6 and Omni speak with) and Kling's presets.
    Voices(VoicesArgs),
    /// Finish every unfinished job in the library (after an interruption or a crash).
    Resume,
    /// Import the account's past results (all kinds, all pages) into the library.
    Sync,
    /// Show one task; with --download, fetch its results.
    Task(TaskArgs),
    /// List recent tasks.
    Tasks(TasksArgs),
    /// Show the account's API resource packs (credits), each in its own units.
    Credits,
    /// List the models Kling Studio knows and what each offers (modes, lengths, sound, shots, prices).
    Models,
    /// Store your access key and secret key in the OS keychain.
    Login(LoginArgs),
    /// Remove the stored keys from the OS keychain.
    Logout,
}

/// Reads the command line: clap's parse, plus what its derive cannot say (which `--image` of
/// `kling omni` each `--frame` follows).
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut command = Cli::command();
    let matches = command.try_get_matches_from_mut(args)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
    if let (Command::Omni(omni), Some(("omni", sub))) = (&mut cli.command, matches.subcommand()) {
        let images: Vec<usize> = sub.indices_of("images").map(Iterator::collect).unwrap_or_default();
        let frames: Vec<usize> = sub.indices_of("frames").map(Iterator::collect).unwrap_or_default();
        omni.frame_follows = frames.iter().map(|&at| images.iter().filter(|&&image| image < at).count().checked_sub(1)).collect();
    }
    Ok(cli)
}

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Also copy the results into this folder (they are always filed in the library); a name
    /// already there is kept and the copy numbered.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Submit, print the task id and exit; a later `kling resume` (or the app) files the results.
    /// (Not with --out: nothing is there to copy yet.)
    #[arg(long, conflicts_with = "out")]
    pub no_wait: bool,
}

#[derive(Debug, Args)]
pub struct ImageArgs {
    /// What to draw (at most 2500 characters).
    pub prompt: String,
    /// What to avoid.
    #[arg(long, value_name = "TEXT")]
    pub negative: Option<String>,
    /// Number of images, 1–9.
    #[arg(short = 'n', long = "count", value_name = "N")]
    pub n: Option<u8>,
    /// Aspect ratio: 16:9, 9:16, 1:1, 4:3, 3:4, 3:2, 2:3, 21:9.
    #[arg(long, value_name = "RATIO")]
    pub aspect: Option<String>,
    /// Model (the default is today's; `kling models` lists them all and what each offers).
    /// A model Kling Studio does not know yet is sent with a warning.
    #[arg(long, value_name = "MODEL", default_value = default_model(TaskKind::Image))]
    pub model: String,
    /// Reference image: a JPG/PNG file or an https URL.
    #[arg(long, value_name = "FILE|URL")]
    pub image: Option<String>,
    /// How closely to follow the reference image, 0–1.
    #[arg(long, value_name = "0..1")]
    pub fidelity: Option<f64>,
    /// Face/subject fidelity, 0–1 (kling-v1-5 with --reference subject).
    #[arg(long, value_name = "0..1")]
    pub human_fidelity: Option<f64>,
    /// What the reference image stands for (kling-v1-5): subject or face.
    #[arg(long, value_name = "KIND")]
    pub reference: Option<String>,
    /// Resolution: 1k or 2k (2k: kling-v3, kling-v2-1, and kling-v2 from text).
    #[arg(long, value_name = "1k|2k")]
    pub resolution: Option<String>,
    /// A saved element (character or object) to show, by its id; repeat for more (kling-v3).
    #[arg(long = "element", value_name = "ID", value_parser = element_id)]
    pub elements: Vec<ElementId>,
    /// Also ask Kling for a watermarked copy of each result (`watermark_info`).
    #[arg(long)]
    pub watermark: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct VideoSettings {
    /// What to avoid.
    #[arg(long, value_name = "TEXT")]
    pub negative: Option<String>,
    /// std (720p, faster, cheaper), pro (1080p) or 4k (kling-v3).
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,
    /// Length in whole seconds, 3–15, as the model allows (kling-v3: 3 to 15; most others 5 or 10).
    /// With --shot, the shots' sum when omitted.
    #[arg(long, value_name = "SECONDS", value_parser = duration)]
    pub duration: Option<VideoDuration>,
    /// Native sound (kling-v3; kling-v2-6 in pro mode).
    #[arg(long, value_enum)]
    pub sound: Option<SoundArg>,
    /// One shot of a multi-shot video (kling-v3): its seconds and what happens in it, e.g.
    /// --shot "2:two friends talk" --shot "3:a runner sprints". Repeat for up to 6 shots, in order.
    #[arg(long = "shot", value_name = "SECONDS:PROMPT", value_parser = shot)]
    pub shots: Vec<ShotArg>,
    /// A multi-shot video that Kling cuts into shots itself, from the prompt (kling-v3).
    #[arg(long, conflicts_with = "shots")]
    pub multi_shot: bool,
    /// Prompt adherence, 0–1 (kling-v1 models only).
    #[arg(long, value_name = "0..1")]
    pub cfg: Option<f64>,
    /// Camera move: down_back, forward_up, right_turn_forward, left_turn_forward, or simple:AXIS=VALUE
    /// (AXIS one of horizontal, vertical, pan, tilt, roll, zoom; VALUE in -10..10).
    #[arg(long, value_name = "MOVE")]
    pub camera: Option<String>,
    /// Also ask Kling for a watermarked copy of the video (`watermark_info`).
    #[arg(long)]
    pub watermark: bool,
    /// Your own id for the task (unique per account); one is made up when omitted.
    #[arg(long, value_name = "ID")]
    pub external_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct VideoArgs {
    /// What should happen in the video (at most 2500 characters); with --shot, the shots say it.
    #[arg(required_unless_present = "shots")]
    pub prompt: Option<String>,
    /// Model (the default is today's; `kling models` lists them all and what each offers).
    /// A model Kling Studio does not know yet is sent with a warning.
    #[arg(long, value_name = "MODEL", default_value = default_model(TaskKind::TextToVideo))]
    pub model: String,
    /// Aspect ratio: 16:9, 9:16 or 1:1.
    #[arg(long, value_name = "RATIO")]
    pub aspect: Option<String>,
    #[command(flatten)]
    pub settings: VideoSettings,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct AnimateArgs {
    /// The picture to animate: a JPG/PNG file or an https URL.
    pub image: String,
    /// What should happen (optional); refer to a voice as <<<voice_1>>>, an element as <<<element_1>>>.
    #[arg(long, short = 'p')]
    pub prompt: Option<String>,
    /// Model (the default is today's; `kling models` lists them all and what each offers).
    /// A model Kling Studio does not know yet is sent with a warning.
    #[arg(long, value_name = "MODEL", default_value = default_model(TaskKind::ImageToVideo))]
    pub model: String,
    /// End frame: a JPG/PNG file or an https URL.
    #[arg(long, value_name = "FILE|URL")]
    pub tail: Option<String>,
    /// A voice the video speaks with, by its id; repeat for a second one (kling-v2-6 pro, with
    /// --sound on). The prompt says where: <<<voice_1>>>.
    #[arg(long = "voice", value_name = "ID")]
    pub voices: Vec<String>,
    /// A saved element (character or object) to show, by its id; repeat for more (kling-v3).
    #[arg(long = "element", value_name = "ID", value_parser = element_id)]
    pub elements: Vec<ElementId>,
    #[command(flatten)]
    pub settings: VideoSettings,
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// `--shot SECONDS:PROMPT`, as typed; numbered when the request is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShotArg {
    pub seconds: u8,
    pub prompt: String,
}

/// Parses `--shot`: seconds before the first colon, the prompt after it (which may hold colons).
fn shot(text: &str) -> Result<ShotArg, String> {
    const SHAPE: &str = "write it as SECONDS:PROMPT, e.g. --shot \"3:a fox runs through snow\"";
    let Some((seconds, prompt)) = text.split_once(':') else { return Err(format!("no seconds before a colon; {SHAPE}")) };
    let seconds_text = seconds.trim();
    let seconds = seconds_text.trim_end_matches('s').trim().parse::<u8>().map_err(|_| format!("{seconds_text:?} is not whole seconds; {SHAPE}"))?;
    if seconds == 0 {
        return Err(format!("a shot lasts at least 1 s; {SHAPE}"));
    }
    if prompt.trim().is_empty() {
        return Err(format!("the shot has no prompt; {SHAPE}"));
    }
    Ok(ShotArg { seconds, prompt: prompt.trim().to_string() })
}

fn duration(text: &str) -> Result<VideoDuration, String> {
    text.parse()
}

fn element_id(text: &str) -> Result<ElementId, String> {
    text.parse()
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    Std,
    Pro,
    #[value(name = "4k")]
    FourK,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SoundArg {
    On,
    Off,
}

/// A kind of task, named as the subcommand that makes it.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Image,
    Video,
    Animate,
    Omni,
    Multi,
    Extend,
    Sound,
    Lipsync,
    Effect,
    Motion,
    Audio,
    Expand,
    Compose,
    Tryon,
    #[value(name = "omni-image")]
    OmniImage,
}

#[derive(Debug, Args)]
pub struct TaskArgs {
    /// The task id Kling gave.
    pub id: String,
    /// Which kind of task it is (every kind tried in turn when omitted).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Download the results (when the task has succeeded).
    #[arg(long)]
    pub download: bool,
    /// Folder to download into.
    #[arg(long, short = 'o', value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct TasksArgs {
    /// Only this kind (every kind when omitted).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Page number, 1–1000.
    #[arg(long, default_value_t = 1)]
    pub page: u32,
    /// Tasks per page, 1–500.
    #[arg(long, default_value_t = 30)]
    pub page_size: u32,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The access key (asked for when omitted).
    #[arg(long, value_name = "AK")]
    pub access_key: Option<String>,
    /// Store the keys without checking them against the API first.
    #[arg(long)]
    pub no_verify: bool,
}
