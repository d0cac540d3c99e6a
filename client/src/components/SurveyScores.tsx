// What the surveys say about an actor (its trust and value as its partners rated them, its confirmed and one-sided
// ties, whether it answered) and about the network (response rate, confirmed ties, trust, value).
import { useSurveyAnalysisQuery } from "../core/hooks";
import {
  formatScore,
  hasSurveys,
  networkSurveyFigures,
  ratingCount,
  scoreValue,
  surveyActor,
  type SurveyAnalysis,
} from "../core/surveyAnalysis";

/** One actor's survey figures in its details; nothing for an actor no survey asked and nobody rated. */
export function SurveyScores({ actorId }: { actorId: string }) {
  const analysis = useSurveyAnalysisQuery();
  const actor = surveyActor(analysis.data, actorId);
  if (!actor) return null;
  const surveyTies = actor.confirmedTies + actor.unconfirmedTies;
  return (
    <section aria-labelledby="survey-scores-title" className="survey-scores" data-testid="survey-scores">
      <h3 id="survey-scores-title">Survey</h3>
      {actor.surveyed && !actor.responded && (
        <p className="muted small" data-testid="non-respondent">
          Did not answer the current round: its ties may be missing from the map, not absent.
        </p>
      )}
      <dl className="metrics">
        <div title={`Trust its partners rated it with, three items on 1-4 (PARTNER): ${formatScore(actor.trust)}`}>
          <dt>Trust</dt>
          <dd>{scoreValue(actor.trust)}</dd>
          <dd className="muted small">{ratingCount(actor.trust)}</dd>
        </div>
        <div title={`Value its partners rated it with, three items on 1-4 (PARTNER): ${formatScore(actor.value)}`}>
          <dt>Value</dt>
          <dd>{scoreValue(actor.value)}</dd>
          <dd className="muted small">{ratingCount(actor.value)}</dd>
        </div>
        <div
          title={`${actor.confirmedTies} of its survey ties both ends reported; ${actor.unconfirmedTies} only one end reported`}
        >
          <dt>Confirmed ties</dt>
          <dd>{surveyTies ? `${actor.confirmedTies} of ${surveyTies}` : "–"}</dd>
        </div>
      </dl>
    </section>
  );
}

/** The network's survey figures for the overview; nothing on a map without surveys. */
export function SurveyNetworkFigures() {
  const analysis = useSurveyAnalysisQuery();
  if (!hasSurveys(analysis.data)) return null;
  return <SurveyFigures analysis={analysis.data!} />;
}

function SurveyFigures({ analysis }: { analysis: SurveyAnalysis }) {
  return (
    <>
      <h3>Surveys</h3>
      <dl className="stats" data-testid="survey-summary">
        {networkSurveyFigures(analysis).map(([label, value, title]) => (
          <div key={label} title={title}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
