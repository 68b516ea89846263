// The Omni and Multi forms: a reference goes in at the caret in one step, removing a picture
// keeps every other reference naming the same picture, and the requests hold what the form shows.
import { beforeEach, describe, expect, it } from "vitest";
import type { JobRequest_Serialize, PictureCheck } from "./bindings";
import {
  insertAt,
  insertReference,
  multiForm,
  multiRequest,
  omniClip,
  omniForm,
  omniPictures,
  omniRequest,
  references,
  removePicture,
  renumberAfterRemoval,
  reuseToolSettings,
  storedFrames,
} from "./omni.svelte";
import fixture from "./__fixtures__/job-requests.json";

const picture = (name: string): PictureCheck => ({ path: `/pics/${name}.png`, width: 640, height: 480, bytes: 1000 });

beforeEach(() => {
  Object.assign(omniForm, { prompt: "", model_name: "kling-v3-omni", mode: "pro", duration: "5", aspect_ratio: "16:9", sound: "off", shotMode: "single", shots: [], watermark: false, elements: "", pictures: [], clip: null, refer_type: "base", keep_original_sound: true, cursor: null });
});

describe("inserting a reference", () => {
  it("goes in at the caret, spaced from the words around it", () => {
    expect(insertAt("walks along the shore", 0, "<<<image_1>>>")).toEqual({ text: "<<<image_1>>> walks along the shore", cursor: 13 });
    expect(insertAt("a cat meets", 11, "<<<image_2>>>")).toEqual({ text: "a cat meets <<<image_2>>>", cursor: 25 });
    expect(insertAt("a and b", 2, "<<<video_1>>>").text).toBe("a <<<video_1>>> and b");
    expect(insertAt("ab", 1, "<<<image_1>>>").text).toBe("a <<<image_1>>> b");
  });

  it("goes at the end when the caret is unknown or out of range", () => {
    expect(insertAt("sunset", null, "<<<image_1>>>").text).toBe("sunset <<<image_1>>>");
    expect(insertAt("sunset", 99, "<<<image_1>>>").text).toBe("sunset <<<image_1>>>");
    expect(insertAt("", null, "<<<image_1>>>")).toEqual({ text: "<<<image_1>>>", cursor: 13 });
  });

  it("is one step on the form, and the next one follows the first", () => {
    omniForm.prompt = "meets on the beach";
    omniForm.cursor = 0;
    insertReference("<<<image_1>>>");
    expect(omniForm.prompt).toBe("<<<image_1>>> meets on the beach");
    insertReference("<<<image_2>>>");
    expect(omniForm.prompt).toBe("<<<image_1>>> <<<image_2>>> meets on the beach");
  });

  it("offers a chip per picture, element and the clip", () => {
    omniForm.pictures = [{ picture: picture("a"), frame: "first_frame" }, { picture: picture("b"), frame: null }];
    omniForm.elements = "11, 12";
    omniForm.clip = { from: "url", url: "https://example.com/c.mp4" };
    expect(references().map((c) => c.token)).toEqual(["<<<image_1>>>", "<<<image_2>>>", "<<<element_1>>>", "<<<element_2>>>", "<<<video_1>>>"]);
    expect(references()[0].label).toContain("first frame");
  });
});

describe("removing a picture", () => {
  it("drops its references and moves later ones down", () => {
    expect(renumberAfterRemoval("<<<image_1>>> hugs <<<image_2>>> near <<<image_3>>>", 2)).toBe("<<<image_1>>> hugs near <<<image_2>>>");
    expect(renumberAfterRemoval("<<<image_1>>> waves at <<<image_2>>>", 1)).toBe("waves at <<<image_1>>>");
    expect(renumberAfterRemoval("<<<image_12>>> and <<<image_2>>>", 1)).toBe("<<<image_11>>> and <<<image_1>>>");
    expect(renumberAfterRemoval("<<<video_1>>> with <<<element_2>>>", 1)).toBe("<<<video_1>>> with <<<element_2>>>");
  });

  it("keeps the form's pictures and prompt in step", () => {
    omniForm.pictures = [picture("a"), picture("b"), picture("c")].map((p) => ({ picture: p, frame: null }));
    omniForm.prompt = "<<<image_1>>> and <<<image_3>>> meet";
    removePicture(0);
    expect(omniForm.pictures.map((p) => p.picture.path)).toEqual(["/pics/b.png", "/pics/c.png"]);
    expect(omniForm.prompt).toBe("and <<<image_2>>> meet");
    expect(omniPictures().map((p) => p.path)).toEqual(["/pics/b.png", "/pics/c.png"]);
  });
});

