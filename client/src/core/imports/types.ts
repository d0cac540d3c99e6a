// Shapes of an import as the dialog follows it, all taken from the server's import schemas.
import type { z } from "zod";
import type {
  ExportFormat,
  Format,
  ImportAccepted as ImportAcceptedSchema,
  ImportChanges as ImportChangesSchema,
  ImportError as ImportErrorSchema,
  ImportIssue,
  ImportJob as ImportJobSchema,
  ImportOutcome as ImportOutcomeSchema,
  ImportPreview as ImportPreviewSchema,
  ImportReport,
  JobProgress,
} from "../../../../server/schemas/imports";

export type { ExportFormat, Format, ImportIssue, ImportReport, JobProgress };
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;
export type ImportOutcome = z.infer<typeof ImportOutcomeSchema>;
export type ImportChanges = z.infer<typeof ImportChangesSchema>;
export type ImportErrorBody = z.infer<typeof ImportErrorSchema>;
export type ImportJob = z.infer<typeof ImportJobSchema>;
export type ImportAccepted = z.infer<typeof ImportAcceptedSchema>;

/** Where the user's format comes from: chosen, guessed here from the file names, or read by the server. */
export interface FormatGuess {
  format: Format | "unknown";
  source: "chosen" | "names" | "server";
}

/** One problem the server found, flattened for the issue table: where (file, row, column) and why. */
export interface RowIssue {
  level: "error" | "warning";
  file: string;
  row?: number;
  column?: string;
  field?: string;
  code?: string;
  message: string;
}

/** What an upload answered: a dry run's preview, a finished import, a refusal with its issues, or a job to follow. */
export type UploadAnswer =
  | { kind: "preview"; preview: ImportPreview }
  | { kind: "imported"; outcome: ImportOutcome }
  | { kind: "refused"; error: ImportErrorBody }
  | { kind: "job"; accepted: ImportAccepted };
