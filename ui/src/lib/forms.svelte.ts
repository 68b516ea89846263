// The Create forms' state, kept while the person moves around the app, and the requests built
// from it. "Reuse settings" in the gallery writes into these.
import type {
  AspectRatio,
  CameraControl_Deserialize,
  CameraControl_Serialize,
  CameraType,
  ImageReference,
  ImageRequest_Deserialize,
  ImageToVideoRequest_Deserialize,
  JobRequest_Serialize,
  Mode,
  ModelOffer,
  PictureCheck,
  Resolution,
  Shot,
  ShotType,
  Sound,
  TextToAudioRequest,
  TextToVideoRequest_Deserialize,
  VideoDuration,
} from "./bindings";
import { MAX_SOUND_PROMPT_CHARS, SOUND_SECONDS } from "./bindings";

export const AXES = ["horizontal", "vertical", "pan", "tilt", "roll", "zoom"] as const;
export type Axis = (typeof AXES)[number];

/** The camera moves the form offers, with the words it shows (the detail panel uses them too). */
export const CAMERA_PRESETS: { type: "none" | CameraType; label: string }[] = [
  { type: "none", label: "None" },
  { type: "simple", label: "Simple" },
  { type: "down_back", label: "Down & back" },
  { type: "forward_up", label: "Forward & up" },
  { type: "right_turn_forward", label: "Right turn" },
  { type: "left_turn_forward", label: "Left turn" },
];

/** Camera move as the form holds it: none, a preset, or `simple` along one axis. */
export type CameraChoice = { type: "none" | CameraType; axis: Axis; value: number };

/** One video or several shots: given by the person (customize) or cut by Kling (intelligence). */
export type ShotMode = "single" | ShotType;
/** A shot as the shots editor holds it. */
export type ShotRow = { prompt: string; seconds: number };
export const MAX_SHOTS = 6;

/**
 * The model a form starts with: empty until the catalogue's offer names its default (the first
 * model), so no model is written here.
 */
const FROM_CATALOGUE = "";

export const imageForm = $state({
  prompt: "",
  negative_prompt: "",
  model_name: FROM_CATALOGUE,
  aspect_ratio: "16:9" as AspectRatio,
  n: 1,
  resolution: "1k" as Resolution,
  reference: null as PictureCheck | null,
  referenceError: null as string | null,
  image_reference: "subject" as ImageReference,
  image_fidelity: 0.5,
  human_fidelity: 0.45,
  elements: "",
  watermark: false,
});

export const videoForm = $state({
  prompt: "",
  negative_prompt: "",
  model_name: FROM_CATALOGUE,
  mode: "std" as Mode,
  duration: "5" as VideoDuration,
  aspect_ratio: "16:9" as AspectRatio,
  cfg_scale: 0.5,
  camera: { type: "none", axis: "zoom", value: 5 } as CameraChoice,
  sound: "off" as Sound,
  shotMode: "single" as ShotMode,
  shots: [] as ShotRow[],
  watermark: false,
});

/** Create → Sound: a sound from words (text-to-audio), 3.0–10.0 s in tenths. */
export const soundForm = $state({
  prompt: "",
  duration: SOUND_SECONDS[2] as number,
});

export const animateForm = $state({
  image: null as PictureCheck | null,
  image_tail: null as PictureCheck | null,
  errors: { image: null as string | null, image_tail: null as string | null },
  checking: { image: false, image_tail: false },
  prompt: "",
  negative_prompt: "",
  model_name: FROM_CATALOGUE,
  mode: "std" as Mode,
  duration: "5" as VideoDuration,
  cfg_scale: 0.5,
  camera: { type: "none", axis: "zoom", value: 5 } as CameraChoice,
  sound: "off" as Sound,
  shotMode: "single" as ShotMode,
  shots: [] as ShotRow[],
  voices: "",
  elements: "",
  watermark: false,
});

function text(s: string): string | null {
  const t = s.trim();
  return t ? t : null;
}

function camera(choice: CameraChoice): CameraControl_Deserialize | null {
  if (choice.type === "none") return null;
  if (choice.type !== "simple") return { type: choice.type };
  const config = { horizontal: 0, vertical: 0, pan: 0, tilt: 0, roll: 0, zoom: 0 };
  config[choice.axis] = choice.value;
  return { type: "simple", config };
}

/** Ids typed into one field, separated by commas or spaces. */
export function ids(textValue: string): string[] {
  return textValue.split(/[\s,]+/).filter((id) => id.length > 0);
}

/**
 * What the chosen model offers; before the catalogue has answered (and in tests of the forms'
 * state) every option counts as offered.
 */
