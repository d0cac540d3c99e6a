// Imports and exports over HTTP: files sent as multipart/form-data (field `file`) to /api/maps/:mapId/import, a job
// followed at the URL the server gives, and the export URL of each format. Components reach these through hooks.ts.
import { fetchInit, noteRefusal, withShare } from "../api/credentials";
import { ApiError, query, seg } from "../api/utils";
import type { ExportFormat, Format, ImportJob, JobProgress, UploadAnswer } from "./types";

export * from "./types";
export * from "./utils";

import type { KUMU_LAYOUTS } from "../../../../server/schemas/imports";
export { EXPORT_FORMATS, FORMATS } from "../../../../server/schemas/imports";

export interface UploadOptions {
  format?: Format;
  dryRun: boolean;
  /** Always a job, so the dialog can show progress however small the upload. */
  async?: boolean;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export async function uploadFiles(mapId: string, files: readonly File[], o: UploadOptions): Promise<UploadAnswer> {
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  const url = `/api/maps/${seg(mapId)}/import${query({ format: o.format, dryRun: o.dryRun || undefined, async: o.async || undefined })}`;
  let response: Response;
  try {
    response = await fetch(url, { ...fetchInit("POST"), body: form });
  } catch (err) {
    throw new ApiError(0, undefined, `Cannot reach the server (${(err as Error).message})`);
  }
  const body = (await readJson(response)) as Record<string, unknown> | undefined;
  if (response.status === 202) return { kind: "job", accepted: body as never };
  if (response.status === 400 && body && ("report" in body || "issues" in body))
    return { kind: "refused", error: body as never };
  if (!response.ok) {
    noteRefusal("POST", url, response.status);
    throw new ApiError(response.status, body as never, `POST ${url}: ${response.status}`);
  }
  return body && "dryRun" in body
    ? { kind: "preview", preview: body as never }
    : { kind: "imported", outcome: body as never };
}

async function readJob(href: string): Promise<ImportJob> {
  const response = await fetch(href, fetchInit("GET"));
  const body = await readJson(response);
  if (!response.ok) throw new ApiError(response.status, body as never, `GET ${href}: ${response.status}`);
  return body as ImportJob;
}

/** Polls the job until it finishes, reporting its progress; resolves with the finished job (done or failed). */
export async function followJob(
  href: string,
  onProgress: (p: JobProgress) => void,
  signal?: AbortSignal,
  intervalMs = 250,
): Promise<ImportJob> {
  for (;;) {
    if (signal?.aborted) throw new Error("import: stopped following the job");
    const job = await readJob(href);
    onProgress(job.progress);
    if (job.status !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The URL the browser downloads the map from, as an attachment the server names; a share link's visitor's carries
 * the link's token, since a download sends no custom header. */
export const exportUrl = (mapId: string, format: ExportFormat, kumu?: (typeof KUMU_LAYOUTS)[number]) =>
  withShare(`/api/maps/${seg(mapId)}/export${query({ format, kumu })}`);
