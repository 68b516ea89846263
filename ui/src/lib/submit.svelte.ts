// Queuing a job from a form: one place for the busy flag, the inline error and the toast.
import type { AppError, Job } from "./bindings";
import { asFailure, call, type Failure } from "./api";
import { studio } from "./studio.svelte";

type Result = { status: "ok"; data: Job } | { status: "error"; error: AppError };

export class Submitter {
  busy = $state(false);
  error = $state<Failure | null>(null);

  async run(send: () => Promise<Result>) {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const job = await call(send());
      studio.upsertJob(job);
      studio.toast("ok", "Queued — follow it in the queue on the right.");
    } catch (e) {
      this.error = asFailure(e);
    } finally {
      this.busy = false;
    }
  }
}
