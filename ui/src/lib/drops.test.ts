// Files dropped on the window: a clip the library knows goes to the form on show (Omni, Motion)
// or opens in the gallery; a clip from elsewhere is refused in words and changes nothing; other
// files go to the open dialog's handler. The Rust commands and the studio are recorders.
import { beforeEach, describe, expect, it, vi } from "vitest";

const studio = vi.hoisted(() => ({
  view: "create",
  tab: "omni",
  detailId: null as string | null,
  dropHandler: null as ((path: string) => void) | null,
  toast: vi.fn(),
  useAsMotion: vi.fn(),
  animatePicture: vi.fn(),
}));
const droppedClip = vi.hoisted(() => vi.fn());
vi.mock("./studio.svelte", () => ({ studio }));
vi.mock("./bindings", async (original) => ({ ...(await original<typeof import("./bindings")>()), commands: { droppedClip } }));

const { dropFiles, isClipFile } = await import("./drops");
const { omniForm } = await import("./omni.svelte");

const clip = { id: "text2video:t1:0", rel_path: "2026/12/text2video-t1-0.mp4", prompt: "waves on a beach", media: "video" };
const refusal = "This clip is not in your library. Kling's video tools take a clip only by its Kling id or a public link.";

beforeEach(() => {
  Object.assign(studio, { view: "create", tab: "omni", detailId: null, dropHandler: null });
  for (const f of [studio.toast, studio.useAsMotion, studio.animatePicture, droppedClip]) f.mockReset();
  droppedClip.mockResolvedValue({ status: "ok", data: clip });
  omniForm.clip = null;
});

describe("a dropped clip", () => {
  it("is told from a picture by its extension", () => {
    expect(["a.mp4", "b.MOV", "c.m4v", "d.webm"].every(isClipFile)).toBe(true);
    expect(["a.png", "mp4.jpg", "clip.mp4.txt"].some(isClipFile)).toBe(false);
  });

  it("becomes the Omni form's clip, by its library item", async () => {
    await dropFiles(["/lib/2026/12/text2video-t1-0.mp4"]);
    expect(droppedClip).toHaveBeenCalledWith("/lib/2026/12/text2video-t1-0.mp4");
    expect(omniForm.clip).toEqual({ from: "library", item_id: clip.id, name: "text2video-t1-0.mp4" });
  });

  it("becomes the motion video on the Motion form", async () => {
    studio.tab = "motion";
    await dropFiles(["/lib/clip.mov"]);
    expect(studio.useAsMotion).toHaveBeenCalledWith(clip.id, "waves on a beach");
  });

  it("opens in the gallery anywhere else, where its tools are", async () => {
    studio.tab = "image";
    await dropFiles(["/lib/clip.mp4"]);
    expect(studio).toMatchObject({ view: "gallery", detailId: clip.id });
  });

  it("from outside the library is refused in words, and nothing changes", async () => {
    droppedClip.mockResolvedValue({ status: "error", error: { code: "invalid_input", message: refusal } });
    await dropFiles(["/home/me/holiday.mp4"]);
    expect(studio.toast).toHaveBeenCalledWith("error", refusal);
    expect(omniForm.clip).toBeNull();
    expect(studio).toMatchObject({ view: "create", tab: "omni", detailId: null });
  });
});

describe("other dropped files", () => {
  it("go to the open dialog's handler, without asking about clips", async () => {
    const handler = vi.fn();
    studio.dropHandler = handler;
    await dropFiles(["/home/me/voice.wav"]);
    expect(handler).toHaveBeenCalledWith("/home/me/voice.wav");
    expect(droppedClip).not.toHaveBeenCalled();
  });

  it("go to Animate when no form takes them, beside a clip dropped with them", async () => {
    studio.tab = "image";
    await dropFiles(["/lib/clip.mp4", "/home/me/cat.png"]);
    expect(studio.detailId).toBe(clip.id);
    expect(studio.animatePicture).toHaveBeenCalledWith("/home/me/cat.png");
  });
});
