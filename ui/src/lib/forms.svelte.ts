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

function cameraFrom(c: CameraControl_Serialize | null | undefined): CameraChoice {
  if (!c?.type) return { type: "none", axis: "zoom", value: 5 };
  if (c.type !== "simple" || !c.config) return { type: c.type, axis: "zoom", value: 5 };
  const config = c.config;
  const axis = AXES.find((a) => (config[a] ?? 0) !== 0) ?? "zoom";
  return { type: "simple", axis, value: config[axis] ?? 0 };
}

export type FormTab = "image" | "video" | "animate";

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
      });
      return "image";
    }
    case "text2video": {
      const r = job.request;
      Object.assign(videoForm, {
        prompt: r.prompt,
        negative_prompt: r.negative_prompt ?? "",
        model_name: r.model_name,
        mode: r.mode ?? "std",
        duration: r.duration ?? "5",
        aspect_ratio: r.aspect_ratio ?? "16:9",
        cfg_scale: r.cfg_scale ?? 0.5,
        camera: cameraFrom(r.camera_control),
      });
      return "video";
    }
    case "image2video": {
      const r = job.request;
      Object.assign(animateForm, {
        prompt: r.prompt ?? "",
        negative_prompt: r.negative_prompt ?? "",
        model_name: r.model_name,
        mode: r.mode ?? "std",
        duration: r.duration ?? "5",
        cfg_scale: r.cfg_scale ?? 0.5,
        camera: cameraFrom(r.camera_control),
      });
      return "animate";
    }
    case "history":
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
  videoForm.prompt = prompt;
  return "video";
}
