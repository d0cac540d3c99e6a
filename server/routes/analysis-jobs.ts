// Analysis jobs: what a heavy analysis answers with (202) when its result is not ready within the request's time
// budget (server/services/analysis-jobs.ts), and the job's own URL, which reports its progress, answers the route's
// body once it is done, and cancels it on DELETE.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { NotFoundError } from "../domain/errors";
import { Id } from "../schemas/domain";
import { errors } from "../schemas/api";
import { Centrality, Gaps, NetworkSummary, Structure } from "../schemas/analysis";
import { AllocationPlan, Bridges } from "../schemas/matching";
import type { JobControl } from "../services/analysis-jobs";

/** The computations that run under the budget, each with the schema of the body its route answers. */
const RESULTS = {
  centrality: Centrality,
  structure: Structure,
  gaps: Gaps,
  summary: NetworkSummary,
  bridges: Bridges,
  allocation: AllocationPlan,
} as const;

export type JobKind = keyof typeof RESULTS;

export const AnalysisJob = z
  .object({
    jobId: z.string(),
    kind: z.enum(Object.keys(RESULTS) as [JobKind, ...JobKind[]]),
    status: z.enum(["running", "done", "failed", "cancelled"]),
    progress: z.number().min(0).max(1).optional().meta({ description: "Share done, when the computation reports it" }),
    url: z.string().meta({ description: "Where the job reports its progress and, once done, the result" }),
  })
  .meta({ id: "AnalysisJob" });

export const JobParams = z.object({ mapId: Id, jobId: z.string().max(64) });

/**
 * Runs `compute` under the request's time budget: its result when ready in time (or already computed for this map
 * version), otherwise 202 with the job and its URL in Location.
 */
export async function budgeted<T>(
  app: FastifyInstance,
  reply: FastifyReply,
  mapId: string,
  kind: JobKind,
  params: unknown,
  compute: (control: JobControl) => Promise<T>,
): Promise<T | z.infer<typeof AnalysisJob>> {
  const outcome = await app.analysisJobs.run(mapId, kind, params, compute);
  if (outcome.ready) return outcome.value;
  reply.code(202).header("location", outcome.job.url);
  return outcome.job as z.infer<typeof AnalysisJob>;
}

const jobs: FastifyPluginAsyncZod = async (app) => {
  const tags = ["analysis"];
  const find = (mapId: string, jobId: string) => {
    const job = app.analysisJobs.get(mapId, jobId);
    if (!job) throw new NotFoundError("Analysis job", jobId);
    return job;
  };
  app.get(
    "/maps/:mapId/analysis/jobs/:jobId",
    {
      schema: {
        tags,
        summary:
          "An analysis that outlasted its request's time budget: 202 with its progress while it runs, the body its " +
          "route answers once done (or the error it would have answered), 410 once cancelled",
        params: JobParams,
        response: {
          200: z.unknown().meta({ description: "The body the analysis route answers" }),
          202: AnalysisJob,
          410: AnalysisJob,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const job = find(request.params.mapId, request.params.jobId);
      const body = app.analysisJobs.view(job) as z.infer<typeof AnalysisJob>;
      switch (job.status) {
        case "running":
          return reply.code(202).header("location", body.url).send(body);
        case "cancelled":
          return reply.code(410).send(body);
        case "failed":
          throw job.error;
        case "done":
          // What the route's serializer keeps of its result, and nothing else; redaction follows as for the route.
          return RESULTS[job.kind as JobKind].parse(job.result);
      }
    },
  );
  app.delete(
    "/maps/:mapId/analysis/jobs/:jobId",
    {
      schema: {
        tags,
        summary:
          "Cancels a running analysis job (its solver workers are stopped, its result dropped); a finished job stays " +
          "as it was",
        params: JobParams,
        response: { 200: AnalysisJob, ...errors },
      },
    },
    async (request) => {
      const job = find(request.params.mapId, request.params.jobId);
      app.analysisJobs.cancel(job);
      return app.analysisJobs.view(job) as z.infer<typeof AnalysisJob>;
    },
  );
};
export default jobs;
