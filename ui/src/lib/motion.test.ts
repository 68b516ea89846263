// Create → Motion: what the form sends, the clip from the gallery taking the place of a link.
import { describe, expect, it } from "vitest";
import { motionInput, type MotionForm } from "./motion.svelte";

const form = (f: Partial<MotionForm>): MotionForm => ({ picture: null, pictureError: null, checking: false, clip: null, url: "", orientation: "image", mode: "std", keepSound: true, prompt: "", elements: "", ...f });
const picture = { path: "/lib/dancer.png", width: 640, height: 960, bytes: 1000 };

describe("the motion form", () => {
  it("asks for the picture, then the video", () => {
    expect(motionInput(form({}))).toEqual({ ok: false, error: "Image url: give the character's picture." });
    const noVideo = motionInput(form({ picture, url: "  " }));
    expect(noVideo.ok).toBe(false);
    if (!noVideo.ok) expect(noVideo.error.startsWith("Video url:")).toBe(true);
  });

  it("sends a gallery clip by its item, not the link typed before", () => {
    expect(motionInput(form({ picture, clip: { itemId: "video:t1:0", prompt: "a dance" }, url: "https://x.test/a.mp4", orientation: "video", mode: "pro", keepSound: false }))).toEqual({
      ok: true,
      value: { picture: "/lib/dancer.png", video_item: "video:t1:0", video_url: null, orientation: "video", mode: "pro", keep_sound: false, prompt: null, element_id: null },
    });
  });

  it("sends a link as typed, trimmed", () => {
    expect(motionInput(form({ picture, url: " https://x.test/dance.mp4 " }))).toEqual({
      ok: true,
      value: { picture: "/lib/dancer.png", video_item: null, video_url: "https://x.test/dance.mp4", orientation: "image", mode: "std", keep_sound: true, prompt: null, element_id: null },
    });
  });

  it("sends the element and prompt, and needs the video's orientation with an element", () => {
    const withElement = { picture, url: "https://x.test/d.mp4", elements: "829836802793406551", prompt: " <<<element_1>>> dances " };
    const refused = motionInput(form(withElement));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toContain("choose Video");
    const sent = motionInput(form({ ...withElement, orientation: "video" }));
    expect(sent.ok && sent.value.element_id).toBe("829836802793406551");
    expect(sent.ok && sent.value.prompt).toBe("<<<element_1>>> dances");
  });
});
