// Entry point: builds the app, loads the sample ecosystem on first start, listens, closes on a signal.
import { hostname } from "node:os";
import { buildApp } from "./app";
import { loadConfig } from "./config";
import { seedSample } from "./seed";
import { ensureFirstAdmin, FIRST_ADMIN } from "./auth/first-run";
import { logSafeUrl } from "./auth/log-safe";
import { abandonImports, recoverImports, stopImports } from "./services/import-jobs";

const config = loadConfig();
const app = await buildApp({
  neo4j: { uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD },
  logger: {
    level: config.LOG_LEVEL,
    // Share, password and survey links carry their secret in the address: the log keeps the address only.
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: logSafeUrl(req.url),
        remoteAddress: req.ip,
      }),
    },
  },
  sessionSecret: config.ATLAS_SESSION_SECRET,
});

if (config.SEED_SAMPLE) {
  try {
    if (await seedSample(app.store)) app.log.info("loaded the sample ecosystem into map 'riverbend'");
  } catch (err) {
    // The API still serves; the sample is loaded on the next start once Neo4j is reachable.
    app.log.error({ err }, "could not load the sample ecosystem");
  }
}

// Imports this API's previous run left running were cut short with it: their maps and job addresses say so.
try {
  const interrupted = await recoverImports(app.store.importJobs, `${hostname()}:${config.PORT}`);
  if (interrupted.length)
    app.log.warn({ jobs: interrupted }, "imports cut short by the previous run marked interrupted");
} catch (err) {
  // Readers still see them as interrupted once their heartbeat is a minute old.
  app.log.error({ err }, "could not check for imports cut short by the previous run");
}

await app.listen({ port: config.PORT, host: config.HOST });

// The first admin, made once per install; retried while Neo4j is not up yet, as the rest of the API is.
const firstRun = async (): Promise<void> => {
  try {
    const admin = await ensureFirstAdmin(app.store.accounts, config.ATLAS_ADMIN_PASSWORD);
    if (admin.generated)
      process.stderr.write(
        `\nSign in at http://${config.HOST}:${config.PORT}/ as '${FIRST_ADMIN}' with password ${admin.generated}\n` +
          "(shown this once; set ATLAS_ADMIN_PASSWORD before the first start to choose it)\n\n",
      );
    else if (admin.created) app.log.info(`created the admin account '${FIRST_ADMIN}' with ATLAS_ADMIN_PASSWORD`);
  } catch (err) {
    app.log.warn({ err }, "could not check for the first admin account; trying again in 5 s");
    setTimeout(() => void firstRun(), 5_000).unref();
  }
};
await firstRun();

/** How long a shutdown waits for running imports to reach a chunk boundary before it exits anyway. */
const SHUTDOWN_BOUND_MS = 20_000;
/** Of which the last part records the imports still running as interrupted. */
const ABANDON_MS = 3_000;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.log.info(`${signal}: closing`);
    // Running imports stop at their next chunk boundary and are recorded as interrupted with how far they got; the
    // close below (no new requests, then the plugins' clean-up) waits for them.
    const stopped = stopImports();
    const bound = setTimeout(() => {
      app.log.warn("imports did not stop in time: recording them as interrupted and exiting");
      const abandoned = Promise.race([abandonImports(), new Promise((r) => setTimeout(r, ABANDON_MS))]);
      void abandoned.finally(() => process.exit(1));
    }, SHUTDOWN_BOUND_MS - ABANDON_MS);
    bound.unref();
    Promise.all([stopped, app.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
