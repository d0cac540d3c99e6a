// Import jobs. An upload too large to answer at once is imported here in the background while its client polls the
// job's progress. Each job is recorded in the database (store/import-job-repository.ts) when it starts, as it
// progresses and when it ends, so its address answers after a restart and from another API process, and a map
// shows an import that is running or that stopped part way (cypher/map-get.cypher reads the same records).
//
// A job whose process died is found two ways: its heartbeat stops (every HEARTBEAT_MS while it runs; after STALE_MS
// of silence it is taken as interrupted), and at start-up an API marks interrupted the jobs its earlier run of the
// same instance (host and port) left running. On shutdown, running jobs stop at the next chunk boundary of their
// write and are recorded as interrupted with how far they got; importing the same file again finishes them.
//
// This process's own jobs are also kept in memory, the freshest view of them, and forgotten a while after they end.
import { randomUUID } from "node:crypto";
import type { JobProgress } from "../schemas/imports";
import { ImportStoppedError } from "../store/bundle-writer";
import type { ImportJobRecord, ImportJobRepository, ImportJobStatus } from "../store/import-job-repository";

export type JobStatus = ImportJobStatus;

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
  repository: ImportJobRepository;
  /** What GET shows of a job that threw: the error response the request would have had. */
  describeError: (err: unknown) => Failure;
  /** What GET shows of an interrupted job: how far it got (`written` of `items`) and how to finish it. */
  describeInterruption: (written: number, items: number) => Failure;
  /** Where failures to record a job's progress go: the import itself carries on. */
  warn?: (err: unknown, message: string) => void;
  /** How long a finished job stays in this process's memory (the database keeps it for FINISHED_KEPT_MS). */
  keepFinishedMs?: number;
  /** Finished jobs kept in memory at most. */
  maxFinished?: number;
}

const DEFAULT_KEEP_FINISHED_MS = 30 * 60_000;
const DEFAULT_MAX_FINISHED = 200;
/** How often a running job's process says it is alive. */
const HEARTBEAT_MS = 5_000;
/**
 * Silence after which a running job is taken as interrupted: far beyond HEARTBEAT_MS, since parsing a large file can
 * hold the event loop for a while. cypher/map-get.cypher and map-list.cypher use the same 60 s.
 */
export const STALE_MS = 60_000;
/** Progress outside the write's chunk boundaries is recorded at most this often. */
const PROGRESS_WRITE_MS = 2_000;
/** How long the database keeps a finished job readable. */
const FINISHED_KEPT_MS = 7 * 24 * 3600_000;

/**
 * Reports progress: the phase, and how far it went of how much. `committed` when the items written so far are kept
 * whatever comes next (a chunk of a chunked write has landed). It throws ImportStoppedError once the server is
 * shutting down, so a write stops at its next chunk boundary.
 */
export type ReportProgress = (progress: JobProgress, committed?: boolean) => void;

interface Entry<Result, Failure> {
  view: JobView<Result, Failure>;
  /** Items written and kept, of `items`. */
  written: number;
  items: number;
  lastWrite: number;
  dirty: boolean;
  writing?: Promise<void>;
}

/** A job asked for while the server shuts down: it would be interrupted before it wrote anything. */
export class ShuttingDownError extends Error {
  readonly statusCode = 503;
  constructor() {
    super("The server is shutting down; send the import again in a moment");
  }
}

const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();

// Which process runs a job is a property of the process, not of one app: the server entry names its instance once,
// and a signal stops the jobs of every registry in the process.
/** This run of the API; a restart is another. */
const processId = randomUUID();
/** The API instance across restarts (host and port), once the server entry names it; see recoverImports(). */
let instance: string | undefined;
const registries = new Set<ImportJobs<unknown, unknown>>();

/**
 * Names this API instance and marks interrupted the jobs an earlier run of it left running (it was killed), and any
 * job silent for STALE_MS; forgets jobs finished long ago. Run by the server entry at start-up, before it takes
 * requests; an app built in a test names no instance, so apps side by side never take each other's jobs for dead.
 */
export async function recoverImports(repository: ImportJobRepository, name: string): Promise<string[]> {
  instance = name;
  const interrupted = await repository.interrupt({
    staleBefore: isoAgo(STALE_MS),
    instance,
    processId,
    now: new Date().toISOString(),
  });
  await repository.prune(isoAgo(FINISHED_KEPT_MS));
  return interrupted;
}

/**
 * Shutting down: running jobs stop at the next chunk boundary of their write (or before writing), are recorded as
 * interrupted with how far they got, and this resolves once they have. No new job starts meanwhile.
 */
