//! The words the CLI uses for kinds and states.

use kling_api::{TaskKind, TaskStatus};

pub fn kind_word(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Image => "image",
        TaskKind::TextToVideo => "video",
        TaskKind::ImageToVideo => "animate",
        other => other.as_str(),
    }
}

pub fn status_word(status: &TaskStatus) -> String {
    match status {
        TaskStatus::Submitted => "queued at Kling".into(),
        TaskStatus::Processing => "generating".into(),
        TaskStatus::Succeeded => "succeeded".into(),
        TaskStatus::Failed => "failed".into(),
        TaskStatus::Unknown(s) => format!("in state \"{s}\""),
    }
}

/// The flag a person typed for an API field the rules refused, so `-n 12` is answered about
/// `-n`, not about the API's `n`. Fields with no flag of their own keep their API name.
pub fn flag_for_field(field: &str) -> &str {
    match field {
        "negative_prompt" => "--negative",
        "n" => "-n/--count",
        "aspect_ratio" => "--aspect",
        "model_name" => "--model",
        "image" => "--image",
        "image_tail" => "--tail",
        "image_fidelity" => "--fidelity",
        "human_fidelity" => "--human-fidelity",
        "image_reference" => "--reference",
        "resolution" => "--resolution",
        "mode" => "--mode",
        "duration" => "--duration",
        "cfg_scale" => "--cfg",
        "camera_control" => "--camera",
        "external_task_id" => "--external-id",
        "sound" => "--sound",
        "voice_list" => "--voice",
        "element_list" => "--element",
        "multi_shot" | "shot_type" => "--shot/--multi-shot",
        "multi_prompt" => "--shot",
        "watermark_info" => "--watermark",
        "image_list" | "input" | "input.image" | "input.images" => "--image",
        "video_list" => "--video",
        "input.duration" => "--duration",
        "effect_scene" => "SCENE",
        "up_expansion_ratio" => "--up",
        "down_expansion_ratio" => "--down",
        "left_expansion_ratio" => "--left",
        "right_expansion_ratio" => "--right",
        "subject_image_list" => "--subject",
        "scene_image" => "--scene",
        "style_image" => "--style",
        "human_image" => "PERSON",
        "cloth_image" => "GARMENT",
        "series_amount" | "result_type" => "--series",
        "sound_effect_prompt" => "--effects",
        "bgm_prompt" => "--music",
        "sound_file" => "--audio",
        "sound_start_time" => "--start",
        "sound_end_time" => "--end",
        "sound_insert_time" => "--insert",
        "sound_volume" => "--volume",
        "original_audio_volume" => "--original-volume",
        "face_id" | "face_choose" => "--face",
        "character_orientation" => "--orientation",
        "keep_original_sound" => "--keep-sound",
        "pageNum" => "--page",
        "pageSize" => "--page-size",
        other => other,
    }
}
