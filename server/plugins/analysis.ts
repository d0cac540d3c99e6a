// The analysis service, on top of the store.
import fp from "fastify-plugin";
import { AnalysisService } from "../services/analysis";

declare module "fastify" {
  interface FastifyInstance {
    analysis: AnalysisService;
  }
}

export default fp(
  async (app) => {
    app.decorate("analysis", new AnalysisService(app.store));
  },
  { name: "analysis", dependencies: ["neo4j"] },
);
