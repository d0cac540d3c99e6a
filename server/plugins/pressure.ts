// Load shedding: while the event loop lags or the heap nears its limit, requests get a quick 503 with Retry-After
// instead of joining a queue they would time out in. /api/health always answers, so a supervisor or load balancer
// can tell a busy API from a dead one.
import { getHeapStatistics } from "node:v8";
import fp from "fastify-plugin";
import underPressure from "@fastify/under-pressure";
import { loadPressureConfig } from "../config";

export interface PressureOptions {
  /** Mean event loop delay (ms) above which requests are refused; 0: never. */
  maxEventLoopDelayMs: number;
  /** Heap in use (bytes) above which requests are refused; 0: never. */
  maxHeapUsedBytes: number;
  /** What Retry-After tells a refused client, in seconds. */
  retryAfterSeconds: number;
  /** How often the load is measured (ms); a refusal lasts at least this long. */
  sampleIntervalMs: number;
}

const MIB = 1024 * 1024;

/** The thresholds set in the environment (server/config.ts), with the heap's defaulting to 90% of its limit. */
export function pressureOptions(env: NodeJS.ProcessEnv = process.env): PressureOptions {
  const config = loadPressureConfig(env);
  return {
    maxEventLoopDelayMs: config.ATLAS_MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes:
      config.ATLAS_MAX_HEAP_MB === undefined
        ? Math.floor(0.9 * getHeapStatistics().heap_size_limit)
        : config.ATLAS_MAX_HEAP_MB * MIB,
    retryAfterSeconds: 10,
    sampleIntervalMs: 1000,
  };
}

/** Answered even under pressure: it is how the API shows it is alive, and it costs one small Neo4j read. */
const EXEMPT = new Set(["/api/health"]);

export default fp<PressureOptions>(
  async (app, options) => {
    await app.register(underPressure, {
      maxEventLoopDelay: options.maxEventLoopDelayMs,
      maxHeapUsedBytes: options.maxHeapUsedBytes,
      sampleInterval: options.sampleIntervalMs,
      pressureHandler: (request, reply, type, value) => {
        // Returning without a reply lets the request through.
        if (EXEMPT.has(request.url.split("?", 1)[0]!)) return;
        request.log.warn({ type, value }, "under pressure: request refused");
        // The error handler's shape, sent from here because that handler reads any 503 as Neo4j being down.
        void reply.code(503).header("retry-after", String(options.retryAfterSeconds)).send({
          statusCode: 503,
          error: "Service Unavailable",
          message: "The server is overloaded; try again later",
        });
      },
    });
  },
  { name: "pressure" },
);
