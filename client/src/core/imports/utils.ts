// Pure helpers of the import dialog: the format from file names, issues grouped by file, changes as rows.
import { formatOfFileName } from "../../../../server/schemas/imports";
import type {
  ExportFormat,
  Format,
  FormatGuess,
  ImportChanges,
  ImportErrorBody,
  ImportReport,
  JobProgress,
  RowIssue,
} from "./types";

export const FORMAT_LABELS: Record<Format, string> = {
  json: "Atlas JSON bundle",
  csv: "CSV (one file per kind)",
  kumu: "Kumu (workbook, CSV or JSON)",
  gexf: "GEXF (Gephi)",
  graphml: "GraphML",
  hsds: "HSDS (Open Referral)",
  "360giving": "360Giving grants",
};

export const EXPORT_LABELS: Record<ExportFormat, { label: string; file: string }> = {
  json: { label: "JSON bundle", file: ".json — re-imports as it is" },
  csv: { label: "CSV", file: ".zip of one CSV per kind" },
  kumu: { label: "Kumu", file: ".xlsx workbook" },
  gexf: { label: "GEXF", file: ".gexf for Gephi" },
  graphml: { label: "GraphML", file: ".graphml" },
};

const baseName = (name: string) => name.split(/[\\/]/).pop()!.toLowerCase();

/**
 * The format the file names suggest, as the server's sniffing reads names (server/formats/sniff.ts); the server
 * also reads the contents, so a dry run's answer replaces this guess. A zip or a name that says nothing gives
 * "unknown": the server looks inside.
 */
export function formatFromNames(names: readonly string[]): Format | "unknown" {
  const found = new Set<Format | "unknown">(names.map((n) => formatOfName(baseName(n))));
  found.delete("unknown");
  return found.size === 1 ? [...found][0]! : "unknown";
}

function formatOfName(name: string): Format | "unknown" {
  return formatOfFileName(name) ?? "unknown";
}

export function describeGuess(guess: FormatGuess): string {
  const label = guess.format === "unknown" ? "not known yet" : FORMAT_LABELS[guess.format];
  if (guess.source === "chosen") return `${label} (chosen)`;
  if (guess.source === "server") return `${label} (as the server read the files)`;
  return guess.format === "unknown"
    ? "Not told by the file names: the server will look inside"
    : `${label} (guessed from the file names)`;
}

/** Every issue of a refusal or a report, errors first, each with the file it is in ("" when none is named). */
export function rowIssues(error: ImportErrorBody | undefined, report: ImportReport | undefined): RowIssue[] {
  if (report?.issues.length) {
    return report.issues.map((i) => ({
      level: i.level,
      file: i.file ?? "",
      row: i.row,
      column: i.column,
      field: i.field,
      code: i.code,
      message: i.message,
    }));
  }
  return (error?.issues ?? []).map((i) => ({
    level: "error" as const,
    file: i.file ?? "",
    row: i.row,
    column: i.column,
    field: i.file ? undefined : i.field,
    code: i.code,
    message: i.message,
  }));
}

/** Issues by file, files in the order they first appear, errors before warnings within each. */
export function issuesByFile(issues: readonly RowIssue[]): [string, RowIssue[]][] {
  const groups = new Map<string, RowIssue[]>();
  for (const issue of issues) {
    const list = groups.get(issue.file) ?? [];
    list.push(issue);
    groups.set(issue.file, list);
  }
  const rank = (i: RowIssue) => (i.level === "error" ? 0 : 1);
  return [...groups].map(([file, list]) => [file, [...list].sort((a, b) => rank(a) - rank(b))]);
}

const KINDS = ["categories", "actors", "relationships", "needs", "offerings", "commitments"] as const;

/** The dry run's changes, one row per kind the files touch. */
export function changeRows(
  changes: ImportChanges,
): { kind: (typeof KINDS)[number]; created: number; updated: number }[] {
  return KINDS.map((kind) => ({ kind, ...changes[kind] })).filter((r) => r.created + r.updated > 0);
}

const PHASE_LABELS: Record<JobProgress["phase"], string> = {
  queued: "Waiting to start",
  read: "Reading the files",
  parse: "Reading the rows",
  validate: "Checking",
  write: "Writing to the map",
  done: "Done",
};

/** The job's progress as a whole from 0 to 100: reading and checking take the first fifth, writing the rest. */
export function jobPercent(p: JobProgress): number {
  const part = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  if (p.phase === "done") return 100;
  if (p.phase === "write") return Math.round(20 + 80 * part);
  if (p.phase === "queued") return 0;
  return Math.round(20 * (p.phase === "validate" ? 1 : part));
}

export const phaseLabel = (p: JobProgress) => PHASE_LABELS[p.phase];

export const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${n === 1 ? word : `${word}s`}`;
