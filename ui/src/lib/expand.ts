// Expand (outpainting) on a gallery picture: the four edge ratios as the editor drags them, the
// area they make, and what stops the request. The limits are the API's, from the bindings; the
// Rust side checks them again before anything is sent.
import { MAX_EXPANDED_AREA, MAX_EXPANSION_RATIO, type ImageExpandRequest_Deserialize } from "./bindings";

export type Edge = "up" | "down" | "left" | "right";
export const EDGES: Edge[] = ["up", "down", "left", "right"];
export type Ratios = Record<Edge, number>;

export function noExpansion(): Ratios {
  return { up: 0, down: 0, left: 0, right: 0 };
}

/** A ratio as sent: within 0–2, in hundredths (a dragged edge lands on whole pixels). */
export function clampRatio(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(MAX_EXPANSION_RATIO, Math.max(0, value)) * 100) / 100;
}

/** The expanded picture's area over the original's. */
export function areaFactor(r: Ratios): number {
  return (1 + r.up + r.down) * (1 + r.left + r.right);
}

/**
 * An edge dragged `dx`, `dy` screen pixels from where it was (`start`), the original picture
 * shown `shownWidth` × `shownHeight` pixels: outward grows it, inward shrinks it down to 0.
 */
export function dragEdge(start: Ratios, edge: Edge, dx: number, dy: number, shownWidth: number, shownHeight: number): Ratios {
  const outward = { up: -dy, down: dy, left: -dx, right: dx }[edge];
  const side = edge === "up" || edge === "down" ? shownHeight : shownWidth;
  if (side <= 0) return start;
  return { ...start, [edge]: clampRatio(start[edge] + outward / side) };
}

/** Whether the new picture is past Kling's area limit. */
export function overLimit(r: Ratios): boolean {
  return areaFactor(r) > MAX_EXPANDED_AREA + 1e-9;
}

/** What stops the request, in words, or null. */
export function expandProblem(r: Ratios): string | null {
  if (EDGES.every((e) => r[e] === 0)) return "Drag an edge outward: nothing is expanded yet.";
  const area = areaFactor(r);
  if (overLimit(r)) return `The new picture would be ${area.toFixed(2)}× the area of this one; Kling allows at most ${MAX_EXPANDED_AREA}×.`;
  return null;
}

export function expandRequest(r: Ratios, prompt: string, n: number): ImageExpandRequest_Deserialize {
  return {
    up_expansion_ratio: r.up,
    down_expansion_ratio: r.down,
    left_expansion_ratio: r.left,
    right_expansion_ratio: r.right,
    prompt: prompt.trim() === "" ? null : prompt,
    n,
  };
}
