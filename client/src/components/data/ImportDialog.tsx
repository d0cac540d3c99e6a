// Data in: files picked or dropped (several, or a zip), the format guessed and shown, a dry run that lists what
// would be created and updated and every issue by file, row and column, then the import itself as a job whose
// progress the bar follows; the map reloads when it is done.
import { useEffect, useRef, useState, type DragEvent } from "react";
import {
  changeRows,
  describeGuess,
  FORMAT_LABELS,
  FORMATS,
  formatFromNames,
  issuesByFile,
  jobPercent,
  phaseLabel,
  plural,
  rowIssues,
  type Format,
  type FormatGuess,
  type ImportErrorBody,
  type ImportJob,
  type ImportOutcome,
  type ImportPreview,
  type JobProgress,
  type RowIssue,
} from "../../core/imports";
import { followJob, uploadFiles, useActions, useMapId, useReloadMap } from "../../core/hooks";
import { Modal } from "../Modal";

type Checked = { kind: "preview"; preview: ImportPreview } | { kind: "refused"; error: ImportErrorBody };
type Stage =
  | { step: "pick" }
  | { step: "checking" }
  | { step: "checked"; result: Checked }
  | { step: "applying"; progress: JobProgress | null }
  | { step: "done"; outcome: ImportOutcome | null }
  | { step: "failed"; error: ImportErrorBody | null; message: string };

const ACCEPT = ".json,.csv,.tsv,.txt,.zip,.xlsx,.gexf,.graphml,.xml";

