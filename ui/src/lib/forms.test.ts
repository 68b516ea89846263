// "Reuse all settings" restores every field: each request in the fixture (written by Rust,
// tests/bindings.rs, which also reads it back as the commands' request types) is put into its
// form, and the form must build that same request again.
import { describe, expect, it } from "vitest";
import fixture from "./__fixtures__/job-requests.json";
import type { JobRequest_Serialize } from "./bindings";
import { animateForm, animateRequest, imageForm, imageRequest, reusePrompt, reuseSettings, videoForm, videoRequest } from "./forms.svelte";

/** The request as sent, without the fields a form leaves empty (null) or the API leaves out. */
function sent(request: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(request, (_, v) => (v === null ? undefined : v)));
}

const requests = fixture as JobRequest_Serialize[];

describe("reuseSettings", () => {
  it("has one request of each kind to try", () => {
    expect(requests.map((r) => r.kind).sort()).toEqual(["image", "image2video", "text2video"]);
  });

  for (const job of requests) {
    it(`restores every field of a ${job.kind} request`, () => {
      const tab = reuseSettings(job);
      if (job.kind === "image") {
        expect(tab).toBe("image");
        expect(sent(imageRequest())).toEqual(job.request);
      } else if (job.kind === "text2video") {
        expect(tab).toBe("video");
        expect(sent(videoRequest(true, true))).toEqual(job.request);
      } else if (job.kind === "image2video") {
        expect(tab).toBe("animate");
        expect(sent(animateRequest(true, true))).toEqual(job.request);
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
  });
});
