// Create → Compose (the subjects of 1–4 pictures in a scene and a style) and Create → Try-on (a
// person wearing a garment): the forms' state, the requests built from it, and pictures into
// them — dropped, picked, or sent from the gallery. Every picture is checked (`check_picture`)
// before it joins a form.
import {
  commands,
  MAX_SUBJECT_PICTURES,
  type AspectRatio,
  type JobRequest_Deserialize,
  type JobRequest_Serialize,
  type MultiImageToImageRequest_Deserialize,
  type PictureCheck,
  type TryOnModel,
  type VirtualTryOnRequest_Deserialize,
} from "./bindings";
import { checkInto, storedInputPath as stored } from "./picture-intake";
import { addOmniImagePictures, omniImageForm } from "./omni-image.svelte";
import { studio } from "./studio.svelte";

export type ComposeRole = "scene" | "style";
export type TryOnRole = "person" | "garment";

export const composeForm = $state({
  prompt: "",
  model_name: "",
  aspect_ratio: "16:9" as AspectRatio,
  n: 1,
  watermark: false,
  subjects: [] as PictureCheck[],
  scene: null as PictureCheck | null,
  style: null as PictureCheck | null,
  /** Why a subject was refused; the scene's and the style's own refusals show at their slots. */
  pictureError: null as string | null,
  sceneError: null as string | null,
  styleError: null as string | null,
  checking: false,
});

export const tryOnForm = $state({
  model_name: "kolors-virtual-try-on-v1" as TryOnModel,
  person: null as PictureCheck | null,
  garment: null as PictureCheck | null,
  pictureError: null as string | null,
  checking: false,
});

/** The two try-on models, in words a person chooses by. */
export const TRY_ON_MODELS: { model: TryOnModel; label: string; hint: string }[] = [
  { model: "kolors-virtual-try-on-v1", label: "v1", hint: "One garment: a top, trousers, a dress…" },
  { model: "kolors-virtual-try-on-v1-5", label: "v1.5", hint: "Also a top and bottom together, as one picture of both (other pairs fail at Kling)." },
];

export function composeRequest(f: typeof composeForm = composeForm): MultiImageToImageRequest_Deserialize {
  const prompt = f.prompt.trim();
  return {
    model_name: f.model_name,
    prompt: prompt ? prompt : null,
    n: f.n,
    aspect_ratio: f.aspect_ratio,
    watermark_info: f.watermark ? { enabled: true } : null,
  };
}

/** The pictures as the command takes them: subjects in order, the scene and style or null. */
export function composePictures(f: typeof composeForm = composeForm): { subjects: string[]; scene: string | null; style: string | null } {
  return { subjects: f.subjects.map((p) => p.path), scene: f.scene?.path ?? null, style: f.style?.path ?? null };
}

/** The job as the cost estimate reads it (the pictures in the order they fill the request). */
export function composeJob(f: typeof composeForm = composeForm): Extract<JobRequest_Deserialize, { kind: "multi-image2image" }> {
  const { subjects, scene, style } = composePictures(f);
  return { kind: "multi-image2image", request: composeRequest(f), images: [...subjects, ...[scene, style].filter((p): p is string => p != null)] };
}

export function tryOnRequest(f: typeof tryOnForm = tryOnForm): VirtualTryOnRequest_Deserialize {
  return { model_name: f.model_name };
}

export function tryOnJob(f: typeof tryOnForm = tryOnForm): Extract<JobRequest_Deserialize, { kind: "virtual-try-on" }> {
  return { kind: "virtual-try-on", request: tryOnRequest(f), images: [f.person?.path, f.garment?.path].filter((p): p is string => p != null) };
}

/** Adds subject pictures after those there, up to four. */
export async function addSubjects(paths: string[]) {
  const room = MAX_SUBJECT_PICTURES - composeForm.subjects.length;
  await checkInto(composeForm, paths, room, `${MAX_SUBJECT_PICTURES} subject pictures`, (p) => composeForm.subjects.push(p));
}

/** One picture into a slot of its own (replacing what was there). */
async function setSlot(form: { pictureError: string | null; checking: boolean }, set: (p: PictureCheck) => void, path: string) {
  await checkInto(form, [path], 1, "one picture here", set);
}

export async function setComposePicture(role: ComposeRole, path: string) {
  const slot = { pictureError: null as string | null, checking: false };
  await setSlot(slot, (p) => {
    composeForm[role] = p;
  }, path);
  composeForm[role === "scene" ? "sceneError" : "styleError"] = slot.pictureError;
}

