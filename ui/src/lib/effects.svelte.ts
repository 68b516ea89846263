// Create → Effects: the scenes from the catalogue (searchable), the scene chosen, and its one or
// two pictures. The scene's rules (how many pictures) are the catalogue's, checked again on the
// Rust side before anything is sent.
import type { Effect, PictureCheck } from "./bindings";

/** A scene's name in words: "birthday_board" → "Birthday board". */
export function sceneLabel(scene: string): string {
  const words = scene.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The scenes whose name holds every word searched (in any order, any case). */
export function filterScenes(scenes: Effect[], search: string): Effect[] {
  const words = search.toLowerCase().split(/[\s_]+/).filter(Boolean);
  return scenes.filter((e) => words.every((w) => e.scene.includes(w)));
}

export type EffectsForm = {
  scene: string | null;
  search: string;
  /** Left (or the only) picture, then the right one. */
  pictures: [PictureCheck | null, PictureCheck | null];
  errors: [string | null, string | null];
  checking: [boolean, boolean];
};

export const effectsForm = $state<EffectsForm>({ scene: null, search: "", pictures: [null, null], errors: [null, null], checking: [false, false] });

/** How many pictures the chosen scene takes (1 until one is chosen). */
export function picturesWanted(scenes: Effect[], scene: string | null): 1 | 2 {
  return scenes.find((e) => e.scene === scene)?.pictures === 2 ? 2 : 1;
}

/** The pictures sent for the scene, or why the form cannot be sent yet. */
export function effectPictures(form: EffectsForm, wanted: 1 | 2): { ok: true; value: string[] } | { ok: false; error: string } {
  if (!form.scene) return { ok: false, error: "Effect scene: choose an effect." };
  const given = form.pictures.slice(0, wanted);
  if (given.some((p) => p == null)) return { ok: false, error: wanted === 2 ? "Input: this effect takes two pictures, left and right." : "Input: give the picture the effect is applied to." };
  return { ok: true, value: given.map((p) => p!.path) };
}
