import type { z } from "zod";
import type { TieSelection as TieSelectionSchema } from "../../../../server/schemas/analysis";

export type { SurveyAnalysis } from "../../../../server/schemas/survey-analysis";
/** Which ties the graph analyses count: all, or (confirmed) without those a survey reported from one end only. */
export type TieSelection = z.output<typeof TieSelectionSchema>;
