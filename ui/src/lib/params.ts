// The request a result was made with, as the detail panel lists it: the form's own words and
// values ("Professional", "Down & back", "zoom 5"), not the API's field names and JSON.

import type { JobRequest } from "./bindings";
import { CAMERA_PRESETS } from "./forms.svelte";


/** Fields shown elsewhere in the panel, or meaningless to a person (ids, inputs, callbacks). */
const HIDDEN = new Set([
  "prompt",
  "negative_prompt",
  "model_name",
  "model",
  "external_task_id",
  "callback_url",
  "image",
  "image_tail",
  "static_mask",
  "dynamic_masks",
  "multi_shot",
  // The video tools' inputs (pictures travel beside the request) and the face session's id.
  "image_list",
  "image_url",
  "input",
  "session_id",
  // The picture tools' pictures: the library's are listed under "Made from".
  "subject_image_list",
  "scene_image",
  "style_image",
  "human_image",
  "cloth_image",
]);

function camera(value: unknown): string {
  const c = value as { type?: string; config?: Record<string, number> } | null;
  if (!c?.type) return JSON.stringify(value);
  const name = CAMERA_PRESETS.find((p) => p.type === c.type)?.label ?? c.type;
  const moves = Object.entries(c.config ?? {}).filter(([, v]) => v !== 0);
  return moves.length > 0 ? `${name}: ${moves.map(([axis, v]) => `${axis} ${v}`).join(", ")}` : name;
}

function shots(value: unknown): string {
  const list = value as { index?: number; prompt?: string; duration?: string }[];
  if (!Array.isArray(list)) return JSON.stringify(value);
  return list.map((s, i) => `${s.index ?? i + 1}. ${s.prompt ?? ""} (${s.duration ?? "?"} s)`).join(" · ");
}

/** A ratio of the picture's side, as a person says it: "50% of its side". */
function share(v: unknown): string {
  return typeof v === "number" ? `${Math.round(v * 100)}% of its side` : String(v);
}

function ids(key: string): (v: unknown) => string {
  return (v) => (Array.isArray(v) ? v.map((x) => String((x as Record<string, unknown>)[key])).join(", ") : JSON.stringify(v));
}

const FIELDS: Record<string, { label: string; show?: (v: unknown) => string }> = {
  mode: { label: "Mode", show: (v) => (v === "pro" ? "Professional" : v === "std" ? "Standard" : v === "4k" ? "4K" : String(v)) },
  duration: { label: "Duration asked", show: (v) => `${v} s` },
  sound: { label: "Sound", show: (v) => (v === "on" ? "With sound" : v === "off" ? "Silent" : String(v)) },
  shot_type: { label: "Shots", show: (v) => (v === "intelligence" ? "Split by Kling" : v === "customize" ? "Given shot by shot" : String(v)) },
  multi_prompt: { label: "Shot list", show: shots },
  voice_list: { label: "Voices", show: ids("voice_id") },
  element_list: { label: "Elements", show: ids("element_id") },
  watermark_info: { label: "Watermarked copy", show: (v) => ((v as { enabled?: boolean } | null)?.enabled ? "Yes" : "No") },
  aspect_ratio: { label: "Aspect ratio" },
  up_expansion_ratio: { label: "Top grown by", show: share },
  down_expansion_ratio: { label: "Bottom grown by", show: share },
  left_expansion_ratio: { label: "Left grown by", show: share },
  right_expansion_ratio: { label: "Right grown by", show: share },
  n: { label: "Pictures asked" },
  cfg_scale: { label: "Prompt adherence (cfg)" },
  image_fidelity: { label: "Reference strength" },
  human_fidelity: { label: "Face fidelity" },
  image_reference: { label: "Reference kind" },
  result_type: { label: "Results", show: (v) => (v === "series" ? "A series" : v === "single" ? "Separate pictures" : String(v)) },
  series_amount: { label: "Pictures in the series", show: (v) => (v === "auto" ? "As many as Kling saw fit" : String(v)) },
  resolution: { label: "Resolution", show: (v) => String(v).toUpperCase() },
  camera_control: { label: "Camera movement", show: camera },
  video_id: { label: "Kling video" },
  video_url: { label: "Video" },
  video_list: { label: "Reference videos", show: ids("video_url") },
  effect_scene: { label: "Effect" },
  sound_effect_prompt: { label: "Sound effects" },
  bgm_prompt: { label: "Music" },
  asmr_mode: { label: "ASMR", show: (v) => (v ? "Yes" : "No") },
  character_orientation: { label: "Character faces as in the", show: (v) => (v === "video" ? "video" : v === "image" ? "picture" : String(v)) },
  keep_original_sound: { label: "Original sound", show: (v) => (v === "yes" ? "Kept" : v === "no" ? "Dropped" : String(v)) },
  face_choose: { label: "Face", show: faces },
};

function faces(value: unknown): string {
  const list = value as { face_id?: string; audio_id?: string; sound_start_time?: number; sound_end_time?: number; sound_insert_time?: number }[];
  if (!Array.isArray(list)) return JSON.stringify(value);
  const s = (ms?: number) => `${((ms ?? 0) / 1000).toFixed(1)} s`;
  return list
    .map((f) => `face ${f.face_id ?? "?"}: ${f.audio_id ? `audio ${f.audio_id}` : "sound file"} ${s(f.sound_start_time)}–${s(f.sound_end_time)}, from ${s(f.sound_insert_time)} in the video`)
    .join(" · ");
}

/** Label and value of every parameter worth showing, in the form's order, unknown ones last. */
export function describeParams(params: Record<string, unknown>): [string, string][] {
  // An edge Expand did not grow says nothing.
  const present = Object.entries(params).filter(([k, v]) => v != null && v !== "" && !HIDDEN.has(k) && !(k.endsWith("_expansion_ratio") && v === 0));
  const known = Object.keys(FIELDS);
  present.sort(([a], [b]) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99));
  return present.map(([k, v]) => {
    const field = FIELDS[k];
    if (field) return [field.label, field.show ? field.show(v) : String(v)];
    const label = k.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
    return [label, typeof v === "object" ? JSON.stringify(v) : String(v)];
  });
}

/** The parameters of a stored request (a task from the account's history has none known). */
export function describeRequest(job: JobRequest): [string, string][] {
  if (job.kind === "history") return [["Settings", "Unknown (found in the account's history)"]];
  return describeParams(job.request as Record<string, unknown>);
}

/** The prompt a request was made with: for a clip given shot by shot, its shots' prompts in order ("" when it had none). */
export function promptOf(job: JobRequest): string {
  switch (job.kind) {
    case "history":
    case "lip-sync":
      return "";
    case "effects":
      return job.request.effect_scene;
    case "video-to-audio":
      return [job.request.sound_effect_prompt, job.request.bgm_prompt]
        .map((t) => (t ?? "").trim())
        .filter((t) => t !== "")
        .join(" / ");
    case "image":
    case "multi-image2video":
    case "text-to-audio":
    case "omni-image":
      return job.request.prompt;
    case "video-extend":
    case "motion-control":
    case "image-expand":
    case "multi-image2image":
      return job.request.prompt ?? "";
    case "virtual-try-on":
      return "";
    case "text2video":
    case "image2video":
    case "omni-video": {
      const prompt = job.request.prompt ?? "";
      const shots = job.request.multi_prompt;
      return prompt.trim() === "" && shots && shots.length > 0 ? shots.map((s) => s.prompt.trim()).join(" / ") : prompt;
    }
  }
}
