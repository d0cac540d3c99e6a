// The atlas CLI against a stand-in for the API (node:http): the multipart upload, the dry-run flag, following an
// import job to its end, export downloads and error reporting. The real routes are tested with the API.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Seen {
  method: string;
  url: string;
  contentType: string;
  authorization: string | undefined;
  body: Buffer;
}

let server: Server;
let api = "";
const seen: Seen[] = [];
let polls = 0;

async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await read(req);
    seen.push({
      method: req.method!,
      url: req.url!,
      contentType: req.headers["content-type"] ?? "",
      authorization: req.headers.authorization,
      body,
    });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    const url = new URL(req.url!, "http://x");
    if (req.method === "POST" && url.pathname === "/api/maps/riverbend/import") {
      if (url.searchParams.get("format") === "gexf") {
        return json(400, {
          message: "Import rejected",
          issues: [{ level: "error", code: "not_xml", file: "map.gexf", message: "map.gexf is not XML" }],
        });
      }
      if (url.searchParams.get("dryRun") === "true") {
        return json(200, {
          report: {
            counts: { actors: 2, relationships: 1 },
            issues: [{ level: "warning", code: "mapped", message: "a warning" }],
          },
        });
      }
      return json(202, { jobId: "job-1" });
    }
    if (req.method === "GET" && url.pathname === "/api/maps/riverbend/imports/job-1") {
      polls++;
      return polls < 3
        ? json(200, { status: "running", progress: { done: polls * 10, total: 30 } })
        : json(200, {
            status: "done",
            progress: { done: 30, total: 30 },
            result: { counts: { actors: 2, relationships: 1 } },
          });
    }
    if (req.method === "GET" && url.pathname === "/api/maps/riverbend/export") {
      const payload = Buffer.from(`<gexf>${url.searchParams.get("format")}</gexf>`);
      res.writeHead(200, {
        "content-type": "application/gexf+xml",
        "content-length": String(payload.length),
        "content-disposition": 'attachment; filename="riverbend.gexf"',
      });
      return res.end(payload);
    }
    json(404, { message: "no such map" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  api = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const CLI = new URL("../../scripts/atlas.ts", import.meta.url).pathname;
const TSX = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;

function atlas(
  args: string[],
  cwd?: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [CLI, ...args, "--api", api],
      { cwd, env: { ...process.env, ATLAS_API: "", ATLAS_TOKEN: "", ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("atlas CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "actors.csv");
  writeFileSync(file, "id,name,type\na,Alpha,school\nb,Beta,funder\n");

  it("uploads the file as multipart field `file` and prints a dry run's report", async () => {
    const run = await atlas(["import", file, "--map", "riverbend", "--format", "csv", "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Dry run, nothing written. Would import: 2 actors, 1 relationships");
    expect(run.stdout).toContain("warning: a warning");
    const upload = seen.find((s) => s.url.includes("dryRun=true"))!;
    expect(upload.url).toBe("/api/maps/riverbend/import?format=csv&dryRun=true");
    const boundary = /boundary=(.+)$/.exec(upload.contentType)![1]!;
    expect(upload.body.toString()).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="actors.csv"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n${readFileSync(file, "utf8")}\r\n--${boundary}--\r\n`,
    );
  });

  it("follows an import job until it is done", async () => {
    const run = await atlas(["import", file, "--map", "riverbend"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Import running as job job-1");
    expect(run.stdout).toContain("Imported: 2 actors, 1 relationships");
    expect(polls).toBe(3);
  });

  it("prints the issues of a rejected import and exits 1", async () => {
    const run = await atlas(["import", file, "--map", "riverbend", "--format", "gexf"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Import failed: 400");
    expect(run.stderr).toContain("map.gexf: map.gexf is not XML");
  });

  it("downloads an export to the file the API names, or to --out", async () => {
    const run = await atlas(["export", "--map", "riverbend", "--format", "gexf"], dir);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, "riverbend.gexf"), "utf8")).toBe("<gexf>gexf</gexf>");
    const out = join(dir, "copy.gexf");
    expect((await atlas(["export", "--map", "riverbend", "--format", "gexf", "--out", out])).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("<gexf>gexf</gexf>");
  });

  it("sends the API token of --token, else of $ATLAS_TOKEN, with every request", async () => {
    seen.length = 0;
    polls = 0;
    const run = await atlas(["import", file, "--map", "riverbend", "--token", "atl_from-flag"]);
    expect(run.code).toBe(0);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.map((s) => s.authorization)).toEqual(seen.map(() => "Bearer atl_from-flag"));
    seen.length = 0;
    const out = join(dir, "with-token.gexf");
    const fromEnv = await atlas(["export", "--map", "riverbend", "--format", "gexf", "--out", out], undefined, {
      ATLAS_TOKEN: "atl_from-env",
    });
    expect(fromEnv.code).toBe(0);
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer atl_from-env"]);
  });

  it("refuses bad usage with exit code 2", async () => {
    const run = await atlas(["export", "--map", "riverbend", "--format", "pdf"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("export needs --format, one of json, csv, kumu, gexf, graphml");
  });
});
