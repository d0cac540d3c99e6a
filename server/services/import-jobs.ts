// In-process registry of import jobs. An upload too large to answer at once is imported here in the background while
// its client polls the job's progress. Jobs live in memory only: a restart forgets them, as it forgets their uploads'
// temporary files, so nothing outlives the process. Finished jobs are forgotten after a while, and the oldest first
// once there are many, so the registry stays small however long the server runs.
import { randomUUID } from "node:crypto";
import type { JobProgress } from "../schemas/imports";

export type JobStatus = "running" | "done" | "failed";

export interface JobView<Result, Failure> {
  id: string;
  mapId: string;
  status: JobStatus;
  progress: JobProgress;
  result?: Result;
  error?: Failure;
  startedAt: string;
  finishedAt?: string;
}

export interface ImportJobsOptions<Failure> {
  /** What GET shows of a job that threw: the error response the request would have had. */
  describeError: (err: unknown) => Failure;
  /** How long a finished job stays readable; long enough for a client that polls every few seconds. */
  keepFinishedMs?: number;
  /** Finished jobs kept at most. */
  maxFinished?: number;
}

const DEFAULT_KEEP_FINISHED_MS = 30 * 60_000;
const DEFAULT_MAX_FINISHED = 200;

/** Reports progress: the phase, and how far it went of how much. */
export type ReportProgress = (progress: JobProgress) => void;

export class ImportJobs<Result, Failure> {
  private readonly jobs = new Map<string, JobView<Result, Failure>>();
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly keepFinishedMs: number;
  private readonly maxFinished: number;

  constructor(private readonly options: ImportJobsOptions<Failure>) {
    this.keepFinishedMs = options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS;
    this.maxFinished = options.maxFinished ?? DEFAULT_MAX_FINISHED;
  }

  /** Starts `work` in the background and returns at once; `work` reports its progress through its argument. */
  start(mapId: string, work: (report: ReportProgress) => Promise<Result>): JobView<Result, Failure> {
    const job: JobView<Result, Failure> = {
      id: randomUUID(),
      mapId,
      status: "running",
      progress: { phase: "queued", done: 0, total: 0 },
      startedAt: new Date().toISOString(),
    };
    this.jobs.set(job.id, job);
    const run = (async () => {
      try {
        // A tick first, so the caller has answered with the job id before any work holds the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        job.result = await work((progress) => {
          job.progress = progress;
        });
        job.status = "done";
        job.progress = { phase: "done", done: job.progress.total, total: job.progress.total };
      } catch (err) {
        job.error = this.options.describeError(err);
        job.status = "failed";
      }
      job.finishedAt = new Date().toISOString();
      this.forgetLater(job);
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return this.copy(job);
  }

  /** The job, if it exists and belongs to the map. */
  get(mapId: string, id: string): JobView<Result, Failure> | undefined {
    const job = this.jobs.get(id);
    return job && job.mapId === mapId ? this.copy(job) : undefined;
  }

  /** Jobs still running. */
  get active(): number {
    return this.running.size;
  }

  /** Waits for running jobs (their writes hold the database driver) and drops every timer. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.running]);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private forgetLater(job: JobView<Result, Failure>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.jobs.delete(job.id);
    }, this.keepFinishedMs);
    timer.unref();
    this.timers.add(timer);
    // Maps keep insertion order, so the first finished jobs met are the oldest.
    let finished = [...this.jobs.values()].filter((j) => j.status !== "running").length;
    for (const [id, other] of this.jobs) {
      if (finished <= this.maxFinished) break;
      if (other.status === "running") continue;
      this.jobs.delete(id);
      finished--;
    }
  }

  private copy(job: JobView<Result, Failure>): JobView<Result, Failure> {
    return { ...job, progress: { ...job.progress } };
  }
}
