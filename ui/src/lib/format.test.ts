/// <reference types="vite/client" />
import { describe, expect, it, test } from "vitest";
import { bytes, creditsTitle, date, elapsed, fileName, kindLabel, packOfKind, packShort, remainingOf, stateLabel, toolLabel, units } from "./format";
import type { CreditPack } from "./bindings";
import bindingsSource from "./bindings.ts?raw";

/** The words of a string union in the generated bindings (comments between them left out). */
function unionOf(name: string): string[] {
  // Comments first: a variant's doc comment may hold a ";" that would end the union early.
  const code = bindingsSource.replace(/\/\*[\s\S]*?\*\//g, "");
  const body = code.match(new RegExp(`export type ${name} =([^;]*);`))?.[1];
  if (body == null) throw new Error(`no union ${name} in bindings.ts`);
  return [...body.matchAll(/"([^"]+)"/g)].map((m) => m[1]).sort();
}

describe("elapsed", () => {
  test("seconds under a minute, rounded", () => {
    expect(elapsed(0, 0)).toBe("0s");
    expect(elapsed(1_000, 1_400)).toBe("0s");
    expect(elapsed(0, 59_400)).toBe("59s");
  });
  test("minutes with two-digit seconds", () => {
    expect(elapsed(0, 59_500)).toBe("1m 00s");
    expect(elapsed(0, 61_000)).toBe("1m 01s");
    expect(elapsed(0, 3_599_000)).toBe("59m 59s");
  });
  test("hours with two-digit minutes, seconds dropped", () => {
    expect(elapsed(0, 3_600_000)).toBe("1h 00m");
    expect(elapsed(0, 3_725_000)).toBe("1h 02m");
    expect(elapsed(0, 26 * 3_600_000 + 59 * 60_000 + 59_000)).toBe("26h 59m");
  });
  test("a clock that went backwards shows zero, not a negative time", () => {
    expect(elapsed(10_000, 5_000)).toBe("0s");
  });
});

describe("bytes", () => {
  test("bytes, kilobytes without decimals, megabytes with one", () => {
    expect(bytes(0)).toBe("0 B");
    expect(bytes(1023)).toBe("1023 B");
    expect(bytes(1024)).toBe("1 KB");
    expect(bytes(1536)).toBe("2 KB");
    expect(bytes(1024 * 1024)).toBe("1.0 MB");
    expect(bytes(5.5 * 1024 * 1024)).toBe("5.5 MB");
    expect(bytes(10_485_760)).toBe("10.0 MB");
  });
});

describe("date", () => {
  test("the day with the year and the time to the minute, no seconds", () => {
    // 2024-03-05 14:07:45 UTC; the config pins TZ=UTC. The words depend on the machine's locale.
    const shown = date(Date.UTC(2024, 2, 5, 14, 7, 45));
    expect(shown).toContain("2024");
    expect(shown).toMatch(/\b(14|0?2)[:.]07\b/);
    expect(shown).not.toContain("45");
    expect(shown).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(Date.UTC(2024, 2, 5, 14, 7)));
  });
});

describe("units", () => {
  test("missing shows a dash", () => {
    expect(units(null)).toBe("—");
    expect(units(undefined)).toBe("—");
  });
  test("whole numbers bare, fractions to two places without a trailing zero", () => {
    expect(units(0)).toBe("0");
    expect(units(12)).toBe("12");
    expect(units(1.5)).toBe("1.5");
    expect(units(0.25)).toBe("0.25");
    expect(units(3.456)).toBe("3.46");
    expect(units(0.1 + 0.2)).toBe("0.3");
  });
});

describe("fileName", () => {
  test("the last part of a Unix or Windows path", () => {
    expect(fileName("/home/me/Kling Studio/2024/cat.png")).toBe("cat.png");
    expect(fileName("C:\\Users\\me\\Videos\\clip 1.mp4")).toBe("clip 1.mp4");
    expect(fileName("images/a\\b.jpg")).toBe("b.jpg");
    expect(fileName("plain.webp")).toBe("plain.webp");
  });
});

