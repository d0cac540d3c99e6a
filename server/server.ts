// Entry point: builds the app, loads the sample ecosystem on first start, listens, closes on a signal.
import { buildApp } from "./app";
import { loadConfig } from "./config";
import { seedSample } from "./seed";

const config = loadConfig();
const app = await buildApp({
  neo4j: { uri: config.NEO4J_URI, user: config.NEO4J_USER, password: config.NEO4J_PASSWORD },
  logger: { level: config.LOG_LEVEL },
});

if (config.SEED_SAMPLE) {
  try {
    if (await seedSample(app.store)) app.log.info("loaded the sample ecosystem into map 'riverbend'");
  } catch (err) {
    // The API still serves; the sample is loaded on the next start once Neo4j is reachable.
    app.log.error({ err }, "could not load the sample ecosystem");
  }
}

await app.listen({ port: config.PORT, host: config.HOST });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.log.info(`${signal}: closing`);
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
