// Proves that runes modules (`.svelte.ts`) load and stay reactive under vitest: the Submitter's
// `$state` fields, with the shared studio state replaced by a recorder. Named `.svelte.test.ts`
// so that runes (`$effect`) can be used in the test itself.
import { flushSync } from "svelte";
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { Job } from "./bindings";

const studio = vi.hoisted(() => ({ upsertJob: vi.fn(), toast: vi.fn() }));
vi.mock("./studio.svelte", () => ({ studio }));

const { Submitter } = await import("./submit.svelte");
const { Failure } = await import("./api");

const job = { id: "job-1", state: "queued" } as unknown as Job;

describe("Submitter", () => {
  beforeEach(() => {
    studio.upsertJob.mockClear();
    studio.toast.mockClear();
  });

  test("a queued job goes to the queue with a toast, busy only while sending", async () => {
    const s = new Submitter();
    let release!: () => void;
    const sent = new Promise<void>((r) => (release = r));
    const running = s.run(async () => {
      await sent;
      return { status: "ok", data: job };
    });
    expect(s.busy).toBe(true);
    release();
    await running;
    expect(s.busy).toBe(false);
    expect(s.error).toBeNull();
    expect(studio.upsertJob).toHaveBeenCalledWith(job);
    expect(studio.toast).toHaveBeenCalledWith("ok", expect.stringContaining("Queued"));
  });

  test("a refusal becomes the inline error with its code, and nothing is queued", async () => {
    const s = new Submitter();
    await s.run(async () => ({ status: "error", error: { code: "invalid_input", message: "The prompt is empty." } }));
    expect(s.busy).toBe(false);
    expect(s.error).toBeInstanceOf(Failure);
    expect(s.error?.code).toBe("invalid_input");
    expect(s.error?.message).toBe("The prompt is empty.");
    expect(studio.upsertJob).not.toHaveBeenCalled();
  });

  test("a second click while sending is ignored; a new send clears the last error", async () => {
    const s = new Submitter();
    await s.run(async () => ({ status: "error", error: { code: "network", message: "offline" } }));
    let release!: () => void;
    const sent = new Promise<void>((r) => (release = r));
    const send = vi.fn(async () => {
      await sent;
      return { status: "ok" as const, data: job };
    });
    const first = s.run(send);
    expect(s.error).toBeNull();
    await s.run(send);
    expect(send).toHaveBeenCalledTimes(1);
    release();
    await first;
    expect(studio.upsertJob).toHaveBeenCalledTimes(1);
  });

  test("its $state is reactive: an effect reruns when busy changes", async () => {
    const s = new Submitter();
    const seen: boolean[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(s.busy);
      });
    });
    flushSync();
    let release!: () => void;
    const sent = new Promise<void>((r) => (release = r));
    const running = s.run(async () => {
      await sent;
      return { status: "ok", data: job };
    });
    flushSync();
    release();
    await running;
    flushSync();
    stop();
    expect(seen).toEqual([false, true, false]);
  });
});