describe("labels", () => {
  test("every job state in the bindings has its own label", () => {
    expect(Object.keys(stateLabel).sort()).toEqual(unionOf("JobState"));
    const words = Object.values(stateLabel);
    expect(words.every((w) => w.trim() !== "")).toBe(true);
    expect(new Set(words).size).toBe(words.length);
  });
  test("every item and task kind in the bindings has its own label", () => {
    const kinds = [...new Set([...unionOf("ItemKind"), ...unionOf("TaskKind")])].sort();
    expect(Object.keys(kindLabel).sort()).toEqual(kinds);
    const words = Object.values(kindLabel);
    expect(words.every((w) => w.trim() !== "")).toBe(true);
    expect(new Set(words).size).toBe(words.length);
  });
});

describe("toolLabel", () => {
  test("today's tools and those coming, in plain words", () => {
    const expected: Record<string, string> = {
      image: "Image",
      image2video: "Animate",
      text2video: "Video",
      imported: "Imported",
      "omni-video": "Omni video",
      "multi-image2video": "Multi-image video",
      "video-extend": "Extend",
      "lip-sync": "Lip-sync",
      effects: "Effect",
      "video-to-audio": "Add sound",
      "motion-control": "Motion control",
      "text-to-audio": "Sound",
      "image-expand": "Expand",
      "multi-image2image": "Compose",
      "virtual-try-on": "Try-on",
      "omni-image": "Omni image",
    };
    for (const [tool, words] of Object.entries(expected)) expect(toolLabel(tool)).toBe(words);
    expect(new Set(Object.keys(expected).map(toolLabel)).size).toBe(Object.keys(expected).length);
  });
  test("every task kind in the bindings has words of its own", () => {
    for (const kind of unionOf("TaskKind")) expect(toolLabel(kind)).not.toBe(kind);
  });
  test("a tool this version does not know shows as its own word", () => {
    expect(toolLabel("text2sculpture")).toBe("text2sculpture");
    expect(toolLabel("")).toBe("");
    // Not fooled by the names every object has.
    expect(toolLabel("constructor")).toBe("constructor");
    expect(toolLabel("toString")).toBe("toString");
  });
});

describe("credits, pack by pack", () => {
  const pack = (over: Partial<CreditPack>): CreditPack => ({ name: "Video Generation Pack", remaining: 118.5, total: 200, online: true, kind: "video", expires_ms: 0, ...over });
  const packs = [pack({}), pack({ name: "Image Generation Pack", kind: "image", remaining: 3000, total: 5000 }), pack({ name: "Old video", remaining: 50, online: false })];

  it("never adds video and image units", () => {
    expect(remainingOf(packs, "video")).toBe(118.5);
    expect(remainingOf(packs, "image")).toBe(3000);
    expect(remainingOf([pack({ kind: null, name: "Trial" })], "video")).toBeNull();
    const tryOn = pack({ name: "Virtual Try-On Pack", kind: "try-on", remaining: 40, total: 100 });
    expect(remainingOf([...packs, tryOn], "try-on")).toBe(40);
    expect(remainingOf([...packs, tryOn], "image")).toBe(3000); // try-on units are not image units
    expect(packShort(tryOn)).toBe("Try-on 40 left");
  });

  it("charges each kind of item to its own pack", () => {
    expect([packOfKind("image"), packOfKind("multi-image2image"), packOfKind("image-expand")]).toEqual(["image", "image", "image"]);
    expect([packOfKind("virtual-try-on"), packOfKind("text2video"), packOfKind("text-to-audio")]).toEqual(["try-on", "video", "video"]);
  });

  it("words each pack, with the 12 h caveat", () => {
    expect(packShort(packs[0])).toBe("Video 118.5 left");
    expect(packShort(pack({ kind: null, name: "Trial" }))).toBe("Trial 118.5 left");
    const title = creditsTitle([pack({ expires_ms: Date.UTC(2027, 0, 31) }), packs[2]]);
    expect(title).toContain("Video Generation Pack: 118.5 of 200 video units, until");
    expect(title).toContain("Old video: 50 of 200 video units (not in force)");
    expect(title.split("\n").pop()).toBe("Kling's remaining figures can be up to 12 h behind.");
  });
});
