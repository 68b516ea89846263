// Each Create form remembers its last settings across restarts (not its prompts or pictures).
// What comes back from storage is input like any other: a value is taken only when it has the
// type the form holds, so an old or hand-edited entry cannot break a form; the model's offer
// then corrects a choice the model no longer has (a mode, a length).
import { AXES, animateForm, imageForm, videoForm } from "./forms.svelte";
import { multiForm, omniForm } from "./omni.svelte";

const KEY = "kling-studio.form-settings.v1";

const KEPT = {
  image: ["model_name", "aspect_ratio", "n", "resolution", "image_reference", "image_fidelity", "human_fidelity", "elements", "watermark"],
  video: ["model_name", "mode", "duration", "aspect_ratio", "cfg_scale", "camera", "sound", "shotMode", "watermark"],
  animate: ["model_name", "mode", "duration", "cfg_scale", "camera", "sound", "shotMode", "voices", "elements", "watermark"],
  omni: ["model_name", "mode", "duration", "aspect_ratio", "sound", "shotMode", "watermark"],
  multi: ["model_name", "mode", "duration", "aspect_ratio", "watermark"],
} as const;

const FORMS = { image: imageForm, video: videoForm, animate: animateForm, omni: omniForm, multi: multiForm } as Record<keyof typeof KEPT, Record<string, unknown>>;

/** The settings worth keeping, as plain data. */
export function snapshot(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, keys] of Object.entries(KEPT)) {
    const form = FORMS[name as keyof typeof KEPT];
    out[name] = Object.fromEntries(keys.map((k) => [k, $state.snapshot(form[k])]));
  }
  return out;
}

function sameShape(current: unknown, saved: unknown): boolean {
  if (typeof current !== typeof saved || saved === null) return false;
  if (typeof saved === "number") return Number.isFinite(saved);
  if (typeof saved !== "object") return true;
  // The one object kept: a camera move.
  const c = saved as Record<string, unknown>;
  return typeof c.type === "string" && (AXES as readonly unknown[]).includes(c.axis) && typeof c.value === "number" && Number.isFinite(c.value);
}

/** Puts saved settings back into the forms; returns how many were taken. */
export function restore(raw: string | null): number {
  if (!raw) return 0;
  let saved: unknown;
  try {
    saved = JSON.parse(raw);
  } catch {
    return 0;
  }
  if (typeof saved !== "object" || saved === null) return 0;
  let taken = 0;
  for (const [name, keys] of Object.entries(KEPT)) {
    const values = (saved as Record<string, unknown>)[name];
    if (typeof values !== "object" || values === null) continue;
    const form = FORMS[name as keyof typeof KEPT];
    for (const k of keys) {
      const v = (values as Record<string, unknown>)[k];
      if (sameShape(form[k], v) || (k === "model_name" && typeof v === "string")) {
        form[k] = v;
        taken++;
      }
    }
  }
  return taken;
}

/** Restores the forms at start-up, then saves their settings whenever one changes. */
export function rememberForms(storage: Storage = localStorage) {
  restore(storage.getItem(KEY));
  $effect.root(() => {
    $effect(() => {
      const settings = JSON.stringify(snapshot());
      try {
        storage.setItem(KEY, settings);
      } catch {
        // Storage full or denied: the forms still work, they just start fresh next time.
      }
    });
  });
}
