// One door to the Rust side: unwraps the generated commands' results and turns errors into
// `Failure`s that carry the stable code the UI branches on.
import { convertFileSrc } from "@tauri-apps/api/core";
import type { AppError, ErrorCode } from "./bindings";

export class Failure extends Error {
  code: ErrorCode;
  constructor(error: AppError) {
    super(error.message);
    this.code = error.code;
  }
}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/** Awaits a generated command and returns its data, throwing a `Failure` on error. */
export async function call<T>(result: Promise<Result<T>>): Promise<T> {
  let r: Result<T>;
  try {
    r = await result;
  } catch (e) {
    // Framework-level failures (a bad argument) arrive as plain strings.
    throw new Failure({ code: "internal", message: String(e) });
  }
  if (r.status === "error") throw new Failure(r.error);
  return r.data;
}

export function asFailure(e: unknown): Failure {
  return e instanceof Failure ? e : new Failure({ code: "internal", message: e instanceof Error ? e.message : String(e) });
}

/** A library file, through the asset protocol (scoped to the library folder). */
export function mediaUrl(path: string): string {
  return convertFileSrc(path);
}

/** A gallery thumbnail, made on demand by the `thumb` protocol. */
export function thumbUrl(itemId: string): string {
  return convertFileSrc(itemId, "thumb");
}

/** A library video, from the loopback media server (WebKitGTK cannot play asset:// media). */
export function videoUrl(mediaBase: string, relPath: string): string {
  return `${mediaBase}/${relPath.split("/").map(encodeURIComponent).join("/")}`;
}
