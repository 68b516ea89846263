// Create → Omni image without the window: the request the form sends (single pictures or a
// series, the shape, the elements), the reference chips, pictures taken in up to the shared
// limit with elements, and "Reuse all settings" from a stored job.
import { beforeEach, describe, expect, it, vi } from "vitest";
import fixtures from "./__fixtures__/job-requests.json";
import type { JobRequest_Serialize } from "./bindings";

const studio = vi.hoisted(() => ({ view: "gallery", tab: "image" }));
const checkPicture = vi.hoisted(() => vi.fn());
vi.mock("./studio.svelte", () => ({ studio }));
vi.mock("./bindings", async (original) => ({ ...(await original<typeof import("./bindings")>()), commands: { checkPicture } }));

const { addOmniImagePictures, insertOmniImageReference, omniImageChips, omniImageForm, omniImageJob, omniImageRequest, removeOmniImagePicture, reuseOmniImage, useInOmniImage } =
  await import("./omni-image.svelte");

const good = (path: string) => ({ status: "ok", data: { path, width: 640, height: 480, bytes: 1000 } });
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  Object.assign(studio, { view: "gallery", tab: "image" });
  Object.assign(omniImageForm, {
    prompt: "",
    model_name: "kling-v3-omni",
    resolution: "1k",
    aspect: "auto",
    results: "single",
    n: 1,
    series: 4,
    elements: "",
    watermark: false,
    pictures: [],
    pictureError: null,
    checking: false,
    cursor: null,
  });
  checkPicture.mockReset();
  checkPicture.mockImplementation(async (path: string) => good(path));
});

describe("the request", () => {
  it("asks for separate pictures, with the shape from the pictures and the elements by id", () => {
    Object.assign(omniImageForm, { prompt: "  <<<image_1>>> meets <<<element_1>>>  ", n: 3, resolution: "2k", elements: "829836802793406551, 160", watermark: true });
    expect(omniImageRequest()).toEqual({
      model_name: "kling-v3-omni",
      prompt: "<<<image_1>>> meets <<<element_1>>>",
      element_list: [{ element_id: "829836802793406551" }, { element_id: "160" }],
      resolution: "2k",
      aspect_ratio: "auto",
      result_type: null,
      n: 3,
      series_amount: null,
      watermark_info: { enabled: true },
    });
  });

  it("asks for a series where the model makes one, of a length or Kling's choosing", () => {
    Object.assign(omniImageForm, { results: "series", series: 6, aspect: "3:2", pictures: [{ path: "/a.png", width: 640, height: 480, bytes: 1 }] });
    expect(omniImageRequest()).toMatchObject({ result_type: "series", series_amount: 6, n: null, aspect_ratio: "3:2" });
    omniImageForm.series = "auto";
    expect(omniImageRequest().series_amount).toBe("auto");
    omniImageForm.pictures = [];
    // Without a picture there is no series to make: separate pictures, as the form shows.
    expect(omniImageRequest()).toMatchObject({ result_type: null, n: 1, series_amount: null });
    omniImageForm.pictures = [{ path: "/a.png", width: 640, height: 480, bytes: 1 }];
    expect(omniImageRequest()).toMatchObject({ result_type: "series", series_amount: "auto" });
    // kling-image-o1 makes no series: the form's choice falls back to separate pictures.
    expect(omniImageRequest({ series: false, watermark: true, max_elements: 10 })).toMatchObject({ result_type: null, n: 1, series_amount: null });
  });

  it("lists the pictures beside the request for the cost", async () => {
    await addOmniImagePictures(["/lib/a.png", "/lib/b.png"]);
    expect(omniImageJob().images).toEqual(["/lib/a.png", "/lib/b.png"]);
    expect(omniImageJob().kind).toBe("omni-image");
  });
});

describe("pictures and references", () => {
  it("offers a chip per picture and element, and inserts it at the caret", async () => {
    await useInOmniImage("/lib/fox.png");
    expect(studio).toMatchObject({ view: "create", tab: "omni-image" });
    omniImageForm.elements = "160";
    expect(omniImageChips().map((c) => c.token)).toEqual(["<<<image_1>>>", "<<<element_1>>>"]);
    Object.assign(omniImageForm, { prompt: "a watercolour", cursor: 0 });
    insertOmniImageReference("<<<image_1>>>");
    expect(omniImageForm.prompt).toBe("<<<image_1>>> a watercolour");
  });

  it("renumbers the prompt when a picture goes", async () => {
    await addOmniImagePictures(["/a.png", "/b.png"]);
    omniImageForm.prompt = "<<<image_1>>> beside <<<image_2>>>";
    removeOmniImagePicture(0);
    expect(omniImageForm.prompt).toBe("beside <<<image_1>>>");
    expect(omniImageForm.pictures.map((p) => p.path)).toEqual(["/b.png"]);
  });

  it("takes pictures up to ten with the elements", async () => {
    omniImageForm.elements = "1, 2, 3, 4, 5, 6, 7, 8";
    await addOmniImagePictures(["/a.png", "/b.png", "/c.png"]);
    expect(omniImageForm.pictures).toHaveLength(2);
    expect(omniImageForm.pictureError).toBe("Only 2 more fit (at most 10 pictures and elements); the rest were left out.");
  });
});

describe("Reuse all settings", () => {
  it("puts a stored series back, its pictures checked again", async () => {
    const stored = (fixtures as unknown as JobRequest_Serialize[]).find((r) => r.kind === "omni-image")!;
    expect(reuseOmniImage(stored, "/lib")).toBe(true);
    await settle();
    expect(omniImageForm).toMatchObject({
      prompt: "<<<image_1>>> meets <<<element_1>>> through the seasons",
      model_name: "kling-v3-omni",
      results: "series",
      series: "auto",
      resolution: "2k",
      aspect: "auto",
      elements: "829836802793406551",
    });
    expect(omniImageForm.pictures.map((p) => p.path)).toEqual(["/lib/inputs/0123456789abcdef01234567.png"]);
    expect(studio.tab).toBe("omni-image");
    expect(reuseOmniImage({ kind: "text-to-audio", request: { prompt: "x", duration: 3 } }, "/lib")).toBe(false);
  });
});
