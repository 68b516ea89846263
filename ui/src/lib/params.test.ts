import { describe, expect, test } from "vitest";
import type { JobRequest } from "./bindings";
import { describeParams, describeRequest, promptOf } from "./params";

describe("describeParams", () => {
  test("a video request in the form's order and words, prompt and inputs left out", () => {
    const shown = describeParams({
      prompt: "a cat",
      negative_prompt: "blur",
      model_name: "kling-v1-6",
      external_task_id: "x1",
      callback_url: "https://example.test/cb",
      camera_control: { type: "down_back" },
      cfg_scale: 0.5,
      aspect_ratio: "16:9",
      duration: "10",
      mode: "pro",
    });
    expect(shown).toEqual([
      ["Mode", "Professional"],
      ["Duration asked", "10 s"],
      ["Aspect ratio", "16:9"],
      ["Prompt adherence (cfg)", "0.5"],
      ["Camera movement", "Down & back"],
    ]);
  });

  test("an image request with a reference", () => {
    const shown = describeParams({
      image: "data:…",
      image_tail: "data:…",
      resolution: "2k",
      human_fidelity: 0.45,
      image_fidelity: 0.7,
      image_reference: "subject",
      n: 4,
      aspect_ratio: "1:1",
      model: "kling-v1-5",
    });
    expect(shown).toEqual([
      ["Aspect ratio", "1:1"],
      ["Pictures asked", "4"],
      ["Reference strength", "0.7"],
      ["Face fidelity", "0.45"],
      ["Reference kind", "subject"],
      ["Resolution", "2K"],
    ]);
  });

  test("today's options in the form's words: sound, 4K, shots, voices, elements, watermark", () => {
    const shown = describeParams({
      model_name: "kling-v3",
      mode: "4k",
      duration: "7",
      sound: "on",
      multi_shot: true,
      shot_type: "customize",
      multi_prompt: [
        { index: 1, prompt: "a lighthouse", duration: "3" },
        { index: 2, prompt: "waves", duration: "4" },
      ],
      voice_list: [{ voice_id: "v-1" }, { voice_id: "v-2" }],
      element_list: [{ element_id: "829836802793406551" }],
      watermark_info: { enabled: true },
    });
    expect(shown).toEqual([
      ["Mode", "4K"],
      ["Duration asked", "7 s"],
      ["Sound", "With sound"],
      ["Shots", "Given shot by shot"],
      ["Shot list", "1. a lighthouse (3 s) · 2. waves (4 s)"],
      ["Voices", "v-1, v-2"],
      ["Elements", "829836802793406551"],
      ["Watermarked copy", "Yes"],
    ]);
    expect(describeParams({ sound: "off", shot_type: "intelligence" })).toEqual([
      ["Sound", "Silent"],
      ["Shots", "Split by Kling"],
    ]);
  });

  test("modes: standard, professional, and an unknown one as it came", () => {
    expect(describeParams({ mode: "std" })).toEqual([["Mode", "Standard"]]);
    expect(describeParams({ mode: "pro" })).toEqual([["Mode", "Professional"]]);
    expect(describeParams({ mode: "ultra" })).toEqual([["Mode", "ultra"]]);
  });

  test("camera moves: the preset's label, and a simple move's non-zero axes", () => {
    const simple = (config: Record<string, number>) => describeParams({ camera_control: { type: "simple", config } })[0][1];
    expect(simple({ horizontal: 0, vertical: 0, pan: 0, tilt: 0, roll: 0, zoom: 5 })).toBe("Simple: zoom 5");
    expect(simple({ horizontal: -3, vertical: 0, pan: 0, tilt: 2, roll: 0, zoom: 0 })).toBe("Simple: horizontal -3, tilt 2");
    expect(simple({ horizontal: 0, zoom: 0 })).toBe("Simple");
    expect(describeParams({ camera_control: { type: "forward_up" } })).toEqual([["Camera movement", "Forward & up"]]);
    expect(describeParams({ camera_control: { type: "right_turn_forward" } })).toEqual([["Camera movement", "Right turn"]]);
    // A type the form does not know yet is shown by its API name; a shape without one as JSON.
    expect(describeParams({ camera_control: { type: "orbit" } })).toEqual([["Camera movement", "orbit"]]);
    expect(describeParams({ camera_control: { config: { zoom: 1 } } })).toEqual([["Camera movement", '{"config":{"zoom":1}}']]);
  });

  test("unknown fields come last, in their own order, labelled from their name", () => {
    const shown = describeParams({ lens_info: { wide: true }, motion: "on", mode: "std", seed: 42 });
    expect(shown).toEqual([
      ["Mode", "Standard"],
      ["Lens info", '{"wide":true}'],
      ["Motion", "on"],
      ["Seed", "42"],
    ]);
  });

  test("null, missing and empty values are skipped; zero and false are kept", () => {
    const shown = describeParams({ cfg_scale: null, aspect_ratio: "", duration: undefined, n: 0, enhance: false, static_mask: "m.png" });
    expect(shown).toEqual([
      ["Pictures asked", "0"],
      ["Enhance", "false"],
    ]);
    expect(describeParams({})).toEqual([]);
  });
});

