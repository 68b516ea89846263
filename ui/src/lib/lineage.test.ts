import { describe, expect, test } from "vitest";
import type { Item_Serialize as Item, Lineage_Serialize as Lineage } from "./bindings";
import { madeFromEntries, roleLabel, sameTaskEntries, usedInEntries } from "./lineage";

function item(over: Partial<Item>): Item {
  return {
    id: "image:100:0",
    rel_path: "2026-12/lighthouse_100_0.png",
    sidecar_path: "2026-12/lighthouse_100_0.json",
    kind: "image",
    tool: "image",
    media: "image",
    task_id: "100",
    index: 0,
    model: "kling-v2",
    prompt: "a lighthouse",
    negative_prompt: "",
    created_at: 0,
    width: 1024,
    height: 1024,
    duration_ms: null,
    favorite: false,
    ...over,
  };
}

const picture = item({});
const animation = item({ id: "image2video:200:0", kind: "image2video", tool: "image2video", media: "video", rel_path: "2026-12/waves_200_0.mp4", task_id: "200", prompt: "waves roll in" });

describe("made from", () => {
  test("a parent in the library opens by its id, with its role for this result and its tool in words", () => {
    const parents: Lineage["made_from"] = [{ state: "present", item: picture, role: "image" }];
    expect(madeFromEntries("image2video", parents)).toEqual([
      { state: "present", itemId: "image:100:0", media: "image", role: "Start frame", tool: "Image", prompt: "a lighthouse" },
    ]);
  });

  test("a parent deleted since shows its recorded file name and task, and no id to open", () => {
    const parents: Lineage["made_from"] = [
      { state: "present", item: picture, role: "image" },
      { state: "gone", file: "2026-12/harbour_90_1.png", task_id: "90", tool: "image", role: "image_tail" },
      { state: "gone", file: "imports/mine.png", task_id: null, tool: "imported", role: "image" },
    ];
    const entries = madeFromEntries("image2video", parents);
    expect(entries.map((e) => e.state)).toEqual(["present", "gone", "gone"]);
    expect(entries[1]).toEqual({ state: "gone", file: "harbour_90_1.png", taskId: "90", role: "End frame", tool: "Image" });
    expect(entries[2]).toEqual({ state: "gone", file: "mine.png", taskId: null, role: "Start frame", tool: "Imported" });
    expect(entries.filter((e) => "itemId" in e)).toHaveLength(1);
  });

  test("a parent made by a tool this version does not know keeps its word", () => {
    const parents: Lineage["made_from"] = [{ state: "gone", file: "a/b.mp4", task_id: "7", tool: "text2sculpture", role: "video" }];
    expect(madeFromEntries("video-extend", parents)).toEqual([{ state: "gone", file: "b.mp4", taskId: "7", role: "Clip", tool: "text2sculpture" }]);
  });

  test("nothing recorded, nothing shown", () => {
    expect(madeFromEntries("image", [])).toEqual([]);
  });
});

describe("used in", () => {
  test("each result made from the item, with the role the item had in it and the result's tool", () => {
    const children: Lineage["used_in"] = [
      { item: animation, role: "image" },
      { item: item({ id: "image:300:0", task_id: "300", prompt: "" }), role: "image" },
    ];
    expect(usedInEntries(children)).toEqual([
      { state: "present", itemId: "image2video:200:0", media: "video", role: "As start frame", tool: "Animate", prompt: "waves roll in" },
      { state: "present", itemId: "image:300:0", media: "image", role: "As reference picture", tool: "Image", prompt: "" },
    ]);
  });
});

describe("roleLabel", () => {
  test("the request field a parent filled, in words that depend on the tool", () => {
    expect(roleLabel("image2video", "image")).toBe("Start frame");
    expect(roleLabel("image2video", "image_tail")).toBe("End frame");
    expect(roleLabel("image", "image")).toBe("Reference picture");
    expect(["subject_image_list", "scene_image", "style_image", "human_image", "cloth_image"].map((r) => roleLabel("virtual-try-on", r))).toEqual([
      "Subject",
      "Scene",
      "Style",
      "Person",
      "Garment",
    ]);
    expect(roleLabel("multi-image2video", "image")).toBe("Picture");
    expect(roleLabel("video-extend", "video")).toBe("Clip");
    expect(roleLabel("omni-video", "image_list")).toBe("Picture");
    expect(roleLabel("omni-video", "video")).toBe("Clip");
    expect(roleLabel("lip-sync", "audio")).toBe("Sound");
    expect(roleLabel("motion-control", "reference_video")).toBe("reference video");
    expect(roleLabel("x", "constructor")).toBe("constructor");
  });
});

describe("same task", () => {
  test("an added sound's clip and the sound open by id, named by what they hold", () => {
    const clip = item({ id: "video-to-audio:300:0", kind: "video-to-audio", tool: "video-to-audio", media: "video", task_id: "300", prompt: "" });
    const sound = item({ id: "video-to-audio:300:1", kind: "video-to-audio", tool: "video-to-audio", media: "audio", task_id: "300", index: 1, prompt: "" });
    expect(sameTaskEntries([clip, sound])).toEqual([
      { state: "present", itemId: "video-to-audio:300:0", media: "video", role: "Clip", tool: "Add sound", prompt: "" },
      { state: "present", itemId: "video-to-audio:300:1", media: "audio", role: "Sound", tool: "Add sound", prompt: "" },
    ]);
    expect(sameTaskEntries([])).toEqual([]);
  });
});