export async function stopImports(): Promise<void> {
  await Promise.all([...registries].map((jobs) => jobs.stop()));
}

/**
 * Records as interrupted the jobs still running (a shutdown that cannot wait for them any longer), with how far
 * each got so far; the process is expected to exit right after.
 */
export async function abandonImports(): Promise<void> {
  await Promise.all([...registries].map((jobs) => jobs.abandon()));
}

export class ImportJobs<Result, Failure> {
  private readonly jobs = new Map<string, Entry<Result, Failure>>();
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly keepFinishedMs: number;
  private readonly maxFinished: number;
  private readonly repository: ImportJobRepository;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(private readonly options: ImportJobsOptions<Failure>) {
    this.repository = options.repository;
    this.keepFinishedMs = options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS;
    this.maxFinished = options.maxFinished ?? DEFAULT_MAX_FINISHED;
    registries.add(this as ImportJobs<unknown, unknown>);
  }

  /**
   * Records the job, then starts `work` in the background and returns: the job's address answers as soon as the
   * caller has it. `work` reports its progress through its argument.
   */
  async start(mapId: string, work: (report: ReportProgress) => Promise<Result>): Promise<JobView<Result, Failure>> {
    if (this.stopping) throw new ShuttingDownError();
    const view: JobView<Result, Failure> = {
      id: randomUUID(),
      mapId,
      status: "running",
      progress: { phase: "queued", done: 0, total: 0 },
      startedAt: new Date().toISOString(),
    };
    await this.repository.create({
      id: view.id,
      mapId,
      startedAt: view.startedAt,
      processId,
      instance,
    });
    const entry: Entry<Result, Failure> = { view, written: 0, items: 0, lastWrite: Date.now(), dirty: false };
    this.jobs.set(view.id, entry);
    const report: ReportProgress = (progress, committed = false) => {
      view.progress = progress;
      if (progress.phase === "write") {
        entry.items = progress.total;
        if (committed) entry.written = progress.done;
      }
      // Every landed chunk is recorded, so a map whose process dies says how far its import got.
      if (committed || Date.now() - entry.lastWrite >= PROGRESS_WRITE_MS) this.record(entry);
      if (this.stopping && progress.phase === "write" && progress.done < progress.total) {
        throw new ImportStoppedError("The server is shutting down");
      }
    };
    const run = (async () => {
      let end: Pick<JobView<Result, Failure>, "status" | "result" | "error" | "progress">;
      try {
        // A tick first, so the caller has answered with the job id before any work holds the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        const result = await work(report);
        entry.written = entry.items;
        const { total } = view.progress;
        end = { status: "done", result, progress: { phase: "done", done: total, total } };
      } catch (err) {
        // The job's record keeps what the caller may see; the log keeps the cause of a fault (which Neo4j error, say).
        const status = (err as { statusCode?: number }).statusCode ?? 500;
        if (status >= 500 && !(err instanceof ImportStoppedError)) this.options.warn?.(err, "an import job failed");
        end =
          err instanceof ImportStoppedError
            ? {
                status: "interrupted",
                error: this.options.describeInterruption(entry.written, entry.items),
                progress: view.progress,
              }
            : { status: "failed", error: this.options.describeError(err), progress: view.progress };
      }
      // Recorded before this process shows it: whoever reads the job finished reads its map's state cleared too.
      const finishedAt = new Date().toISOString();
      await this.finish(entry, { ...end, finishedAt });
      Object.assign(view, end, { finishedAt });
      this.forgetLater(entry);
    })();
    this.running.add(run);
    this.beat();
    void run.finally(() => this.running.delete(run));
    return this.copy(view);
  }

  /**
   * The job, if it exists and belongs to the map: this process's own from memory, any other from the database. A
   * job still recorded as running whose process is gone is marked interrupted as it is read.
   */
  async get(mapId: string, id: string): Promise<JobView<Result, Failure> | undefined> {
    const own = this.jobs.get(id);
    if (own) return own.view.mapId === mapId ? this.copy(own.view) : undefined;
    const record = await this.repository.get(mapId, id);
    if (!record) return undefined;
    if (record.status === "running" && this.gone(record)) {
      const now = new Date().toISOString();
      const marked = await this.repository.interrupt({
        ids: [id],
        staleBefore: isoAgo(STALE_MS),
        instance,
        processId,
        now,
      });
      if (marked.includes(id)) Object.assign(record, { status: "interrupted", finishedAt: now });
    }
    return this.viewOf(record);
  }

