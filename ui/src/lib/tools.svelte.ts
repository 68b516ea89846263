// The video tools on a gallery clip (Extend, Add sound, Lip-sync): which dialog is open, and
// the lip-sync dialog's form: the faces found, the face chosen, the sound, times and volumes.
// The API's rules are checked by the Rust side (LipSyncRequest::validate_with) before anything
// is sent; here only what the fields hold is read (whole milliseconds, volumes as numbers).
import type { FoundFace, FoundFaces, GalleryQuery_Serialize, Item, JobRequest_Deserialize, LipSyncInput, SoundCheck } from "./bindings";
import { fileName } from "./format";

export type ClipTool = "extend" | "sound" | "lipsync";

/** The tool dialog open over the detail panel, and the clip it works on. */
class ToolDialogs {
  open = $state<{ tool: ClipTool; itemId: string } | null>(null);

  show(tool: ClipTool, itemId: string) {
    this.open = { tool, itemId };
  }
  close() {
    this.open = null;
  }
}

export const toolDialogs = new ToolDialogs();

/** The lip-sync dialog's fields, as typed (numbers as text: a field may be half typed). */
export type LipSyncForm = {
  found: FoundFaces | null;
  faceId: string | null;
  sound: SoundCheck | null;
  start: string;
  end: string;
  insert: string;
  volume: string;
  originalVolume: string;
};

export function lipSyncForm(): LipSyncForm {
  return { found: null, faceId: null, sound: null, start: "0", end: "", insert: "0", volume: "1", originalVolume: "1" };
}

/** The longest part of a sound Kling takes, ms (§6.3). */
export const MAX_SOUND_MS = 60_000;

/**
 * After identify-face: the one face is chosen by itself; with several, none until the person
 * picks (a wrong face would speak). Where the sound goes starts where the face appears.
 */
export function facesFound(form: LipSyncForm, found: FoundFaces): LipSyncForm {
  const only = found.faces.length === 1 ? found.faces[0] : null;
  return { ...form, found, faceId: only?.face.face_id ?? null, insert: only ? String(only.face.start_time) : form.insert };
}

export function chooseFace(form: LipSyncForm, faceId: string): LipSyncForm {
  const face = form.found?.faces.find((f) => f.face.face_id === faceId);
  if (!face) return form;
  return { ...form, faceId, insert: String(face.face.start_time) };
}

export function chosenFace(form: LipSyncForm): FoundFace | null {
  return form.found?.faces.find((f) => f.face.face_id === form.faceId) ?? null;
}

/** A sound was picked or dropped: the whole of it is used (up to 60 s) unless the end was typed. */
export function soundChosen(form: LipSyncForm, sound: SoundCheck): LipSyncForm {
  const end = sound.duration_ms != null ? String(Math.min(sound.duration_ms, MAX_SOUND_MS)) : form.end;
  return { ...form, sound, end: form.end.trim() === "" || form.sound != null ? end : form.end };
}

/** How many of the library's sounds the lip-sync dialog offers, newest first. */
export const LIBRARY_SOUNDS = 50;

/** The library's newest sounds (an added sound, a voice put in the library folder). */
export function librarySoundsQuery(): GalleryQuery_Serialize {
  return { kinds: [], tools: [], media: ["audio"], favorites_only: false, model: null, tag: null, search: null, sort: "newest_first", offset: 0, limit: LIBRARY_SOUNDS };
}

/** A library sound as the list names it: what it was made for (or its file name) and its length. */
export function soundLabel(item: Item): string {
  const words = item.prompt.trim();
  const name = words === "" ? fileName(item.rel_path) : [...words].length > 48 ? `${[...words].slice(0, 47).join("")}…` : words;
  return item.duration_ms != null ? `${name} · ${Number((item.duration_ms / 1000).toFixed(1))} s` : name;
}

/** "1.2 s – 4 s": a face's time on screen. */
export function timeRange(startMs: number, endMs: number): string {
  const s = (ms: number) => `${Number((ms / 1000).toFixed(2))} s`;
  return `${s(startMs)} – ${s(endMs)}`;
}

type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/** A time field: whole milliseconds, 0 or more. */
export function readMs(label: string, text: string): Read<number> {
  const t = text.trim();
  if (t === "") return { ok: false, error: `${label}: give a time in milliseconds.` };
  if (!/^\d+$/.test(t)) return { ok: false, error: `${label}: “${t}” is not a whole number of milliseconds.` };
  return { ok: true, value: Number(t) };
}

/** A volume field: a number (the 0–2 range is the API's rule, checked on the Rust side). */
export function readVolume(label: string, text: string): Read<number> {
  const t = text.trim();
  const v = Number(t);
  if (t === "" || !Number.isFinite(v)) return { ok: false, error: `${label}: give a number from 0 to 2.` };
  return { ok: true, value: v };
}

/** The lip-sync as the command takes it, or what is missing, naming the field. */
export function lipSyncInput(form: LipSyncForm): Read<LipSyncInput> {
  if (!form.found) return { ok: false, error: "Face: identify the faces first." };
  const face = chosenFace(form);
  if (!face) return { ok: false, error: "Face: choose the face that speaks." };
  if (!form.sound) return { ok: false, error: "Sound file: choose or drop an mp3, wav, m4a or aac file." };
  const start = readMs("Sound start time", form.start);
  if (!start.ok) return start;
  const end = readMs("Sound end time", form.end);
  if (!end.ok) return end;
  const insert = readMs("Sound insert time", form.insert);
  if (!insert.ok) return insert;
  const volume = readVolume("Sound volume", form.volume);
  if (!volume.ok) return volume;
  const original = readVolume("Original audio volume", form.originalVolume);
  if (!original.ok) return original;
  return {
    ok: true,
    value: {
      session_id: form.found.session_id,
      face: { ...face.face, face_image: "" },
      sound_file: form.sound.path,
      sound_start_time: start.value,
      sound_end_time: end.value,
      sound_insert_time: insert.value,
      sound_volume: volume.value,
      original_audio_volume: original.value,
    },
  };
}

/**
 * The lip-sync as priced (per started 5 s of the sound used), once the part of the sound used is
 * readable; null before. Only the times matter to the price.
 */
export function priced(form: LipSyncForm): JobRequest_Deserialize | null {
  const start = readMs("", form.start);
  const end = readMs("", form.end);
  if (!start.ok || !end.ok || end.value <= start.value) return null;
  const face = { face_id: "", sound_start_time: start.value, sound_end_time: end.value, sound_insert_time: 0 };
  return { kind: "lip-sync", request: { session_id: "", face_choose: [face] } };
}

/** A text field of a tool: blank is not given. */
export function optionalText(text: string): string | null {
  return text.trim() === "" ? null : text;
}