type Offered = Pick<ModelOffer, "modes" | "cfg_scale" | "camera" | "sound" | "multi_shot" | "max_voices" | "max_elements" | "watermark" | "references">;
const EVERYTHING: Offered = {
  modes: ["std", "pro", "4k"],
  cfg_scale: true,
  camera: "all",
  sound: "on_or_off",
  multi_shot: true,
  max_voices: 2,
  max_elements: 3,
  watermark: true,
  references: ["subject", "face"],
};

function watermark(on: boolean, o: Offered) {
  return on && o.watermark ? { enabled: true } : null;
}

function elements(textValue: string, o: Offered) {
  const list = ids(textValue);
  return list.length > 0 && o.max_elements > 0 ? list.map((element_id) => ({ element_id })) : null;
}

/** The shots as the API takes them: numbered from 1, lengths as strings. */
export function shotsOf(rows: ShotRow[]): Shot[] {
  return rows.map((r, i) => ({ index: i + 1, prompt: r.prompt.trim(), duration: String(r.seconds) }));
}

/** The seconds the shots add up to, shown against the video's length. */
export function shotSeconds(rows: ShotRow[]): number {
  return rows.reduce((sum, r) => sum + (Number.isFinite(r.seconds) ? r.seconds : 0), 0);
}

type VideoFields = typeof videoForm | typeof animateForm;

/** The fields both video forms share: mode, sound, shots, watermark. */
function videoOptions(f: VideoFields, o: Offered) {
  const shots = o.multi_shot ? f.shotMode : "single";
  return {
    mode: o.modes.length === 0 ? null : f.mode,
    duration: f.duration,
    cfg_scale: o.cfg_scale ? f.cfg_scale : null,
    camera_control: o.camera !== "none" ? camera(f.camera) : null,
    sound: o.sound === "none" ? null : o.sound === "off_only" ? ("off" as Sound) : f.sound,
    multi_shot: shots === "single" ? null : true,
    shot_type: shots === "single" ? null : shots,
    multi_prompt: shots === "customize" ? shotsOf(f.shots) : null,
    watermark_info: watermark(f.watermark, o),
  };
}

/** Customised shots carry the prompts; the video's own prompt may then stay empty. */
export function promptOptional(f: VideoFields, o: Offered | null): boolean {
  return (o ?? EVERYTHING).multi_shot && f.shotMode === "customize";
}

export function imageRequest(offer: Offered | null = null): ImageRequest_Deserialize {
  const f = imageForm;
  const o = offer ?? EVERYTHING;
  const withReference = f.reference != null;
  const reference = withReference && o.references.includes(f.image_reference);
  return {
    model_name: f.model_name,
    prompt: f.prompt.trim(),
    // The API refuses a negative prompt together with a reference picture.
    negative_prompt: withReference ? null : text(f.negative_prompt),
    aspect_ratio: f.aspect_ratio,
    n: f.n,
    resolution: f.resolution,
    image_reference: reference ? f.image_reference : null,
    image_fidelity: withReference ? f.image_fidelity : null,
    human_fidelity: reference && f.image_reference === "subject" ? f.human_fidelity : null,
    element_list: elements(f.elements, o),
    watermark_info: watermark(f.watermark, o),
  };
}

export function videoRequest(offer: Offered | null = null): TextToVideoRequest_Deserialize {
  const f = videoForm;
  return {
    model_name: f.model_name,
    prompt: f.prompt.trim(),
    negative_prompt: text(f.negative_prompt),
    aspect_ratio: f.aspect_ratio,
    ...videoOptions(f, offer ?? EVERYTHING),
  };
}

export function animateRequest(offer: Offered | null = null): ImageToVideoRequest_Deserialize {
  const f = animateForm;
  const o = offer ?? EVERYTHING;
  const voices = ids(f.voices);
  return {
    model_name: f.model_name,
    prompt: text(f.prompt),
    negative_prompt: text(f.negative_prompt),
    ...videoOptions(f, o),
    voice_list: voices.length > 0 && o.max_voices > 0 ? voices.map((voice_id) => ({ voice_id })) : null,
    element_list: elements(f.elements, o),
  };
}

function cameraFrom(c: CameraControl_Serialize | null | undefined): CameraChoice {
  if (!c?.type) return { type: "none", axis: "zoom", value: 5 };
  if (c.type !== "simple" || !c.config) return { type: c.type, axis: "zoom", value: 5 };
  const config = c.config;
  const axis = AXES.find((a) => (config[a] ?? 0) !== 0) ?? "zoom";
  return { type: "simple", axis, value: config[axis] ?? 0 };
}

