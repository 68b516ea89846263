// Pictures and clips into the Omni and Multi forms: dropped, picked, or sent from the gallery.
// Every picture is checked (`check_picture`) before it joins a form.
import { commands, MAX_MULTI_PICTURES, MAX_OMNI_PICTURES, MAX_OMNI_PICTURES_WITH_VIDEO, type FrameType, type JobRequest_Serialize, type PictureCheck } from "./bindings";
import { studio } from "./studio.svelte";
import { multiForm, omniForm, reuseToolSettings, storedFrames } from "./omni.svelte";
import { dropIntoPictureTools } from "./compose.svelte";
import { checkInto, storedInputPath } from "./picture-intake";

function omniRoom(): number {
  return (omniForm.clip ? MAX_OMNI_PICTURES_WITH_VIDEO : MAX_OMNI_PICTURES) - omniForm.pictures.length;
}

function omniMost(): string {
  return omniForm.clip ? `${MAX_OMNI_PICTURES_WITH_VIDEO} pictures with a clip` : `${MAX_OMNI_PICTURES} pictures`;
}

/** `frames[i]` is what picture `i` is (a reference when not given). */
export async function addOmniPictures(paths: string[], frames: (FrameType | null)[] = []) {
  await checkInto(omniForm, paths, omniRoom(), omniMost(), (picture, i) => omniForm.pictures.push({ picture, frame: frames[i] ?? null }));
}

export async function addMultiPictures(paths: string[]) {
  const room = MAX_MULTI_PICTURES - multiForm.pictures.length;
  await checkInto(multiForm, paths, room, `${MAX_MULTI_PICTURES} pictures`, (picture) => multiForm.pictures.push(picture));
}

export async function pickOmniPicture() {
  const path = await commands.pickPicture();
  if (path) await addOmniPictures([path]);
}

export async function pickMultiPicture() {
  const path = await commands.pickPicture();
  if (path) await addMultiPictures([path]);
}

/** "Use in Omni" on a gallery picture. */
export async function useInOmni(path: string) {
  studio.view = "create";
  studio.tab = "omni";
  await addOmniPictures([path]);
}

/** "Use in Multi" on a gallery picture: it joins the pictures of Create → Multi, in order. */
export async function useInMulti(path: string) {
  studio.view = "create";
  studio.tab = "multi";
  await addMultiPictures([path]);
}

/** "Edit with a prompt" on a gallery video: the clip becomes the one Omni edits. */
export function editWithPrompt(itemId: string, name: string) {
  omniForm.clip = { from: "library", item_id: itemId, name };
  omniForm.refer_type = "base";
  // A clip takes the sound off and, edited, keeps its own frames: frames go back to references.
  for (const p of omniForm.pictures) p.frame = null;
  studio.view = "create";
  studio.tab = "omni";
}

/** Files dropped on the window go to the form on show: Omni, Multi, Compose, Try-on, or else Animate. */
export async function dropPictures(paths: string[]) {
  if (paths.length === 0) return;
  if (await dropIntoPictureTools(paths)) return;
  if (studio.view === "create" && studio.tab === "omni") return addOmniPictures(paths);
  if (studio.view === "create" && studio.tab === "multi") return addMultiPictures(paths);
  return studio.animatePicture(paths[0]);
}

/**
 * "Reuse all settings" on an Omni or Multi result: its settings into the form, and its input
 * pictures (copies in the library) checked again like new ones. False for other kinds.
 */
export function reuseOmni(request: JobRequest_Serialize, libraryRoot: string): boolean {
  const tab = reuseToolSettings(request);
  if (!tab) return false;
  const images = request.kind === "omni-video" || request.kind === "multi-image2video" ? (request.images ?? []) : [];
  const paths = images.map((p) => storedInputPath(p, libraryRoot));
  studio.view = "create";
  studio.tab = tab;
  void (tab === "omni" ? addOmniPictures(paths, storedFrames(request)) : addMultiPictures(paths));
  return true;
}
