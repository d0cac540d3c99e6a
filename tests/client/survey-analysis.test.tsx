// @vitest-environment jsdom
// The analysis of survey data on the client: an actor's trust and value with their counts and whether it answered,
// the network's survey figures in the overview, the non-respondents' legend entry, and the "confirmed ties only"
// filter, which asks the analyses for ties=confirmed (cached apart) and travels in the URL.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FiltersPanel } from "../../client/src/components/FiltersPanel";
import { Legend } from "../../client/src/components/Legend";
import { MapOverview } from "../../client/src/components/MapOverview";
import { SurveyScores } from "../../client/src/components/SurveyScores";
import { AtlasProvider, createQueryClient } from "../../client/src/core/context";
import {
  activeFilterCount,
  getEmptyFiltersState,
  setConfirmedTiesOnly,
  tieSelection,
} from "../../client/src/core/filters";
import { createAtlasStore, getEmptyAtlasState } from "../../client/src/core/store";
import {
  formatScore,
  networkSurveyFigures,
  nonRespondents,
  oneSidedTieIds,
  ratingCount,
  scoreValue,
  surveyActor,
  type SurveyAnalysis,
} from "../../client/src/core/surveyAnalysis";
import { viewFromSearch, viewOf, viewToParams } from "../../client/src/core/url";
import { tinyView } from "./fixtures";

function analysis(ties: "all" | "confirmed" = "all"): SurveyAnalysis {
  const actor = (id: string, name: string, type: SurveyAnalysis["actors"][number]["type"]) => ({
    id,
    name,
    type,
    trust: null,
    value: null,
    confirmedTies: 0,
    unconfirmedTies: 0,
    surveyed: true,
    responded: true,
  });
  return {
    mapVersion: 3,
    ties,
    network: {
      trust: { mean: 3, count: 3 },
      value: { mean: 28 / 9, count: 3 },
      reciprocity: 0.5,
      reportedTies: 2,
      confirmedTies: 1,
      surveyed: 4,
      responseRate: 0.75,
      nonRespondents: ["biz-d"],
    },
    surveys: [
      { id: "s1", title: "Ties", round: 1, roster: 4, submitted: 3, responseRate: 0.75, nonRespondents: ["biz-d"] },
    ],
    actors: [
      {
        ...actor("school-a", "Alder School", "school"),
        trust: { mean: 3.25, count: 2 },
        value: { mean: 2.5, count: 2 },
        confirmedTies: 1,
        unconfirmedTies: 1,
      },
      { ...actor("biz-d", "Dogwood Tech", "business"), responded: false },
      actor("fund-b", "Birch Fund", "funder"),
      actor("lib-c", "Cedar Library", "library"),
    ],
  };
}

let urls: string[];
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

