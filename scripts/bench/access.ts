// What access control costs a request: autocannon against the same app built with and without its checks, on the
// sample ecosystem, for `/graph` and one actor. "With" is measured as an editor (authentication only), and as a
// viewer and an anonymous visitor of the public map (authentication and redaction). Load comes from a worker
// thread, so it does not share the API's event loop.
import type { FastifyRequest } from "fastify";
import autocannon from "autocannon";
import { buildApp } from "../../server/app";
import { adminWithToken } from "../../server/auth/first-run";
import { newSecret } from "../../server/auth/secrets";
import { seedSample } from "../../server/seed";

export interface AccessRow {
  route: string;
  caller: string;
  p50: number;
  p99: number;
  /** p50 of the server's own time per request (request event to the last byte written), to the microsecond. */
  serverP50: number;
  /** Mean time per request with one connection: 1 / throughput, finer-grained than the percentiles. */
  meanMs: number;
}

const DURATION_S = 5;
/** Each caller is measured this many times, the callers taking turns, and the median run is reported. */
const ROUNDS = 3;

/** Where the servers' request times go during a run: autocannon's percentiles are whole milliseconds. */
let serverTimes: number[] = [];

async function run(url: string, headers: Record<string, string>, duration: number) {
  serverTimes = [];
  const result = (await autocannon({
    url,
    connections: 1,
    duration,
    headers,
    workers: 1,
  })) as unknown as autocannon.Result;
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    meanMs: 1000 / result.requests.average,
    serverP50: median(serverTimes),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** What redacting one answer costs, measured in the process. */
export const inProcess: { route: string; medianMs: number }[] = [];

export async function benchAccess(neo4j: { uri: string; user: string; password: string }): Promise<AccessRow[]> {
  const mapId = `bench-access-${Date.now().toString(36)}`;
  const checked = await buildApp({ neo4j, logger: false });
  const unchecked = await buildApp({ neo4j, logger: false, unchecked: true });
  const rows: AccessRow[] = [];
  try {
    await seedSample(checked.store, mapId); // public, as the sample always is
    const stamp = Date.now().toString(36);
    const editor = await adminWithToken(checked.store.accounts, `bench-editor-${stamp}`, newSecret());
    await checked.store.accounts.updateUser(editor.userId, { isAdmin: false });
    await checked.store.access.setMember(mapId, editor.userId, "editor");
    const viewer = await adminWithToken(checked.store.accounts, `bench-viewer-${stamp}`, newSecret());
    await checked.store.accounts.updateUser(viewer.userId, { isAdmin: false });
    await checked.store.access.setMember(mapId, viewer.userId, "viewer");
    // A school: a redacted reader asks for protected actors by pseudonym, which the walk covers anyway.
    const actorId = (await checked.store.snapshot(mapId)).actors.find((a) => a.type === "school")!.id;

    const bases = {
      unchecked: await listen(unchecked),
      checked: await listen(checked),
    };
    const callers: [string, keyof typeof bases, Record<string, string>][] = [
      ["no checks", "unchecked", {}],
      ["editor (token)", "checked", { authorization: `Bearer ${editor.token}` }],
      ["viewer (token, redacted)", "checked", { authorization: `Bearer ${viewer.token}` }],
      ["anonymous, public map (redacted)", "checked", {}],
    ];
    for (const route of ["graph", `actors/${actorId}`]) {
      const url = (app: keyof typeof bases) => `${bases[app]}/api/maps/${mapId}/${route}`;
      for (const [, app, headers] of callers) await run(url(app), headers, 2); // warm-up: caches, JIT
      const runs = callers.map(() => [] as Awaited<ReturnType<typeof run>>[]);
      // Taking turns spreads the machine's own ups and downs over every caller alike.
      for (let round = 0; round < ROUNDS; round++)
        for (const [i, [, app, headers]] of callers.entries()) runs[i]!.push(await run(url(app), headers, DURATION_S));
      for (const [i, [caller]] of callers.entries())
        rows.push({
          route: route === "graph" ? "/graph" : "actor GET",
          caller,
          p50: median(runs[i]!.map((r) => r.p50)),
          p99: median(runs[i]!.map((r) => r.p99)),
          meanMs: median(runs[i]!.map((r) => r.meanMs)),
          serverP50: median(runs[i]!.map((r) => r.serverP50)),
        });
    }
    // The redaction's own work, timed in the process (finer than any latency): the whole map, and one actor.
    const redacted = { mapAccess: { mapId, reach: "public", redacted: true }, query: {} } as unknown as FastifyRequest;
    const view = await checked.store.graph(mapId);
    const actor = await checked.store.getActor(mapId, actorId);
    for (const [route, payload] of [
      ["/graph", view],
      ["actor GET", actor],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 300; i++) {
        const copy = structuredClone(payload);
        const started = performance.now();
        await checked.redaction.forRequest(redacted, copy);
        times.push(performance.now() - started);
      }
      inProcess.push({ route, medianMs: median(times.slice(50)) });
    }
    await checked.store.deleteMap(mapId);
  } finally {
    await checked.close();
    await unchecked.close();
  }
  return rows;
}

async function listen(app: Awaited<ReturnType<typeof buildApp>>): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  app.server.on("request", (_request, response: import("node:http").ServerResponse) => {
    const started = performance.now();
    response.once("finish", () => serverTimes.push(performance.now() - started));
  });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no TCP address");
  return `http://127.0.0.1:${address.port}`;
}

export function printAccess(rows: AccessRow[]) {
  const base = new Map(rows.filter((r) => r.caller === "no checks").map((r) => [r.route, r]));
  console.log(
    `\nAccess control per request (sample ecosystem, one connection, autocannon, median of ${ROUNDS} runs of ${DURATION_S} s; overhead against no checks, at the server's p50, which autocannon rounds to whole milliseconds):\n` +
      "| route | caller | p50 | p99 | mean | server p50 | overhead p50 (server) | overhead mean |\n|---|---|---|---|---|---|---|---|\n" +
      rows
        .map((r) => {
          const b = base.get(r.route)!;
          const same = r.caller === "no checks";
          return `| ${r.route} | ${r.caller} | ${r.p50} ms | ${r.p99} ms | ${r.meanMs.toFixed(3)} ms | ${r.serverP50.toFixed(3)} ms | ${
            same ? "–" : `${(r.serverP50 - b.serverP50).toFixed(3)} ms`
          } | ${same ? "–" : `${(r.meanMs - b.meanMs).toFixed(3)} ms`} |`;
        })
        .join("\n") +
      "\n\nRedaction of one answer, timed in the process (median of 250): " +
      inProcess.map((r) => `${r.route} ${r.medianMs.toFixed(3)} ms`).join(", "),
  );
}
