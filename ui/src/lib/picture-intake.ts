// A form's pictures taken in one by one: each checked on the Rust side (`check_picture`) before
// it joins, a refused one said in words, a full form taking no more.
import { commands, type PictureCheck } from "./bindings";
import { asFailure, call } from "./api";

type Target = { pictureError: string | null; checking: boolean };

/** Checks `paths` one by one and hands each good one to `add`, up to `room` of them. */
export async function checkInto(form: Target, paths: string[], room: number, most: string, add: (p: PictureCheck, index: number) => void) {
  form.pictureError = null;
  if (room <= 0) {
    form.pictureError = `This form takes at most ${most}; remove one first.`;
    return;
  }
  form.checking = true;
  try {
    for (const [i, path] of paths.slice(0, room).entries()) {
      try {
        add(await call(commands.checkPicture(path)), i);
      } catch (e) {
        form.pictureError = asFailure(e).message;
      }
    }
    if (paths.length > room) form.pictureError = `Only ${room} more fit (at most ${most}); the rest were left out.`;
  } finally {
    form.checking = false;
  }
}


/** A picture a stored job names: a web address or absolute path as it is, else inside the library. */
export function storedInputPath(path: string, libraryRoot: string): string {
  return /^https?:\/\//i.test(path) || path.startsWith("/") ? path : `${libraryRoot}/${path}`;
}
