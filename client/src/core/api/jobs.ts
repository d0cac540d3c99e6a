// Analyses that outlast the server's time budget answer 202 with a job instead of their result. `request` hands such
// an answer here, and the caller's promise resolves with the result as if the route had answered it directly; the
// jobs being followed are listed (with their progress) for the UI, which can cancel them.
import { fetchInit } from "./credentials";
import { ApiError } from "./utils";

export interface AnalysisJobView {
  jobId: string;
  kind: string;
  status: "running" | "done" | "failed" | "cancelled";
  progress?: number;
  url: string;
}

/** An analysis job's 202 body (an import's 202 is followed by core/imports instead). */
export function isAnalysisJob(body: unknown): body is AnalysisJobView {
  const job = body as Partial<AnalysisJobView> | undefined;
  return typeof job?.jobId === "string" && typeof job.url === "string" && job.url.includes("/analysis/jobs/");
}

let pending: readonly AnalysisJobView[] = [];
const listeners = new Set<() => void>();

function publish(next: readonly AnalysisJobView[]) {
  pending = next;
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore: the analyses the server is still computing for this page. */
export const analysisJobs = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  snapshot: () => pending,
  /** Stops the job on the server; the promise waiting for it rejects as cancelled. */
  cancel: (job: AnalysisJobView) => fetch(job.url, fetchInit("DELETE")).catch(() => undefined),
};

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the job until it answers its result (200), then resolves with it; a cancelled or failed job rejects. */
export async function followJob<T>(first: AnalysisJobView, parse: (response: Response) => Promise<T>): Promise<T> {
  const update = (job: AnalysisJobView | undefined) =>
    publish([...pending.filter((j) => j.jobId !== first.jobId), ...(job ? [job] : [])]);
  update(first);
  try {
    // Quick at first, for a result that was nearly ready, then every two seconds at most.
    for (let delay = 250; ; delay = Math.min(2000, delay * 1.5)) {
      await wait(delay);
      let response: Response;
      try {
        response = await fetch(first.url, fetchInit("GET"));
      } catch (err) {
        throw new ApiError(0, undefined, `Cannot reach the server (${(err as Error).message})`);
      }
      if (response.status === 202) {
        update((await response.json()) as AnalysisJobView);
        continue;
      }
      if (response.status === 410) throw new ApiError(410, { message: "Cancelled" }, "The analysis was cancelled");
      return await parse(response);
    }
  } finally {
    update(undefined);
  }
}
