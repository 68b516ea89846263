import type { CreditPack, ItemKind, JobState, Pack, TaskKind } from "./bindings";

export const kindLabel: Record<ItemKind | TaskKind, string> = {
  image: "Image",
  text2video: "Text to video",
  image2video: "Animation",
  "omni-video": "Omni video",
  "multi-image2video": "Pictures to video",
  "video-extend": "Extended video",
  "lip-sync": "Lip sync",
  effects: "Effect",
  "video-to-audio": "Sound for a video",
  "motion-control": "Motion control",
  "text-to-audio": "Sound from words",
  "image-expand": "Expanded picture",
  "multi-image2image": "Composed picture",
  "virtual-try-on": "Try-on",
  "omni-image": "Omni image",
  imported: "Imported",
};

/** The pack a kind of item is charged to (its units are that pack's): try-ons their own. */
export function packOfKind(kind: ItemKind): Pack {
  if (kind === "virtual-try-on") return "try-on";
  return kind === "image" || kind === "image-expand" || kind === "multi-image2image" || kind === "omni-image" ? "image" : "video";
}

/** The tools that make library items (`Item.tool`: a task kind, or "imported"), in plain words. */
const TOOL_LABELS: Record<string, string> = {
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

/** A tool in plain words; a tool this version does not know yet shows as its own word. */
export function toolLabel(tool: string): string {
  return Object.hasOwn(TOOL_LABELS, tool) ? TOOL_LABELS[tool] : tool;
}

export const stateLabel: Record<JobState, string> = {
  queued: "Queued",
  submitting: "Submitting",
  submitted: "Waiting at Kling",
  processing: "Generating",
  downloading: "Downloading",
  done: "Done",
  failed: "Failed",
};

export function elapsed(fromMs: number, toMs: number): string {
  const s = Math.max(0, Math.round((toMs - fromMs) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function date(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function units(n: number | null | undefined): string {
  if (n == null) return "—";
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, "");
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export const isMac = typeof navigator !== "undefined" && /Mac/.test(navigator.platform);

/** A pack in a few words: "Video 118.5 left", or its name when its kind is unknown. */
export function packShort(p: CreditPack): string {
  const what = p.kind === "video" ? "Video" : p.kind === "image" ? "Image" : p.kind === "try-on" ? "Try-on" : p.name;
  return `${what} ${units(p.remaining)} left`;
}

/** Every pack, one a line: name, remaining of total, expiry; then Kling's own caveat. */
export function creditsTitle(packs: CreditPack[]): string {
  const lines = packs.map((p) => {
    const kind = p.kind ? `${p.kind} units` : "units";
    const expires = (p.expires_ms ?? 0) > 0 ? `, until ${new Date(p.expires_ms ?? 0).toLocaleDateString()}` : "";
    return `${p.name}: ${units(p.remaining)} of ${units(p.total)} ${kind}${expires}${p.online ? "" : " (not in force)"}`;
  });
  return [...lines, "Kling's remaining figures can be up to 12 h behind."].join("\n");
}

/** Units left in the packs in force of one kind, or null when no pack is known to be of it. */
export function remainingOf(packs: CreditPack[], kind: Pack): number | null {
  const of = packs.filter((p) => p.online && p.kind === kind);
  return of.length === 0 ? null : of.reduce((sum, p) => sum + (p.remaining ?? 0), 0);
}