export async function setTryOnPicture(role: TryOnRole, path: string) {
  await setSlot(tryOnForm, (p) => {
    tryOnForm[role] = p;
  }, path);
}

export async function pickSubject() {
  const path = await commands.pickPicture();
  if (path) await addSubjects([path]);
}

export async function pickComposePicture(role: ComposeRole) {
  const path = await commands.pickPicture();
  if (path) await setComposePicture(role, path);
}

export async function pickTryOnPicture(role: TryOnRole) {
  const path = await commands.pickPicture();
  if (path) await setTryOnPicture(role, path);
}

/** "Use in Compose" on a gallery picture: a subject, or the scene or the style. */
export async function useInCompose(path: string, role: "subject" | ComposeRole = "subject") {
  studio.view = "create";
  studio.tab = "compose";
  await (role === "subject" ? addSubjects([path]) : setComposePicture(role, path));
}

/** "Try on" on a gallery picture: as the person or as the garment. */
export async function useInTryOn(path: string, role: TryOnRole) {
  studio.view = "create";
  studio.tab = "tryon";
  await setTryOnPicture(role, path);
}

/** Pictures dropped on Compose are subjects; on Try-on the first fills the person, then the
 * garment; on Omni image they join its pictures. */
export async function dropIntoPictureTools(paths: string[]): Promise<boolean> {
  if (studio.view !== "create") return false;
  if (studio.tab === "compose") {
    await addSubjects(paths);
    return true;
  }
  if (studio.tab === "omni-image") {
    await addOmniImagePictures(paths);
    return true;
  }
  if (studio.tab === "tryon") {
    for (const path of paths.slice(0, 2)) {
      await setTryOnPicture(tryOnForm.person == null ? "person" : "garment", path);
      // A refused picture's reason stays in sight (the next check would clear it).
      if (tryOnForm.pictureError) break;
    }
    return true;
  }
  return false;
}

/** "Reuse prompt" on a composed or Omni image picture: into its own form. Null for other kinds. */
export function reusePicturePrompt(kind: string, prompt: string): "compose" | "omni-image" | null {
  if (kind === "multi-image2image") {
    composeForm.prompt = prompt;
    return "compose";
  }
  if (kind === "omni-image") {
    omniImageForm.prompt = prompt;
    omniImageForm.cursor = null;
    return "omni-image";
  }
  return null;
}

/**
 * "Reuse all settings" on a composed or tried-on picture: the settings into the form and its
 * pictures (copies in the library) checked again like new ones. False for other kinds.
 */
export function reusePictureTool(job: JobRequest_Serialize, libraryRoot: string): boolean {
  if (job.kind === "multi-image2image") {
    const r = job.request;
    const images = job.images.map((p) => stored(p, libraryRoot));
    // The stored request keeps its picture fields (empty), which the bindings leave out of its
    // type: their count says which picture is which.
    const fields = r as unknown as { subject_image_list?: unknown; scene_image?: unknown; style_image?: unknown };
    const subjects = Array.isArray(fields.subject_image_list) ? fields.subject_image_list.length : images.length;
    const rest = images.slice(subjects);
    const scene = fields.scene_image != null ? rest.shift() : undefined;
    const style = fields.style_image != null ? rest.shift() : undefined;
    Object.assign(composeForm, {
      prompt: r.prompt ?? "",
      model_name: r.model_name,
      aspect_ratio: r.aspect_ratio ?? "16:9",
      n: r.n ?? 1,
      watermark: r.watermark_info?.enabled ?? false,
      subjects: [],
      scene: null,
      style: null,
      sceneError: null,
      styleError: null,
    });
    studio.view = "create";
    studio.tab = "compose";
    void (async () => {
      await addSubjects(images.slice(0, subjects));
      if (scene) await setComposePicture("scene", scene);
      if (style) await setComposePicture("style", style);
    })();
    return true;
  }
  if (job.kind === "virtual-try-on") {
    const [person, garment] = job.images.map((p) => stored(p, libraryRoot));
    Object.assign(tryOnForm, { model_name: job.request.model_name, person: null, garment: null });
    studio.view = "create";
    studio.tab = "tryon";
    void (async () => {
      if (person) await setTryOnPicture("person", person);
      if (garment) await setTryOnPicture("garment", garment);
    })();
    return true;
  }
  return false;
}
