// The analysis and matching services, on top of the store, sharing one cache of map snapshots and results.
import fp from "fastify-plugin";
import { AnalysisService } from "../services/analysis";
import { MapCache } from "../services/map-cache";
import { MatchingService } from "../services/matching";

declare module "fastify" {
  interface FastifyInstance {
    analysis: AnalysisService;
    matching: MatchingService;
  }
}

export default fp(
  async (app) => {
    const cache = new MapCache(app.store);
    const analysis = new AnalysisService(cache);
    app.decorate("analysis", analysis);
    app.decorate("matching", new MatchingService(app.store, cache, analysis));
  },
  { name: "analysis", dependencies: ["neo4j"] },
);
