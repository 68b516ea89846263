// The Elements & Voices forms: what each still needs, in words naming the field, and what is sent.
import { describe, expect, it } from "vitest";
import { elementInput, elementProblem, toggleTag, voiceInput, voiceProblem, type ElementFormState, type VoiceFormState } from "./asset-forms.svelte";
import { pickInto, removeFrom, pickable, making, tagName } from "./assets.svelte";

const picture = (name: string) => ({ path: `/lib/${name}.png`, width: 600, height: 800, bytes: 1000 });
const element = (f: Partial<ElementFormState>): ElementFormState => ({
  open: true,
  name: "Mia",
  description: "a girl in a raincoat",
  fromClip: false,
  pictures: [picture("front"), picture("side")],
  clipUrl: "",
  tags: [],
  voiceId: "",
  pictureError: null,
  checking: false,
  ...f,
});

describe("the new element form", () => {
  it("names what is missing", () => {
    expect(elementProblem(element({}))).toBeNull();
    expect(elementProblem(element({ name: "  " }))).toBe("Name: give it one.");
    expect(elementProblem(element({ name: "x".repeat(21) }))).toBe("Name: at most 20 characters (21 now).");
    expect(elementProblem(element({ description: "y".repeat(101) }))).toContain("Description: at most 100");
    expect(elementProblem(element({ pictures: [] }))).toBe("Pictures: give the front picture first.");
    expect(elementProblem(element({ pictures: [picture("front")] }))).toBe("Pictures: give 1 to 3 more beside the front one.");
    expect(elementProblem(element({ pictures: ["a", "b", "c", "d", "e"].map(picture) }))).toBe("Pictures: at most 3 beside the front one.");
    expect(elementProblem(element({ fromClip: true, clipUrl: "leo.mp4" }))).toContain("Clip:");
    expect(elementProblem(element({ fromClip: true, clipUrl: "https://x.test/leo.mp4" }))).toBeNull();
  });

  it("sends pictures or the clip, tags and the voice", () => {
    const f = element({ voiceId: "v-1" });
    toggleTag(f, "o_102");
    toggleTag(f, "o_106");
    toggleTag(f, "o_106");
    expect(elementInput(f)).toEqual({ name: "Mia", description: "a girl in a raincoat", pictures: ["/lib/front.png", "/lib/side.png"], clip_url: null, tags: ["o_102"], voice_id: "v-1" });
    expect(elementInput(element({ fromClip: true, clipUrl: " https://x.test/leo.mp4 " }))).toMatchObject({ pictures: [], clip_url: "https://x.test/leo.mp4", voice_id: null });
    expect(tagName("o_102")).toBe("Character");
  });
});

describe("the new voice form", () => {
  const voice = (f: Partial<VoiceFormState>): VoiceFormState => ({ open: true, name: "Narrator", url: "", item: null, ...f });
  it("takes a link or a gallery video", () => {
    expect(voiceProblem(voice({}))).toContain("Recording:");
    expect(voiceProblem(voice({ name: "", url: "https://x.test/me.wav" }))).toBe("Name: give it one.");
    expect(voiceInput(voice({ url: " https://x.test/me.wav " }))).toEqual({ name: "Narrator", source: { from: "url", url: "https://x.test/me.wav" } });
    expect(voiceInput(voice({ url: "https://ignored", item: { itemId: "video:1:0", prompt: "p" } }))).toEqual({ name: "Narrator", source: { from: "library", item_id: "video:1:0" } });
  });
});

describe("picking elements and voices into a form", () => {
  it("adds the id and its reference at the caret, once, up to the most", () => {
    const first = pickInto("", "walks in", 0, "829836802793406551", "element", 3);
    expect(first).toEqual({ list: "829836802793406551", prompt: "<<<element_1>>> walks in", cursor: 15 });
    const second = pickInto(first!.list, first!.prompt, null, "7", "element", 3);
    expect(second?.prompt).toBe("<<<element_1>>> walks in <<<element_2>>>");
    expect(pickInto(second!.list, second!.prompt, null, "7", "element", 3)).toBeNull();
    expect(pickInto("1, 2", "", null, "3", "voice", 2)).toBeNull();
  });

  it("takes one out and renumbers the others' references", () => {
    expect(removeFrom("1, 2, 3", "<<<element_1>>> meets <<<element_2>>> and <<<element_3>>>", 1, "element")).toEqual({ list: "1, 3", prompt: "<<<element_1>>> meets and <<<element_2>>>" });
    expect(removeFrom("v1, v2", "<<<voice_2>>> says hi to <<<element_1>>>", 0, "voice")).toEqual({ list: "v2", prompt: "<<<voice_1>>> says hi to <<<element_1>>>" });
  });

  it("offers what is not deleted, the person's own first, and follows only what is being made", () => {
    const all = [
      { id: "a", preset: true, deleted: false },
      { id: "b", preset: false, deleted: true },
      { id: "c", preset: false, deleted: false },
    ];
    expect(pickable(all).map((a) => a.id)).toEqual(["c", "a"]);
    expect(making([{ task_id: "1", kind: "element", name: "n", started_ms: 1, failure: "no" }])).toBe(false);
    expect(making([{ task_id: "1", kind: "voice", name: "n", started_ms: 1, failure: null }])).toBe(true);
  });
});