describe("the Omni request", () => {
  it("holds the form's settings", () => {
    omniForm.prompt = "  <<<image_1>>> runs  ";
    omniForm.pictures = [{ picture: picture("a"), frame: null }];
    omniForm.sound = "on";
    omniForm.mode = "4k";
    omniForm.duration = "7";
    expect(omniRequest()).toMatchObject({ model_name: "kling-v3-omni", prompt: "<<<image_1>>> runs", sound: "on", mode: "4k", duration: "7", aspect_ratio: "16:9", multi_shot: null });
    expect(omniPictures()).toEqual([{ path: "/pics/a.png", frame: null }]);
    expect(omniClip()).toBeNull();
  });

  it("lets a first frame or an edited clip set the shape, and a clip turns sound off", () => {
    omniForm.pictures = [{ picture: picture("a"), frame: "first_frame" }];
    omniForm.sound = "on";
    expect(omniRequest().aspect_ratio).toBeNull();
    expect(omniRequest().sound).toBe("on");
    omniForm.pictures[0].frame = null;
    omniForm.clip = { from: "library", item_id: "item-9", name: "waves.mp4" };
    expect(omniRequest()).toMatchObject({ aspect_ratio: null, duration: null, sound: null });
    expect(omniClip()).toEqual({ source: { from: "library", item_id: "item-9" }, refer_type: "base", keep_original_sound: true });
    omniForm.refer_type = "feature";
    omniForm.keep_original_sound = false;
    expect(omniRequest()).toMatchObject({ aspect_ratio: "16:9", duration: "5" });
    expect(omniClip()).toEqual({ source: { from: "library", item_id: "item-9" }, refer_type: "feature", keep_original_sound: false });
  });

  it("sends no 4k or sound the model does not offer, and the shots given", () => {
    omniForm.mode = "4k";
    omniForm.sound = "on";
    expect(omniRequest({ modes: ["std", "pro"], sound: "none", multi_shot: false, watermark: true, max_elements: 7 })).toMatchObject({ mode: null, sound: null });
    omniForm.shotMode = "customize";
    omniForm.shots = [{ prompt: " a ", seconds: 2 }, { prompt: "b", seconds: 3 }];
    expect(omniRequest().multi_prompt).toEqual([{ index: 1, prompt: "a", duration: "2" }, { index: 2, prompt: "b", duration: "3" }]);
    expect(omniRequest()).toMatchObject({ multi_shot: true, shot_type: "customize" });
  });
});

describe("the Multi request and reuse", () => {
  it("holds the form's settings", () => {
    Object.assign(multiForm, { prompt: " two friends meet ", negative_prompt: "", model_name: "kling-v1-6", mode: "pro", duration: "10", aspect_ratio: "9:16" });
    expect(multiRequest()).toEqual({ model_name: "kling-v1-6", prompt: "two friends meet", negative_prompt: null, mode: "pro", duration: "10", aspect_ratio: "9:16", watermark_info: null });
  });

  it("puts an Omni request's settings back", () => {
    const tab = reuseToolSettings({
      kind: "omni-video",
      request: { model_name: "kling-video-o1", prompt: "<<<video_1>>> at night", mode: "std", duration: "10", video_list: [{ video_url: "https://cdn.example/v.mp4", refer_type: "feature", keep_original_sound: "no" }] },
      images: [],
    });
    expect(tab).toBe("omni");
    expect(omniForm).toMatchObject({ model_name: "kling-video-o1", prompt: "<<<video_1>>> at night", mode: "std", duration: "10", refer_type: "feature", keep_original_sound: false });
    expect(omniForm.clip).toEqual({ from: "url", url: "https://cdn.example/v.mp4" });
    expect(reuseToolSettings({ kind: "text2video", request: { model_name: "kling-v1", prompt: "x" } })).toBeNull();
  });

  it("reads each stored picture's frame back (the stored request keeps image_list without pictures)", () => {
    const stored = (fixture as JobRequest_Serialize[]).find((r) => r.kind === "omni-video");
    expect(stored && storedFrames(stored)).toEqual(["first_frame"]);
    const planted = { kind: "omni-video", request: { model_name: "x", prompt: "", image_list: [{ type: "end_frame" }, { type: "../x" }, null] }, images: [] };
    expect(storedFrames(planted as unknown as JobRequest_Serialize)).toEqual(["end_frame", null, null]);
  });
});
