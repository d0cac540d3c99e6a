// The entry: a survey respondent's link loads only its small page; anything else loads the atlas. Both are chunks of
// their own, so a phone answering a survey never downloads the map, its graph libraries or its analyses.
import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { surveyTokenFromLocation } from "./core/survey/utils";
import "./styles.css";

const surveyToken = surveyTokenFromLocation(window.location.pathname, window.location.search);
const Page =
  surveyToken === null
    ? lazy(() => import("./views/App").then((m) => ({ default: () => <m.App /> })))
    : lazy(() =>
        import("./views/survey/SurveyPage").then((m) => ({ default: () => <m.SurveyPage token={surveyToken} /> })),
      );

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Suspense fallback={null}>
      <Page />
    </Suspense>
  </StrictMode>,
);
