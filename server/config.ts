// Configuration from the environment, validated once at start-up.
import { z } from "zod";

/** An origin as people write it ("https://atlas.example.org/"), normalised as browsers send it (no slash). */
const Origin = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// origin" })
  .transform((url) => new URL(url).origin);

/** What the server trusts and refuses from the network; see "Running behind a reverse proxy" in the README. */
const SecurityEnv = z.object({
  /** The address people reach the atlas at; requests naming another host (and no loopback one) get 421. */
  ATLAS_PUBLIC_ORIGIN: Origin.optional(),
  /** Fastify's trustProxy: true, false, a hop count, or addresses/CIDRs of the proxies (comma-separated). */
  ATLAS_TRUST_PROXY: z
    .string()
    .default("false")
    .transform((text): boolean | number | string => {
      const value = text.trim().toLowerCase();
      if (value === "true" || value === "false") return value === "true";
      return /^\d+$/.test(value) ? Number(value) : text.trim();
    }),
  /** Origins (comma-separated) allowed to call the API from a browser; none by default. */
  ATLAS_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((text) =>
      text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(Origin)),
  /** Changes (POST, PUT, PATCH, DELETE) one account, or one address when anonymous, may make per minute. */
  ATLAS_WRITE_RATE_LIMIT: z.coerce.number().int().min(1).default(3000),
});

/** When the API sheds load (503 with Retry-After) instead of queueing work it cannot finish in time. */
const PressureEnv = z.object({
  /** Mean event loop delay, in milliseconds, above which requests are refused; 0 turns the check off. */
  ATLAS_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().min(0).default(1000),
  /** Heap in use, in MiB, above which requests are refused; 0 turns the check off. Unset: 90% of the heap limit. */
  ATLAS_MAX_HEAP_MB: z.coerce.number().min(0).optional(),
});

/** How long an analysis request waits for its result before answering 202 with a job (services/analysis-jobs.ts). */
const BudgetEnv = z.object({
  ATLAS_REQUEST_BUDGET_MS: z.coerce.number().int().min(0).default(5000),
});

const Env = SecurityEnv.extend({ ...PressureEnv.shape, ...BudgetEnv.shape }).extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("localhost"),
  NEO4J_URI: z.string().default("bolt://127.0.0.1:7687"),
  NEO4J_USER: z.string().default("neo4j"),
  NEO4J_PASSWORD: z.string().default("atlas-local"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Signs session cookies; the same for every API process of one install. Derived from NEO4J_PASSWORD when unset. */
  ATLAS_SESSION_SECRET: z.string().min(32).optional(),
  /** The first admin's password, used only when no account exists yet; generated and printed once when unset. */
  ATLAS_ADMIN_PASSWORD: z.string().min(10).max(200).optional(),
  /** Load the sample ecosystem into map `riverbend` when that map is absent. */
  SEED_SAMPLE: z.stringbool().default(true),
});

export type Config = z.infer<typeof Env>;

export type SecurityConfig = z.infer<typeof SecurityEnv>;

/** The security settings alone, for building the app without the rest of the configuration (tests, the CLI). */
export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  return SecurityEnv.parse(env);
}

export type PressureConfig = z.infer<typeof PressureEnv>;

/** The load-shedding thresholds alone (server/plugins/pressure.ts). */
export function loadPressureConfig(env: NodeJS.ProcessEnv = process.env): PressureConfig {
  return PressureEnv.parse(env);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return Env.parse(env);
}

/** The analysis time budget alone, in milliseconds. */
export function loadRequestBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  return BudgetEnv.parse(env).ATLAS_REQUEST_BUDGET_MS;
}
