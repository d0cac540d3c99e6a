// One Neo4j driver per process, closed with the app. The driver is not verified at boot: the API comes up
// even while Neo4j is down, answers 503, and recovers by itself once the server is back.
import fp from "fastify-plugin";
import neo4j from "neo4j-driver";
import { AtlasStore } from "../store/atlas-store";
import { loadTaxonomy } from "../seed";
import type { CategoryInput } from "../schemas/domain";

declare module "fastify" {
  interface FastifyInstance {
    store: AtlasStore;
  }
}

export interface Neo4jOptions {
  uri: string;
  user: string;
  password: string;
  /** The taxonomy new maps start with; the shipped default unless given. */
  taxonomy?: CategoryInput[];
}

export default fp<Neo4jOptions>(
  async (app, opts) => {
    const driver = neo4j.driver(opts.uri, neo4j.auth.basic(opts.user, opts.password), {
      disableLosslessIntegers: true,
      // Fail fast while Neo4j is away, so requests answer 503 in seconds rather than hang.
      connectionTimeout: 3_000,
      connectionAcquisitionTimeout: 5_000,
      maxTransactionRetryTime: 3_000,
      logging: { level: "error", logger: (_level, message) => app.log.debug({ neo4j: message }) },
    });
    app.decorate("store", new AtlasStore(driver, opts.taxonomy ?? loadTaxonomy()));
    app.addHook("onClose", async () => {
      await driver.close();
    });
  },
  { name: "neo4j" },
);
