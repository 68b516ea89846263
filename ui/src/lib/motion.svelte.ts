// Create → Motion: a character picture moves as the person in a motion video. The video is a
// gallery clip Kling made ("Use as motion", sent by the link Kling served it at) or a link.
import type { CharacterOrientation, Mode, MotionInput, PictureCheck } from "./bindings";

export type MotionForm = {
  picture: PictureCheck | null;
  pictureError: string | null;
  checking: boolean;
  /** A gallery clip: its item id and its prompt (to show which clip). */
  clip: { itemId: string; prompt: string } | null;
  url: string;
  orientation: CharacterOrientation;
  mode: Mode;
  keepSound: boolean;
  /** Optional words; may refer to the element as <<<element_1>>>. */
  prompt: string;
  /** The one element the character is, by id ("" for none). */
  elements: string;
};

export const motionForm = $state<MotionForm>({ picture: null, pictureError: null, checking: false, clip: null, url: "", orientation: "image", mode: "std", keepSound: true, prompt: "", elements: "" });

/** The longest motion video for each orientation, s (§6.9). */
export const MAX_MOTION_SECONDS: Record<CharacterOrientation, number> = { image: 10, video: 30 };

/** The input the `motion_control` command takes, or what is missing, naming the field. */
export function motionInput(form: MotionForm): { ok: true; value: MotionInput } | { ok: false; error: string } {
  if (!form.picture) return { ok: false, error: "Image url: give the character's picture." };
  const url = form.url.trim();
  if (!form.clip && url === "") return { ok: false, error: "Video url: give the motion video: “Use as motion” on a gallery clip, or a link." };
  const element = form.elements.trim();
  if (element !== "" && form.orientation !== "video") return { ok: false, error: "Character orientation: with an element the character faces as in the video; choose Video." };
  return {
    ok: true,
    value: {
      picture: form.picture.path,
      video_item: form.clip?.itemId ?? null,
      video_url: form.clip ? null : url,
      orientation: form.orientation,
      mode: form.mode,
      keep_sound: form.keepSound,
      prompt: form.prompt.trim() === "" ? null : form.prompt.trim(),
      element_id: element === "" ? null : element,
    },
  };
}
