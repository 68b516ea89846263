//! `kling elements …` and `kling voices …`: the account's reusable subjects and voices.

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct ElementsArgs {
    #[command(subcommand)]
    pub action: ElementsAction,
}

#[derive(Debug, Subcommand)]
pub enum ElementsAction {
    /// List your elements and Kling's presets (kept in the library with their pictures).
    List {
        /// Only your own, without Kling's presets.
        #[arg(long)]
        own: bool,
    },
    /// Make an element from a front picture and 1–3 more of it, or from one clip of a person.
    Create(ElementCreateArgs),
    /// Delete one of your elements from the account (the library keeps it, marked deleted).
    Delete {
        /// The element's id (`kling elements list`).
        #[arg(value_name = "ID")]
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct ElementCreateArgs {
    /// Its name (at most 20 characters).
    #[arg(value_name = "NAME")]
    pub name: String,
    /// What it is (at most 100 characters).
    #[arg(long, value_name = "TEXT")]
    pub description: String,
    /// A picture of it (JPG/PNG file or https URL): the front one first, then 1–3 more.
    #[arg(long = "image", value_name = "FILE|URL")]
    pub images: Vec<String>,
    /// Or one clip of a real person by its https link (3–8 s, 1080p, 16:9 or 9:16).
    #[arg(long, value_name = "URL", conflicts_with = "images")]
    pub clip: Option<String>,
    /// A tag: Character, Animal, Item, Costume, Scene, Effect, Others, Hottest (or o_101–o_108); repeat for more.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// A voice it speaks with (an id from `kling voices list`).
    #[arg(long, value_name = "VOICE_ID")]
    pub voice: Option<String>,
    /// Print the task and return at once; `kling elements list` files it once made.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Args)]
pub struct VoicesArgs {
    #[command(subcommand)]
    pub action: VoicesAction,
}

#[derive(Debug, Subcommand)]
pub enum VoicesAction {
    /// List your voices and Kling's presets (kept in the library with their trial sounds).
    List {
        /// Only your own, without Kling's presets.
        #[arg(long)]
        own: bool,
    },
    /// Make a voice from a 5–30 s recording (mp3, wav, mp4, mov by https link) or a Kling video with sound.
    Create(VoiceCreateArgs),
    /// Delete one of your voices from the account (the library keeps it, marked deleted).
    Delete {
        /// The voice's id (`kling voices list`).
        #[arg(value_name = "ID")]
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct VoiceCreateArgs {
    /// Its name (at most 20 characters).
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The recording's https link.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Or the id of a video Kling made with sound (as `kling task` shows it).
    #[arg(long, value_name = "VIDEO_ID", conflicts_with = "url")]
    pub video: Option<String>,
    /// Print the task and return at once; `kling voices list` files it once made.
    #[arg(long)]
    pub no_wait: bool,
}
