// The Omni and Multi forms' state, kept while the person moves around the app, and the requests
// built from it. Pictures are numbered in the prompt as <<<image_N>>> in the order they are
// listed; a clip is <<<video_1>>>.
import type {
  AspectRatio,
  FrameType,
  JobRequest_Serialize,
  Mode,
  ModelOffer,
  MultiImageToVideoRequest_Deserialize,
  OmniClip,
  OmniPicture_Deserialize,
  OmniVideoRequest_Deserialize,
  PictureCheck,
  ReferType,
  Sound,
  VideoDuration,
} from "./bindings";
import { ids, shotsOf, videoBasics, videoOptionsFrom, type CameraChoice, type ShotMode, type ShotRow } from "./forms.svelte";

/** A picture of the Omni form: checked, and used as a plain reference or a frame. */
export type OmniPictureRow = { picture: PictureCheck; frame: FrameType | null };

/** The Omni form's clip: a library video (by its item id) or a web address. */
export type ClipChoice = { from: "library"; item_id: string; name: string } | { from: "url"; url: string };

export const omniForm = $state({
  prompt: "",
  model_name: "",
  mode: "pro" as Mode,
  duration: "5" as VideoDuration,
  aspect_ratio: "16:9" as AspectRatio,
  sound: "off" as Sound,
  shotMode: "single" as ShotMode,
  shots: [] as ShotRow[],
  watermark: false,
  elements: "",
  // Fields VideoSettings shares with the other video forms; Omni takes neither.
  cfg_scale: 0.5,
  camera: { type: "none", axis: "zoom", value: 5 } as CameraChoice,
  pictures: [] as OmniPictureRow[],
  pictureError: null as string | null,
  checking: false,
  clip: null as ClipChoice | null,
  refer_type: "base" as ReferType,
  keep_original_sound: true,
  /** Where the prompt's caret was last: a reference chip inserts there. */
  cursor: null as number | null,
});

export const multiForm = $state({
  prompt: "",
  negative_prompt: "",
  model_name: "",
  mode: "std" as Mode,
  duration: "5" as VideoDuration,
  aspect_ratio: "16:9" as AspectRatio,
  watermark: false,
  cfg_scale: 0.5,
  camera: { type: "none", axis: "zoom", value: 5 } as CameraChoice,
  sound: "off" as Sound,
  shotMode: "single" as ShotMode,
  shots: [] as ShotRow[],
  pictures: [] as PictureCheck[],
  pictureError: null as string | null,
  checking: false,
});

export const MIN_MULTI_PICTURES = 2;

/** The token a chip inserts into the prompt. */
export type ReferenceKind = "image" | "video" | "element" | "voice";

export function token(kind: ReferenceKind, n: number): string {
  return `<<<${kind}_${n}>>>`;
}

/**
 * `inserted` put into `text` at `cursor` (the end when unknown), with a space on either side
 * where a word would otherwise touch it. Returns the text and where the caret goes after it.
 */
export function insertAt(text: string, cursor: number | null, inserted: string): { text: string; cursor: number } {
  const at = cursor == null || cursor < 0 || cursor > text.length ? text.length : cursor;
  const before = text.slice(0, at);
  const after = text.slice(at);
  const left = before.length > 0 && !/\s$/.test(before) ? " " : "";
  const right = after.length > 0 && !/^\s/.test(after) ? " " : "";
  const piece = `${left}${inserted}${right}`;
  return { text: before + piece + after, cursor: before.length + left.length + inserted.length };
}

/**
 * The prompt after picture (or element, voice…) `removed` (1-based) is taken out: its references
 * go (with the space before them), and later ones' references move down by one so they still
 * name the same input.
 */
export function renumberAfterRemoval(prompt: string, removed: number, kind: ReferenceKind = "image"): string {
  return prompt
    .replace(new RegExp(`\\s?<<<${kind}_${removed}>>>`, "g"), "")
    .replace(new RegExp(`<<<${kind}_(\\d+)>>>`, "g"), (whole, n: string) => {
      const k = Number(n);
      return k > removed ? token(kind, k - 1) : whole;
    })
    .replace(/^\s+/, "");
}

/** The chips the prompt offers: one per picture, element and the clip. */
export function references(f: typeof omniForm = omniForm): { token: string; label: string }[] {
  const chips = f.pictures.map((p, i) => ({ token: token("image", i + 1), label: p.frame === "first_frame" ? `Picture ${i + 1} (first frame)` : p.frame === "end_frame" ? `Picture ${i + 1} (end frame)` : `Picture ${i + 1}` }));
  ids(f.elements).forEach((_, i) => chips.push({ token: token("element", i + 1), label: `Element ${i + 1}` }));
  if (f.clip) chips.push({ token: token("video", 1), label: "Clip" });
  return chips;
}

/** Inserts a reference at the caret; returns where the caret goes. */
export function insertReference(inserted: string, f: typeof omniForm = omniForm): number {
  const next = insertAt(f.prompt, f.cursor, inserted);
  f.prompt = next.text;
  f.cursor = next.cursor;
  return next.cursor;
}

export function removePicture(index: number, f: typeof omniForm = omniForm) {
  f.pictures.splice(index, 1);
  f.prompt = renumberAfterRemoval(f.prompt, index + 1);
  f.cursor = null;
}

