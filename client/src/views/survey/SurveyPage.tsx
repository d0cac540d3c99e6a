// A respondent's survey (`/survey/<token>`): no account, no map, just the organisation's answers about its partners,
// needs and offerings, saved as they are typed, sent with one button and changeable until the survey closes.
import { useEffect, type FormEvent, type KeyboardEvent } from "react";
import { controlId, surveyMessages as msg } from "../../core/survey";
import { AUTOSAVE_DELAY_MS, useSurvey, type SurveyModel } from "../../core/survey/hooks";
import { focusLater } from "./fields";
import { NeedsSection, OfferingsSection } from "./ItemsSections";
import { PartnersSection } from "./PartnersSection";
import { SaveStatus } from "./SaveStatus";
import "./survey.css";

export function SurveyPage({ token, autosaveDelay = AUTOSAVE_DELAY_MS }: { token: string; autosaveDelay?: number }) {
  const survey = useSurvey(token, autosaveDelay);
  const { load } = survey;
  const title = load.kind === "ready" ? load.form.survey.title : null;
  useEffect(() => {
    document.title = title ?? msg.invalidTitle;
  }, [title]);

  if (load.kind === "loading")
    return (
      <main className="survey">
        <p role="status">{msg.loading}</p>
      </main>
    );
  if (load.kind === "invalid")
    return (
      <main className="survey">
        <h1>{msg.invalidTitle}</h1>
        <p>{msg.invalidBody}</p>
      </main>
    );
  if (load.kind === "failed")
    return (
      <main className="survey">
        <p role="alert">{msg.loadFailed(load.message)}</p>
        <button type="button" className="btn" onClick={survey.reload}>
          {msg.tryAgain}
        </button>
      </main>
    );
  return <SurveyForm survey={survey} form={load.form} />;
}

function SurveyForm({ survey, form }: { survey: SurveyModel; form: NonNullable<SurveyModel["form"]> }) {
  const { questions } = form.survey;
  const { drafts, edit, errors, closed } = survey;
  const sections = { form, edit, errors };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const first = await survey.submit();
    if (first) focusLater(controlId(first));
    else if (!closed) focusLater("sv-thanks");
  };

  // Enter in a text box finishes that box, not the whole survey: only the button sends.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && e.target instanceof HTMLInputElement) e.preventDefault();
  };

  return (
    <main className="survey" aria-labelledby="sv-title">
      <header className="survey-head">
        <p className="survey-kicker">{msg.forOrganisation(form.respondent.name)}</p>
        <h1 id="sv-title">{form.survey.title}</h1>
        {form.survey.intro && <p className="survey-intro">{form.survey.intro}</p>}
        {form.survey.round > 1 && <p className="muted">{msg.roundLabel(form.survey.round)}</p>}
        {!closed && <p className="muted">{msg.closesOn(form.survey.closesAt)}</p>}
      </header>

      {closed && (
        <p className="notice survey-closed" role="status" data-testid="survey-closed">
          {survey.closedMessage ??
            (survey.closedEarly ? msg.closedEarlyNotice : msg.closedNotice(form.survey.closesAt))}
        </p>
      )}

      {survey.thanks && !closed ? (
        <section className="survey-thanks" aria-labelledby="sv-thanks">
          <h2 id="sv-thanks" tabIndex={-1}>
            {msg.thanksHeading}
          </h2>
          {survey.submittedAt && <p>{msg.thanksBody(survey.submittedAt)}</p>}
          <p>{msg.thanksChange(form.survey.closesAt)}</p>
          <button
            type="button"
            className="btn primary"
            onClick={() => {
              survey.changeAnswers();
              focusLater("sv-title-form");
            }}
          >
            {msg.changeAnswers}
          </button>
        </section>
      ) : (
        <form className="survey-form" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-labelledby="sv-title">
          <span id="sv-title-form" tabIndex={-1} className="visually-hidden">
            {form.survey.title}
          </span>
          <fieldset className="survey-all" disabled={closed}>
            {questions.partners && <PartnersSection rows={drafts.partners} {...sections} />}
            {questions.needs && <NeedsSection rows={drafts.needs} {...sections} />}
            {questions.offerings && <OfferingsSection rows={drafts.offerings} {...sections} />}
          </fieldset>
          {errors.form && (
            <p className="form-error" id={controlId("form")} tabIndex={-1} role="alert">
              {errors.form}
            </p>
          )}
          {!closed && (
            <footer className="survey-submit">
              <p className="hint">{msg.submitHelp}</p>
              {Object.keys(errors).length > 0 && (
                <p className="form-error" role="alert">
                  {msg.fixBeforeSending}
                </p>
              )}
              <button type="submit" className="btn primary" disabled={survey.submitting}>
                {survey.submitting ? msg.submitting : survey.submittedAt ? msg.resubmit : msg.submit}
              </button>
            </footer>
          )}
          {!closed && <SaveStatus save={survey.save} onRetry={survey.retry} />}
        </form>
      )}
    </main>
  );
}
