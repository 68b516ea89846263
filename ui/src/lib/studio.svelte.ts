// The app's shared state (Svelte 5 runes): session, queue, credits, navigation and toasts. It is
// fed by the Rust side's events; nothing here polls.
import { commands, events, type AppInfo, type Credits, type Job, type PictureCheck } from "./bindings";
import { asFailure, call, type Failure } from "./api";
import { animateForm, imageForm, type FormTab } from "./forms.svelte";
import { jobErrorMessage } from "./errors";
import { effectsForm } from "./effects.svelte";
import { motionForm } from "./motion.svelte";

export type View = "create" | "gallery" | "assets" | "settings";
export type CreateTab = "image" | "video" | "animate" | "omni" | "multi" | "effects" | "motion" | "sound" | "compose" | "tryon" | "omni-image";
export type Toast = { id: number; kind: "info" | "error" | "ok"; text: string; code?: string };
/** A question before an action: `action` labels the confirming button; `danger` paints it red. */
export type Confirmation = { title: string; detail?: string; action: string; danger?: boolean };

class Studio {
  view = $state<View>("create");
  tab = $state<CreateTab>("image");
  info = $state<AppInfo | null>(null);
  jobs = $state<Job[]>([]);
  progress = $state<Record<string, { received: number; total: number | null }>>({});
  credits = $state<Credits | null>(null);
  creditsError = $state<Failure | null>(null);
  /** Bumped whenever the library changes, so the gallery reloads what it shows. */
  libraryVersion = $state(0);
  toasts = $state<Toast[]>([]);
  /** A file is being dragged over the window. */
  dragging = $state(false);
  /** The gallery item open in the detail panel. */
  detailId = $state<string | null>(null);
  /** The About box is open. */
  aboutOpen = $state(false);
  /** The question the confirmation dialog shows, while one is open. */
  confirmation = $state<Confirmation | null>(null);
  private confirmed: ((yes: boolean) => void) | null = null;
  /** While set, a file dropped on the window goes here (a tool's dialog taking a sound), not to Animate. */
  dropHandler: ((path: string) => void) | null = null;
  /** The Create form's submit, for Ctrl/Cmd+Enter. */
  submit: (() => void) | null = null;
  private nextToast = 1;

  get sandbox(): boolean {
    return this.info?.session?.sandbox != null;
  }
  get libraryRoot(): string {
    return this.info?.session?.library_root ?? "";
  }

  async init() {
    await Promise.all([
      events.jobUpdated.listen((e) => this.upsertJob(e.payload)),
      events.downloadProgress.listen((e) => {
        this.progress[e.payload.job_id] = { received: e.payload.received, total: e.payload.total };
      }),
      events.libraryChanged.listen(() => {
        this.libraryVersion++;
      }),
      events.queueIdle.listen(() => void this.loadCredits()),
      events.sessionChanged.listen(() => void this.reload()),
      events.startupFailed.listen((e) => {
        if (this.info) this.info.startup_error = e.payload;
      }),
    ]);
    await this.reload();
  }

  /** Everything again, after start or when the session changed. */
  async reload() {
    try {
      this.info = await call(commands.appInfo());
    } catch (e) {
      this.toast("error", asFailure(e).message);
      return;
    }
    if (!this.info.session) return;
    this.libraryVersion++;
    // Credits come from the network (Kling's account endpoint): they fill in when they arrive
    // rather than holding up the first paint.
    void this.loadCredits();
    await this.loadJobs();
  }

  async loadJobs() {
    try {
      this.jobs = await call(commands.listJobs());
    } catch (e) {
      this.toast("error", asFailure(e).message);
    }
  }

  async loadCredits() {
    try {
      this.credits = await call(commands.credits());
      this.creditsError = null;
    } catch (e) {
      this.credits = null;
      this.creditsError = asFailure(e);
    }
  }