describe("promptOf", () => {
  test("a clip given shot by shot is described by its shots", () => {
    const shots = [
      { index: 1, prompt: "a lighthouse", duration: "2" },
      { index: 2, prompt: " waves ", duration: "3" },
    ];
    expect(promptOf({ kind: "text2video", request: { model_name: "kling-v3", prompt: "", multi_shot: true, shot_type: "customize", multi_prompt: shots } })).toBe("a lighthouse / waves");
    expect(promptOf({ kind: "text2video", request: { model_name: "kling-v3", prompt: "one scene", multi_prompt: shots } })).toBe("one scene");
    expect(promptOf({ kind: "history", task_kind: "image" })).toBe("");
  });
});

describe("the video tools", () => {
  test("each is described by its own words", () => {
    expect(promptOf({ kind: "effects", request: { effect_scene: "birthday_board" }, images: ["https://example.com/a.png"] })).toBe("birthday_board");
    expect(promptOf({ kind: "video-to-audio", request: { video_id: "v-1", sound_effect_prompt: " rain ", bgm_prompt: "calm piano" } })).toBe("rain / calm piano");
    expect(promptOf({ kind: "video-to-audio", request: { video_id: "v-1" } })).toBe("");
    expect(promptOf({ kind: "text-to-audio", request: { prompt: "rain on a tin roof", duration: 4.5 } })).toBe("rain on a tin roof");
    expect(describeRequest({ kind: "text-to-audio", request: { prompt: "rain", duration: 4.5 } })).toEqual([["Duration asked", "4.5 s"]]);
    const expand: JobRequest = {
      kind: "image-expand",
      images: [],
      request: { up_expansion_ratio: 0.5, down_expansion_ratio: 0, left_expansion_ratio: 0.25, right_expansion_ratio: 0, prompt: "sea", n: 2 },
    };
    expect(promptOf(expand)).toBe("sea");
    expect(describeRequest(expand)).toEqual([
      ["Top grown by", "50% of its side"],
      ["Left grown by", "25% of its side"],
      ["Pictures asked", "2"],
    ]);
    expect(promptOf({ kind: "video-extend", request: { video_id: "v-1", prompt: "and on" } })).toBe("and on");
    const compose = {
      kind: "multi-image2image",
      images: ["inputs/a.png", "inputs/b.png"],
      request: { model_name: "kling-v2-1", prompt: "a picnic", subject_image_list: [{ subject_image: "" }, { subject_image: "" }], scene_image: "", n: 2, aspect_ratio: "4:3" },
    } as unknown as JobRequest;
    expect(promptOf(compose)).toBe("a picnic");
    expect(describeRequest(compose)).toEqual([
      ["Aspect ratio", "4:3"],
      ["Pictures asked", "2"],
    ]);
    const tryOn = { kind: "virtual-try-on", images: ["inputs/me.png", "inputs/coat.png"], request: { model_name: "kolors-virtual-try-on-v1-5", human_image: "", cloth_image: "" } } as unknown as JobRequest;
    expect(promptOf(tryOn)).toBe("");
    expect(describeRequest(tryOn)).toEqual([]);
  });

  test("their settings are listed without ids of sessions or inputs", () => {
    const rows = describeRequest({
      kind: "lip-sync",
      request: { session_id: "s-1", face_choose: [{ face_id: "0", sound_start_time: 0, sound_end_time: 3000, sound_insert_time: 500 }] },
      sound_file: "inputs/0123456789abcdef01234567.mp3",
    });
    expect(rows).toEqual([["Face", "face 0: sound file 0.0 s–3.0 s, from 0.5 s in the video"]]);
    expect(describeRequest({ kind: "video-to-audio", request: { video_id: "v-1", bgm_prompt: "piano", asmr_mode: true } })).toEqual([
      ["Kling video", "v-1"],
      ["Music", "piano"],
      ["ASMR", "Yes"],
    ]);
  });
});
