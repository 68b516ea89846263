import type { ItemKind, JobState, TaskKind } from "./bindings";

export const kindLabel: Record<ItemKind | TaskKind, string> = {
  image: "Image",
  text2video: "Text to video",
  image2video: "Animation",
  imported: "Imported",
};

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
