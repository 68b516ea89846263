// The Create forms' state, kept while the person moves around the app, and the requests built
// from it. "Reuse settings" in the gallery writes into these.
import type {
  AspectRatio,
  CameraControl_Deserialize,
  CameraType,
  ImageReference,
  ImageRequest_Deserialize,
  ImageToVideoRequest_Deserialize,
  Mode,
  PictureCheck,
  Resolution,
  TextToVideoRequest_Deserialize,
  VideoDuration,
} from "./bindings";

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

export const imageForm = $state({
  prompt: "",
  negative_prompt: "",
  model_name: "kling-v1",
  aspect_ratio: "16:9" as AspectRatio,
  n: 1,
  resolution: "1k" as Resolution,
  reference: null as PictureCheck | null,
  referenceError: null as string | null,
  image_reference: "subject" as ImageReference,
  image_fidelity: 0.5,
  human_fidelity: 0.45,
});

export const videoForm = $state({
  prompt: "",
  negative_prompt: "",
  model_name: "kling-v1",
  mode: "std" as Mode,
  duration: "5" as VideoDuration,
  aspect_ratio: "16:9" as AspectRatio,
  cfg_scale: 0.5,
  camera: { type: "none", axis: "zoom", value: 5 } as CameraChoice,
});

export const animateForm = $state({
  image: null as PictureCheck | null,
  image_tail: null as PictureCheck | null,
  errors: { image: null as string | null, image_tail: null as string | null },
  checking: { image: false, image_tail: false },
  prompt: "",
  negative_prompt: "",
  model_name: "kling-v1",
  mode: "std" as Mode,
  duration: "5" as VideoDuration,
  cfg_scale: 0.5,
  camera: { type: "none", axis: "zoom", value: 5 } as CameraChoice,
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

export function imageRequest(): ImageRequest_Deserialize {
  const f = imageForm;
  const withReference = f.reference != null;
  return {
    model_name: f.model_name,
    prompt: f.prompt.trim(),
    // The API refuses a negative prompt together with a reference picture.
    negative_prompt: withReference ? null : text(f.negative_prompt),
    aspect_ratio: f.aspect_ratio,
    n: f.n,
    resolution: f.resolution,
    image_reference: withReference && f.model_name === "kling-v1-5" ? f.image_reference : null,
    image_fidelity: withReference ? f.image_fidelity : null,
    human_fidelity: withReference && f.model_name === "kling-v1-5" && f.image_reference === "subject" ? f.human_fidelity : null,
  };
}

export function videoRequest(cfgSupported: boolean, cameraAllowed: boolean): TextToVideoRequest_Deserialize {
  const f = videoForm;
  return {
    model_name: f.model_name,
    prompt: f.prompt.trim(),
    negative_prompt: text(f.negative_prompt),
    mode: f.mode,
    duration: f.duration,
    aspect_ratio: f.aspect_ratio,
    cfg_scale: cfgSupported ? f.cfg_scale : null,
    camera_control: cameraAllowed ? camera(f.camera) : null,
  };
}

export function animateRequest(cfgSupported: boolean, cameraAllowed: boolean): ImageToVideoRequest_Deserialize {
  const f = animateForm;
  return {
    model_name: f.model_name,
    prompt: text(f.prompt),
    negative_prompt: text(f.negative_prompt),
    mode: f.mode,
    duration: f.duration,
    cfg_scale: cfgSupported ? f.cfg_scale : null,
    camera_control: cameraAllowed ? camera(f.camera) : null,
  };
}

type Params = Record<string, unknown>;
const str = (v: unknown, fallback: string) => (typeof v === "string" && v ? v : fallback);
const num = (v: unknown, fallback: number) => (typeof v === "number" ? v : fallback);

function cameraFrom(v: unknown): CameraChoice {
  const c = v as { type?: CameraType; config?: Record<string, number> } | undefined;
  if (!c?.type) return { type: "none", axis: "zoom", value: 5 };
  if (c.type !== "simple" || !c.config) return { type: c.type, axis: "zoom", value: 5 };
  const axis = AXES.find((a) => (c.config?.[a] ?? 0) !== 0) ?? "zoom";
  return { type: "simple", axis, value: c.config[axis] ?? 0 };
}

/** Puts every setting of a past result back into its form. Returns the form's tab. */
export function reuseSettings(kind: string, params: Params, prompt: string, negative: string): "image" | "video" | "animate" {
  if (kind === "image") {
    Object.assign(imageForm, {
      prompt,
      negative_prompt: negative,
      model_name: str(params.model_name, "kling-v1"),
      aspect_ratio: str(params.aspect_ratio, "16:9") as AspectRatio,
      n: num(params.n, 1),
      resolution: str(params.resolution, "1k") as Resolution,
      image_reference: str(params.image_reference, "subject") as ImageReference,
      image_fidelity: num(params.image_fidelity, 0.5),
      human_fidelity: num(params.human_fidelity, 0.45),
    });
    return "image";
  }
  const common = {
    prompt,
    negative_prompt: negative,
    model_name: str(params.model_name, "kling-v1"),
    mode: str(params.mode, "std") as Mode,
    duration: str(params.duration, "5") as VideoDuration,
    cfg_scale: num(params.cfg_scale, 0.5),
    camera: cameraFrom(params.camera_control),
  };
  if (kind === "image2video") {
    Object.assign(animateForm, common);
    return "animate";
  }
  Object.assign(videoForm, { ...common, aspect_ratio: str(params.aspect_ratio, "16:9") as AspectRatio });
  return "video";
}

export function reusePrompt(kind: string, prompt: string): "image" | "video" | "animate" {
  if (kind === "image") {
    imageForm.prompt = prompt;
    return "image";
  }
  if (kind === "image2video") {
    animateForm.prompt = prompt;
    return "animate";
  }
  videoForm.prompt = prompt;
  return "video";
}