  /** Jobs still running. */
  get active(): number {
    return this.running.size;
  }

  /** See stopImports(). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  /** See abandonImports(). */
  async abandon(): Promise<void> {
    const now = new Date().toISOString();
    await Promise.allSettled(
      [...this.jobs.values()]
        .filter((entry) => entry.view.status === "running")
        .map((entry) =>
          this.repository.finish(
            entry.view.id,
            {
              status: "interrupted",
              ...this.progressOf(entry),
              error: this.options.describeInterruption(entry.written, entry.items),
            },
            now,
          ),
        ),
    );
  }

  /** Waits for running jobs (their writes hold the database driver) and drops every timer. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.running]);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    registries.delete(this as ImportJobs<unknown, unknown>);
  }

  /** Whether the process that recorded a running job is gone: silent too long, or an earlier run of this instance. */
  private gone(record: ImportJobRecord): boolean {
    if (record.heartbeatAt < isoAgo(STALE_MS)) return true;
    return instance !== undefined && record.instance === instance && record.processId !== processId;
  }

  private viewOf(record: ImportJobRecord): JobView<Result, Failure> {
    const error =
      record.status === "interrupted"
        ? ((record.error as Failure | undefined) ?? this.options.describeInterruption(record.written, record.items))
        : (record.error as Failure | undefined);
    return {
      id: record.id,
      mapId: record.mapId,
      status: record.status,
      progress: { phase: record.phase as JobProgress["phase"], done: record.done, total: record.total },
      ...(record.result === undefined ? {} : { result: record.result as Result }),
      ...(error === undefined ? {} : { error }),
      startedAt: record.startedAt,
      ...(record.finishedAt === undefined ? {} : { finishedAt: record.finishedAt }),
    };
  }

  private progressOf(entry: Entry<Result, Failure>) {
    const { phase, done, total } = entry.view.progress;
    return { phase, done, total, written: entry.written, items: entry.items };
  }

  /** Records the job's progress; one write at a time per job, the latest progress winning. Never throws. */
  private record(entry: Entry<Result, Failure>): void {
    entry.dirty = true;
    if (entry.writing) return;
    entry.writing = (async () => {
      while (entry.dirty) {
        entry.dirty = false;
        entry.lastWrite = Date.now();
        try {
          await this.repository.progress(entry.view.id, this.progressOf(entry), new Date().toISOString());
        } catch (err) {
          this.options.warn?.(err, "could not record an import job's progress");
        }
      }
    })().finally(() => {
      entry.writing = undefined;
    });
  }

  private async finish(
    entry: Entry<Result, Failure>,
    end: Pick<JobView<Result, Failure>, "status" | "result" | "error" | "progress" | "finishedAt">,
  ): Promise<void> {
    await entry.writing;
    try {
      const { phase, done, total } = end.progress;
      await this.repository.finish(
        entry.view.id,
        {
          status: end.status as Exclude<JobStatus, "running">,
          phase,
          done,
          total,
          written: entry.written,
          items: entry.items,
          ...(end.result === undefined ? {} : { result: end.result }),
          ...(end.error === undefined ? {} : { error: end.error }),
        },
        end.finishedAt!,
      );
    } catch (err) {
      // Still running in the database: once its heartbeat is STALE_MS old, readers take it as interrupted.
      this.options.warn?.(err, "could not record the end of an import job");
    }
  }

  /** Beats for this process's running jobs while there are any. */
  private beat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      const ids = [...this.jobs.values()].filter((e) => e.view.status === "running").map((e) => e.view.id);
      if (!ids.length) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
        return;
      }
      this.repository
        .heartbeat(ids, new Date().toISOString())
        .catch((err: unknown) => this.options.warn?.(err, "could not record import jobs' heartbeat"));
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private forgetLater(entry: Entry<Result, Failure>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.jobs.delete(entry.view.id);
    }, this.keepFinishedMs);
    timer.unref();
    this.timers.add(timer);
    // Maps keep insertion order, so the first finished jobs met are the oldest.
    let finished = [...this.jobs.values()].filter((e) => e.view.status !== "running").length;
    for (const [id, other] of this.jobs) {
      if (finished <= this.maxFinished) break;
      if (other.view.status === "running") continue;
      this.jobs.delete(id);
      finished--;
    }
  }

  private copy(view: JobView<Result, Failure>): JobView<Result, Failure> {
    return { ...view, progress: { ...view.progress } };
  }
}
