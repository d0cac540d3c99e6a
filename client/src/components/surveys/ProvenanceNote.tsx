// Where a need, offering or tie came from when a survey's answer put it on the map, and for a tie whether both of
// its ends reported it. The survey's title is read from the map's surveys, which only its members may read.
import type { Relationship } from "../../core/api";
import { provenanceText, tieReport, type Provenance } from "../../core/surveys";
import { useSurveyList } from "../../core/surveys/hooks";

export function ProvenanceNote({
  provenance,
  tie,
  nameOf,
  canReadSurveys,
}: {
  provenance?: Provenance;
  tie?: Pick<Relationship, "from" | "to" | "reportedBy">;
  nameOf: (actorId: string) => string;
  canReadSurveys: boolean;
}) {
  const surveys = useSurveyList(canReadSurveys && !!provenance);
  const report = tie ? tieReport(tie, nameOf) : null;
  if (!provenance && !report) return null;
  const title = provenance && surveys.data?.items.find((s) => s.id === provenance.surveyId)?.title;
  return (
    <span className="provenance" data-testid="provenance">
      {report && <span className={`badge ${report.startsWith("confirmed") ? "status-accepted" : ""}`}>{report}</span>}
      {provenance && (
        <span className="provenance-text">
          {provenanceText(provenance, { survey: title, respondent: nameOf(provenance.respondentId) })}
        </span>
      )}
    </span>
  );
}
