//! The person's elements and voices (addendum §6.10), kept in the library beside the results:
//! a folder per element (`elements/<id>/element.json` and its pictures) and per voice
//! (`voices/<id>/voice.json` and its trial sound), so an item still names the elements it was
//! made with after they are deleted from the account. Made by tasks on the account, which are
//! remembered (`pending.json`) until they end, so a restart loses none.

mod errors;
mod make;
mod store;
mod stored;
mod sync;

pub use errors::AssetError;
pub use make::{create_element, create_voice, element_request, voice_request, ElementSpec, VoiceSpec};
pub use store::{AssetStore, ELEMENTS_DIR, VOICES_DIR};
pub use stored::{AssetKindName, Pending, StoredElement, StoredVoice};
pub use sync::{delete, sync, SyncSummary};
