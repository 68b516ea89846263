import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./bindings";
import { ADVICE, jobErrorMessage } from "./errors";

describe("job errors", () => {
  it("have the app's own advice for every code Rust knows", () => {
    expect(ERROR_CODES.length).toBeGreaterThan(30);
    for (const code of ERROR_CODES) {
      expect(ADVICE[code], code).toMatch(/^[A-Z].+\.$/);
      expect(ADVICE[code], code).not.toMatch(/`kling|kling login|--[a-z]/);
    }
    expect(Object.keys(ADVICE).sort()).toEqual([...ERROR_CODES].sort());
  });

  it("word the stored detail with the advice", () => {
    expect(jobErrorMessage("content_refused", "Kling API error 1301: refused")).toBe("Kling API error 1301: refused — Reword the prompt or use another picture.");
    expect(jobErrorMessage("task_failed", "the sky was too blue")).toBe("Kling could not generate this: the sky was too blue");
    expect(jobErrorMessage("concurrency_limit", "Kling API error 1303")).toMatch(/^Waiting/);
    expect(jobErrorMessage(null, "  ")).toBe("No reason was given.");
    expect(jobErrorMessage("network", null)).toBe("No reason was given. — Check the network and the API host in Settings.");
  });
});
