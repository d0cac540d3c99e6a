// @vitest-environment jsdom
// The editor's side of surveys in the browser, against a stubbed fetch: the new survey's form and the body it posts
// (with the roster it counts), a submission reviewed change by change and the keys it posts, the map read again
// after accepting, what a viewer is offered, and the provenance an accepted need or tie shows in an actor's details.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActorDetails } from "../../client/src/components/ActorDetails";
import { SurveysPanel } from "../../client/src/components/surveys/SurveysPanel";
import { setCsrfToken } from "../../client/src/core/api";
import type { MapAccess } from "../../client/src/core/auth";
import { AtlasProvider, createQueryClient } from "../../client/src/core/context";
import { useEcosystem } from "../../client/src/core/hooks";
import { createAtlasStore, getEmptyAtlasState } from "../../client/src/core/store";
import {
  changeLines,
  dayOf,
  decisionOf,
  provenanceText,
  roundClosingDay,
  rosterOf,
  tieReport,
  toSurveyCreate,
  type Change,
  type Survey,
} from "../../client/src/core/surveys";
import type { GraphView } from "../../server/schemas/domain";
import { tinyView } from "./fixtures";

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}
type Handler = (body: unknown) => Response;

let calls: Call[];
let routes: Map<string, Handler>;
let access: MapAccess;
let view: GraphView;
/** The submission's changes as the server holds them, decisions included. */
let decided: Change[];

const json = (status: number, body: unknown) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
const on = (method: string, url: string, handler: Handler) => routes.set(`${method} ${url}`, handler);
const sent = (method: string, url: string) => calls.filter((c) => c.method === method && c.url === url);

const S = "/api/maps/tiny/surveys";
const rates = { roster: 3, opened: 2, started: 1, submitted: 1, responseRate: 1 / 3, reciprocity: 0.5 };
const survey: Survey = {
  id: "svy-1",
  title: "Partners 2026",
  intro: "",
  closesAt: "2099-03-01T12:00:00.000Z",
  questions: { partners: true, needs: true, offerings: false, ratings: false },
  round: 1,
  status: "open",
  createdAt: "2025-01-01T00:00:00.000Z",
  roster: [
    { actorId: "school-a", name: "Alder School" },
    { actorId: "lib-c", name: "Cedar Library" },
    { actorId: "biz-d", name: "Dogwood Tech" },
  ],
  rates,
};
const changes: Change[] = [
  {
    key: "tie:lib-c:mentors",
    kind: "add_tie",
    summary: "adds a mentors tie to Cedar Library",
    after: { from: "school-a", to: "lib-c", type: "mentors", frequency: "monthly", strength: 3 },
    decision: "pending",
  },
  {
    key: "need:new:0",
    kind: "add_need",
    summary: "adds a need 'Tutors' (4 people)",
    after: { category: "food", title: "Tutors", quantity: 4, unit: "people", priority: "high" },
    decision: "pending",
  },
  {
    key: "need:n1",
    kind: "change_need",
    summary: "changes the need 'Laptops': quantity",
    before: { title: "Laptops", quantity: 30 },
    after: { quantity: 40 },
    decision: "pending",
  },
];

