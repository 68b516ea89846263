// The Elements & Voices screen's forms: a new element from a front picture and 1–3 more (or a
// clip of a person by link), with a name, description, tags and a voice; a new voice from a
// recording's link or a gallery video Kling made with sound. Checked here as the person types,
// so the button says what is missing; the Rust side checks again.
import { ELEMENT_REFER_PICTURES, MAX_ELEMENT_DESCRIPTION_CHARS, MAX_ELEMENT_NAME_CHARS, MAX_VOICE_NAME_CHARS, type ElementSpec, type PictureCheck, type VoiceForm } from "./bindings";
import { checkInto } from "./picture-intake";

export const elementForm = $state({
  open: false,
  name: "",
  description: "",
  fromClip: false,
  pictures: [] as PictureCheck[],
  clipUrl: "",
  tags: [] as string[],
  voiceId: "",
  pictureError: null as string | null,
  checking: false,
});

export type ElementFormState = typeof elementForm;

/** The front picture and the most beside it. */
export const MOST_ELEMENT_PICTURES = 1 + ELEMENT_REFER_PICTURES[1];

function words(field: string, text: string, most: number): string | null {
  const length = [...text.trim()].length;
  if (length === 0) return `${field}: give it one.`;
  if (length > most) return `${field}: at most ${most} characters (${length} now).`;
  return null;
}

function isLink(text: string): boolean {
  return /^https?:\/\/[^\s/]+/i.test(text.trim());
}

/** What still keeps the element from being made, naming the field; null when it can be. */
export function elementProblem(f: ElementFormState): string | null {
  const named = words("Name", f.name, MAX_ELEMENT_NAME_CHARS) ?? words("Description", f.description, MAX_ELEMENT_DESCRIPTION_CHARS);
  if (named) return named;
  if (f.fromClip) return isLink(f.clipUrl) ? null : "Clip: give the https link of a 3–8 s clip of the person.";
  const [least, most] = ELEMENT_REFER_PICTURES;
  if (f.pictures.length === 0) return "Pictures: give the front picture first.";
  const more = f.pictures.length - 1;
  if (more < least) return `Pictures: give ${least} to ${most} more beside the front one.`;
  if (more > most) return `Pictures: at most ${most} beside the front one.`;
  return null;
}

export function elementInput(f: ElementFormState): ElementSpec {
  return {
    name: f.name.trim(),
    description: f.description.trim(),
    pictures: f.fromClip ? [] : f.pictures.map((p) => p.path),
    clip_url: f.fromClip ? f.clipUrl.trim() : null,
    tags: [...f.tags],
    voice_id: f.voiceId === "" ? null : f.voiceId,
  };
}

export function toggleTag(f: ElementFormState, tag: string) {
  f.tags = f.tags.includes(tag) ? f.tags.filter((t) => t !== tag) : [...f.tags, tag];
}

/** Pictures dropped, picked or sent from the gallery, checked, up to the four the element takes. */
export async function addElementPictures(paths: string[], f: ElementFormState = elementForm) {
  f.open = true;
  f.fromClip = false;
  await checkInto(f, paths, MOST_ELEMENT_PICTURES - f.pictures.length, `${MOST_ELEMENT_PICTURES} pictures`, (p) => f.pictures.push(p));
}

export function resetElementForm(f: ElementFormState = elementForm) {
  Object.assign(f, { open: false, name: "", description: "", fromClip: false, pictures: [], clipUrl: "", tags: [], voiceId: "", pictureError: null, checking: false });
}

export const voiceForm = $state({
  open: false,
  name: "",
  url: "",
  /** A gallery video Kling made with sound ("Make a voice from it"). */
  item: null as { itemId: string; prompt: string } | null,
});

export type VoiceFormState = typeof voiceForm;

export function voiceProblem(f: VoiceFormState): string | null {
  const named = words("Name", f.name, MAX_VOICE_NAME_CHARS);
  if (named) return named;
  if (f.item) return null;
  return isLink(f.url) ? null : "Recording: give the https link of a 5–30 s mp3, wav, mp4 or mov, or “Make a voice from it” on a gallery video with sound.";
}

export function voiceInput(f: VoiceFormState): VoiceForm {
  return { name: f.name.trim(), source: f.item ? { from: "library", item_id: f.item.itemId } : { from: "url", url: f.url.trim() } };
}

export function resetVoiceForm(f: VoiceFormState = voiceForm) {
  Object.assign(f, { open: false, name: "", url: "", item: null });
}
