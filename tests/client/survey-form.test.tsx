// @vitest-environment jsdom
// The respondent's survey page against a stubbed fetch: it resumes from the saved draft (or starts from what the map
// holds), saves as it goes, shows a refused field next to its control and keeps what was typed, shows a closed survey
// read-only, sends the answers and thanks, and the partner picker works from the keyboard.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  surveyMessages as msg,
  surveyTokenFromLocation,
  type Answers,
  type RespondentForm,
} from "../../client/src/core/survey";
import { SurveyPage } from "../../client/src/views/survey/SurveyPage";

interface Call {
  method: string;
  url: string;
  body?: unknown;
}
type Handler = (body: unknown) => Response;

const TOKEN = "tok-3f9a";
const BASE = `/api/respond/${TOKEN}`;
let calls: Call[];
let routes: Map<string, Handler>;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const on = (method: string, url: string, handler: Handler) => routes.set(`${method} ${url}`, handler);

const emptyAnswers = (): Answers => ({ partners: [], needs: [], offerings: [] });

function formWith(patch: Partial<RespondentForm> = {}, survey: Partial<RespondentForm["survey"]> = {}): RespondentForm {
  return {
    survey: {
      title: "Riverbend learning survey 2026",
      intro: "Tell us who you work with.",
      closesAt: "2099-01-31T23:59:00.000Z",
      closed: false,
      questions: { partners: true, needs: true, offerings: true, ratings: true },
      round: 1,
      ...survey,
    },
    respondent: {
      actorId: "a-library",
      name: "Riverbend Library",
      status: "started",
      savedAt: "2026-12-07T10:15:00.000Z",
    },
    roster: [
      { id: "a-foodbank", name: "Eastside Food Bank" },
      { id: "a-school", name: "Oak Street School" },
      { id: "a-makers", name: "Riverside Makers" },
    ],
    taxonomy: [
      { id: "technology", name: "Technology" },
      { id: "technology/devices", name: "Devices", defaultUnit: "devices" },
      { id: "tutoring", name: "Tutoring", defaultUnit: "hours" },
    ],
    units: ["devices", "hours", "people", "USD"],
    current: { needs: [], offerings: [], partners: [] },
    answers: emptyAnswers(),
    ...patch,
  };
}

const savedDraft = (): Answers => ({
  partners: [{ actorId: "a-school", type: "mentors", frequency: "monthly", strength: 3, trust: [4, 3, 2] }],
  needs: [
    {
      id: "n-1",
      category: "technology/devices",
      title: "Laptops for the homework club",
      quantity: 12,
      priority: "high",
    },
  ],
  offerings: [],
});