beforeEach(() => {
  calls = [];
  access = { reach: "owner", redacted: false };
  view = tinyView();
  setCsrfToken("csrf-1");
  routes = new Map();
  on("GET", "/api/auth/session", () => json(200, { user: null, csrfToken: "csrf-1" }));
  on("GET", "/api/maps/tiny/graph", () => json(200, { ...view, map: { ...view.map, access } }));
  on("GET", S, () => json(200, { items: [survey] }));
  on("GET", `${S}/svy-1`, () => json(200, survey));
  on("GET", `${S}/svy-1/respondents`, () =>
    json(200, [
      { actorId: "school-a", name: "Alder School", status: "submitted", submittedAt: "2025-02-01T10:00:00.000Z" },
      { actorId: "lib-c", name: "Cedar Library", status: "started", link: "/?respond=svy_lib" },
      { actorId: "biz-d", name: "Dogwood Tech", status: "not_opened", link: "/?respond=svy_biz" },
      {
        actorId: "fund-b",
        name: "Birch Fund",
        status: "not_opened",
        openedAt: "2025-02-03T10:00:00.000Z",
        link: "/?respond=svy_fund",
      },
    ]),
  );
  decided = changes;
  on("GET", `${S}/svy-1/submissions/school-a`, () =>
    json(200, { actorId: "school-a", submittedAt: "2025-02-01T10:00:00.000Z", round: 1, changes: decided }),
  );
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  vi.stubGlobal("fetch", async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url: input, headers: (init.headers ?? {}) as Record<string, string>, body });
    const handler = routes.get(`${method} ${input}`) ?? routes.get(`${method} ${input.split("?")[0]}`);
    return handler ? handler(body) : json(404, { statusCode: 404, error: "Not Found", message: `No ${input}` });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

function setup(ui: ReactNode) {
  const store = createAtlasStore(getEmptyAtlasState("tiny"));
  render(
    <AtlasProvider store={store} queryClient={createQueryClient()}>
      {ui}
    </AtlasProvider>,
  );
}

describe("a new survey", () => {
  it("posts its title, introduction, closing time, questions and roster, having counted the roster first", async () => {
    on("POST", S, () => json(201, { ...survey, id: "svy-2", title: "Who works with whom" }));
    on("GET", `${S}/svy-2`, () => json(200, { ...survey, id: "svy-2", title: "Who works with whom" }));
    on("GET", `${S}/svy-2/respondents`, () => json(200, []));
    setup(<SurveysPanel />);
    fireEvent.click(await screen.findByTestId("new-survey"));
    const dialog = await screen.findByTestId("new-survey-dialog");
    const form = within(dialog);

    // Nothing is sent while the form lacks a title and a roster; what is missing is said.
    fireEvent.click(form.getByTestId("create-survey"));
    expect(form.getByText("Give the survey a title.")).toBeTruthy();
    expect(form.getByText(/The roster holds no actor/)).toBeTruthy();
    expect(sent("POST", S)).toHaveLength(0);

    fireEvent.change(form.getByLabelText("Title"), { target: { value: "  Who works with whom " } });
    fireEvent.change(form.getByLabelText("Introduction"), { target: { value: "Tell us about your partners." } });
    fireEvent.change(form.getByLabelText("Closes at the end of"), { target: { value: "2099-06-30" } });
    fireEvent.click(form.getByRole("checkbox", { name: /Offerings/ }));
    fireEvent.click(form.getByRole("checkbox", { name: /Ratings/ }));
    // The North region holds Alder School and Dogwood Tech.
    fireEvent.click(within(form.getByTestId("roster-regions")).getByRole("checkbox", { name: "North" }));
    expect(form.getByTestId("roster-count").textContent).toContain("2 actors");
    // Tagged "rural" and in the North: Alder School only.
    fireEvent.click(within(form.getByTestId("roster-tags")).getByRole("checkbox", { name: "rural" }));
    expect(form.getByTestId("roster-count").textContent).toContain("1 actor on the roster");
    // Cedar Library has no region; picked by hand, it joins.
    await act(async () => {
      fireEvent.change(form.getByTestId("roster-actor"), { target: { value: "Cedar" } });
    });
    fireEvent.keyDown(form.getByTestId("roster-actor"), { key: "Enter" });
    expect(form.getByTestId("roster-count").textContent).toBe("2 actors on the roster: Alder School, Cedar Library");

    fireEvent.click(form.getByTestId("create-survey"));
    await waitFor(() => expect(sent("POST", S)).toHaveLength(1));
    const post = sent("POST", S)[0]!;
    expect(post.headers["x-csrf-token"]).toBe("csrf-1");
    expect(post.body).toEqual({
      title: "Who works with whom",
      intro: "Tell us about your partners.",
      closesAt: new Date(2099, 5, 30, 23, 59, 59).toISOString(),
      questions: { partners: true, needs: true, offerings: false, ratings: true },
      roster: { actorIds: ["lib-c"], regions: ["North"], tags: ["rural"] },
    });
    // The new survey's page opens.
    expect((await screen.findByTestId("survey-page")).getAttribute("data-survey-id")).toBe("svy-2");
  });
});

describe("a survey's page", () => {
  async function openSurvey() {
    setup(<SurveysPanel />);
    fireEvent.click(await screen.findByText("Partners 2026"));
    const page = await screen.findByTestId("survey-page");
    await within(page).findByTestId("survey-rates");
    return page;
  }

  it("shows the rates, each respondent's status and link, and the CSV downloads", async () => {
    const page = within(await openSurvey());
    const stats = within(page.getByTestId("survey-rates"));
    expect(stats.getByText("Response rate").nextSibling!.textContent).toBe("33%");
    expect(stats.getByText("Reciprocity").nextSibling!.textContent).toBe("50%");
    await waitFor(() => expect(page.getAllByTestId("respondent-row")).toHaveLength(4));
    const rows = page
      .getAllByTestId("respondent-row")
      .map((r) => [r.dataset.actorId, r.dataset.status, r.querySelector(".meta")!.textContent]);
    expect(rows).toEqual([
      ["school-a", "submitted", "submitted1 Feb 2025"],
      ["lib-c", "started", "started"],
      ["biz-d", "not_opened", "not opened"],
      // Followed the link, saved nothing yet.
      ["fund-b", "not_opened", "opened3 Feb 2025"],
    ]);
    expect((page.getByLabelText("Link for Dogwood Tech") as HTMLInputElement).value).toBe(
      `${window.location.origin}/?respond=svy_biz`,
    );
    expect(page.getByTestId("links-csv").getAttribute("href")).toBe(`${S}/svy-1/links.csv`);
    expect(page.getByTestId("missing-csv").getAttribute("href")).toBe(`${S}/svy-1/links.csv?status=not_submitted`);
  });

  it("closes the survey and runs a new round", async () => {
    on("PATCH", `${S}/svy-1`, () => json(200, { ...survey, status: "closed" }));
    on("POST", `${S}/svy-1/rounds`, () => json(201, { ...survey, round: 2 }));
    const page = within(await openSurvey());
    fireEvent.click(page.getByTestId("survey-open-close"));
    await waitFor(() => expect(sent("PATCH", `${S}/svy-1`)).toHaveLength(1));
    expect(sent("PATCH", `${S}/svy-1`)[0]!.body).toEqual({ status: "closed" });
    // A new round closes on the survey's own day while it is ahead, or on the day chosen.
    fireEvent.click(page.getByTestId("new-round"));
    const round = within(page.getByTestId("new-round-form"));
    expect((round.getByLabelText("Round 2 closes at the end of") as HTMLInputElement).value).toBe(
      dayOf(survey.closesAt),
    );
    fireEvent.change(round.getByLabelText("Round 2 closes at the end of"), { target: { value: "2099-05-31" } });
    fireEvent.click(round.getByTestId("confirm-round"));
    await waitFor(() => expect(sent("POST", `${S}/svy-1/rounds`)).toHaveLength(1));
    expect(sent("POST", `${S}/svy-1/rounds`)[0]!.body).toEqual({
      closesAt: new Date(2099, 4, 31, 23, 59, 59).toISOString(),
    });
    await waitFor(() => expect(page.queryByTestId("new-round-form")).toBeNull());
  });

  it("deletes a survey once confirmed, and goes back to the list", async () => {
    on("DELETE", `${S}/svy-1`, () => {
      on("GET", S, () => json(200, { items: [] }));
      return json(204, undefined);
    });
    const page = within(await openSurvey());
    fireEvent.click(page.getByTestId("delete-survey"));
    expect(sent("DELETE", `${S}/svy-1`)).toHaveLength(0);
    fireEvent.click(page.getByTestId("confirm-delete-survey"));
    await waitFor(() => expect(sent("DELETE", `${S}/svy-1`)).toHaveLength(1));
    expect(await screen.findByText("No survey yet: start one with New survey.")).toBeTruthy();
  });

  it("reopens a survey whose closing day has passed with the day chosen, and moves a closing day", async () => {
    let current: Survey = { ...survey, status: "closed", closesAt: "2020-01-31T12:00:00.000Z" };
    on("GET", `${S}/svy-1`, () => json(200, current));
    on("PATCH", `${S}/svy-1`, (body) => {
      current = { ...current, ...(body as Partial<Survey>) };
      return json(200, current);
    });
    const page = within(await openSurvey());
    expect(page.getByTestId("survey-open-close").textContent).toBe("Reopen");
    fireEvent.change(page.getByLabelText("Closes at the end of"), { target: { value: "2099-02-28" } });
    fireEvent.click(page.getByTestId("survey-open-close"));
    await waitFor(() => expect(sent("PATCH", `${S}/svy-1`)).toHaveLength(1));
    expect(sent("PATCH", `${S}/svy-1`)[0]!.body).toEqual({
      status: "open",
      closesAt: new Date(2099, 1, 28, 23, 59, 59).toISOString(),
    });
    await waitFor(() => expect(page.getByTestId("survey-open-close").textContent).toBe("Close now"));
    fireEvent.change(page.getByLabelText("Closes at the end of"), { target: { value: "2099-04-01" } });
    fireEvent.click(page.getByTestId("survey-closing-change"));
    await waitFor(() => expect(sent("PATCH", `${S}/svy-1`)).toHaveLength(2));
    expect(sent("PATCH", `${S}/svy-1`)[1]!.body).toEqual({ closesAt: new Date(2099, 3, 1, 23, 59, 59).toISOString() });
  });

  it("posts the ticked changes' keys, then rejects the rest, and reads the map again after each", async () => {
    on("POST", `${S}/svy-1/submissions/school-a/decide`, (body) => {
      const { accept, reject } = body as { accept: string[]; reject: string[] };
      decided = decided.map((c) =>
        accept.includes(c.key)
          ? { ...c, decision: "accepted" }
          : reject.includes(c.key)
            ? { ...c, decision: "rejected" }
            : c,
      );
      return json(200, { actorId: "school-a", submittedAt: "2025-02-01T10:00:00.000Z", round: 1, changes: decided });
    });
    const page = within(await openSurvey());
    await waitFor(() => expect(page.getAllByTestId("respondent-row")).toHaveLength(4));
    fireEvent.click(page.getByTestId("review-respondent"));
    const review = within(await screen.findByTestId("submission-review"));
    await waitFor(() => expect(review.getAllByTestId("change-row")).toHaveLength(3));
    expect(review.getByText("adds a mentors tie to Cedar Library")).toBeTruthy();
    expect(review.getByText("quantity: 30 → 40")).toBeTruthy();
    expect(review.getByText("frequency: monthly")).toBeTruthy();

    // Every pending change starts ticked; the new need is left out.
    fireEvent.click(review.getByRole("checkbox", { name: /adds a need 'Tutors'/ }));
    const graphReads = sent("GET", "/api/maps/tiny/graph").length;
    fireEvent.click(review.getByTestId("accept-selected"));
    const decide = `${S}/svy-1/submissions/school-a/decide`;
    await waitFor(() => expect(sent("POST", decide)).toHaveLength(1));
    expect(sent("POST", decide)[0]!.body).toEqual({ accept: ["tie:lib-c:mentors", "need:n1"], reject: [] });
    await waitFor(() => expect(sent("GET", "/api/maps/tiny/graph").length).toBeGreaterThan(graphReads));
    await waitFor(() =>
      expect(review.getAllByTestId("change-row").map((r) => r.dataset.decision)).toEqual([
        "accepted",
        "pending",
        "accepted",
      ]),
    );
    expect(review.getAllByText("accepted")).toHaveLength(2);

    // What is left unticked is rejected.
    expect((review.getByRole("checkbox", { name: /adds a need 'Tutors'/ }) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(review.getByTestId("reject-rest"));
    await waitFor(() => expect(sent("POST", decide)).toHaveLength(2));
    expect(sent("POST", decide)[1]!.body).toEqual({ accept: [], reject: ["need:new:0"] });
    await waitFor(() => expect(review.getByText("rejected")).toBeTruthy());
    expect(review.queryByTestId("accept-selected")).toBeNull();
  });

  it("lets a viewer read the rates and progress, but neither the staged answers nor any control that writes", async () => {
    access = { reach: "viewer", redacted: false };
    on("GET", `${S}/svy-1/respondents`, () =>
      json(200, [{ actorId: "school-a", name: "Alder School", status: "submitted" }]),
    );
    setup(<SurveysPanel />);
    fireEvent.click(await screen.findByText("Partners 2026"));
    const page = within(await screen.findByTestId("survey-page"));
    expect(screen.queryByTestId("new-survey")).toBeNull();
    expect(page.queryByTestId("survey-open-close")).toBeNull();
    expect(page.queryByTestId("links-csv")).toBeNull();
    expect(page.queryByTestId("new-round")).toBeNull();
    expect(page.queryByTestId("delete-survey")).toBeNull();
    // Submissions are the editors' to read (answers not yet on the map): a viewer sees who submitted, not what.
    expect((await page.findByTestId("respondent-row")).dataset.status).toBe("submitted");
    expect(page.queryByTestId("review-respondent")).toBeNull();
    expect(calls.some((c) => c.url.includes("/submissions/"))).toBe(false);
  });

  it("is not offered to a share link's visitor", async () => {
    access = { reach: "link", redacted: true };
    setup(<SurveysPanel />);
    expect(await screen.findByText("Surveys are for the map's members.")).toBeTruthy();
    expect(sent("GET", S)).toHaveLength(0);
  });
});

describe("provenance in an actor's details", () => {
  const provenance = {
    surveyId: "svy-1",
    round: 2,
    respondentId: "school-a",
    acceptedAt: "2025-03-03T09:00:00.000Z",
    acceptedBy: "Ada Admin",
  };
  function SchoolDetails() {
    const eco = useEcosystem();
    return eco ? <ActorDetails actor={eco.actors.get("school-a")!} /> : null;
  }

  it("says which survey, round and respondent a need and a tie came from, and who confirmed the tie", async () => {
    view.needs[0]!.provenance = provenance;
    // Cedar Library's tie: both ends reported it. Birch Fund's: only the school did.
    Object.assign(view.relationships[1]!, { reportedBy: ["lib-c", "school-a"], provenance });
    Object.assign(view.relationships[0]!, { reportedBy: ["school-a"] });
    setup(<SchoolDetails />);
    const panel = within(await screen.findByTestId("actor-panel"));
    const expected =
      "From survey Partners 2026, round 2, answered by Alder School; accepted by Ada Admin on 3 Mar 2025";
    await waitFor(() => expect(panel.getAllByText(expected)).toHaveLength(2));
    const needRow = panel.getByText("Laptops").closest("li")!;
    expect(within(needRow).getByTestId("provenance").textContent).toBe(expected);
    const ties = panel.getAllByTestId("provenance").filter((p) => p.closest("section")?.querySelector("#ties-title"));
    expect(ties.map((t) => t.textContent)).toEqual(["reported by Alder School only", `confirmed by both${expected}`]);
    // The need without provenance says nothing of surveys.
    expect(within(panel.getByText("Snacks").closest("li")!).queryByTestId("provenance")).toBeNull();
  });

  it("names the survey by its id where its title cannot be read", async () => {
    view.needs[0]!.provenance = provenance;
    access = { reach: "link", redacted: false };
    setup(<SchoolDetails />);
    const panel = within(await screen.findByTestId("actor-panel"));
    expect(panel.getByTestId("provenance").textContent).toBe(
      "From survey svy-1, round 2, answered by Alder School; accepted by Ada Admin on 3 Mar 2025",
    );
    expect(sent("GET", S)).toHaveLength(0);
  });
});

describe("pure helpers", () => {
  const actors = tinyView().actors;

  it("counts the roster as the server resolves it: named actors plus those matching every filter given", () => {
    const ids = (filter: Parameters<typeof rosterOf>[1]) => rosterOf(actors, filter).map((a) => a.id);
    expect(ids({})).toEqual([]);
    expect(ids({ types: ["school", "library"] })).toEqual(["school-a", "lib-c"]);
    expect(ids({ types: ["school", "library"], regions: ["North"] })).toEqual(["school-a"]);
    expect(ids({ tags: ["laptops", "rural"] })).toEqual(["school-a", "biz-d"]);
    expect(ids({ actorIds: ["fund-b"], tags: ["laptops"] })).toEqual(["fund-b", "biz-d"]);
  });

  it("closes a new round on the survey's own day while ahead, else two weeks on", () => {
    const now = new Date(2026, 0, 10, 12).getTime();
    expect(roundClosingDay(new Date(2026, 0, 20, 23, 59, 59).toISOString(), now)).toBe("2026-01-20");
    expect(roundClosingDay(new Date(2026, 0, 5, 23, 59, 59).toISOString(), now)).toBe("2026-01-24");
  });

  it("sends only the filters given, and closes at the end of the chosen day", () => {
    const body = toSurveyCreate({
      title: " T ",
      intro: "",
      closesOn: "2099-01-31",
      questions: { partners: true, needs: false, offerings: false, ratings: false },
      types: [],
      regions: [],
      tags: ["rural"],
      actorIds: [],
    });
    expect(body).toEqual({
      title: "T",
      intro: "",
      closesAt: new Date(2099, 0, 31, 23, 59, 59).toISOString(),
      questions: { partners: true, needs: false, offerings: false, ratings: false },
      roster: { tags: ["rural"] },
    });
  });

  it("splits the pending keys by the ticks, and words a change, a tie's reporters and provenance", () => {
    const decided: Change[] = [...changes, { ...changes[0]!, key: "tie:x:funds", decision: "accepted" }];
    expect(decisionOf(decided, new Set(["need:n1", "tie:x:funds"]), true)).toEqual({
      accept: ["need:n1"],
      reject: ["tie:lib-c:mentors", "need:new:0"],
    });
    expect(decisionOf(decided, new Set(["need:n1"]), false)).toEqual({ accept: ["need:n1"], reject: [] });
    expect(changeLines(changes[2]!)).toEqual(["quantity: 30 → 40"]);
    expect(changeLines(changes[0]!)).toEqual(["type: mentors", "frequency: monthly", "strength: 3"]);
    // An added need's title is in its summary; its category reads by name.
    expect(changeLines(changes[1]!, (id) => (id === "food" ? "Food" : undefined))).toEqual([
      "category: Food",
      "quantity: 4",
      "unit: people",
      "priority: high",
    ]);
    const names = (id: string) => ({ a: "Ash", b: "Beech" })[id] ?? id;
    expect(tieReport({ from: "a", to: "b", reportedBy: ["b", "a"] }, names)).toBe("confirmed by both");
    expect(tieReport({ from: "a", to: "b", reportedBy: ["b"] }, names)).toBe("reported by Beech only");
    expect(tieReport({ from: "a", to: "b" }, names)).toBeNull();
    const p = { surveyId: "s", round: 1, respondentId: "a", acceptedAt: "2025-12-24T12:00:00Z", acceptedBy: "Bo" };
    expect(provenanceText(p)).toBe("From survey s, round 1, answered by a; accepted by Bo on 24 Dec 2025");
  });
});
