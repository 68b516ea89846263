import { describe, expect, it } from "vitest";
import { areaFactor, clampRatio, dragEdge, expandProblem, expandRequest, noExpansion } from "./expand";

describe("the expand editor", () => {
  it("drags each edge outward by the share of the picture's side, within 0–2", () => {
    const start = noExpansion();
    // The picture shown 200 × 100 px: 50 px to the left is a quarter of its width.
    expect(dragEdge(start, "left", -50, 0, 200, 100).left).toBe(0.25);
    expect(dragEdge(start, "right", 50, 7, 200, 100).right).toBe(0.25);
    expect(dragEdge(start, "up", 3, -50, 200, 100).up).toBe(0.5);
    expect(dragEdge(start, "down", 0, 100, 200, 100).down).toBe(1);
    // Inward stops at 0, outward at 2; a hidden picture (0 px) moves nothing.
    expect(dragEdge({ ...start, down: 0.3 }, "down", 0, -500, 200, 100).down).toBe(0);
    expect(dragEdge(start, "right", 5000, 0, 200, 100).right).toBe(2);
    expect(dragEdge(start, "right", 50, 0, 0, 0)).toEqual(start);
    expect([clampRatio(0.333), clampRatio(Number.NaN), clampRatio(-1)]).toEqual([0.33, 0, 0]);
  });

  it("says the area live and refuses past 3× or with nothing expanded", () => {
    const r = { up: 0.5, down: 0, left: 0.25, right: 0.25 };
    expect(areaFactor(r)).toBe(2.25);
    expect(expandProblem(r)).toBeNull();
    expect(expandProblem({ up: 2, down: 0, left: 0, right: 0 })).toBeNull();
    expect(expandProblem(noExpansion())).toBe("Drag an edge outward: nothing is expanded yet.");
    expect(expandProblem({ up: 1, down: 0, left: 0, right: 0.6 })).toBe("The new picture would be 3.20× the area of this one; Kling allows at most 3×.");
  });

  it("sends the ratios, the prompt only when given, and the count", () => {
    expect(expandRequest({ up: 0.5, down: 0, left: 0, right: 1 }, "  ", 2)).toEqual({
      up_expansion_ratio: 0.5,
      down_expansion_ratio: 0,
      left_expansion_ratio: 0,
      right_expansion_ratio: 1,
      prompt: null,
      n: 2,
    });
    expect(expandRequest(noExpansion(), "sea", 1).prompt).toBe("sea");
  });
});