beforeEach(() => {
  calls = [];
  routes = new Map();
  vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => setTimeout(() => cb(0), 0));
  vi.stubGlobal("fetch", async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url: input, body });
    const handler = routes.get(`${method} ${input}`);
    return handler ? handler(body) : json(404, { statusCode: 404, error: "Not Found", message: "not found" });
  });
  on("PUT", `${BASE}/answers`, () => json(200, { status: "started", savedAt: "2026-12-07T11:42:00.000Z" }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const sent = (method: string, url: string) => calls.filter((c) => c.method === method && c.url === url);
const card = (legend: string) => screen.getByRole("group", { name: legend });
const show = (form: RespondentForm) => {
  on("GET", BASE, () => json(200, form));
  render(<SurveyPage token={TOKEN} autosaveDelay={10} />);
};

describe("the survey page", () => {
  it("reads its token from /survey/<token> or ?respond=<token>", () => {
    expect(surveyTokenFromLocation("/survey/tok-3f9a")).toBe("tok-3f9a");
    expect(surveyTokenFromLocation("/survey/tok%2B3f9a/")).toBe("tok+3f9a");
    expect(surveyTokenFromLocation("/", "?respond=tok%2B3f9a")).toBe("tok+3f9a");
    expect(surveyTokenFromLocation("/", "?map=riverbend")).toBeNull();
    expect(surveyTokenFromLocation("/survey/")).toBeNull();
  });

  it("resumes from the saved draft", async () => {
    show(formWith({ answers: savedDraft() }));
    expect(await screen.findByRole("heading", { name: "Riverbend learning survey 2026" })).toBeTruthy();
    expect(screen.getByText(msg.forOrganisation("Riverbend Library"))).toBeTruthy();

    const school = card("Oak Street School");
    expect((within(school).getByLabelText(msg.tieType) as HTMLSelectElement).value).toBe("mentors");
    expect((within(school).getByLabelText(msg.frequency) as HTMLSelectElement).value).toBe("monthly");
    const strength = within(school).getByRole("group", { name: msg.strength });
    expect((within(strength).getByLabelText(msg.strengths[3]) as HTMLInputElement).checked).toBe(true);
    const trust1 = within(school).getByRole("group", { name: msg.trustItems[0] });
    expect(
      (within(trust1).getByRole("radio", { name: msg.ratingOption(4, msg.agreement[4]) }) as HTMLInputElement).checked,
    ).toBe(true);

    const need = card(msg.needLegend(1, "Laptops for the homework club"));
    expect((within(need).getByLabelText(msg.title) as HTMLInputElement).value).toBe("Laptops for the homework club");
    expect((within(need).getByLabelText(msg.quantity) as HTMLInputElement).value).toBe("12");
    expect((within(need).getByLabelText(msg.category) as HTMLSelectElement).value).toBe("technology/devices");
    expect((within(need).getByLabelText(msg.priority) as HTMLSelectElement).value).toBe("high");
    expect(screen.getByTestId("survey-save-status").textContent).toBe(msg.savedAt("2026-12-07T10:15:00.000Z"));
    // Loading a draft is not an edit: nothing is sent back.
    expect(sent("PUT", `${BASE}/answers`)).toHaveLength(0);
  });

  it("starts from what the map holds before the first save, ids kept so they read as corrections", async () => {
    const stamp = { createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };
    show(
      formWith({
        respondent: { actorId: "a-library", name: "Riverbend Library", status: "not_opened" },
        current: {
          needs: [
            {
              id: "n-7",
              actorId: "a-library",
              category: "tutoring",
              title: "Maths tutors",
              description: "",
              quantity: 20,
              unit: "hours",
              priority: "medium",
              status: "open",
              ...stamp,
            },
          ],
          offerings: [],
          partners: [{ actorId: "a-foodbank", type: "partners_with" }],
        },
      }),
    );
    const need = await screen.findByRole("group", { name: msg.needLegend(1, "Maths tutors") });
    expect((within(need).getByLabelText(msg.quantity) as HTMLInputElement).value).toBe("20");
    expect(card("Eastside Food Bank")).toBeTruthy();

    fireEvent.change(within(need).getByLabelText(msg.quantity), { target: { value: "25" } });
    await waitFor(() => expect(sent("PUT", `${BASE}/answers`)).toHaveLength(1));
    const body = sent("PUT", `${BASE}/answers`)[0]!.body as Answers;
    expect(body.needs).toEqual([
      { id: "n-7", category: "tutoring", title: "Maths tutors", quantity: 25, unit: "hours", priority: "medium" },
    ]);
    // The food bank has no frequency or strength yet: it waits instead of blocking the save of the rest.
    expect(body.partners).toEqual([]);
  });

  it("saves the answers as they are typed", async () => {
    show(formWith({ answers: savedDraft() }));
    const need = await screen.findByRole("group", { name: msg.needLegend(1, "Laptops for the homework club") });
    const title = within(need).getByLabelText(msg.title);
    fireEvent.change(title, { target: { value: "Laptops for the study club" } });
    const school = card("Oak Street School");
    fireEvent.click(within(within(school).getByRole("group", { name: msg.strength })).getByLabelText(msg.strengths[4]));

    await waitFor(() =>
      expect(screen.getByTestId("survey-save-status").textContent).toBe(msg.savedAt("2026-12-07T11:42:00.000Z")),
    );
    const puts = sent("PUT", `${BASE}/answers`);
    // Two quick edits, one save.
    expect(puts).toHaveLength(1);
    expect(puts[0]!.body).toEqual({
      partners: [{ actorId: "a-school", type: "mentors", frequency: "monthly", strength: 4, trust: [4, 3, 2] }],
      needs: [
        {
          id: "n-1",
          category: "technology/devices",
          title: "Laptops for the study club",
          quantity: 12,
          priority: "high",
        },
      ],
      offerings: [],
    });
  });

  it("shows a refused field next to its control and keeps what was typed", async () => {
    on("PUT", `${BASE}/answers`, () =>
      json(400, {
        statusCode: 400,
        error: "Bad Request",
        message: "answers.partners.0.strength: must be 1 to 4",
        issues: [
          { field: "answers.partners.0.strength", message: "must be 1 to 4" },
          { field: "needs[0].quantity", message: "too large" },
        ],
      }),
    );
    show(formWith({ answers: savedDraft() }));
    const need = await screen.findByRole("group", { name: msg.needLegend(1, "Laptops for the homework club") });
    fireEvent.change(within(need).getByLabelText(msg.quantity), { target: { value: "1200000" } });

    await waitFor(() => expect(screen.getByTestId("survey-save-status").textContent).toBe(msg.saveRefused));
    const strength = within(card("Oak Street School")).getByRole("group", { name: msg.strength });
    expect(within(strength).getByText("must be 1 to 4")).toBeTruthy();
    expect(strength.getAttribute("aria-describedby")).toBe(strength.querySelector(".field-error")!.id);
    const quantity = within(need).getByLabelText(msg.quantity) as HTMLInputElement;
    expect(quantity.value).toBe("1200000");
    expect(quantity.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(quantity.getAttribute("aria-describedby")!)!.textContent).toBe("too large");

    // Correcting the field takes its error away.
    on("PUT", `${BASE}/answers`, () => json(200, { status: "started", savedAt: "2026-12-07T11:43:00.000Z" }));
    fireEvent.change(quantity, { target: { value: "12" } });
    expect(quantity.getAttribute("aria-invalid")).toBeNull();
  });

  it("shows a closed survey read-only with a notice", async () => {
    show(formWith({ answers: savedDraft() }, { closed: true, closesAt: "2026-11-30T23:59:00.000Z" }));
    expect((await screen.findByTestId("survey-closed")).textContent).toBe(msg.closedNotice("2026-11-30T23:59:00.000Z"));
    const title = within(card(msg.needLegend(1, "Laptops for the homework club"))).getByLabelText(
      msg.title,
    ) as HTMLInputElement;
    expect(title.value).toBe("Laptops for the homework club");
    expect(title.matches(":disabled")).toBe(true);
    expect(screen.getByLabelText(msg.addPartner).matches(":disabled")).toBe(true);
    expect(screen.queryByRole("button", { name: msg.submit })).toBeNull();
  });

  it("turns read-only when the survey closes while it is being answered (409)", async () => {
    on("PUT", `${BASE}/answers`, () =>
      json(409, { statusCode: 409, error: "Conflict", message: "This survey closed on 7 December 2026" }),
    );
    show(formWith({ answers: savedDraft() }));
    const need = await screen.findByRole("group", { name: msg.needLegend(1, "Laptops for the homework club") });
    const title = within(need).getByLabelText(msg.title) as HTMLInputElement;
    fireEvent.change(title, { target: { value: "Laptops" } });
    expect((await screen.findByTestId("survey-closed")).textContent).toBe("This survey closed on 7 December 2026");
    expect(title.value).toBe("Laptops");
    expect(title.matches(":disabled")).toBe(true);
    expect(screen.queryByRole("button", { name: msg.submit })).toBeNull();
  });

  it("says a link is not valid when the server does not know it", async () => {
    render(<SurveyPage token="nope" autosaveDelay={10} />);
    expect(await screen.findByRole("heading", { name: msg.invalidTitle })).toBeTruthy();
  });

  it("asks for what a row lacks before sending, then sends and thanks, and the answers can be changed", async () => {
    on("POST", `${BASE}/submit`, () => json(200, { status: "submitted", submittedAt: "2026-12-07T12:00:00.000Z" }));
    show(
      formWith(
        { answers: savedDraft() },
        { questions: { partners: true, needs: true, offerings: false, ratings: false } },
      ),
    );
    const input = await screen.findByLabelText(msg.addPartner);
    // The picker from the keyboard: type, arrow down, Enter.
    fireEvent.change(input, { target: { value: "river" } });
    const list = screen.getByRole("listbox");
    expect(
      within(list)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Riverside Makers"]);
    fireEvent.keyDown(input, { key: "Enter" });
    const makers = card("Riverside Makers");
    expect(screen.queryByRole("listbox")).toBeNull();
    // Without ratings asked, no trust or value items.
    expect(within(makers).queryByRole("group", { name: msg.trustItems[0] })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: msg.submit }));
    expect(await within(makers).findByText(msg.chooseStrength)).toBeTruthy();
    expect(within(makers).getByText(msg.chooseFrequency)).toBeTruthy();
    expect(sent("POST", `${BASE}/submit`)).toHaveLength(0);

    fireEvent.change(within(makers).getByLabelText(msg.frequency), { target: { value: "weekly" } });
    fireEvent.click(within(makers).getByLabelText(msg.strengths[2]));
    expect(within(makers).queryByText(msg.chooseStrength)).toBeNull();
    // The server's refusal of a field the row has no control for is told on the row, and nothing is lost.
    on("POST", `${BASE}/submit`, () =>
      json(400, {
        statusCode: 400,
        error: "Bad Request",
        message: "partners[1].actorId: is not on this survey's roster",
        issues: [{ field: "partners[1].actorId", message: "is not on this survey's roster" }],
      }),
    );
    fireEvent.click(screen.getByRole("button", { name: msg.submit }));
    expect(await within(makers).findByText("is not on this survey's roster")).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(makers));
    expect(screen.queryByRole("heading", { name: msg.thanksHeading })).toBeNull();

    on("POST", `${BASE}/submit`, () => json(200, { status: "submitted", submittedAt: "2026-12-07T12:00:00.000Z" }));
    fireEvent.click(screen.getByRole("button", { name: msg.submit }));

    expect(await screen.findByRole("heading", { name: msg.thanksHeading })).toBeTruthy();
    const body = sent("POST", `${BASE}/submit`)[0]!.body as Answers;
    expect(body.partners).toEqual([
      { actorId: "a-school", type: "mentors", frequency: "monthly", strength: 3 },
      { actorId: "a-makers", type: "partners_with", frequency: "weekly", strength: 2 },
    ]);
    expect(body.offerings).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: msg.changeAnswers }));
    expect(card("Riverside Makers")).toBeTruthy();
    expect(screen.getByRole("button", { name: msg.resubmit })).toBeTruthy();
  });

  it("closes the picker with Escape and skips organisations already named", async () => {
    show(formWith({ answers: savedDraft() }));
    const input = await screen.findByLabelText(msg.addPartner);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    const names = within(screen.getByRole("listbox"))
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(names).toEqual(["Eastside Food Bank", "Riverside Makers"]);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(input.getAttribute("aria-activedescendant")).toBe(
      within(screen.getByRole("listbox")).getAllByRole("option")[1]!.id,
    );
    fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(input.getAttribute("aria-expanded")).toBe("false");
  });
});
