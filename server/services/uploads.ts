// Uploaded files: a multipart body streamed to a temporary directory under the upload limits (per file, per upload,
// files per upload), and files on disk handed to the formats importers from there: sniffed from their first bytes
// when no format is given, text as streams (CSV is parsed row by row), zips read whole as they must be. The import
// route and the atlas command line (whose file on disk takes the same path) share this.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, open, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import type { FastifyRequest } from "fastify";
import { isZip, MAX_FILE_BYTES, sniffFormat, type Format, type ImportFile } from "../formats";

/** Uploads above this run as jobs: their client gets a job id at once instead of waiting on one long request. */
export const ASYNC_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Per file, as the formats importer allows; a zip's entries are limited by the importer itself. */
export const MAX_UPLOAD_FILE_BYTES = MAX_FILE_BYTES;
/** All files of one upload together. */
export const MAX_UPLOAD_BYTES = 2 * MAX_FILE_BYTES;
/** Files in one upload: the HSDS tabular form has the most, seven. */
export const MAX_UPLOAD_FILES = 20;
/** What @fastify/multipart may read of one request. */
export const MULTIPART_LIMITS = {
  fileSize: MAX_UPLOAD_FILE_BYTES,
  files: MAX_UPLOAD_FILES,
  fields: 10,
  fieldSize: 64 * 1024,
  parts: MAX_UPLOAD_FILES + 10,
  headerPairs: 100,
};
const SNIFF_BYTES = 64 * 1024;

// ---- errors ---------------------------------------------------------------------------------------

export class BadUploadError extends Error {
  readonly statusCode = 400;
}

class UploadTooLargeError extends Error {
  readonly statusCode = 413;
}

export const megabytes = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/**
 * The multipart reader's own errors carry terse messages ("reach files limit"); these say what the limit is. Errors
 * of the body's framing (busboy's "Unexpected end of form"...) are the client's, so 400; disk errors stay 500.
 */
function uploadError(err: unknown): unknown {
  if (err instanceof BadUploadError || err instanceof UploadTooLargeError) return err;
  const code = (err as { code?: string }).code ?? "";
  switch (code) {
    case "FST_REQ_FILE_TOO_LARGE":
      return new UploadTooLargeError(`A file is over ${megabytes(MAX_UPLOAD_FILE_BYTES)}, the limit per file`);
    case "FST_FILES_LIMIT":
      return new UploadTooLargeError(`At most ${MAX_UPLOAD_FILES} files per upload; zip them together`);
    case "FST_PARTS_LIMIT":
    case "FST_FIELDS_LIMIT":
      return new UploadTooLargeError("Too many form fields; send the files in field 'file' and options in the query");
    case "FST_PROTO_VIOLATION":
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return new BadUploadError(`The multipart body is malformed: ${(err as Error).message}`);
  }
  // ENOSPC, EACCES...: the server's trouble, not the client's.
  if ((err as { syscall?: string }).syscall !== undefined) return err;
  return new BadUploadError(`The multipart body is malformed: ${(err as Error).message}`);
}

// ---- receiving ------------------------------------------------------------------------------------

export interface Upload {
  dir: string;
  files: StoredFile[];
  bytes: number;
}

/**
 * Every upload's directory is named `<prefix><pid>-<random>` in the system's temporary folder: the prefix is the app's
 * own, and the pid tells which process a directory belongs to, so a process starting after a crash can remove what
 * the dead one left without touching the uploads of the API processes still running beside it.
 */
export const UPLOAD_DIR_PREFIX = "ecosystem-atlas-uploads-";
/** The prefix of earlier versions, whose leftovers are removed the same way. */
const OLD_PREFIX = "atlas-upload-";

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: a process of another user holds that pid, so it is alive.
    return (err as { code?: string }).code === "EPERM";
  }
}