beforeEach(() => {
  urls = [];
  vi.stubGlobal("fetch", async (input: string) => {
    urls.push(input);
    const path = input.split("?")[0];
    if (path === "/api/maps/tiny/graph") {
      const view = tinyView();
      // r2 was reported by one end in a survey.
      view.relationships[1]!.reportedBy = ["lib-c"];
      return json(200, view);
    }
    if (path === "/api/maps/tiny/analysis/survey")
      return json(200, analysis(input.includes("ties=confirmed") ? "confirmed" : "all"));
    return json(404, { statusCode: 404, error: "Not Found", message: "not here" });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function setup(ui: React.ReactNode) {
  const store = createAtlasStore(getEmptyAtlasState("tiny"));
  render(
    <AtlasProvider store={store} queryClient={createQueryClient()}>
      {ui}
    </AtlasProvider>,
  );
  return store;
}

describe("survey analysis helpers", () => {
  it("formats scores with their counts, and the network figures", () => {
    expect(formatScore({ mean: 3.25, count: 2 })).toBe("3.3 / 4 (2 ratings)");
    expect(formatScore({ mean: 2, count: 1 })).toBe("2.0 / 4 (1 rating)");
    expect(formatScore(null)).toBe("–");
    expect([scoreValue({ mean: 3.25, count: 2 }), ratingCount({ mean: 1, count: 1 }), ratingCount(null)]).toEqual([
      "3.3",
      "1 rating",
      "not rated",
    ]);
    expect(networkSurveyFigures(analysis()).map(([label, value]) => [label, value])).toEqual([
      ["Response rate", "75%"],
      ["Confirmed ties", "50% (1 of 2)"],
      ["Trust", "3.0"],
      ["Value", "3.1"],
    ]);
  });

  it("finds an actor's figures and the non-respondents", () => {
    expect(surveyActor(analysis(), "school-a")?.trust).toEqual({ mean: 3.25, count: 2 });
    expect(surveyActor(analysis(), "nobody")).toBeNull();
    expect(surveyActor(undefined, "school-a")).toBeNull();
    expect([...nonRespondents(analysis())]).toEqual(["biz-d"]);
    expect(nonRespondents(undefined).size).toBe(0);
  });

  it("leaves one-sided survey ties off the map under confirmed ties only, and keeps typed ones", () => {
    const ties = tinyView().relationships;
    ties[0]!.reportedBy = ["fund-b", "school-a"]; // both ends
    ties[1]!.reportedBy = ["lib-c"]; // one end
    expect([...oneSidedTieIds(ties)]).toEqual(["r2"]);
  });

  it("counts confirmed ties only as a filter and keeps it in the URL", () => {
    const on = setConfirmedTiesOnly(true)(getEmptyFiltersState());
    expect(tieSelection(on)).toBe("confirmed");
    expect(activeFilterCount(on)).toBe(1);
    const off = setConfirmedTiesOnly(false)(on);
    expect(off).toEqual(getEmptyFiltersState());
    expect(tieSelection(off)).toBe("all");
    const state = getEmptyAtlasState("tiny");
    state.filters = on;
    const search = viewToParams(viewOf(state)).toString();
    expect(search).toBe("map=tiny&confirmed=on");
    expect(viewFromSearch(search).filters.confirmedTiesOnly).toBe(true);
  });
});

describe("survey analysis components", () => {
  it("shows an actor's trust, value and ties, and says when it did not answer", async () => {
    setup(
      <>
        <SurveyScores actorId="school-a" />
        <div data-testid="other">
          <SurveyScores actorId="biz-d" />
        </div>
      </>,
    );
    const panels = await screen.findAllByTestId("survey-scores");
    expect(panels).toHaveLength(2);
    expect(panels[0]!.textContent).toContain("Trust3.32 ratings");
    expect(panels[0]!.textContent).toContain("Value2.52 ratings");
    expect(panels[0]!.textContent).toContain("Confirmed ties1 of 2");
    expect(panels[1]!.textContent).toContain("Trust–not rated");
    expect(panels[1]!.textContent).toContain("Confirmed ties–");
    expect(within(panels[0]!).queryByTestId("non-respondent")).toBeNull();
    expect(within(screen.getByTestId("other")).getByTestId("non-respondent").textContent).toMatch(/may be missing/);
  });

  it("shows the network's survey figures in the overview and the non-respondents in the legend", async () => {
    setup(
      <>
        <MapOverview />
        <Legend />
      </>,
    );
    const figures = await screen.findByTestId("survey-summary");
    expect(figures.textContent).toContain("Response rate75%");
    expect(figures.textContent).toContain("Confirmed ties50% (1 of 2)");
    const legend = await screen.findByTestId("legend-non-respondents");
    expect(legend.textContent).toBe("Did not answer the survey1");
  });

  it("asks the analyses for confirmed ties only once the filter is on", async () => {
    setup(
      <>
        <FiltersPanel />
        <SurveyScores actorId="school-a" />
      </>,
    );
    const toggle = await screen.findByRole("checkbox", { name: "Confirmed ties only" });
    await screen.findByTestId("survey-scores");
    expect(urls.filter((u) => u.includes("ties=confirmed"))).toEqual([]);
    fireEvent.click(toggle);
    await waitFor(() =>
      expect(
        urls
          .filter((u) => u.includes("ties=confirmed"))
          .map((u) => u.split("?")[0])
          .sort(),
      ).toEqual([
        "/api/maps/tiny/analysis/centrality",
        "/api/maps/tiny/analysis/communities",
        "/api/maps/tiny/analysis/gaps",
        "/api/maps/tiny/analysis/survey",
      ]),
    );
    expect((toggle as HTMLInputElement).checked).toBe(true);
  });
});
