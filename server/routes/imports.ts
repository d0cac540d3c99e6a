// Data in and out of a map: imports of a JSON bundle or of uploaded files in any format server/formats reads, as a
// dry run, at once or as a background job, and exports in every format it writes.
//
// An upload is streamed to temporary files first (services/uploads.ts; CSV is then parsed from a stream), converted to a
// bundle by the formats importer (services/import-run.ts, which the CLI runs too), and only a bundle without error-level issues
// reaches the store, whose importBundle upserts it by id all or nothing: a bad row never half-writes a map.
import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { z } from "zod";
import type { FastifyBaseLogger } from "fastify";
import type { SwaggerTransform } from "@fastify/swagger";
import { jsonSchemaTransform, type FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { exporters, XLSX_TYPE } from "../formats";
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
import { errorBodyOf, ImportRefusedError, importFiles } from "../services/import-run";
import { isStreamedFormat, openExport } from "../services/streamed-reads";
import {
  ASYNC_UPLOAD_BYTES,
  BadUploadError,
  discard,
  filesSource,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_FILE_BYTES,
  MAX_UPLOAD_FILES,
  megabytes,
  MULTIPART_LIMITS,
  receiveUpload,
} from "../services/uploads";

/**
 * A JSON body is parsed whole, at ten to twenty times its size in memory, so it stays small (413 beyond, answered from
 * Content-Length before any byte is read); larger bundles come as an uploaded .json file, which is read item by item.
 */
const MAX_JSON_BODY_BYTES = 8 * 1024 * 1024;
/** How long a finished job stays in memory; the database keeps it readable for a week. */
const JOB_RETENTION_MS = 30 * 60_000;

declare module "fastify" {
  interface FastifyInstance {
    importJobs: ImportJobs<ImportResultBody, ImportErrorBody>;
  }
}

// ---- errors ---------------------------------------------------------------------------------------

/** What a failed job shows: the body its request would have been answered with. */
function failureOf(err: unknown, log: FastifyBaseLogger): ImportErrorBody {
  const body = errorBodyOf(err);
  if (body) return body;
  log.error({ err }, "import job failed");
  return { statusCode: 500, error: "Internal Server Error", message: "Unexpected error; see the server log" };
}

/** What an interrupted job shows: how far it got and how to finish it. */
function interruptionOf(written: number, items: number): ImportErrorBody {
  const count = (n: number) => n.toLocaleString("en-US");
  return {
    statusCode: 503,
    error: "Service Unavailable",
    message:
      written > 0
        ? `The import was interrupted at ${count(written)} of ${count(items)} items when its server stopped; the map ` +
          "holds those items. Import the same file again to finish it (imports replace items by id)."
        : "The import was interrupted before it wrote anything when its server stopped; the map is as it was. " +
          "Import the file again.",
  };
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
  await app.register(multipart, { limits: MULTIPART_LIMITS });
  const jobs = new ImportJobs<ImportResultBody, ImportErrorBody>({
    repository: app.store.importJobs,
    describeError: (err) => failureOf(err, app.log),
    describeInterruption: interruptionOf,
    warn: (err, message) => app.log.warn({ err }, message),
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
          `A JSON body is an Atlas bundle, up to ${megabytes(MAX_JSON_BODY_BYTES)}. ` +
          "A multipart/form-data upload (field `file`, one or more files, or a zip of " +
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
                onProgress: (done, total, committed?: boolean) => progress({ phase: "write", done, total }, committed),
              });
      }

      if (query.async || large) {
        const job = await jobs.start(mapId, run);
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
        summary:
          "An import job: running, done (with its result), failed (with the error its request would have had) or " +
          "interrupted (its server stopped part way; the error says how far it got)",
        params: JobParams,
        response: { 200: ImportJob, ...errors },
      },
    },
    async (request, reply) => {
      const { mapId, jobId } = request.params;
      const job = await jobs.get(mapId, jobId);
      if (!job) {
        return reply.code(404).send({
          statusCode: 404,
          error: "Not Found",
          message: `Import job '${jobId}' not found in map '${mapId}' (finished jobs are forgotten after a week)`,
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
      // Map ids are [A-Za-z0-9._-], so the name needs no quoting beyond the quotes.
      const attachment = (filename: string) => `attachment; filename="${filename}"`;
      if (isStreamedFormat(format)) {
        // Written record by record as Neo4j reads them, each redacted for a redacted caller, in the bytes the
        // response schema's serializer wrote for the JSON bundle (services/streamed-reads.ts).
        const redacted = request.mapAccess?.redacted === true;
        const file = await openExport(
          format,
          mapId,
          (steps) => app.store.openGraph(mapId, steps),
          async (version) => (redacted ? app.redaction.recordRedactor(mapId, version) : undefined),
        );
        return reply
          .type(file.contentType)
          .header("content-disposition", attachment(file.filename))
          .send(file.body as never);
      }
      // The other formats need the whole graph at once (graphology for GEXF and GraphML, a workbook for XLSX), so
      // they are built in memory from the bundle, redacted before any encoder sees it.
      const bundle = await app.redaction.forRequest(request, await app.store.exportBundle(mapId));
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