/** Removes the upload directories of processes no longer running; returns how many. */
export async function removeStaleUploads(dir = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const prefix = [UPLOAD_DIR_PREFIX, OLD_PREFIX].find((p) => name.startsWith(p));
    if (!prefix) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || alive(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Streams every file of field `file` to a temporary directory, enforcing the limits as the bytes arrive. */
export async function receiveUpload(request: FastifyRequest): Promise<Upload> {
  const dir = await mkdtemp(join(tmpdir(), `${UPLOAD_DIR_PREFIX}${process.pid}-`));
  const upload: Upload = { dir, files: [], bytes: 0 };
  try {
    for await (const part of request.files()) {
      if (part.fieldname !== "file") {
        part.file.resume();
        throw new BadUploadError(`Unexpected file field '${part.fieldname}'; send files in field 'file'`);
      }
      const name = basename((part.filename || "upload").replace(/\\/g, "/")) || "upload";
      const path = join(dir, `${upload.files.length}-${name.replace(/[^A-Za-z0-9._-]/g, "_").slice(-100)}`);
      let size = 0;
      const count = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (upload.bytes + size > MAX_UPLOAD_BYTES) {
            done(new UploadTooLargeError(`The upload is over ${megabytes(MAX_UPLOAD_BYTES)}, the limit per upload`));
          } else done(null, chunk);
        },
      });
      // A body cut short in the middle of a file reaches here with the file already destroyed, and stream
      // pipelines wait forever on such a source; finished() does not, so it settles the wait either way.
      const source = part.file;
      if (source.destroyed) throw new BadUploadError(`The upload ends in the middle of ${name}`);
      const target = createWriteStream(path);
      try {
        await Promise.all([pipeline(source, count, target), finished(source)]);
      } catch (err) {
        source.destroy();
        target.destroy();
        throw (err as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE"
          ? new BadUploadError(`The upload ends in the middle of ${name}`)
          : err;
      }
      // busboy stops a file at the limit and marks it truncated rather than failing the stream.
      if (part.file.truncated) {
        throw new UploadTooLargeError(`${name} is over ${megabytes(MAX_UPLOAD_FILE_BYTES)}, the limit per file`);
      }
      upload.files.push({ name, path, size });
      upload.bytes += size;
    }
  } catch (err) {
    await discard(upload);
    throw uploadError(err);
  }
  if (!upload.files.length) {
    await discard(upload);
    throw new BadUploadError("No file in the upload; send it as multipart/form-data in field 'file'");
  }
  return upload;
}

/** Deletes the upload's temporary directory. */
export function discard(upload: Upload): Promise<void> {
  return rm(upload.dir, { recursive: true, force: true });
}

// ---- files on disk --------------------------------------------------------------------------------

export interface StoredFile {
  /** The name the client gave, which tells the importers what a file holds (actors.csv, map.gexf). */
  name: string;
  path: string;
  size: number;
}

async function head(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The format the files look like. The formats' sniffer judges a stream by its name alone, so it is shown the first
 * bytes of each file instead, and zips whole (their directory is at the end).
 */
async function sniffFiles(files: StoredFile[]): Promise<{ format?: Format; probes: ImportFile[] }> {
  const probes: ImportFile[] = [];
  for (const file of files) {
    const start = await head(file.path, SNIFF_BYTES);
    probes.push({ name: file.name, data: isZip(start) ? await readFile(file.path) : start });
  }
  try {
    return { format: await sniffFormat(probes), probes };
  } catch {
    // A zip the sniffer cannot read: importData, given no format, reports why.
    return { probes };
  }
}

/** Files as the importers take them: text as streams (CSV is parsed row by row), zips whole, as they must be. */
async function importFilesOf(files: StoredFile[], streams: Readable[]): Promise<ImportFile[]> {
  const out: ImportFile[] = [];
  for (const file of files) {
    if (isZip(await head(file.path, 4))) {
      out.push({ name: file.name, data: await readFile(file.path) });
    } else {
      const stream = createReadStream(file.path, { highWaterMark: 256 * 1024 });
      streams.push(stream);
      out.push({ name: file.name, data: stream });
    }
  }
  return out;
}

export interface ImportSource {
  format?: Format;
  files: ImportFile[];
  /** Bytes per file name: the total of a file's read progress when the importer does not know it. */
  sizes: Map<string, number>;
}

/**
 * The files as the importers take them, sniffed unless `format` is given. Streams opened go into `streams`, for the
 * caller to close once done: an importer that stops early leaves them unread.
 */
export function filesSource(
  files: StoredFile[],
  format: Format | undefined,
  streams: Readable[],
): () => Promise<ImportSource> {
  return async () => {
    const sniffed = format ? { format, probes: [] } : await sniffFiles(files);
    const sizes = new Map(files.map((f) => [f.name, f.size]));
    // Unknown format: the probes let importData report what it could not tell.
    if (!sniffed.format) return { files: sniffed.probes, sizes };
    return { format: sniffed.format, files: await importFilesOf(files, streams), sizes };
  };
}