function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What a finished job holds: the preview or outcome it answered, or the refusal it failed with. */
function fromJob(job: ImportJob): { result?: ImportPreview | ImportOutcome; error?: ImportErrorBody } {
  if (job.status === "failed") return { error: job.error };
  return { result: job.result as ImportPreview | ImportOutcome };
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const mapId = useMapId();
  const actions = useActions();
  const reload = useReloadMap();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [chosen, setChosen] = useState<Format | "">("");
  const [stage, setStage] = useState<Stage>({ step: "pick" });
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const checked = stage.step === "checked" ? stage.result : null;
  const read = checked?.kind === "preview" ? checked.preview.report : checked?.error.report;
  const guess: FormatGuess = chosen
    ? { format: chosen, source: "chosen" }
    : read
      ? { format: read.format, source: "server" }
      : { format: formatFromNames(files.map((f) => f.name)), source: "names" };

  const pick = (list: FileList | null) => {
    if (!list?.length) return;
    setFiles([...list]);
    setStage({ step: "pick" });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files);
  };

  const busy = stage.step === "checking" || stage.step === "applying";
  const canApply = stage.step === "checked" && stage.result.kind === "preview";

  const check = async () => {
    if (!mapId || !files.length || busy) return;
    setStage({ step: "checking" });
    abort.current = new AbortController();
    try {
      const answer = await uploadFiles(mapId, files, { format: chosen || undefined, dryRun: true });
      if (answer.kind === "preview" || answer.kind === "refused") return setStage({ step: "checked", result: answer });
      if (answer.kind === "job") {
        // A large upload is checked as a job too.
        const { result, error } = fromJob(await followJob(answer.accepted.href, () => {}, abort.current.signal));
        if (error) return setStage({ step: "checked", result: { kind: "refused", error } });
        return setStage({ step: "checked", result: { kind: "preview", preview: result as ImportPreview } });
      }
      setStage({ step: "failed", error: null, message: "The server imported instead of checking" });
    } catch (err) {
      setStage({ step: "failed", error: null, message: (err as Error).message });
    }
  };

  const apply = async () => {
    if (!mapId || !files.length) return;
    setStage({ step: "applying", progress: null });
    abort.current = new AbortController();
    try {
      const answer = await uploadFiles(mapId, files, { format: chosen || undefined, dryRun: false, async: true });
      let outcome: ImportOutcome | null = null;
      if (answer.kind === "refused")
        return setStage({ step: "failed", error: answer.error, message: answer.error.message });
      if (answer.kind === "job") {
        const job = await followJob(
          answer.accepted.href,
          (progress) => setStage({ step: "applying", progress }),
          abort.current.signal,
        );
        const { result, error } = fromJob(job);
        if (error) return setStage({ step: "failed", error, message: error.message });
        outcome = result && "report" in result ? (result as ImportOutcome) : null;
      } else if (answer.kind === "imported") outcome = answer.outcome;
      await reload(mapId);
      const c = outcome?.counts;
      actions.ui.showToast(
        c
          ? `Imported ${plural(c.actors, "actor")}, ${plural(c.relationships, "tie")}, ${plural(c.needs, "need")}`
          : "Imported",
      );
      setStage({ step: "done", outcome });
    } catch (err) {
      setStage({ step: "failed", error: null, message: (err as Error).message });
    }
  };

  return (
    <Modal
      title="Import data"
      subtitle={
        mapId ? `Into the map '${mapId}'. Items are upserted by id; nothing is written until you import.` : undefined
      }
      onClose={onClose}
      testId="import-dialog"
      wide
      initialFocus="[data-autofocus]"
    >
      <div
        className={`dropzone ${dragging ? "dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-dropzone"
      >
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => pick(e.target.files)}
          data-testid="import-file-input"
        />
        <button type="button" className="btn" onClick={() => input.current?.click()} disabled={busy} data-autofocus>
          Choose files…
        </button>
        <span className="muted">
          or drop them here: one file, several (CSV, HSDS), or a zip of them. JSON, CSV, Kumu, GEXF, GraphML, HSDS,
          360Giving.
        </span>
      </div>

      {files.length > 0 && (
        <ul className="import-files" aria-label="Files to import" data-testid="import-files">
          {files.map((f) => (
            <li key={`${f.name}:${f.size}`}>
              <span className="file-name">{f.name}</span> <span className="muted">{sizeLabel(f.size)}</span>
            </li>
          ))}
        </ul>
      )}

      <div className="import-format">
        <label htmlFor="import-format-select">Format</label>
        <select
          id="import-format-select"
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value as Format | "");
            setStage({ step: "pick" });
          }}
          disabled={busy}
        >
          <option value="">Guess from the files</option>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
        {files.length > 0 && (
          <span className="muted" data-testid="import-format">
            {describeGuess(guess)}
          </span>
        )}
      </div>

      <div aria-live="polite" className="import-result">
        {stage.step === "checking" && <p className="muted">Checking the files…</p>}
        {stage.step === "checked" && <CheckResult result={stage.result} />}
        {stage.step === "applying" && <Progress progress={stage.progress} />}
        {stage.step === "done" && (
          <p className="import-done" data-testid="import-done">
            Imported into the map
            {stage.outcome
              ? `: ${plural(stage.outcome.counts.actors, "actor")}, ${plural(stage.outcome.counts.relationships, "tie")}, ${plural(stage.outcome.counts.needs, "need")}, ${plural(stage.outcome.counts.offerings, "offering")}.`
              : "."}
          </p>
        )}
        {stage.step === "failed" && (
          <div role="alert" data-testid="import-failed">
            <p className="form-error">Nothing was written: {stage.message}</p>
            {stage.error && <IssueList issues={rowIssues(stage.error, stage.error.report)} />}
          </div>
        )}
      </div>

      <footer>
        {stage.step === "done" ? (
          <button type="button" className="btn primary" onClick={onClose} data-testid="import-close" autoFocus>
            Close
          </button>
        ) : (
          <>
            <button
              type="button"
              className={`btn ${canApply ? "" : "primary"}`}
              onClick={check}
              // Left enabled while checking (a second click is ignored), so focus stays on it for the keyboard.
              disabled={!files.length}
              aria-busy={stage.step === "checking"}
              data-testid="import-check"
            >
              Check (dry run)
            </button>
            <button
              type="button"
              className="btn primary"
              onClick={apply}
              disabled={!canApply}
              title={canApply ? undefined : "Check the files first; an import with errors is refused"}
              data-testid="import-apply"
            >
              Import
            </button>
            <span className="grow" />
            <button type="button" className="btn ghost" onClick={onClose}>
              Cancel
            </button>
          </>
        )}
      </footer>
    </Modal>
  );
}

function CheckResult({ result }: { result: Checked }) {
  if (result.kind === "refused") {
    const issues = rowIssues(result.error, result.error.report);
    const errors = issues.filter((i) => i.level === "error").length;
    return (
      <div data-testid="import-refused">
        <p className="form-error" role="alert">
          Dry run: {plural(errors, "error")} found. Nothing was written; fix the files and check again.
        </p>
        <IssueList issues={issues} />
      </div>
    );
  }
  const { preview } = result;
  const rows = changeRows(preview.changes);
  const warnings = rowIssues(undefined, preview.report);
  return (
    <div data-testid="import-preview">
      <p>
        <strong>Dry run: nothing written.</strong>{" "}
        <span className="muted">
          {plural(preview.report.rows, "record")} read from {plural(preview.report.files.length, "file")}.
        </span>
      </p>
      {rows.length ? (
        <table className="import-changes" data-testid="import-changes">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">New</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.kind} data-kind={r.kind}>
                <th scope="row">{r.kind}</th>
                <td>{r.created}</td>
                <td>{r.updated}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">The files hold nothing to import.</p>
      )}
      {warnings.length > 0 && <IssueList issues={warnings} />}
    </div>
  );
}

function IssueList({ issues }: { issues: readonly RowIssue[] }) {
  if (!issues.length) return null;
  return (
    <div className="import-issues" data-testid="import-issues">
      {issuesByFile(issues).map(([file, list]) => (
        <section key={file || "-"}>
          <h3>{file || "The upload"}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {list.map((i, n) => (
                <tr key={n} className={i.level} data-testid="import-issue">
                  <td>{i.row ?? "—"}</td>
                  <td>{i.column ?? i.field ?? "—"}</td>
                  <td>
                    <span className={`badge ${i.level === "error" ? "priority-critical" : "priority-medium"}`}>
                      {i.level}
                    </span>{" "}
                    {i.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

function Progress({ progress }: { progress: JobProgress | null }) {
  const percent = progress ? jobPercent(progress) : 0;
  return (
    <div className="import-progress">
      <div
        className="progress"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid="import-progress"
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <span className="muted">{progress ? `${phaseLabel(progress)} · ${percent}%` : "Sending the files…"}</span>
    </div>
  );
}
