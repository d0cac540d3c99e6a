// An analysis the server is still computing past its time budget (core/api/jobs.ts): how far it got, and a button
// that stops it. Shown by the panels whose analyses can take that long.
import { useSyncExternalStore } from "react";
import { analysisJobs } from "../core/api";

export function AnalysisJobProgress({ kind }: { kind: string }) {
  const jobs = useSyncExternalStore(analysisJobs.subscribe, analysisJobs.snapshot);
  const job = jobs.find((j) => j.kind === kind);
  if (!job) return null;
  const share = job.progress ?? 0;
  return (
    <div className="import-progress" data-testid={`job-${kind}`}>
      <span className="muted small">
        Still computing on the server{job.progress === undefined ? "…" : ` (${Math.round(share * 100)}%)`}
      </span>
      <div
        className="progress"
        role="progressbar"
        aria-label="Analysis progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <span style={{ width: `${share * 100}%` }} />
      </div>
      <button
        type="button"
        className="btn"
        onClick={() => void analysisJobs.cancel(job)}
        data-testid={`cancel-${kind}`}
      >
        Cancel
      </button>
    </div>
  );
}