/** Sound, shots and watermark of a stored request, as the form holds them. */
export function videoOptionsFrom(r: { sound?: Sound | null; multi_shot?: boolean | null; shot_type?: ShotType | null; multi_prompt?: Shot[] | null; watermark_info?: { enabled: boolean } | null }) {
  return {
    sound: r.sound ?? "off",
    shotMode: (r.multi_shot ? (r.shot_type ?? "customize") : "single") as ShotMode,
    shots: (r.multi_prompt ?? []).map((s) => ({ prompt: s.prompt, seconds: Number(s.duration) })),
    watermark: r.watermark_info?.enabled ?? false,
  };
}

/** What most video forms share, from a past request (a field it left out takes Kling's default). */
export function videoBasics(r: { prompt?: string | null; negative_prompt?: string | null; model_name: string; mode?: Mode | null; duration?: VideoDuration | null }) {
  return {
    prompt: r.prompt ?? "",
    negative_prompt: r.negative_prompt ?? "",
    model_name: r.model_name,
    mode: r.mode ?? "std",
    duration: r.duration ?? "5",
  };
}

export type FormTab = "image" | "video" | "animate" | "sound";

/** The sound's length as sent: within 3.0–10.0 s, in tenths (the API takes one decimal). */
export function soundSeconds(value: number | null): number {
  const [min, max, fallback] = SOUND_SECONDS;
  if (value === null || !Number.isFinite(value)) return fallback;
  return Math.round(Math.min(max, Math.max(min, value)) * 10) / 10;
}

/** What is wrong with the sound form, in words, or null when it can be sent. */
export function soundProblem(f: { prompt: string; duration: number }): string | null {
  if (f.prompt.trim() === "") return "Describe the sound.";
  const count = [...f.prompt].length;
  if (count > MAX_SOUND_PROMPT_CHARS) return `The description is ${count} characters; Kling takes at most ${MAX_SOUND_PROMPT_CHARS}.`;
  return null;
}

export function soundRequest(): TextToAudioRequest {
  return { prompt: soundForm.prompt, duration: soundSeconds(soundForm.duration) };
}

/**
 * Puts every setting of a past request back into its form. A field the request left out takes
 * the API's default (what Kling used). Returns the form's tab, or null for a task found in the
 * account's history, whose settings are unknown.
 */
export function reuseSettings(job: JobRequest_Serialize): FormTab | null {
  switch (job.kind) {
    case "image": {
      const r = job.request;
      Object.assign(imageForm, {
        prompt: r.prompt,
        negative_prompt: r.negative_prompt ?? "",
        model_name: r.model_name,
        aspect_ratio: r.aspect_ratio ?? "16:9",
        n: r.n ?? 1,
        resolution: r.resolution ?? "1k",
        image_reference: r.image_reference ?? "subject",
        image_fidelity: r.image_fidelity ?? 0.5,
        human_fidelity: r.human_fidelity ?? 0.45,
        elements: (r.element_list ?? []).map((e) => e.element_id).join(", "),
        watermark: r.watermark_info?.enabled ?? false,
      });
      return "image";
    }
    case "text2video": {
      const r = job.request;
      Object.assign(videoForm, {
        ...videoBasics(r),
        aspect_ratio: r.aspect_ratio ?? "16:9",
        cfg_scale: r.cfg_scale ?? 0.5,
        camera: cameraFrom(r.camera_control),
        ...videoOptionsFrom(r),
      });
      return "video";
    }
    case "image2video": {
      const r = job.request;
      Object.assign(animateForm, {
        ...videoBasics(r),
        cfg_scale: r.cfg_scale ?? 0.5,
        camera: cameraFrom(r.camera_control),
        ...videoOptionsFrom(r),
        voices: (r.voice_list ?? []).map((v) => v.voice_id).join(", "),
        elements: (r.element_list ?? []).map((e) => e.element_id).join(", "),
      });
      return "animate";
    }
    case "text-to-audio":
      Object.assign(soundForm, { prompt: job.request.prompt, duration: soundSeconds(job.request.duration) });
      return "sound";
    case "history":
      return null;
    // The video tools have no form yet: nothing to restore into.
    case "omni-video":
    case "multi-image2video":
    case "video-extend":
    case "lip-sync":
    case "effects":
    case "video-to-audio":
    case "motion-control":
    // Expand works on its gallery picture, from the picture's own Expand button.
    case "image-expand":
    // Compose and Try-on restore their pictures too (compose.svelte.ts, reusePictureTool).
    case "multi-image2image":
    case "virtual-try-on":
    // And Omni image (omni-image.svelte.ts, reuseOmniImage).
    case "omni-image":
      return null;
  }
}

export function reusePrompt(kind: string, prompt: string): FormTab {
  if (kind === "image") {
    imageForm.prompt = prompt;
    return "image";
  }
  if (kind === "image2video") {
    animateForm.prompt = prompt;
    return "animate";
  }
  if (kind === "text-to-audio") {
    soundForm.prompt = prompt;
    return "sound";
  }
  videoForm.prompt = prompt;
  return "video";
}
