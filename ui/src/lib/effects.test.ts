// Create → Effects: the scene search, the pictures a scene takes, and what is sent.
import { describe, expect, it } from "vitest";
import type { Effect, PictureCheck } from "./bindings";
import { effectPictures, filterScenes, picturesWanted, sceneLabel, type EffectsForm } from "./effects.svelte";

const scenes: Effect[] = [
  { scene: "birthday_board", pictures: 1, durations: ["5", "10"] },
  { scene: "summer_fireworks", pictures: 1, durations: ["5", "10"] },
  { scene: "pet_skateboard", pictures: 2, durations: ["5"] },
];
const pic = (path: string): PictureCheck => ({ path, width: 640, height: 480, bytes: 1000 });
const form = (f: Partial<EffectsForm>): EffectsForm => ({ scene: null, search: "", pictures: [null, null], errors: [null, null], checking: [false, false], ...f });

describe("the scene list", () => {
  it("reads names as words", () => {
    expect(sceneLabel("birthday_board")).toBe("Birthday board");
  });

  it("keeps the scenes holding every word searched", () => {
    expect(filterScenes(scenes, "").length).toBe(3);
    expect(filterScenes(scenes, "BOARD").map((e) => e.scene)).toEqual(["birthday_board", "pet_skateboard"]);
    expect(filterScenes(scenes, "board pet").map((e) => e.scene)).toEqual(["pet_skateboard"]);
    expect(filterScenes(scenes, "fire works")).toEqual([scenes[1]]);
    expect(filterScenes(scenes, "kiss")).toEqual([]);
  });
});

describe("the pictures", () => {
  it("are one or two as the scene takes", () => {
    expect(picturesWanted(scenes, "pet_skateboard")).toBe(2);
    expect(picturesWanted(scenes, "birthday_board")).toBe(1);
    expect(picturesWanted(scenes, null)).toBe(1);
  });

  it("are sent in order once the scene has all it takes", () => {
    expect(effectPictures(form({}), 1)).toEqual({ ok: false, error: "Effect scene: choose an effect." });
    expect(effectPictures(form({ scene: "birthday_board" }), 1)).toEqual({ ok: false, error: "Input: give the picture the effect is applied to." });
    // A second picture left over from a two-picture scene is not sent with a one-picture one.
    expect(effectPictures(form({ scene: "birthday_board", pictures: [pic("/a.png"), pic("/b.png")] }), 1)).toEqual({ ok: true, value: ["/a.png"] });
    expect(effectPictures(form({ scene: "pet_skateboard", pictures: [pic("/a.png"), null] }), 2)).toEqual({ ok: false, error: "Input: this effect takes two pictures, left and right." });
    expect(effectPictures(form({ scene: "pet_skateboard", pictures: [pic("/a.png"), pic("/b.png")] }), 2)).toEqual({ ok: true, value: ["/a.png", "/b.png"] });
  });
});