  upsertJob(job: Job) {
    const i = this.jobs.findIndex((j) => j.id === job.id);
    const before = i >= 0 ? this.jobs[i].state : null;
    // A command's answer can arrive after the engine's newer news about the same job.
    if (i >= 0 && job.updated_at < this.jobs[i].updated_at) return;
    if (i >= 0) this.jobs[i] = job;
    else this.jobs.unshift(job);
    if (job.state === "failed" && before !== null && before !== "failed") {
      this.toast("error", jobErrorMessage(job.last_error_code ?? null, job.last_error ?? null), job.last_error_code ?? undefined);
    }
    if (job.state === "done" || job.state === "failed") delete this.progress[job.id];
  }

  dropJob(id: string) {
    this.jobs = this.jobs.filter((j) => j.id !== id);
  }

  toast(kind: Toast["kind"], text: string, code?: string) {
    const id = this.nextToast++;
    // The same message again replaces the one showing, and at most three show: quick submits
    // must not stack a column of toasts over the form.
    const others = this.toasts.filter((t) => !(t.kind === kind && t.text === text));
    this.toasts = [...others, { id, kind, text, code }].slice(-3);
    setTimeout(() => this.dismiss(id), kind === "error" ? 9000 : 3500);
  }

  /** Asks in the app's own dialog; resolves true when the person confirms. */
  confirm(question: Confirmation): Promise<boolean> {
    this.confirmed?.(false); // a question still open is dropped as "no"
    this.confirmation = question;
    return new Promise((resolve) => (this.confirmed = resolve));
  }

  answerConfirmation(yes: boolean) {
    const resolve = this.confirmed;
    this.confirmed = null;
    this.confirmation = null;
    resolve?.(yes);
  }

  dismiss(id: number) {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  /** A picture for Animate: dropped, picked, or "Animate" from the gallery. */
  /** "Reuse all settings": the result's input pictures back into its form (or the slots emptied). */
  async restorePictures(tab: FormTab, pictures: { image: string | null; image_tail: string | null }) {
    if (tab === "animate") {
      for (const slot of ["image", "image_tail"] as const) {
        const path = pictures[slot];
        if (path) await this.animatePicture(path, slot);
        else animateForm[slot] = null;
      }
    } else if (tab === "image") {
      imageForm.reference = null;
      imageForm.referenceError = null;
      if (!pictures.image) return;
      try {
        imageForm.reference = await call(commands.checkPicture(pictures.image));
      } catch (e) {
        imageForm.referenceError = asFailure(e).message;
      }
    }
  }

  /** A picture for Create → Effects (slot 0: the only or left picture; 1: the right one). */
  async effectPicture(path: string, slot: 0 | 1 = 0) {
    this.view = "create";
    this.tab = "effects";
    effectsForm.pictures[slot] = null;
    effectsForm.errors[slot] = null;
    effectsForm.checking[slot] = true;
    try {
      effectsForm.pictures[slot] = await call(commands.checkPicture(path));
    } catch (e) {
      effectsForm.errors[slot] = asFailure(e).message;
    } finally {
      effectsForm.checking[slot] = false;
    }
  }

  /** The character picture of Create → Motion. */
  async characterPicture(path: string) {
    this.view = "create";
    this.tab = "motion";
    motionForm.picture = null;
    motionForm.pictureError = null;
    motionForm.checking = true;
    try {
      motionForm.picture = await call(commands.checkPicture(path));
    } catch (e) {
      motionForm.pictureError = asFailure(e).message;
    } finally {
      motionForm.checking = false;
    }
  }

  /** A gallery clip as the motion video of Create → Motion. */
  useAsMotion(itemId: string, prompt: string) {
    motionForm.clip = { itemId, prompt };
    this.view = "create";
    this.tab = "motion";
  }

  async animatePicture(path: string, slot: "image" | "image_tail" = "image") {
    this.view = "create";
    this.tab = "animate";
    animateForm[slot] = null;
    animateForm.errors[slot] = null;
    animateForm.checking[slot] = true;
    try {
      const checked: PictureCheck = await call(commands.checkPicture(path));
      animateForm[slot] = checked;
    } catch (e) {
      animateForm.errors[slot] = asFailure(e).message;
    } finally {
      animateForm.checking[slot] = false;
    }
  }
}

export const studio = new Studio();
