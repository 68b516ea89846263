// The forms' last settings come back after a restart; what storage holds is input, so a value
// of the wrong type (an old version's, or edited by hand) is left out, never let into a form.
import { describe, expect, it } from "vitest";
import { animateForm, imageForm, videoForm } from "./forms.svelte";
import { restore, snapshot } from "./remember.svelte";

describe("remembered form settings", () => {
  it("round-trip: what is saved comes back into the same fields", () => {
    Object.assign(videoForm, { model_name: "kling-v3", mode: "4k", duration: "12", sound: "on", shotMode: "intelligence", watermark: true });
    Object.assign(animateForm, { model_name: "kling-v2-6", voices: "v-1", elements: "" });
    Object.assign(imageForm, { model_name: "kling-v2-1", n: 3, resolution: "2k" });
    const saved = JSON.stringify(snapshot());
    Object.assign(videoForm, { model_name: "x", mode: "std", duration: "5", sound: "off", shotMode: "single", watermark: false });
    Object.assign(animateForm, { model_name: "x", voices: "" });
    Object.assign(imageForm, { model_name: "x", n: 1, resolution: "1k" });
    expect(restore(saved)).toBeGreaterThan(20);
    expect(videoForm).toMatchObject({ model_name: "kling-v3", mode: "4k", duration: "12", sound: "on", shotMode: "intelligence", watermark: true });
    expect(animateForm).toMatchObject({ model_name: "kling-v2-6", voices: "v-1" });
    expect(imageForm).toMatchObject({ model_name: "kling-v2-1", n: 3, resolution: "2k" });
  });

  it("keeps settings, not prompts or pictures", () => {
    const saved = snapshot();
    expect(Object.keys(saved.video)).not.toContain("prompt");
    expect(Object.keys(saved.animate)).not.toContain("image");
  });

  it("takes only values of the right type, and survives garbage", () => {
    Object.assign(imageForm, { n: 2 });
    Object.assign(videoForm, { cfg_scale: 0.5, camera: { type: "none", axis: "zoom", value: 5 } });
    const taken = restore(JSON.stringify({ image: { n: "nine", prompt: "not kept" }, video: { cfg_scale: null, camera: { type: "simple", axis: "sideways", value: 3 } } }));
    expect(taken).toBe(0);
    expect(imageForm.n).toBe(2);
    expect(videoForm.camera).toEqual({ type: "none", axis: "zoom", value: 5 });
    for (const raw of ["", "{", "null", "[1,2]", '"text"', '{"video": 5}']) expect(restore(raw)).toBe(0);
  });
});
