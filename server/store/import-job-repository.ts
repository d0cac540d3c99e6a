// Import jobs as the database records them (:ImportJob nodes): written when a job starts, as it progresses and when it
// ends, so a job's address answers after a restart and from any API process, and a job whose process died is seen to
// have stopped. Results and errors are stored as JSON text: Neo4j properties hold no nested objects.
import { rows, type Row, type StoreSession } from "./session";

export type ImportJobStatus = "running" | "done" | "failed" | "interrupted";

export interface ImportJobRecord {
  id: string;
  mapId: string;
  status: ImportJobStatus;
  phase: string;
  /** The progress of the current phase: bytes while reading, items while writing. */
  done: number;
  total: number;
  /** Items written and kept: committed chunks of a chunked import, everything once it is done. */
  written: number;
  /** Items the import holds (0 until its files are read). */
  items: number;
  result?: unknown;
  error?: unknown;
  startedAt: string;
  finishedAt?: string;
  heartbeatAt: string;
  processId: string;
  instance?: string;
}

export type ImportJobProgress = Pick<ImportJobRecord, "phase" | "done" | "total" | "written" | "items">;

export class ImportJobRepository {
  constructor(private readonly session: StoreSession) {}

  async create(job: Pick<ImportJobRecord, "id" | "mapId" | "startedAt" | "processId" | "instance">): Promise<void> {
    await this.session.write((tx) =>
      rows(tx, "import-job-create", { ...job, now: job.startedAt, instance: job.instance ?? null }),
    );
  }

  async progress(id: string, progress: ImportJobProgress, now: string): Promise<void> {
    await this.session.write((tx) => rows(tx, "import-job-progress", { id, ...progress, now }));
  }

  /** Keeps the jobs of a live process from being taken for dead. */
  async heartbeat(ids: string[], now: string): Promise<void> {
    if (ids.length) await this.session.write((tx) => rows(tx, "import-job-heartbeat", { ids, now }));
  }

  /** The job's end; a job done also stops the interrupted ones before it from marking its map. One transaction. */
  async finish(
    id: string,
    end: ImportJobProgress & { status: Exclude<ImportJobStatus, "running">; result?: unknown; error?: unknown },
    now: string,
  ): Promise<void> {
    const { result, error, ...fields } = end;
    await this.session.write((tx) =>
      rows(tx, "import-job-finish", {
        id,
        ...fields,
        result: result === undefined ? null : JSON.stringify(result),
        error: error === undefined ? null : JSON.stringify(error),
        now,
      }),
    );
  }

  async get(mapId: string, id: string): Promise<ImportJobRecord | undefined> {
    const [row] = await this.session.read((tx) => rows(tx, "import-job-get", { mapId, id }));
    return row ? recordOf(row.job as Row) : undefined;
  }

  /**
   * Marks interrupted the running jobs whose process is gone: silent since `staleBefore`, or, when `instance` is
   * given, recorded by another process of that API instance (an earlier run of it). `ids` narrows it to some jobs.
   * Returns the ids marked.
   */
  async interrupt(options: {
    staleBefore: string;
    instance?: string;
    processId?: string;
    ids?: string[];
    now: string;
  }): Promise<string[]> {
    const found = await this.session.write((tx) =>
      rows(tx, "import-job-interrupt", {
        staleBefore: options.staleBefore,
        instance: options.instance ?? null,
        processId: options.processId ?? null,
        ids: options.ids ?? null,
        now: options.now,
      }),
    );
    return found.map((r) => r.id as string);
  }

  /** Forgets jobs finished before `before`, a batch at a time; interrupted jobs still marking a map are kept. */
  async prune(before: string): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await this.session.write((tx) => rows(tx, "import-job-prune", { before }));
      const count = (row?.count as number | undefined) ?? 0;
      total += count;
      if (count === 0) return total;
    }
  }
}

function recordOf(node: Row): ImportJobRecord {
  const json = (value: unknown) => (typeof value === "string" ? (JSON.parse(value) as unknown) : undefined);
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return {
    id: node.id as string,
    mapId: node.mapId as string,
    status: node.status as ImportJobStatus,
    phase: node.phase as string,
    done: Number(node.done ?? 0),
    total: Number(node.total ?? 0),
    written: Number(node.written ?? 0),
    items: Number(node.items ?? 0),
    result: json(node.result),
    error: json(node.error),
    startedAt: node.startedAt as string,
    finishedAt: text(node.finishedAt),
    heartbeatAt: node.heartbeatAt as string,
    processId: node.processId as string,
    instance: text(node.instance),
  };
}
