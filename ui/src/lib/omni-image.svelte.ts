// Create → Omni image: pictures from a prompt that refers to the given pictures (<<<image_N>>>)
// and elements (<<<element_N>>>), one result per picture asked or a series that belongs together.
// The form's state, the request built from it, and pictures into it (dropped, picked, or "Use in
// Omni image" on a gallery picture), each checked first.
import {
  commands,
  MAX_OMNI_IMAGE_REFERENCES,
  type AspectRatio,
  type JobRequest_Deserialize,
  type JobRequest_Serialize,
  type ModelOffer,
  type OmniImageRequest_Deserialize,
  type PictureCheck,
  type Resolution,
} from "./bindings";
import { ids } from "./forms.svelte";
import { insertAt, renumberAfterRemoval, token } from "./omni.svelte";
import { checkInto, storedInputPath } from "./picture-intake";
import { studio } from "./studio.svelte";

export const omniImageForm = $state({
  prompt: "",
  model_name: "",
  resolution: "1k" as Resolution,
  aspect: "auto" as AspectRatio | "auto",
  results: "single" as "single" | "series",
  n: 1,
  series: 4 as number | "auto",
  elements: "",
  watermark: false,
  pictures: [] as PictureCheck[],
  pictureError: null as string | null,
  checking: false,
  cursor: null as number | null,
});

type Form = typeof omniImageForm;
/** What the chosen model offers, as far as the request depends on it; all, before it answers. */
type Offered = Pick<ModelOffer, "series" | "watermark" | "max_elements">;
const EVERYTHING: Offered = { series: true, watermark: true, max_elements: 10 };

export function omniImageRequest(offer: Offered | null = null, f: Form = omniImageForm): OmniImageRequest_Deserialize {
  const o = offer ?? EVERYTHING;
  // A series is made from pictures: without one the form shows (and sends) separate pictures.
  const series = f.results === "series" && o.series && f.pictures.length > 0;
  const elements = ids(f.elements);
  return {
    model_name: f.model_name,
    prompt: f.prompt.trim(),
    element_list: elements.length > 0 && o.max_elements > 0 ? elements.map((element_id) => ({ element_id })) : null,
    resolution: f.resolution,
    aspect_ratio: f.aspect,
    result_type: series ? "series" : null,
    n: series ? null : f.n,
    series_amount: series ? f.series : null,
    watermark_info: f.watermark && o.watermark ? { enabled: true } : null,
  };
}

export function omniImagePictures(f: Form = omniImageForm): string[] {
  return f.pictures.map((p) => p.path);
}

export function omniImageJob(offer: Offered | null = null, f: Form = omniImageForm): Extract<JobRequest_Deserialize, { kind: "omni-image" }> {
  return { kind: "omni-image", request: omniImageRequest(offer, f), images: omniImagePictures(f) };
}

/** The chips the prompt offers: one per picture and element. */
export function omniImageChips(f: Form = omniImageForm): { token: string; label: string }[] {
  const chips = f.pictures.map((_, i) => ({ token: token("image", i + 1), label: `Picture ${i + 1}` }));
  ids(f.elements).forEach((_, i) => chips.push({ token: token("element", i + 1), label: `Element ${i + 1}` }));
  return chips;
}

/** Inserts a reference at the caret; returns where the caret goes. */
export function insertOmniImageReference(inserted: string, f: Form = omniImageForm): number {
  const next = insertAt(f.prompt, f.cursor, inserted);
  f.prompt = next.text;
  f.cursor = next.cursor;
  return next.cursor;
}

/** Takes picture `index` out; the prompt's references to later pictures move down with them. */
export function removeOmniImagePicture(index: number, f: Form = omniImageForm) {
  f.pictures.splice(index, 1);
  f.prompt = renumberAfterRemoval(f.prompt, index + 1);
  f.cursor = null;
}

/** Room for pictures: pictures and elements together are at most ten. */
function room(f: Form): number {
  return MAX_OMNI_IMAGE_REFERENCES - ids(f.elements).length - f.pictures.length;
}

export async function addOmniImagePictures(paths: string[]) {
  const f = omniImageForm;
  await checkInto(f, paths, room(f), `${MAX_OMNI_IMAGE_REFERENCES} pictures and elements`, (p) => {
    f.pictures.push(p);
  });
}

export async function pickOmniImagePicture() {
  const path = await commands.pickPicture();
  if (path) await addOmniImagePictures([path]);
}

/** "Use in Omni image" on a gallery picture. */
export async function useInOmniImage(path: string) {
  studio.view = "create";
  studio.tab = "omni-image";
  await addOmniImagePictures([path]);
}

/** "Reuse all settings" on an Omni image result: settings and pictures back into the form. */
export function reuseOmniImage(job: JobRequest_Serialize, libraryRoot: string): boolean {
  if (job.kind !== "omni-image") return false;
  const r = job.request;
  const aspect = r.aspect_ratio ?? "auto";
  Object.assign(omniImageForm, {
    prompt: r.prompt,
    model_name: r.model_name,
    resolution: r.resolution ?? "1k",
    aspect,
    results: r.result_type === "series" ? "series" : "single",
    n: r.n ?? 1,
    series: r.series_amount ?? 4,
    elements: (r.element_list ?? []).map((e) => e.element_id).join(", "),
    watermark: r.watermark_info?.enabled ?? false,
    pictures: [],
    cursor: null,
  });
  studio.view = "create";
  studio.tab = "omni-image";
  const paths = job.images.map((p) => storedInputPath(p, libraryRoot));
  void addOmniImagePictures(paths);
  return true;
}
