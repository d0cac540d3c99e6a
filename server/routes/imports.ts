// Data in and out of a map: imports of a JSON bundle or of uploaded files in any format server/formats reads, as a
// dry run, at once or as a background job, and exports in every format it writes.
//
// An upload is streamed to temporary files first (CSV is then parsed from a stream), converted to a bundle by the
// formats importer (services/import-run.ts, which the CLI runs too), and only a bundle without error-level issues
// reaches the store, whose importBundle upserts it by id all or nothing: a bad row never half-writes a map.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import multipart from "@fastify/multipart";
import type { z } from "zod";
import type { FastifyBaseLogger, FastifyRequest } from "fastify";
import type { SwaggerTransform } from "@fastify/swagger";
import { jsonSchemaTransform, type FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { exporters, MAX_FILE_BYTES } from "../formats";
import { Bundle, ErrorResponse, errors, MapParams } from "../schemas/api";
import {
  ExportQuery,
  FileBody,
  ImportAccepted,
  ImportError,
  ImportJob,
  ImportQuery,
  ImportResult,
  JobParams,
  UploadForm,
  type ImportError as ImportErrorBody,
  type ImportResult as ImportResultBody,
} from "../schemas/imports";
import { ImportJobs, type ReportProgress } from "../services/import-jobs";
import { errorBodyOf, filesSource, ImportRefusedError, importFiles, type StoredFile } from "../services/import-run";

/** Uploads above this run as jobs: their client gets a job id at once instead of waiting on one long request. */
export const ASYNC_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Per file, as the formats importer allows; a zip's entries are limited by the importer itself. */
export const MAX_UPLOAD_FILE_BYTES = MAX_FILE_BYTES;
/** All files of one upload together. */
export const MAX_UPLOAD_BYTES = 2 * MAX_FILE_BYTES;
/** Files in one upload: the HSDS tabular form has the most, seven. */
export const MAX_UPLOAD_FILES = 20;
/** A JSON bundle body: a few hundred thousand items run to tens of megabytes. */
const MAX_JSON_BODY_BYTES = 256 * 1024 * 1024;
/** How long a finished job stays readable: long enough for a client that polls every few seconds, or comes back. */
const JOB_RETENTION_MS = 30 * 60_000;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

declare module "fastify" {
  interface FastifyInstance {
    importJobs: ImportJobs<ImportResultBody, ImportErrorBody>;
  }
}

// ---- errors ---------------------------------------------------------------------------------------

class BadUploadError extends Error {
  readonly statusCode = 400;
}

class UploadTooLargeError extends Error {
  readonly statusCode = 413;
}

const megabytes = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

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

/** What a failed job shows: the body its request would have been answered with. */
function failureOf(err: unknown, log: FastifyBaseLogger): ImportErrorBody {
  const body = errorBodyOf(err);
  if (body) return body;
  log.error({ err }, "import job failed");
  return { statusCode: 500, error: "Internal Server Error", message: "Unexpected error; see the server log" };
}

// ---- uploads --------------------------------------------------------------------------------------

interface Upload {
  dir: string;
  files: StoredFile[];
  bytes: number;
}

/** Streams every file of field `file` to a temporary directory, enforcing the limits as the bytes arrive. */
async function receiveUpload(request: FastifyRequest): Promise<Upload> {
  // The pid tells which server a directory belongs to, should a crash leave one behind.
  const dir = await mkdtemp(join(tmpdir(), `atlas-upload-${process.pid}-`));
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

function discard(upload: Upload): Promise<void> {
  return rm(upload.dir, { recursive: true, force: true });
}

// ---- OpenAPI --------------------------------------------------------------------------------------

/**
 * The import route takes two bodies: a JSON bundle, which zod validates, and a multipart upload, which
 * @fastify/multipart reads. Fastify validates one body schema, so the document is told about the upload here.
 */
const documentBothBodies: SwaggerTransform = (document) => {
  type Document = Parameters<typeof jsonSchemaTransform>[0];
  const transformed = jsonSchemaTransform(document as Document);
  const bodyOf = (schema: z.ZodType) =>
    jsonSchemaTransform({ ...document, schema: { body: schema } } as Document).schema.body;
  return {
    ...transformed,
    schema: {
      ...transformed.schema,
      body: {
        content: {
          "application/json": { schema: bodyOf(Bundle) },
          "multipart/form-data": { schema: bodyOf(UploadForm) },
        },
      },
    },
  };
};

// ---- routes ---------------------------------------------------------------------------------------

const imports: FastifyPluginAsyncZod = async (app) => {
  const tags = ["maps"];
  // Registered here, not app-wide: only the import route reads multipart bodies.
  await app.register(multipart, {
    limits: {
      fileSize: MAX_UPLOAD_FILE_BYTES,
      files: MAX_UPLOAD_FILES,
      fields: 10,
      fieldSize: 64 * 1024,
      parts: MAX_UPLOAD_FILES + 10,
      headerPairs: 100,
    },
  });
  const jobs = new ImportJobs<ImportResultBody, ImportErrorBody>({
    describeError: (err) => failureOf(err, app.log),
    keepFinishedMs: JOB_RETENTION_MS,
  });
  app.decorate("importJobs", jobs);
  app.addHook("onClose", () => jobs.close());

  app.post(
    "/maps/:mapId/import",
    {
      bodyLimit: MAX_JSON_BODY_BYTES,
      config: { swaggerTransform: documentBothBodies },
      schema: {
        tags,
        summary: "Import a JSON bundle or uploaded files into a map, all or nothing, upserting by id",
        description:
          "A JSON body is an Atlas bundle. A multipart/form-data upload (field `file`, one or more files, or a zip of " +
          "them) is read as `format` (json, csv, kumu, gexf, graphml, hsds, 360giving; guessed when absent). " +
          "Any error in the files answers 400 with every issue (file, row, column, reason) and writes nothing. " +
          `\`dryRun=true\` reports what would be created and updated. Uploads over ${megabytes(ASYNC_UPLOAD_BYTES)}, and any with \`async=true\`, ` +
          `run as a job (202); follow it at /api/maps/{mapId}/imports/{jobId}. Limits: ` +
          `${megabytes(MAX_UPLOAD_FILE_BYTES)} per file, ${megabytes(MAX_UPLOAD_BYTES)} per upload, ` +
          `${MAX_UPLOAD_FILES} files (413 beyond).`,
        params: MapParams,
        querystring: ImportQuery,
        // Null for a multipart upload, which the handler reads as a stream.
        body: Bundle.nullish(),
        response: {
          200: ImportResult,
          202: ImportAccepted,
          400: ImportError,
          404: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { mapId } = request.params;
      const query = request.query;
      // Before reading any upload: a missing map is a 404, not a stored file.
      await app.store.getMap(mapId);

      let run: (progress: ReportProgress) => Promise<ImportResultBody>;
      let large = false;
      if (request.isMultipart()) {
        const upload = await receiveUpload(request);
        large = upload.bytes > ASYNC_UPLOAD_BYTES;
        run = async (progress) => {
          const streams: Readable[] = [];
          try {
            return await importFiles(app.store, filesSource(upload.files, query.format, streams), {
              mapId,
              query,
              progress,
            });
          } finally {
            for (const stream of streams) stream.destroy();
            await discard(upload);
          }
        };
      } else {
        const bundle = request.body;
        if (bundle === undefined || bundle === null) {
          throw new BadUploadError(
            "No bundle: send a JSON bundle (application/json) or upload files as multipart/form-data in field 'file'",
          );
        }
        if (query.format && query.format !== "json") {
          throw new BadUploadError(
            `A JSON body is an Atlas bundle; upload ${query.format} files as multipart/form-data in field 'file'`,
          );
        }
        run = query.dryRun
          ? // The same checks as an uploaded bundle file, so a dry run finds what the import would refuse.
            (progress) =>
              importFiles(
                app.store,
                async () => ({
                  format: "json",
                  files: [{ name: "bundle.json", data: Buffer.from(JSON.stringify(bundle)) }],
                  sizes: new Map(),
                }),
                { mapId, query, progress },
              )
          : (progress) =>
              app.store.importBundle(mapId, bundle, {
                onProgress: (done, total) => progress({ phase: "write", done, total }),
              });
      }

      if (query.async || large) {
        const job = jobs.start(mapId, run);
        const href = `/api/maps/${mapId}/imports/${job.id}`;
        return reply.code(202).header("location", href).send({ jobId: job.id, status: "running", href });
      }
      try {
        return await run(() => {});
      } catch (err) {
        if (err instanceof ImportRefusedError) return reply.code(400).send(err.body);
        throw err;
      }
    },
  );

  app.get(
    "/maps/:mapId/imports/:jobId",
    {
      schema: {
        tags,
        summary: "An import job: running, done (with its result) or failed (with the error its request would have had)",
        params: JobParams,
        response: { 200: ImportJob, ...errors },
      },
    },
    async (request, reply) => {
      const { mapId, jobId } = request.params;
      const job = jobs.get(mapId, jobId);
      if (!job) {
        return reply.code(404).send({
          statusCode: 404,
          error: "Not Found",
          message: `Import job '${jobId}' not found in map '${mapId}' (finished jobs are forgotten after ${JOB_RETENTION_MS / 60_000} minutes)`,
        });
      }
      return job;
    },
  );

  app.get(
    "/maps/:mapId/export",
    {
      schema: {
        tags,
        summary: "The map as a file: a JSON bundle (what import takes; the default), CSV zip, Kumu, GEXF or GraphML",
        params: MapParams,
        querystring: ExportQuery,
        response: {
          200: {
            description: "The map, as an attachment",
            content: {
              "application/json": { schema: Bundle },
              "application/zip": { schema: FileBody },
              [XLSX_TYPE]: { schema: FileBody },
              "application/gexf+xml": { schema: FileBody },
              "application/graphml+xml": { schema: FileBody },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { mapId } = request.params;
      const { format, kumu } = request.query;
      const bundle = await app.store.exportBundle(mapId);
      // Map ids are [A-Za-z0-9._-], so the name needs no quoting beyond the quotes.
      const attachment = (filename: string) => `attachment; filename="${filename}"`;
      if (format === "json") {
        // Sent as an object, so the response schema checks that the bundle is what import takes.
        return reply.header("content-disposition", attachment(`${mapId}.json`)).send(bundle);
      }
      const file = await exporters[format](bundle, { name: mapId, ...(kumu ? { kumu } : {}) });
      // Bytes, never a string: Fastify would run a JSON string (Kumu's blueprint) through the JSON serializer.
      const body =
        typeof file.body === "string"
          ? Buffer.from(file.body)
          : Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength);
      return reply.type(file.contentType).header("content-disposition", attachment(file.filename)).send(body);
    },
  );
};

export default imports;
