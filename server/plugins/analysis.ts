// The analysis and matching services, on top of the store, sharing one cache of map snapshots and results.
import fp from "fastify-plugin";
import { loadRequestBudgetMs } from "../config";
import { AnalysisService } from "../services/analysis";
import { AnalysisJobs } from "../services/analysis-jobs";
import { MapCache } from "../services/map-cache";
import { MatchingService } from "../services/matching";

declare module "fastify" {
  interface FastifyInstance {
    analysis: AnalysisService;
    matching: MatchingService;
    analysisJobs: AnalysisJobs;
  }
}

export interface AnalysisOptions {
  /** Milliseconds an analysis request waits for its result before answering 202 with a job (ATLAS_REQUEST_BUDGET_MS). */
  budgetMs?: number;
}

export default fp<AnalysisOptions>(
  async (app, options) => {
    const cache = new MapCache(app.store);
    const analysis = new AnalysisService(cache);
    app.decorate("analysis", analysis);
    app.decorate("matching", new MatchingService(app.store, cache, analysis));
    const jobs = new AnalysisJobs(app.store, options.budgetMs ?? loadRequestBudgetMs());
    app.decorate("analysisJobs", jobs);
    // Solver workers of running jobs would otherwise outlive the app.
    app.addHook("onClose", async () => jobs.close());
  },
  { name: "analysis", dependencies: ["neo4j"] },
);
