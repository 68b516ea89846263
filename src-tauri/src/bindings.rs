//! The IPC surface in one place: every command and event, from which the TypeScript bindings
//! (`ui/src/lib/bindings.ts`) are generated. `tests/bindings.rs` fails when that file is stale.

use crate::commands::{about, assets, create, dialogs, gallery, lifecycle, omni, pictures, queue, settings, tools};
use crate::events;
use tauri_specta::{collect_commands, collect_events, Builder};

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            settings::app_info,
            about::about,
            settings::save_settings,
            settings::save_keys,
            settings::forget_keys,
            settings::test_connection,
            settings::move_library,
            settings::open_library_folder,
            settings::reveal_logs,
            create::create_image,
            create::create_video,
            create::create_sound,
            create::animate,
            create::check_picture,
            create::estimate_cost,
            create::credits,
            create::model_offer,
            omni::create_omni,
            omni::check_omni,
            omni::create_multi_image,
            omni::check_multi_image,
            queue::list_jobs,
            queue::retry_job,
            queue::remove_job,
            gallery::query_gallery,
            gallery::gallery_models,
            gallery::gallery_tools,
            gallery::item_detail,
            gallery::item_lineage,
            gallery::set_favorite,
            gallery::delete_items,
            gallery::export_items,
            gallery::reveal_item,
            dialogs::pick_picture,
            dialogs::pick_folder,
            lifecycle::ui_ready,
            // The video tools on a gallery clip (extend, add sound, lip-sync).
            tools::clip_tools,
            tools::extend_video,
            tools::add_sound,
            tools::identify_faces,
            tools::check_sound,
            tools::lip_sync,
            dialogs::pick_sound,
            // Create → Effects.
            tools::effect_scenes,
            tools::apply_effect,
            // Create → Motion.
            tools::motion_control,
            tools::estimate_motion,
            // A clip dropped on the window.
            tools::dropped_clip,
            // The picture tools on a gallery picture.
            pictures::expand_picture,
            // Create → Compose and Try-on.
            pictures::compose_pictures,
            pictures::check_compose,
            pictures::try_on,
            pictures::check_try_on,
            // Create → Omni image.
            pictures::create_omni_image,
            pictures::check_omni_image,
            // Elements & Voices.
            assets::assets_list,
            assets::assets_sync,
            assets::element_create,
            assets::voice_create,
            assets::asset_delete,
            assets::pending_dismiss,
            assets::made_with,
        ])
        .events(collect_events![events::JobUpdated, events::DownloadProgress, events::LibraryChanged, events::QueueIdle, events::SessionChanged, events::StartupFailed])
        .constant("MAX_PROMPT_CHARS", kling_api::MAX_PROMPT_CHARS)
        .constant("MAX_PICTURE_BYTES", kling_api::MAX_IMAGE_BYTES)
        .constant("MIN_PICTURE_SIDE", kling_api::MIN_SIDE)
        .constant("MAX_OMNI_PICTURES", kling_api::MAX_OMNI_REFERENCES)
        .constant("MAX_OMNI_PICTURES_WITH_VIDEO", kling_api::MAX_OMNI_REFERENCES_WITH_VIDEO)
        .constant("MAX_MULTI_PICTURES", kling_api::MAX_MULTI_IMAGES)
        .constant("MAX_SOUND_PROMPT_CHARS", kling_api::MAX_AUDIO_PROMPT_CHARS)
        .constant("MAX_EXPANSION_RATIO", kling_api::MAX_EXPANSION_RATIO)
        .constant("MAX_EXPANDED_AREA", kling_api::MAX_EXPANDED_AREA)
        .constant("MAX_SUBJECT_PICTURES", kling_api::MAX_SUBJECT_PICTURES)
        .constant("MAX_OMNI_IMAGE_REFERENCES", kling_api::MAX_OMNI_IMAGE_REFERENCES)
        .constant("SERIES_AMOUNTS", [kling_api::SERIES_AMOUNTS.0, kling_api::SERIES_AMOUNTS.1, kling_api::DEFAULT_SERIES_AMOUNT])
        .constant("SOUND_SECONDS", [kling_api::TEXT_TO_AUDIO_SECONDS.0, kling_api::TEXT_TO_AUDIO_SECONDS.1, kling_api::TEXT_TO_AUDIO_DEFAULT_SECONDS])
        .constant("MAX_ELEMENT_NAME_CHARS", kling_api::MAX_ELEMENT_NAME_CHARS)
        .constant("MAX_ELEMENT_DESCRIPTION_CHARS", kling_api::MAX_ELEMENT_DESCRIPTION_CHARS)
        .constant("ELEMENT_REFER_PICTURES", [kling_api::ELEMENT_REFER_IMAGES.0, kling_api::ELEMENT_REFER_IMAGES.1])
        .constant("ELEMENT_TAGS", kling_api::ELEMENT_TAG_NAMES.map(|(id, name)| [id, name]))
        .constant("MAX_VOICE_NAME_CHARS", kling_api::MAX_VOICE_NAME_CHARS)
        .constant("MAX_CONCURRENCY", studio::engine::MAX_CONCURRENCY)
        // Every error code, for the UI's checks that each has its words.
        .constant("ERROR_CODES", kling_api::ErrorCode::ALL.to_vec())
        // Sizes, counts and Unix-millisecond times all fit a JS number exactly.
        .dangerously_cast_bigints_to_number()
}

/// The bindings as generated now.
pub fn export(path: &std::path::Path) -> Result<(), String> {
    let ts = specta_typescript::Typescript::default().header("// Generated from the Rust types by `cargo test --test bindings`; do not edit.\n");
    builder().export(ts, path).map_err(|e| e.to_string())
}
