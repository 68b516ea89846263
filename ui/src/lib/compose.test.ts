// Create → Compose and Try-on without the window: the requests the forms send, pictures from the
// gallery and from drops landing in the right place (each checked first, a refused one said in
// words), and "Reuse all settings" putting a stored job's settings and pictures back.
import { beforeEach, describe, expect, it, vi } from "vitest";
import fixtures from "./__fixtures__/job-requests.json";
import type { JobRequest_Serialize } from "./bindings";

const studio = vi.hoisted(() => ({ view: "gallery", tab: "image" }));
const checkPicture = vi.hoisted(() => vi.fn());
vi.mock("./studio.svelte", () => ({ studio }));
vi.mock("./bindings", async (original) => ({ ...(await original<typeof import("./bindings")>()), commands: { checkPicture } }));

const { addSubjects, composeForm, composeJob, composePictures, composeRequest, dropIntoPictureTools, reusePicturePrompt, reusePictureTool, tryOnForm, tryOnJob, useInCompose, useInTryOn } =
  await import("./compose.svelte");

const good = (path: string) => ({ status: "ok", data: { path, width: 640, height: 480, bytes: 1000 } });
const refusal = (message: string) => ({ status: "error", error: { code: "invalid_input", message } });
/** Lets the reuse's picture checks (started, not awaited) run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  Object.assign(studio, { view: "gallery", tab: "image" });
  Object.assign(composeForm, {
    prompt: "",
    model_name: "kling-v2-1",
    aspect_ratio: "1:1",
    n: 1,
    watermark: false,
    subjects: [],
    scene: null,
    style: null,
    pictureError: null,
    sceneError: null,
    styleError: null,
    checking: false,
  });
  Object.assign(tryOnForm, { model_name: "kolors-virtual-try-on-v1", person: null, garment: null, pictureError: null, checking: false });
  checkPicture.mockReset();
  checkPicture.mockImplementation(async (path: string) => good(path));
});

describe("Compose", () => {
  it("sends the settings, with the pictures beside the request in the order they fill it", async () => {
    Object.assign(composeForm, { prompt: "  a picnic  ", n: 3, aspect_ratio: "4:3", watermark: true });
    await useInCompose("/lib/fox.png");
    await useInCompose("/lib/owl.png");
    await useInCompose("/lib/park.png", "scene");
    expect(studio).toMatchObject({ view: "create", tab: "compose" });
    expect(composeRequest()).toEqual({ model_name: "kling-v2-1", prompt: "a picnic", n: 3, aspect_ratio: "4:3", watermark_info: { enabled: true } });
    expect(composePictures()).toEqual({ subjects: ["/lib/fox.png", "/lib/owl.png"], scene: "/lib/park.png", style: null });
    expect(composeJob().images).toEqual(["/lib/fox.png", "/lib/owl.png", "/lib/park.png"]);
    composeForm.prompt = " ";
    expect(composeRequest().prompt).toBeNull();
  });

  it("takes four subjects at most and says why a picture was refused", async () => {
    await addSubjects(["/a.png", "/b.png", "/c.png", "/d.png", "/e.png"]);
    expect(composeForm.subjects.map((p) => p.path)).toEqual(["/a.png", "/b.png", "/c.png", "/d.png"]);
    expect(composeForm.pictureError).toBe("Only 4 more fit (at most 4 subject pictures); the rest were left out.");
    composeForm.subjects.splice(3, 1);
    checkPicture.mockResolvedValueOnce(refusal("The picture is 200×200 px; Kling needs at least 300 px a side."));
    await addSubjects(["/tiny.png"]);
    expect(composeForm.subjects).toHaveLength(3);
    expect(composeForm.pictureError).toContain("300 px");
    expect(composeForm.checking).toBe(false);
  });
});

describe("Try-on", () => {
  it("fills the person, then the garment, from the gallery and from drops", async () => {
    await useInTryOn("/lib/me.png", "person");
    expect(studio).toMatchObject({ view: "create", tab: "tryon" });
    expect(await dropIntoPictureTools(["/drop/coat.png"])).toBe(true);
    expect([tryOnForm.person?.path, tryOnForm.garment?.path]).toEqual(["/lib/me.png", "/drop/coat.png"]);
    tryOnForm.model_name = "kolors-virtual-try-on-v1-5";
    expect(tryOnJob()).toEqual({ kind: "virtual-try-on", request: { model_name: "kolors-virtual-try-on-v1-5" }, images: ["/lib/me.png", "/drop/coat.png"] });
  });

  it("keeps the picture there when a new one is refused", async () => {
    await useInTryOn("/lib/me.png", "person");
    checkPicture.mockResolvedValueOnce(refusal("This file is a GIF; Kling takes JPG or PNG."));
    await useInTryOn("/lib/anim.gif", "person");
    expect(tryOnForm.person?.path).toBe("/lib/me.png");
    expect(tryOnForm.pictureError).toBe("This file is a GIF; Kling takes JPG or PNG.");
  });

  it("keeps the reason a dropped person was refused, and says a refused scene at the scene", async () => {
    Object.assign(studio, { view: "create", tab: "tryon" });
    checkPicture.mockResolvedValueOnce(refusal("This file is a GIF; Kling takes JPG or PNG."));
    await dropIntoPictureTools(["/anim.gif", "/coat.png"]);
    expect([tryOnForm.person, tryOnForm.garment, tryOnForm.pictureError]).toEqual([null, null, "This file is a GIF; Kling takes JPG or PNG."]);
    checkPicture.mockResolvedValueOnce(refusal("The picture is 200×200 px; Kling needs at least 300 px a side."));
    await useInCompose("/tiny.png", "scene");
    expect([composeForm.scene, composeForm.pictureError]).toEqual([null, null]);
    expect(composeForm.sceneError).toContain("300 px");
  });

  it("leaves drops to the other forms elsewhere", async () => {
    Object.assign(studio, { view: "create", tab: "omni" });
    expect(await dropIntoPictureTools(["/x.png"])).toBe(false);
    Object.assign(studio, { view: "create", tab: "compose" });
    expect(await dropIntoPictureTools(["/x.png", "/y.png"])).toBe(true);
    expect(composeForm.subjects.map((p) => p.path)).toEqual(["/x.png", "/y.png"]);
    expect(checkPicture).toHaveBeenCalledTimes(2);
  });
});

describe("Reuse all settings", () => {
  const stored = (kind: string) => (fixtures as unknown as JobRequest_Serialize[]).find((r) => r.kind === kind)!;

  it("puts a composition's settings back, and each picture where it was", async () => {
    expect(reusePictureTool(stored("multi-image2image"), "/lib")).toBe(true);
    await settle();
    expect(studio).toMatchObject({ view: "create", tab: "compose" });
    expect(composeForm).toMatchObject({ prompt: "the two at a picnic", model_name: "kling-v2-1", n: 2, aspect_ratio: "4:3", watermark: false });
    // Two subjects and a scene: the stored request's picture fields say which is which.
    expect(composePictures()).toEqual({ subjects: ["/lib/inputs/0123456789abcdef01234567.png", "https://example.com/dog.png"], scene: "/lib/inputs/abcdefabcdefabcdefabcdef.png", style: null });
  });

  it("puts a try-on's model, person and garment back", async () => {
    expect(reusePictureTool(stored("virtual-try-on"), "/lib")).toBe(true);
    await settle();
    expect(tryOnForm.model_name).toBe("kolors-virtual-try-on-v1-5");
    expect([tryOnForm.person?.path, tryOnForm.garment?.path]).toEqual(["/lib/inputs/0123456789abcdef01234567.png", "https://example.com/coat.png"]);
  });

  it("puts a prompt back into the form of its own tool", () => {
    expect(reusePicturePrompt("multi-image2image", "a picnic")).toBe("compose");
    expect(composeForm.prompt).toBe("a picnic");
    expect(reusePicturePrompt("image", "a fox")).toBeNull();
  });

  it("is not for other kinds", () => {
    expect(reusePictureTool(stored("image"), "/lib")).toBe(false);
    expect(studio.tab).toBe("image");
  });
});