/** The clip edits the video (`base`): no frames, no aspect ratio, its own length. */
export function editsClip(f: typeof omniForm = omniForm): boolean {
  return f.clip != null && f.refer_type === "base";
}

function hasFirstFrame(f: typeof omniForm): boolean {
  return f.pictures.some((p) => p.frame === "first_frame");
}

/** The shape follows a first frame or the edited clip; otherwise the form's aspect ratio. */
export function aspectFollowsInput(f: typeof omniForm = omniForm): boolean {
  return hasFirstFrame(f) || editsClip(f);
}

/** What the catalogue offers as far as the request depends on it; all, before it answers. */
type Offered = Pick<ModelOffer, "modes" | "sound" | "multi_shot" | "watermark" | "max_elements">;
const EVERYTHING: Offered = { modes: ["std", "pro", "4k"], sound: "on_or_off", multi_shot: true, watermark: true, max_elements: 7 };

export function omniRequest(offer: Offered | null = null): OmniVideoRequest_Deserialize {
  const f = omniForm;
  const o = offer ?? EVERYTHING;
  const shots = o.multi_shot ? f.shotMode : "single";
  const elements = ids(f.elements);
  return {
    model_name: f.model_name,
    prompt: f.prompt.trim(),
    // A clip among the inputs keeps sound off (its own is kept by keep_original_sound).
    sound: o.sound === "none" || f.clip ? null : o.sound === "off_only" ? "off" : f.sound,
    mode: o.modes.includes(f.mode) ? f.mode : null,
    aspect_ratio: aspectFollowsInput(f) ? null : f.aspect_ratio,
    // An edited clip keeps its own length.
    duration: editsClip(f) ? null : f.duration,
    multi_shot: shots === "single" ? null : true,
    shot_type: shots === "single" ? null : shots,
    multi_prompt: shots === "customize" ? shotsOf(f.shots) : null,
    element_list: elements.length > 0 && o.max_elements > 0 ? elements.map((element_id) => ({ element_id })) : null,
    watermark_info: f.watermark && o.watermark ? { enabled: true } : null,
  };
}

/** The pictures as the command takes them, in prompt order. */
export function omniPictures(f: typeof omniForm = omniForm): OmniPicture_Deserialize[] {
  return f.pictures.map((p) => ({ path: p.picture.path, frame: p.frame }));
}

export function omniClip(f: typeof omniForm = omniForm): OmniClip | null {
  if (!f.clip) return null;
  const source = f.clip.from === "library" ? { from: "library" as const, item_id: f.clip.item_id } : { from: "url" as const, url: f.clip.url.trim() };
  return { source, refer_type: f.refer_type, keep_original_sound: f.keep_original_sound };
}

export function multiRequest(offer: Pick<ModelOffer, "modes" | "watermark"> | null = null): MultiImageToVideoRequest_Deserialize {
  const f = multiForm;
  const negative = f.negative_prompt.trim();
  return {
    model_name: f.model_name,
    prompt: f.prompt.trim(),
    negative_prompt: negative ? negative : null,
    mode: !offer || offer.modes.includes(f.mode) ? f.mode : null,
    duration: f.duration,
    aspect_ratio: f.aspect_ratio,
    watermark_info: f.watermark && (offer?.watermark ?? true) ? { enabled: true } : null,
  };
}

/**
 * "Reuse all settings" for an Omni or Multi request: the settings back into the form (pictures
 * and clip are restored by the caller, which checks each file). Returns the form's tab.
 */
export function reuseToolSettings(job: JobRequest_Serialize): "omni" | "multi" | null {
  if (job.kind === "omni-video") {
    const r = job.request;
    const video = r.video_list?.[0];
    Object.assign(omniForm, {
      prompt: r.prompt,
      model_name: r.model_name,
      mode: r.mode ?? "pro",
      duration: r.duration ?? "5",
      aspect_ratio: r.aspect_ratio ?? "16:9",
      ...videoOptionsFrom(r),
      elements: (r.element_list ?? []).map((e) => e.element_id).join(", "),
      pictures: [],
      clip: video ? { from: "url", url: video.video_url } : null,
      refer_type: video?.refer_type ?? "base",
      keep_original_sound: video?.keep_original_sound !== "no",
      cursor: null,
    });
    return "omni";
  }
  if (job.kind === "multi-image2video") {
    const r = job.request;
    Object.assign(multiForm, {
      ...videoBasics(r),
      aspect_ratio: r.aspect_ratio ?? "16:9",
      watermark: r.watermark_info?.enabled ?? false,
      pictures: [],
    });
    return "multi";
  }
  return null;
}

/** The frame of each stored picture: the stored request keeps `image_list` (without the
 * pictures), which the bindings leave out of its type. */
export function storedFrames(job: JobRequest_Serialize): (FrameType | null)[] {
  if (job.kind !== "omni-video") return [];
  const list = (job.request as { image_list?: unknown }).image_list;
  if (!Array.isArray(list)) return [];
  return list.map((entry) => {
    const type = (entry as { type?: unknown } | null)?.type;
    return type === "first_frame" || type === "end_frame" ? type : null;
  });
}
