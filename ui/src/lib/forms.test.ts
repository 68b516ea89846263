// "Reuse all settings" restores every field: each request in the fixture (written by Rust,
// tests/bindings.rs, which also reads it back as the commands' request types) is put into its
// form, and the form must build that same request again.
import { describe, expect, it } from "vitest";
import fixture from "./__fixtures__/job-requests.json";
import type { JobRequest_Serialize, ModelOffer } from "./bindings";
import {
  animateForm,
  animateRequest,
  imageForm,
  imageRequest,
  reusePrompt,
  reuseSettings,
  soundForm,
  soundProblem,
  soundRequest,
  soundSeconds,
  videoForm,
  videoRequest,
} from "./forms.svelte";

/** The request as sent, without the fields a form leaves empty (null) or the API leaves out. */
function sent(request: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(request, (_, v) => (v === null ? undefined : v)));
}

const requests = fixture as JobRequest_Serialize[];

/**
 * What the catalogue would offer for the model of `request`, as far as the form's request
 * depends on it: options the request uses are offered, sound only when it has a setting, no
 * mode for a model that takes none.
 */
function offerFor(request: Record<string, unknown>): ModelOffer {
  return {
    models: [],
    known: true,
    modes: request.mode ? ["std", "pro", "4k"] : [],
    durations: [],
    aspect_ratios: [],
    resolutions: [],
    camera: request.camera_control ? "all" : "none",
    end_frame: true,
    end_frame_only: false,
    cfg_scale: request.cfg_scale != null,
    requires_reference: false,
    references: request.image_reference ? ["subject", "face"] : [],
    reference_required: false,
    sound: request.sound ? "on_or_off" : "none",
    end_frame_silent: false,
    max_voices: 2,
    multi_shot: true,
    max_elements: 3,
    watermark: true,
    series: false,
    auto_aspect_from_text: true,
  };
}

describe("reuseSettings", () => {
  it("has requests of each kind to try", () => {
    expect([...new Set(requests.map((r) => r.kind))].sort()).toEqual([
      "effects",
      "image",
      "image-expand",
      "image2video",
      "lip-sync",
      "motion-control",
      "multi-image2image",
      "multi-image2video",
      "omni-image",
      "omni-video",
      "text-to-audio",
      "text2video",
      "video-extend",
      "video-to-audio",
      "virtual-try-on",
    ]);
  });

  for (const job of requests) {
    it(`restores every field of a ${job.kind} request (${"request" in job && "model_name" in job.request ? job.request.model_name : ""})`, () => {
      const tab = reuseSettings(job);
      if (job.kind === "image") {
        expect(tab).toBe("image");
        expect(sent(imageRequest(offerFor(job.request)))).toEqual(job.request);
      } else if (job.kind === "text2video") {
        expect(tab).toBe("video");
        expect(sent(videoRequest(offerFor(job.request)))).toEqual(job.request);
      } else if (job.kind === "image2video") {
        expect(tab).toBe("animate");
        expect(sent(animateRequest(offerFor(job.request)))).toEqual(job.request);
      } else if (job.kind === "text-to-audio") {
        expect(tab).toBe("sound");
        expect(sent(soundRequest())).toEqual(job.request);
      } else {
        // Omni and Multi are put back by reuseToolSettings (omni.test.ts), Compose and Try-on by
        // reusePictureTool (compose.test.ts); the other tools have no form of their own here:
        // reuse offers nothing rather than a wrong form.
        expect(tab).toBeNull();
      }
    });
  }

  it("fills what a request left out with the API's defaults", () => {
    reuseSettings({ kind: "text2video", request: { model_name: "kling-v1-6", prompt: "rain" } });
    expect(videoForm).toMatchObject({ model_name: "kling-v1-6", prompt: "rain", mode: "std", duration: "5", aspect_ratio: "16:9", negative_prompt: "" });
    expect(videoForm.camera.type).toBe("none");
  });

  it("knows nothing of a task from the account's history", () => {
    imageForm.prompt = "kept";
    expect(reuseSettings({ kind: "history", task_kind: "image" })).toBeNull();
    expect(imageForm.prompt).toBe("kept");
  });
});

describe("reusePrompt", () => {
  it("puts the prompt into the form of the result's kind only", () => {
    animateForm.prompt = "";
    expect(reusePrompt("image2video", "spin")).toBe("animate");
    expect(animateForm.prompt).toBe("spin");
    expect(reusePrompt("text2video", "waves")).toBe("video");
    expect(videoForm.prompt).toBe("waves");
    expect(reusePrompt("text-to-audio", "birdsong")).toBe("sound");
    expect(soundForm.prompt).toBe("birdsong");
  });
});

describe("the sound form", () => {
  it("sends 3.0 to 10.0 s in tenths, whatever the slider or a stored request held", () => {
    expect([soundSeconds(4.5), soundSeconds(4.56), soundSeconds(2), soundSeconds(12), soundSeconds(Number.NaN)]).toEqual([4.5, 4.6, 3, 10, 5]);
    soundForm.prompt = "rain";
    soundForm.duration = 7.25;
    expect(soundRequest()).toEqual({ prompt: "rain", duration: 7.3 });
    reuseSettings({ kind: "text-to-audio", request: { prompt: "wind", duration: 42 } });
    expect(soundForm).toMatchObject({ prompt: "wind", duration: 10 });
  });

  it("says what stops it: an empty or too long description (counted as the API counts)", () => {
    expect(soundProblem({ prompt: "  ", duration: 5 })).toBe("Describe the sound.");
    expect(soundProblem({ prompt: "é".repeat(200), duration: 5 })).toBeNull();
    expect(soundProblem({ prompt: "😀".repeat(201), duration: 5 })).toBe("The description is 201 characters; Kling takes at most 200.");
  });
});
