// Files dropped on the window. A clip is looked up in the library (Kling's tools take a clip
// only by its Kling id, never as a file) and goes to the Omni or Motion form on show, or else
// opens in the gallery, where its tools are. Other files go to the open dialog or form that
// takes drops (a voice, a character), or else to the picture forms.
import { commands, type Item } from "./bindings";
import { asFailure, call } from "./api";
import { studio } from "./studio.svelte";
import { omniForm } from "./omni.svelte";
import { dropPictures } from "./omni-actions";
import { fileName } from "./format";

const CLIP = /\.(mp4|mov|m4v|webm)$/i;

export function isClipFile(path: string): boolean {
  return CLIP.test(path);
}

export async function dropFiles(paths: string[]) {
  const clip = paths.find(isClipFile);
  const others = paths.filter((p) => !isClipFile(p));
  if (clip) await dropClip(clip);
  if (others.length === 0) return;
  if (studio.dropHandler) studio.dropHandler(others[0]);
  else await dropPictures(others);
}

/** A dropped clip, once the library knows it; a clip from elsewhere is refused in words. */
export async function dropClip(path: string) {
  let item: Item;
  try {
    item = await call(commands.droppedClip(path));
  } catch (e) {
    studio.toast("error", asFailure(e).message);
    return;
  }
  if (studio.view === "create" && studio.tab === "omni") {
    omniForm.clip = { from: "library", item_id: item.id, name: fileName(item.rel_path) };
  } else if (studio.view === "create" && studio.tab === "motion") {
    studio.useAsMotion(item.id, item.prompt);
  } else {
    studio.view = "gallery";
    studio.detailId = item.id;
  }
}
