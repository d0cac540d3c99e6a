// Files sent to the import endpoint as a user's browser or the CLI would: multipart/form-data in field `file`.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { zipSync } from "fflate";
import type { App } from "../../server/app";
import { adminHeaders, type Reply } from "./app";

export const FORMAT_FIXTURES = new URL("../../fixtures/formats/", import.meta.url);

export interface Upload {
  name: string;
  data: Uint8Array | string;
}

/** A file of fixtures/formats/, under its own name. */
export const fixtureUpload = (path: string): Upload => ({
  name: path.split("/").pop()!,
  data: readFileSync(new URL(path, FORMAT_FIXTURES)),
});

/** The four CSV fixtures zipped together, as a user would send them. */
export function csvZip(): Upload {
  const entries = Object.fromEntries(
    ["actors", "relationships", "needs", "offerings"].map((kind) => [
      `riverbend/${kind}.csv`,
      new Uint8Array(readFileSync(new URL(`csv/${kind}.csv`, FORMAT_FIXTURES))),
    ]),
  );
  return { name: "riverbend-csv.zip", data: zipSync(entries) };
}

export function multipart(files: Upload[], field = "file") {
  const boundary = `----atlas-test-${randomUUID()}`;
  const parts = files.flatMap((f) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${f.name}"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    ),
    Buffer.from(f.data),
    Buffer.from("\r\n"),
  ]);
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads `files` to POST /api/maps/:mapId/import; `query` as in `?format=csv&dryRun=true`. */
export async function upload(app: App, mapId: string, files: Upload[], query = ""): Promise<Reply> {
  const form = multipart(files);
  const r = await app.inject({
    method: "POST",
    url: `/api/maps/${mapId}/import${query}`,
    payload: form.payload,
    headers: { ...form.headers, ...adminHeaders(app) },
  });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}
