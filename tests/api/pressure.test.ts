// Load shedding: past its event loop delay or heap threshold the API answers 503 with Retry-After in its usual
// error shape, keeps answering /api/health, and serves again once the load is gone.
import { getHeapStatistics } from "node:v8";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../server/app";
import { pressureOptions, type PressureOptions } from "../../server/plugins/pressure";
import { testNeo4j } from "../helpers/app";

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const build = (pressure: Partial<PressureOptions>) =>
  buildApp({ neo4j: testNeo4j(), pressure: { maxEventLoopDelayMs: 0, maxHeapUsedBytes: 0, ...pressure } });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps the event loop busy, as a long synchronous computation in a handler would. */
function blockEventLoop(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

/** Resolves once `check` holds, polling; fails after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const DOC = "/api/openapi.json";

describe("load shedding", () => {
  it("takes its thresholds from the environment, the heap's defaulting to 90% of the heap limit", () => {
    expect(pressureOptions({})).toMatchObject({
      maxEventLoopDelayMs: 1000,
      maxHeapUsedBytes: Math.floor(0.9 * getHeapStatistics().heap_size_limit),
    });
    expect(pressureOptions({ ATLAS_MAX_EVENT_LOOP_DELAY_MS: "250", ATLAS_MAX_HEAP_MB: "512" })).toMatchObject({
      maxEventLoopDelayMs: 250,
      maxHeapUsedBytes: 512 * 1024 * 1024,
    });
    expect(pressureOptions({ ATLAS_MAX_HEAP_MB: "0" }).maxHeapUsedBytes).toBe(0);
    expect(() => pressureOptions({ ATLAS_MAX_EVENT_LOOP_DELAY_MS: "soon" })).toThrow();
  });

  it("refuses requests with 503 and Retry-After while the event loop lags, answers health, then recovers", async () => {
    app = await build({ maxEventLoopDelayMs: 50, sampleIntervalMs: 100 });
    const server = app;
    const serves = async () => (await server.inject({ method: "GET", url: DOC })).statusCode === 200;
    // Building the app may itself have held the loop up.
    await until(serves, 10_000, "the API to serve");

    // The sample taken just after the block measures the lag, and the refusals last until the next one. A sample is
    // a mean over its interval, so a block that lands late in one is diluted: block again until one shows.
    for (let attempt = 0; attempt < 5 && !server.isUnderPressure(); attempt++) {
      blockEventLoop(1_000);
      await sleep(0);
      await sleep(0);
    }
    expect(server.isUnderPressure()).toBe(true);
    const [refused, health] = await Promise.all([
      server.inject({ method: "GET", url: DOC }),
      server.inject({ method: "GET", url: "/api/health" }),
    ]);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers["retry-after"]).toBe("10");
    expect(refused.json()).toEqual({
      statusCode: 503,
      error: "Service Unavailable",
      message: "The server is overloaded; try again later",
    });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: "ok", api: "up" });

    await until(serves, 10_000, "the API to serve again");
    expect(server.isUnderPressure()).toBe(false);
  });

  it("refuses requests while the heap is over its threshold, whatever the route, but not health", async () => {
    app = await build({ maxHeapUsedBytes: 1, sampleIntervalMs: 20 });
    const server = app;
    // The heap is first measured one sample after start.
    await until(() => server.memoryUsage().heapUsed > 0, 2_000, "the first sample");
    for (const url of [DOC, "/api/maps", "/api/no-such-route"]) {
      const r = await server.inject({ method: "GET", url });
      expect(r.statusCode, url).toBe(503);
      expect(r.headers["retry-after"], url).toBe("10");
      expect(r.json().error, url).toBe("Service Unavailable");
    }
    const health = await server.inject({ method: "GET", url: "/api/health?probe=1" });
    expect(health.statusCode).toBe(200);
  });
});
