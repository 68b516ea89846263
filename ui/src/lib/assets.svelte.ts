// The person's elements and voices, and Kling's presets, as the library keeps them (read at once),
// brought up to date with the account on request and while a create is being made. The forms'
// pickers read from here; the Elements & Voices screen fills it.
import { commands, ELEMENT_TAGS, type AssetKindName, type AssetsView_Serialize, type ElementView_Serialize, type Pending_Serialize, type VoiceView_Serialize } from "./bindings";
import { asFailure, call, type Failure } from "./api";
import { ids } from "./forms.svelte";
import { insertAt, renumberAfterRemoval, token } from "./omni.svelte";
import { studio } from "./studio.svelte";

export type ElementView = ElementView_Serialize;
export type VoiceView = VoiceView_Serialize;
export type PendingAsset = Pending_Serialize;

/** How often the account is asked while a create is being made. */
const FOLLOW_MS = 3000;

class Assets {
  elements = $state<ElementView[]>([]);
  voices = $state<VoiceView[]>([]);
  pending = $state<PendingAsset[]>([]);
  loaded = $state(false);
  syncing = $state(false);
  error = $state<Failure | null>(null);
  private follow: ReturnType<typeof setTimeout> | null = null;

  private show(view: AssetsView_Serialize) {
    this.elements = view.elements;
    this.voices = view.voices;
    this.pending = view.pending;
    this.loaded = true;
    this.keepFollowing();
  }

  /** What the library keeps (no network). */
  async load() {
    try {
      this.show(await call(commands.assetsList()));
    } catch (e) {
      this.error = asFailure(e);
    }
  }

  /** Asks the account; answers what was made and what failed since, for the caller to tell. */
  async sync(): Promise<{ made: string[]; failed: [string, string][] } | null> {
    if (this.syncing) return null;
    this.syncing = true;
    try {
      const synced = await call(commands.assetsSync());
      this.error = null;
      this.show(synced.view);
      return { made: synced.summary.made, failed: synced.summary.failed };
    } catch (e) {
      this.error = asFailure(e);
      return null;
    } finally {
      this.syncing = false;
    }
  }

  /** While something is being made, the account is asked again every few seconds. */
  private keepFollowing() {
    if (this.follow) clearTimeout(this.follow);
    this.follow = null;
    if (!making(this.pending)) return;
    this.follow = setTimeout(() => void this.sync(), FOLLOW_MS);
  }

  replace(view: AssetsView_Serialize) {
    this.show(view);
  }

  added(pending: PendingAsset) {
    this.pending = [...this.pending, pending];
    this.keepFollowing();
  }

  element(id: string): ElementView | undefined {
    return this.elements.find((e) => e.element_id === id);
  }

  voice(id: string): VoiceView | undefined {
    return this.voices.find((v) => v.voice_id === id);
  }
}

export const assets = new Assets();

/**
 * Sends a new element or voice (`send`) and starts following it; answers the refusal's words, or
 * null once it is being made.
 */
export async function startMaking(send: () => ReturnType<typeof commands.voiceCreate>, name: string): Promise<string | null> {
  try {
    assets.added(await call(send()));
    studio.toast("info", `Making “${name}”; it shows in Elements & Voices once Kling has made it.`);
    return null;
  } catch (e) {
    return asFailure(e).message;
  }
}

/** Whether a create is still being made (a failed one waits to be dismissed, not followed). */
export function making(pending: PendingAsset[]): boolean {
  return pending.some((p) => p.failure == null);
}

/** Elements and voices that can be picked: not deleted; the person's own first. */
export function pickable<T extends { deleted: boolean; preset: boolean }>(all: T[]): T[] {
  return all.filter((a) => !a.deleted).sort((a, b) => Number(a.preset) - Number(b.preset));
}

/** A tag's name by its id. */
export function tagName(id: string): string {
  return ELEMENT_TAGS.find(([tag]) => tag === id)?.[1] ?? id;
}

export type AssetKind = AssetKindName;

/**
 * Adds `id` to a form's comma-separated list (at most `most`) and puts its reference
 * (`<<<element_N>>>`, `<<<voice_N>>>`) into the prompt at the caret. Null when it is already
 * there or the list is full.
 */
export function pickInto(
  list: string,
  prompt: string,
  cursor: number | null,
  id: string,
  kind: AssetKind,
  most: number,
): { list: string; prompt: string; cursor: number } | null {
  const chosen = ids(list);
  if (chosen.includes(id) || chosen.length >= most) return null;
  const next = [...chosen, id];
  const placed = insertAt(prompt, cursor, token(kind, next.length));
  return { list: next.join(", "), prompt: placed.text, cursor: placed.cursor };
}

/** Takes the `index`th (0-based) out of the list; the prompt's references follow. */
export function removeFrom(list: string, prompt: string, index: number, kind: AssetKind): { list: string; prompt: string } {
  const chosen = ids(list);
  chosen.splice(index, 1);
  return { list: chosen.join(", "), prompt: renumberAfterRemoval(prompt, index + 1, kind) };
}
