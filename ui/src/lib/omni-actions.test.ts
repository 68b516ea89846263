// Pictures sent to the Multi and Omni forms from the gallery: each is checked on the Rust side
// first, a refused one is said in words and leaves the form as it was, and a full form takes no
// more. The Rust commands and the shared studio state are replaced by recorders.
import { beforeEach, describe, expect, it, vi } from "vitest";

const studio = vi.hoisted(() => ({ view: "gallery", tab: "image" }));
const checkPicture = vi.hoisted(() => vi.fn());
vi.mock("./studio.svelte", () => ({ studio }));
vi.mock("./bindings", async (original) => ({ ...(await original<typeof import("./bindings")>()), commands: { checkPicture } }));

const { useInMulti, useInOmni } = await import("./omni-actions");
const { multiForm, omniForm } = await import("./omni.svelte");

const good = (path: string) => ({ status: "ok", data: { path, width: 640, height: 480, bytes: 1000 } });

beforeEach(() => {
  Object.assign(studio, { view: "gallery", tab: "image" });
  Object.assign(multiForm, { pictures: [], pictureError: null, checking: false });
  Object.assign(omniForm, { pictures: [], pictureError: null, checking: false, clip: null });
  checkPicture.mockReset();
  checkPicture.mockImplementation(async (path: string) => good(path));
});

describe("Use in Multi", () => {
  it("opens Create → Multi with the picture added after those already there", async () => {
    await useInMulti("/lib/a.png");
    await useInMulti("/lib/b.png");
    expect(studio).toMatchObject({ view: "create", tab: "multi" });
    expect(multiForm.pictures.map((p) => p.path)).toEqual(["/lib/a.png", "/lib/b.png"]);
    expect(checkPicture).toHaveBeenCalledTimes(2);
    expect(multiForm.pictureError).toBeNull();
  });

  it("refuses a fifth picture in words, without checking it", async () => {
    for (const name of ["a", "b", "c", "d"]) await useInMulti(`/lib/${name}.png`);
    await useInMulti("/lib/e.png");
    expect(multiForm.pictures).toHaveLength(4);
    expect(checkPicture).toHaveBeenCalledTimes(4);
    expect(multiForm.pictureError).toBe("This form takes at most 4 pictures; remove one first.");
  });

  it("shows why a picture was refused and keeps the others", async () => {
    await useInMulti("/lib/a.png");
    checkPicture.mockResolvedValueOnce({ status: "error", error: { code: "invalid_input", message: "The picture is 200×200 px; Kling needs at least 300 px a side." } });
    await useInMulti("/lib/tiny.png");
    expect(multiForm.pictures.map((p) => p.path)).toEqual(["/lib/a.png"]);
    expect(multiForm.pictureError).toBe("The picture is 200×200 px; Kling needs at least 300 px a side.");
    expect(multiForm.checking).toBe(false);
  });
});

describe("Use in Omni", () => {
  it("adds the picture as a reference, and takes 4 at most once a clip is set", async () => {
    await useInOmni("/lib/a.png");
    expect(studio.tab).toBe("omni");
    expect(omniForm.pictures).toEqual([{ picture: { path: "/lib/a.png", width: 640, height: 480, bytes: 1000 }, frame: null }]);
    omniForm.clip = { from: "url", url: "https://example.com/clip.mp4" };
    for (const name of ["b", "c", "d"]) await useInOmni(`/lib/${name}.png`);
    await useInOmni("/lib/e.png");
    expect(omniForm.pictures).toHaveLength(4);
    expect(omniForm.pictureError).toBe("This form takes at most 4 pictures with a clip; remove one first.");
  });
});
