// The lip-sync dialog's form: the face chosen after identify-face, the sound's length as the
// default end, the time and volume fields read (each error naming its field), and the input
// the `lip_sync` command receives.
import { describe, expect, it } from "vitest";
import type { FoundFaces, Item, SoundCheck } from "./bindings";
import { chooseFace, chosenFace, facesFound, LIBRARY_SOUNDS, librarySoundsQuery, lipSyncForm, lipSyncInput, optionalText, priced, readMs, readVolume, soundChosen, soundLabel, timeRange, toolDialogs } from "./tools.svelte";

const two: FoundFaces = {
  session_id: "sess-1",
  faces: [
    { face: { face_id: "0", face_image: "https://x.test/0.png", start_time: 0, end_time: 5000 }, picture: "data:image/png;base64,AA" },
    { face: { face_id: "1", face_image: "https://x.test/1.png", start_time: 1200, end_time: 4800 }, picture: null },
  ],
};
const one: FoundFaces = { session_id: "sess-2", faces: [two.faces[1]] };
const voice: SoundCheck = { path: "/home/me/voice.wav", bytes: 48_044, duration_ms: 3000 };

describe("choosing the face", () => {
  it("takes the only face by itself, and starts the sound where it appears", () => {
    const form = facesFound(lipSyncForm(), one);
    expect(form.faceId).toBe("1");
    expect(form.insert).toBe("1200");
    expect(chosenFace(form)?.face.face_id).toBe("1");
  });

  it("waits for a pick when there are several", () => {
    const form = facesFound(lipSyncForm(), two);
    expect(form.faceId).toBeNull();
    expect(lipSyncInput({ ...form, sound: voice, end: "2500" })).toEqual({ ok: false, error: "Face: choose the face that speaks." });
    const picked = chooseFace(form, "1");
    expect([picked.faceId, picked.insert]).toEqual(["1", "1200"]);
    expect(chooseFace(picked, "7")).toBe(picked);
  });
});

describe("the sound", () => {
  it("is used whole by default, up to 60 s", () => {
    expect(soundChosen(lipSyncForm(), voice).end).toBe("3000");
    expect(soundChosen(lipSyncForm(), { ...voice, duration_ms: 95_000 }).end).toBe("60000");
    // A length the header does not tell leaves the end to be typed.
    expect(soundChosen(lipSyncForm(), { ...voice, duration_ms: null }).end).toBe("");
  });

  it("keeps an end typed before the sound was chosen, and takes a new sound's length after", () => {
    const typed = soundChosen({ ...lipSyncForm(), end: "2200" }, voice);
    expect(typed.end).toBe("2200");
    expect(soundChosen(typed, { ...voice, duration_ms: 4000 }).end).toBe("4000");
  });
});

describe("the library's sounds", () => {
  const sound = (over: Partial<Item>): Item =>
    ({ id: "video-to-audio:t1:1", rel_path: "2026/12/video-to-audio-t1-1.mp3", prompt: "", duration_ms: 5000, media: "audio", ...over }) as Item;

  it("are asked for as sounds only, newest first, a bounded number", () => {
    expect(librarySoundsQuery()).toMatchObject({ media: ["audio"], kinds: [], tools: [], search: null, sort: "newest_first", offset: 0, limit: LIBRARY_SOUNDS });
  });

  it("are named by what they were made for, or by their file, with their length", () => {
    expect(soundLabel(sound({ prompt: "rain on a tin roof" }))).toBe("rain on a tin roof · 5 s");
    expect(soundLabel(sound({ prompt: "  ", duration_ms: 2350 }))).toBe("video-to-audio-t1-1.mp3 · 2.4 s");
    expect(soundLabel(sound({ prompt: "a voice", duration_ms: null }))).toBe("a voice");
    const long = soundLabel(sound({ prompt: "x".repeat(60) }));
    expect(long).toBe(`${"x".repeat(47)}… · 5 s`);
  });
});

describe("reading the fields", () => {
  it("takes whole milliseconds and names the field otherwise", () => {
    expect(readMs("Sound start time", " 250 ")).toEqual({ ok: true, value: 250 });
    expect(readMs("Sound start time", "")).toEqual({ ok: false, error: "Sound start time: give a time in milliseconds." });
    for (const bad of ["1.5", "-3", "2e3", "ten"]) {
      const read = readMs("Sound end time", bad);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.error).toBe(`Sound end time: “${bad}” is not a whole number of milliseconds.`);
    }
    expect(readVolume("Sound volume", "1.5")).toEqual({ ok: true, value: 1.5 });
    expect(readVolume("Original audio volume", "loud")).toEqual({ ok: false, error: "Original audio volume: give a number from 0 to 2." });
  });

  it("says what is missing, in the order the dialog asks", () => {
    expect(lipSyncInput(lipSyncForm())).toEqual({ ok: false, error: "Face: identify the faces first." });
    const faced = chooseFace(facesFound(lipSyncForm(), two), "1");
    expect(lipSyncInput(faced)).toEqual({ ok: false, error: "Sound file: choose or drop an mp3, wav, m4a or aac file." });
    const full = soundChosen(faced, voice);
    expect(lipSyncInput({ ...full, insert: "x" })).toEqual({ ok: false, error: "Sound insert time: “x” is not a whole number of milliseconds." });
    expect(lipSyncInput({ ...full, volume: "" })).toEqual({ ok: false, error: "Sound volume: give a number from 0 to 2." });
  });
});

describe("the input sent", () => {
  it("holds the session, the chosen face, the sound's path, times and volumes", () => {
    const form = { ...soundChosen(chooseFace(facesFound(lipSyncForm(), two), "1"), voice), start: "500", volume: "1.5", originalVolume: "0" };
    expect(lipSyncInput(form)).toEqual({
      ok: true,
      value: {
        session_id: "sess-1",
        // The face's picture stays in the dialog; its times go for the checks.
        face: { face_id: "1", face_image: "", start_time: 1200, end_time: 4800 },
        sound_file: "/home/me/voice.wav",
        sound_start_time: 500,
        sound_end_time: 3000,
        sound_insert_time: 1200,
        sound_volume: 1.5,
        original_audio_volume: 0,
      },
    });
  });
});

describe("the lip-sync's price", () => {
  it("is asked for the part of the sound used, once its times read", () => {
    const form = { ...lipSyncForm(), start: "1000", end: "7500" };
    expect(priced(form)).toEqual({ kind: "lip-sync", request: { session_id: "", face_choose: [{ face_id: "", sound_start_time: 1000, sound_end_time: 7500, sound_insert_time: 0 }] } });
    expect(priced({ ...form, end: "" })).toBeNull();
    expect(priced({ ...form, end: "7.5s" })).toBeNull();
    expect(priced({ ...form, end: "1000" })).toBeNull();
  });
});

describe("the other tools", () => {
  it("send a blank text as not given", () => {
    expect(optionalText("  \n")).toBeNull();
    expect(optionalText(" the dog keeps running")).toBe(" the dog keeps running");
  });

  it("open one dialog at a time, on one clip", () => {
    toolDialogs.show("extend", "video:t1:0");
    toolDialogs.show("lipsync", "video:t2:0");
    expect(toolDialogs.open).toEqual({ tool: "lipsync", itemId: "video:t2:0" });
    toolDialogs.close();
    expect(toolDialogs.open).toBeNull();
  });

  it("show a face's time on screen in seconds", () => {
    expect(timeRange(1200, 4800)).toBe("1.2 s – 4.8 s");
    expect(timeRange(0, 5000)).toBe("0 s – 5 s");
  });
});
