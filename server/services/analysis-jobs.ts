// A time budget per analysis request. A heavy computation (an allocation, centrality with path measures, structure,
// gaps, bridges) that is not ready within the budget goes on in the background as a job: the request answers 202
// with the job, and the job's URL answers its progress and, once done, the body the route would have answered.
// Jobs are keyed by map, map version and parameters, so identical requests share one computation, and a finished
// job answers the next identical request at once until the map moves on.
//
// The registry lives in this process's memory: a job is read back from the process that started it, and a restart
// forgets it (the client then asks again). That suits computations any viewer can repeat at no risk; import jobs,
// which write, are kept in Neo4j instead.
import { randomUUID } from "node:crypto";
import type { AtlasStore } from "../store/atlas-store";

export type JobStatus = "running" | "done" | "failed" | "cancelled";

/** What a computation is handed: the signal to stop at its next check, and where to report how far it got. */
export interface JobControl {
  signal: AbortSignal;
  /** The share done, from 0 to 1. */
  progress(share: number): void;
}

/**
 * A checkpoint between the phases of an in-thread computation: reports the share done, lets the event loop answer
 * what waited meanwhile (the request's budget timer among them), and stops a cancelled job.
 */
export async function breathe(control: JobControl, share: number): Promise<void> {
  control.progress(share);
  await new Promise((resolve) => setImmediate(resolve));
  control.signal.throwIfAborted();
}

/** The reason a cancelled job's signal carries, and what a computation that saw it stops with. */
export class JobCancelledError extends Error {
  override readonly name = "AbortError";
  constructor() {
    super("The analysis job was cancelled");
  }
}

export interface Job {
  readonly id: string;
  readonly mapId: string;
  readonly kind: string;
  readonly key: string;
  status: JobStatus;
  progress?: number;
  result?: unknown;
  error?: unknown;
  finishedAt?: number;
  readonly controller: AbortController;
  /** Resolves (never rejects) when the job leaves `running`. */
  readonly settled: Promise<void>;
  readonly settle: () => void;
}

export interface JobView {
  jobId: string;
  kind: string;
  status: JobStatus;
  progress?: number;
  url: string;
}

export type Outcome<T> = { ready: true; value: T } | { ready: false; job: JobView };

/** Finished jobs stay readable this long, so a client that polls now and then still finds its result. */
const RETAIN_MS = 10 * 60_000;
/** Finished jobs kept at most; the oldest go first. Their results stay in the map cache (map-cache.ts) anyway. */
const MAX_FINISHED = 200;
/** A computation that shares a cached promise with a job cancelled meanwhile is started again, this many times. */
const MAX_ATTEMPTS = 3;

export class AnalysisJobs {
  private readonly byId = new Map<string, Job>();
  /** Running and done jobs by map, version and parameters: what an identical request joins or reads. */
  private readonly byKey = new Map<string, Job>();

  constructor(
    private readonly store: Pick<AtlasStore, "mapVersion">,
    readonly budgetMs: number,
  ) {}

  /**
   * The result of `compute` if it is ready within the budget (at once when an identical request computed it for this
   * map version), otherwise the job that goes on computing it. A computation that fails within the budget throws
   * here, as it would have without a budget.
   */
  async run<T>(
    mapId: string,
    kind: string,
    params: unknown,
    compute: (control: JobControl) => Promise<T>,
  ): Promise<Outcome<T>> {
    this.prune();
    const version = await this.store.mapVersion(mapId);
    const key = `${mapId}\u0000${version}\u0000${kind}:${JSON.stringify(params ?? null)}`;
    let job = this.byKey.get(key);
    if (!job) {
      job = this.start(mapId, kind, key, compute as (control: JobControl) => Promise<unknown>);
      this.byKey.set(key, job);
    }
    if (job.status === "running") {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([job.settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.budgetMs)))]);
      clearTimeout(timer);
    }
    if (job.status === "done") return { ready: true, value: job.result as T };
    if (job.status === "failed") throw job.error;
    return { ready: false, job: view(job) };
  }

  private start(mapId: string, kind: string, key: string, compute: (control: JobControl) => Promise<unknown>): Job {
    const controller = new AbortController();
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const job: Job = {
      id: randomUUID(),
      mapId,
      kind,
      key,
      status: "running",
      controller,
      settled,
      settle,
    };
    this.byId.set(job.id, job);
    const control: JobControl = {
      signal: controller.signal,
      progress: (share) => {
        if (job.status === "running") job.progress = Math.min(1, Math.max(0, share));
      },
    };
    const attempt = async (): Promise<unknown> => {
      for (let n = 1; ; n++) {
        try {
          return await compute(control);
        } catch (err) {
          // Cached promises are shared by key (an allocation with and without its assignments share one plan), so
          // another job's cancellation can reach this one; only this job's own signal stops it.
          if (err instanceof JobCancelledError && !controller.signal.aborted && n < MAX_ATTEMPTS) continue;
          throw err;
        }
      }
    };
    attempt().then(
      (result) => {
        // A cancelled job's result is dropped, even when its in-thread computation ran to the end.
        if (job.status !== "running") return;
        job.status = "done";
        job.result = result;
        job.progress = 1;
        this.finish(job);
      },
      (err: unknown) => {
        if (job.status !== "running") return;
        job.status = "failed";
        job.error = err;
        this.byKey.delete(job.key);
        this.finish(job);
      },
    );
    return job;
  }

  private finish(job: Job) {
    job.finishedAt = performance.now();
    job.settle();
  }

  /** The job, when it exists and belongs to this map (an id of another map is as unknown as a made-up one). */
  get(mapId: string, jobId: string): Job | undefined {
    this.prune();
    const job = this.byId.get(jobId);
    return job?.mapId === mapId ? job : undefined;
  }

  /** Stops a running job: the allocation's solver workers are terminated, other computations stop at their next check. */
  cancel(job: Job): void {
    if (job.status !== "running") return;
    job.status = "cancelled";
    job.progress = undefined;
    if (this.byKey.get(job.key) === job) this.byKey.delete(job.key);
    job.controller.abort(new JobCancelledError());
    // Requests waiting on the budget answer at once, with the cancelled job.
    this.finish(job);
  }

  /** Cancels every running job (the app is closing). */
  close(): void {
    for (const job of this.byId.values()) this.cancel(job);
  }

  view(job: Job): JobView {
    return view(job);
  }

  /** Forgets finished jobs past RETAIN_MS, and the oldest beyond MAX_FINISHED. */
  private prune() {
    const now = performance.now();
    const finished = [...this.byId.values()].filter((j) => j.finishedAt !== undefined);
    const excess = finished.length - MAX_FINISHED;
    finished.forEach((job, i) => {
      if (i < excess || now - job.finishedAt! > RETAIN_MS) {
        this.byId.delete(job.id);
        if (this.byKey.get(job.key) === job) this.byKey.delete(job.key);
      }
    });
  }
}

function view(job: Job): JobView {
  return {
    jobId: job.id,
    kind: job.kind,
    status: job.status,
    ...(job.progress === undefined ? {} : { progress: job.progress }),
    url: `/api/maps/${encodeURIComponent(job.mapId)}/analysis/jobs/${job.id}`,
  };
}
