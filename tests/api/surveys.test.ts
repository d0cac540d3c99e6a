// Surveys against the real Neo4j: editors create one over a roster, each respondent answers through its own link
// (and reaches nothing else), answers are staged until an editor accepts them change by change, with provenance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, callWith, memberSession, newMap, type Reply } from "../helpers/app";
import { upload } from "../helpers/uploads";

let app: App;
let mapId: string;
let otherMapId: string;

const IN_A_MONTH = new Date(Date.now() + 30 * 86_400_000).toISOString();
const QUESTIONS = { partners: true, needs: true, offerings: true, ratings: true };
const EMPTY = { partners: [], needs: [], offerings: [] };

const maps = (path = "") => `/api/maps/${mapId}${path}`;
const respond = (token: string, path = "") => `/api/respond/${encodeURIComponent(token)}${path}`;
const anonymous = (method: string, url: string, body?: unknown): Promise<Reply> => callWith(app, {}, method, url, body);

/** The respondents' tokens of a survey, by actor id, from the editors' list. */
async function tokens(surveyId: string, map = mapId): Promise<Record<string, string>> {
  const r = await call(app, "GET", `/api/maps/${map}/surveys/${surveyId}/respondents`);
  expect(r.status).toBe(200);
  return Object.fromEntries(
    r.body.map((x: { actorId: string; link: string }) => [
      x.actorId,
      decodeURIComponent(new URL(x.link, "http://atlas.test").searchParams.get("respond")!),
    ]),
  );
}

async function createSurvey(body: object, map = mapId): Promise<Reply> {
  return call(app, "POST", `/api/maps/${map}/surveys`, {
    title: "Who works with whom",
    intro: "Five minutes, on your phone.",
    closesAt: IN_A_MONTH,
    questions: QUESTIONS,
    ...body,
  });
}

beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "survey");
  otherMapId = await newMap(app, "survey-other");
  for (const [id, name, type, extra] of [
    ["riverbend", "Riverbend Library", "library", {}],
    ["northside", "Northside School", "school", { tags: ["north"] }],
    ["harbor", "Harbor Food Bank", "nonprofit", { tags: ["north"] }],
    ["garcia", "Garcia family", "family", {}],
    ["shelter", "Quiet Shelter", "nonprofit", { sensitive: true }],
  ] as const) {
    const r = await call(app, "POST", maps("/actors"), { id, name, type, ...extra });
    expect(r.status).toBe(201);
  }
  for (const id of ["x1", "x2"])
    expect((await call(app, "POST", `/api/maps/${otherMapId}/actors`, { id, name: id, type: "school" })).status).toBe(
      201,
    );
  const need = await call(app, "POST", maps("/needs"), {
    id: "northside-laptops",
    actorId: "northside",
    category: "technology/devices",
    title: "Laptops",
    quantity: 30,
    priority: "high",
  });
  expect(need.status).toBe(201);
}, 60_000);
afterAll(() => app.close());

describe("surveys: editors", () => {
  it("creates a survey over a roster resolved from ids and filters, and lists it", async () => {
    const created = await createSurvey({ id: "s-roster", roster: { actorIds: ["riverbend"], tags: ["north"] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      id: "s-roster",
      round: 1,
      status: "open",
      questions: QUESTIONS,
      roster: [
        { actorId: "harbor", name: "Harbor Food Bank" },
        { actorId: "northside", name: "Northside School" },
        { actorId: "riverbend", name: "Riverbend Library" },
      ],
      rates: { roster: 3, opened: 0, started: 0, submitted: 0, responseRate: 0, reciprocity: 0 },
    });
    const list = await call(app, "GET", maps("/surveys"));
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain("s-roster");
    expect(list.body.items[0]).not.toHaveProperty("roster");
  });

  it("refuses a roster naming unknown actors (400 naming the field) and a taken id (409)", async () => {
    const bad = await createSurvey({ roster: { actorIds: ["riverbend", "nobody"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ field: "roster.actorIds[1]", message: "unknown actor 'nobody'" }]);
    const taken = await createSurvey({ id: "s-roster", roster: { actorIds: ["riverbend", "harbor"] } });
    expect(taken.status).toBe(409);
  });

  it("drops an actor deleted since from the roster, the counts and the respondents, and its link opens nothing", async () => {
    expect(
      (await call(app, "POST", maps("/actors"), { id: "leaving", name: "Leaving Co", type: "business" })).status,
    ).toBe(201);
    expect((await createSurvey({ id: "s-leave", roster: { actorIds: ["leaving", "harbor"] } })).status).toBe(201);
    const token = (await tokens("s-leave")).leaving!;
    expect((await anonymous("POST", respond(token, "/submit"), EMPTY)).status).toBe(200);
    expect((await call(app, "GET", maps("/surveys/s-leave"))).body.rates).toMatchObject({ roster: 2, submitted: 1 });
    expect((await call(app, "DELETE", maps("/actors/leaving"))).status).toBe(204);
    const survey = (await call(app, "GET", maps("/surveys/s-leave"))).body;
    expect(survey.roster).toEqual([{ actorId: "harbor", name: "Harbor Food Bank" }]);
    expect(survey.rates).toMatchObject({ roster: 1, opened: 0, submitted: 0, responseRate: 0 });
    expect(Object.keys(await tokens("s-leave"))).toEqual(["harbor"]);
    expect((await anonymous("GET", respond(token))).status).toBe(404);
  });

  it("exports the links as CSV, and only the non-respondents when asked", async () => {
    const created = await createSurvey({ id: "s-csv", roster: { actorIds: ["riverbend", "harbor"] } });
    expect(created.status).toBe(201);
    const t = await tokens("s-csv");
    const csv = await call(app, "GET", maps("/surveys/s-csv/links.csv"));
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split("\r\n");
    expect(lines[0]).toBe("actor_id,name,status,link");
    expect(lines.slice(1).sort()).toEqual([
      `harbor,Harbor Food Bank,not_opened,http://localhost/?respond=${encodeURIComponent(t.harbor!)}`,
      `riverbend,Riverbend Library,not_opened,http://localhost/?respond=${encodeURIComponent(t.riverbend!)}`,
    ]);
    expect((await anonymous("POST", respond(t.harbor!, "/submit"), EMPTY)).status).toBe(200);
    const open = await call(app, "GET", maps("/surveys/s-csv/links.csv?status=not_submitted"));
    expect(String(open.body).trim().split("\r\n").slice(1)).toEqual([
      `riverbend,Riverbend Library,not_opened,http://localhost/?respond=${encodeURIComponent(t.riverbend!)}`,
    ]);
  });

  it("shows links to editors and not to viewers", async () => {
    const viewer = await memberSession(app, mapId, "viewer");
    const seen = await callWith(app, viewer.headers, "GET", maps("/surveys/s-csv/respondents"));
    expect(seen.status).toBe(200);
    expect(seen.body).toHaveLength(2);
    for (const r of seen.body) expect(r).not.toHaveProperty("link");
    expect((await callWith(app, viewer.headers, "GET", maps("/surveys/s-csv/links.csv"))).status).toBe(403);
  });
});

describe("surveys: respondents", () => {
  let t: Record<string, string>;
  beforeAll(async () => {
    const created = await createSurvey({
      id: "s-form",
      roster: { actorIds: ["riverbend", "northside", "harbor", "garcia", "shelter"] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    t = await tokens("s-form");
  });

  it("opens a respondent's form: roster names without itself or protected actors, its own items, its draft", async () => {
    const form = await anonymous("GET", respond(t.northside!));
    expect(form.status, JSON.stringify(form.body)).toBe(200);
    expect(form.body.survey).toMatchObject({ title: "Who works with whom", closed: false, round: 1 });
    expect(form.body.respondent).toEqual({ actorId: "northside", name: "Northside School", status: "not_opened" });
    expect(form.body.roster).toEqual([
      { id: "harbor", name: "Harbor Food Bank" },
      { id: "riverbend", name: "Riverbend Library" },
    ]);
    expect(JSON.stringify(form.body)).not.toMatch(/garcia|Garcia|shelter|Shelter/);
    expect(form.body.current.needs).toMatchObject([{ id: "northside-laptops", title: "Laptops", quantity: 30 }]);
    expect(form.body.taxonomy).toContainEqual({
      id: "technology/devices",
      name: "Devices (new and refurbished)",
      defaultUnit: "devices",
    });
    expect(form.body.units).toContain("devices");
    expect(form.body.answers).toEqual(EMPTY);
    const survey = await call(app, "GET", maps("/surveys/s-form"));
    expect(survey.body.rates).toMatchObject({ roster: 5, opened: 1, started: 0, submitted: 0 });
  });

  it("shows viewers the survey with protected actors under their pseudonyms", async () => {
    const viewer = await memberSession(app, mapId, "viewer");
    for (const path of ["/surveys/s-form", "/surveys/s-form/respondents"]) {
      const r = await callWith(app, viewer.headers, "GET", maps(path));
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toMatch(/garcia|Garcia|shelter|Quiet Shelter/);
      expect(JSON.stringify(r.body)).toContain("Riverbend Library");
    }
    const editor = await call(app, "GET", maps("/surveys/s-form"));
    expect(editor.body.roster.map((a: { name: string }) => a.name)).toContain("Garcia family");
  });

  it("reaches only its own form: other tokens, map routes and other maps answer 404", async () => {
    const mine = t.riverbend!;
    const saved = await anonymous("PUT", respond(mine, "/answers"), {
      ...EMPTY,
      partners: [{ actorId: "harbor", type: "partners_with", frequency: "monthly", strength: 3 }],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // Another respondent's form holds its own (empty) answers, never this one's.
    expect((await anonymous("GET", respond(t.harbor!))).body.answers).toEqual(EMPTY);
    // A token one character off, an API-token-like one, an unknown one: the same 404 and message.
    const altered = mine.slice(0, -1) + (mine.endsWith("A") ? "B" : "A");
    for (const token of [altered, "svy_nothing", "atl_nothing", "x"]) {
      for (const [method, path, body] of [
        ["GET", "", undefined],
        ["PUT", "/answers", EMPTY],
        ["POST", "/submit", EMPTY],
      ] as const) {
        const r = await anonymous(method, respond(token, path), body);
        expect(r.status, `${method} ${token}${path}`).toBe(404);
        expect(r.body.message).toBe("This survey link is not valid");
      }
    }
    // The token opens no map route, as a share link or any other way.
    for (const url of [maps(), maps("/graph"), maps("/surveys"), maps("/surveys/s-form/respondents")]) {
      expect((await callWith(app, { "x-atlas-share": mine }, "GET", url)).status, url).toBe(404);
      expect((await anonymous("GET", `${url}?share=${encodeURIComponent(mine)}`)).status, url).toBe(404);
    }
    expect((await callWith(app, { "x-atlas-share": mine }, "GET", `/api/maps/${otherMapId}`)).status).toBe(404);
    expect((await call(app, "GET", `/api/maps/${otherMapId}/surveys/s-form`)).status).toBe(404);
    // What the respondent saved is still its own.
    expect((await anonymous("GET", respond(mine))).body.answers.partners).toHaveLength(1);
  });

  it("takes answers from a browser signed in to the atlas too: the link is the credential, not the session", async () => {
    const editor = await memberSession(app, mapId, "editor");
    const { "x-csrf-token": _csrf, ...cookieOnly } = editor.headers;
    for (const [method, path] of [
      ["PUT", "/answers"],
      ["POST", "/submit"],
    ] as const) {
      const r = await callWith(app, cookieOnly, method, respond(t.garcia!, path), EMPTY);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // Still a write to the map needs the session's CSRF token.
    expect((await callWith(app, cookieOnly, "POST", maps("/actors"), { name: "x", type: "school" })).status).toBe(403);
  });

  it("refuses bad answers with 400 naming the field, and stages nothing", async () => {
    const token = t.harbor!;
    const good = { ...EMPTY, partners: [{ actorId: "riverbend", type: "mentors", frequency: "weekly", strength: 2 }] };
    expect((await anonymous("PUT", respond(token, "/answers"), good)).status).toBe(200);
    const before = (await anonymous("GET", respond(token))).body;
    const cases: [object, string][] = [
      [{ ...EMPTY, partners: [...good.partners, { ...good.partners[0], strength: 7 }] }, "partners[1].strength"],
      [{ ...EMPTY, partners: [{ ...good.partners[0], actorId: "garcia" }] }, "partners[0].actorId"],
      [{ ...EMPTY, partners: [{ ...good.partners[0], actorId: "harbor" }] }, "partners[0].actorId"],
      [
        {
          ...EMPTY,
          needs: [{ category: "spaceships", title: "Rockets", quantity: 2, priority: "high" }],
        },
        "needs[0].category",
      ],
      [
        {
          ...EMPTY,
          needs: [{ id: "northside-laptops", category: "technology", title: "Mine", quantity: 2, priority: "high" }],
        },
        "needs[0].id",
      ],
      [{ ...EMPTY, offerings: [{ title: "x" }] }, "offerings[0].category"],
      [{ partners: [], needs: [] }, "offerings"],
      [{ ...EMPTY, extra: true }, "extra"],
    ];
    for (const [body, field] of cases) {
      for (const path of ["/answers", "/submit"]) {
        const r = await anonymous(path === "/answers" ? "PUT" : "POST", respond(token, path), body);
        expect(r.status, `${field} ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.issues.map((i: { field: string }) => i.field)).toContain(field);
      }
    }
    const after = (await anonymous("GET", respond(token))).body;
    expect(after.answers).toEqual(before.answers);
    expect(after.respondent).toEqual(before.respondent);
    expect(after.respondent.status).toBe("started");
    expect((await call(app, "GET", maps("/surveys/s-form/submissions/harbor"))).status).toBe(404);
  });

  it("keeps a submission submitted when saved again, replacing it with the latest answers", async () => {
    const token = t.riverbend!;
    const first = await anonymous("POST", respond(token, "/submit"), EMPTY);
    expect(first.body).toEqual({ status: "submitted", submittedAt: expect.any(String) });
    expect((await call(app, "GET", maps("/surveys/s-form/submissions/riverbend"))).body.changes).toEqual([]);
    const again = await anonymous("PUT", respond(token, "/answers"), {
      ...EMPTY,
      offerings: [{ category: "tutoring", title: "Reading room", capacity: 12, modality: "in_person" }],
    });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("submitted");
    const sub = (await call(app, "GET", maps("/surveys/s-form/submissions/riverbend"))).body;
    expect(sub.changes).toMatchObject([
      { key: "offering:new:0", kind: "add_offering", summary: "adds an offering 'Reading room' (12)" },
    ]);
    expect((await anonymous("GET", respond(token))).body.respondent.status).toBe("submitted");
  });

  it("refuses answers once the survey is closed (409) and takes them again once reopened", async () => {
    const token = t.northside!;
    expect((await call(app, "PATCH", maps("/surveys/s-form"), { status: "closed" })).status).toBe(200);
    const form = await anonymous("GET", respond(token));
    expect(form.status).toBe(200);
    expect(form.body.survey.closed).toBe(true);
    for (const [method, path] of [
      ["PUT", "/answers"],
      ["POST", "/submit"],
    ] as const) {
      const r = await anonymous(method, respond(token, path), EMPTY);
      expect(r.status).toBe(409);
      expect(r.body.message).toBe(`This survey closed on ${IN_A_MONTH.slice(0, 10)}`);
    }
    expect((await call(app, "PATCH", maps("/surveys/s-form"), { status: "open" })).status).toBe(200);
    expect((await anonymous("PUT", respond(token, "/answers"), EMPTY)).status).toBe(200);
  });

  it("refuses answers once the closing time has passed (409)", async () => {
    const created = await createSurvey({ id: "s-past", roster: { actorIds: ["riverbend", "harbor"] } });
    expect(created.status).toBe(201);
    const token = (await tokens("s-past")).riverbend!;
    expect((await anonymous("PUT", respond(token, "/answers"), EMPTY)).status).toBe(200);
    const past = await call(app, "PATCH", maps("/surveys/s-past"), { closesAt: "2026-01-31T17:00:00+01:00" });
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ closesAt: "2026-01-31T16:00:00.000Z", status: "closed" });
    const r = await anonymous("POST", respond(token, "/submit"), EMPTY);
    expect(r.status).toBe(409);
    expect(r.body.message).toBe("This survey closed on 2026-01-31");
    // Reopening needs a closing time still ahead.
    const reopen = await call(app, "PATCH", maps("/surveys/s-past"), { status: "open" });
    expect(reopen.status).toBe(400);
    expect(reopen.body.issues[0].field).toBe("closesAt");
    // So does a new round: it keeps the survey's closing time unless given one.
    const stale = await call(app, "POST", maps("/surveys/s-past/rounds"));
    expect(stale.status).toBe(400);
    expect(stale.body.issues[0].field).toBe("closesAt");
    const next = await call(app, "POST", maps("/surveys/s-past/rounds"), { closesAt: IN_A_MONTH });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect(next.body).toMatchObject({ round: 2, status: "open", closesAt: IN_A_MONTH });
    const fresh = (await tokens("s-past")).riverbend!;
    expect((await anonymous("POST", respond(fresh, "/submit"), EMPTY)).status).toBe(200);
  });
});

describe("surveys: many respondents at once", () => {
  it("stages each of 100 simultaneous submissions exactly once", async () => {
    const big = await newMap(app, "survey-100");
    for (let i = 0; i < 100; i++) {
      const r = await call(app, "POST", `/api/maps/${big}/actors`, {
        id: `org-${i}`,
        name: `Org ${i}`,
        type: "nonprofit",
      });
      expect(r.status).toBe(201);
    }
    const created = await createSurvey({ id: "s-100", roster: { types: ["nonprofit"] } }, big);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.rates.roster).toBe(100);
    const t = await tokens("s-100", big);
    const replies = await Promise.all(
      Object.entries(t).map(([actorId, token]) => {
        const i = Number(actorId.slice(4));
        return anonymous("POST", respond(token, "/submit"), {
          ...EMPTY,
          partners: [{ actorId: `org-${(i + 1) % 100}`, type: "partners_with", frequency: "monthly", strength: 2 }],
        });
      }),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(100).fill(200));
    const survey = await call(app, "GET", `/api/maps/${big}/surveys/s-100`);
    expect(survey.body.rates).toMatchObject({ roster: 100, started: 100, submitted: 100, responseRate: 1 });
    const respondents = await call(app, "GET", `/api/maps/${big}/surveys/s-100/respondents`);
    expect(respondents.body.filter((r: { status: string }) => r.status === "submitted")).toHaveLength(100);
    for (const actorId of ["org-0", "org-57", "org-99"]) {
      const sub = await call(app, "GET", `/api/maps/${big}/surveys/s-100/submissions/${actorId}`);
      expect(sub.body.changes).toHaveLength(1);
    }
    // Nothing reached the map.
    expect((await call(app, "GET", `/api/maps/${big}`)).body.counts.relationships).toBe(0);
  }, 60_000);
});

describe("surveys: review", () => {
  let t: Record<string, string>;
  const sub = (actorId: string) => maps(`/surveys/s-review/submissions/${actorId}`);

  beforeAll(async () => {
    const created = await createSurvey({ id: "s-review", roster: { actorIds: ["riverbend", "northside", "harbor"] } });
    expect(created.status).toBe(201);
    t = await tokens("s-review");
  });

  it("turns a submission into a change list; accepting part writes only that, with provenance", async () => {
    const answers = {
      partners: [
        { actorId: "riverbend", type: "mentors", frequency: "weekly", strength: 4, trust: [4, 3, 4], value: [3, 3, 2] },
        { actorId: "harbor", type: "supplies", frequency: "monthly", strength: 2 },
      ],
      needs: [
        { id: "northside-laptops", category: "technology/devices", title: "Laptops", quantity: 45, priority: "high" },
        { category: "tutoring", title: "Math tutors", quantity: 6, priority: "medium" },
      ],
      offerings: [{ category: "tutoring", title: "Study hall space", capacity: 20, modality: "in_person" }],
    };
    const submitted = await anonymous("POST", respond(t.northside!, "/submit"), answers);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.status).toBe("submitted");
    const s = await call(app, "GET", sub("northside"));
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ actorId: "northside", round: 1, submittedAt: submitted.body.submittedAt });
    expect(
      s.body.changes.map((c: { key: string; kind: string; decision: string }) => [c.key, c.kind, c.decision]),
    ).toEqual([
      ["tie:riverbend:mentors", "add_tie", "pending"],
      ["tie:harbor:supplies", "add_tie", "pending"],
      ["need:northside-laptops", "change_need", "pending"],
      ["need:new:1", "add_need", "pending"],
      ["offering:new:0", "add_offering", "pending"],
    ]);
    const summaries = s.body.changes.map((c: { summary: string }) => c.summary);
    expect(summaries[0]).toBe("adds a mentors tie to Riverbend Library");
    expect(s.body.changes[2]).toMatchObject({ before: { quantity: 30 }, after: { quantity: 45 } });

    const before = (await call(app, "GET", maps())).body;
    const decided = await call(app, "POST", `${sub("northside")}/decide`, {
      accept: ["tie:riverbend:mentors", "need:northside-laptops", "need:new:1"],
      reject: ["offering:new:0"],
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.changes.map((c: { decision: string }) => c.decision)).toEqual([
      "accepted",
      "pending",
      "accepted",
      "accepted",
      "rejected",
    ]);
    const after = (await call(app, "GET", maps())).body;
    expect(after.counts.relationships - before.counts.relationships).toBe(1);
    expect(after.counts.needs - before.counts.needs).toBe(1);
    expect(after.counts.offerings - before.counts.offerings).toBe(0);
    // One write: one version step for all of it.
    expect(after.version - before.version).toBe(1);

    const ties = (await call(app, "GET", maps("/relationships?actorId=northside"))).body.items;
    expect(ties).toHaveLength(1);
    expect(ties[0]).toMatchObject({
      from: "northside",
      to: "riverbend",
      type: "mentors",
      weight: 4,
      reportedBy: ["northside"],
      provenance: { surveyId: "s-review", round: 1, respondentId: "northside" },
    });
    // The accepted tie's PARTNER ratings, for the survey scores; the pending one's are not counted.
    expect(await app.store.surveyDecisions.acceptedRatings(mapId, "s-review")).toEqual([
      { rater: "northside", rated: "riverbend", trust: [4, 3, 4], value: [3, 3, 2] },
    ]);
    const laptops = (await call(app, "GET", maps("/needs/northside-laptops"))).body;
    expect(laptops).toMatchObject({ quantity: 45, provenance: { surveyId: "s-review", respondentId: "northside" } });
    expect(laptops.provenance.acceptedBy).toBeTruthy();
    const needs = (await call(app, "GET", maps("/needs?actorId=northside"))).body.items;
    expect(needs.find((n: { title: string }) => n.title === "Math tutors")).toMatchObject({
      quantity: 6,
      unit: "people",
      status: "open",
      provenance: { surveyId: "s-review", round: 1 },
    });
    const history = (await call(app, "GET", maps("/history?actorId=northside"))).body.items;
    expect(history[0].summary).toMatch(/^Survey 's-review' round 1, answer of 'northside': /);
    expect(
      history
        .slice(0, 3)
        .map((e: { action: string; entityType: string }) => `${e.action} ${e.entityType}`)
        .sort(),
    ).toEqual(["create need", "create relationship", "update need"]);
    // A rejected change cannot then be taken back, nor an accepted one rejected; unknown keys name their field.
    const again = await call(app, "POST", `${sub("northside")}/decide`, { reject: ["tie:riverbend:mentors"] });
    expect(again.status).toBe(400);
    expect(again.body.issues[0].field).toBe("reject[0]");
    const unknown = await call(app, "POST", `${sub("northside")}/decide`, { accept: ["tie:nobody:funds"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0].field).toBe("accept[0]");
    // Accepting what was accepted writes nothing twice.
    const repeat = await call(app, "POST", `${sub("northside")}/decide`, { accept: ["need:new:1"] });
    expect(repeat.status).toBe(200);
    expect((await call(app, "GET", maps())).body.counts.needs).toBe(after.counts.needs);
  });

  it("confirms a tie named by both respondents and accepted from both (reportedBy has both)", async () => {
    const mentors = { type: "partners_with", frequency: "monthly", strength: 3 };
    expect(
      (
        await anonymous("POST", respond(t.riverbend!, "/submit"), {
          ...EMPTY,
          partners: [{ actorId: "harbor", ...mentors }],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await anonymous("POST", respond(t.harbor!, "/submit"), {
          ...EMPTY,
          partners: [{ actorId: "riverbend", ...mentors }],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(app, "POST", maps("/surveys/s-review/submissions/riverbend/decide"), {
          accept: ["tie:harbor:partners_with"],
        })
      ).status,
    ).toBe(200);
    const second = await call(app, "POST", maps("/surveys/s-review/submissions/harbor/decide"), {
      accept: ["tie:riverbend:partners_with"],
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const ties = (await call(app, "GET", maps("/relationships?actorId=harbor&type=partners_with"))).body.items;
    expect(ties).toHaveLength(1);
    expect([...ties[0].reportedBy].sort()).toEqual(["harbor", "riverbend"]);
    expect(ties[0].provenance.respondentId).toBe("harbor");
    const survey = (await call(app, "GET", maps("/surveys/s-review"))).body;
    // Reported ties between roster members: northside->riverbend (one side), riverbend-harbor (both).
    expect(survey.rates.reciprocity).toBe(0.5);
    // The next opening of the form shows the confirmed tie as the organisation's.
    const form = (await anonymous("GET", respond(t.harbor!))).body;
    expect(form.current.partners).toContainEqual({ actorId: "riverbend", type: "partners_with" });
    // A directed tie pointing at the organisation is its partner's to report: its own form leaves it out.
    const own = (await anonymous("GET", respond(t.riverbend!))).body;
    const itsTies = (await call(app, "GET", maps("/relationships?actorId=riverbend&limit=100"))).body.items;
    const incoming = itsTies.filter(
      (r: { to: string; type: string }) => r.to === "riverbend" && r.type !== "partners_with",
    );
    expect(incoming.length).toBeGreaterThan(0);
    for (const r of incoming) expect(own.current.partners).not.toContainEqual({ actorId: r.from, type: r.type });
  });

  it("confirms a tie both sides' submissions name when both are accepted at the same moment: one tie, not two", async () => {
    const refers = { type: "refers_to", frequency: "quarterly", strength: 2 };
    for (const [from, to] of [
      ["northside", "harbor"],
      ["harbor", "northside"],
    ] as const) {
      const r = await anonymous("POST", respond(t[from]!, "/submit"), {
        ...EMPTY,
        partners: [{ actorId: to, ...refers }],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const [a, b] = await Promise.all([
      call(app, "POST", maps("/surveys/s-review/submissions/northside/decide"), { accept: ["tie:harbor:refers_to"] }),
      call(app, "POST", maps("/surveys/s-review/submissions/harbor/decide"), { accept: ["tie:northside:refers_to"] }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const ties = (await call(app, "GET", maps("/relationships?actorId=harbor&type=refers_to"))).body.items;
    expect(ties).toHaveLength(1);
    expect([...ties[0].reportedBy].sort()).toEqual(["harbor", "northside"]);
  });

  it("exports accepted items without their provenance, so the file imports into another map", async () => {
    const exported = await call(app, "GET", maps("/export"));
    expect(exported.status).toBe(200);
    const text = typeof exported.body === "string" ? exported.body : JSON.stringify(exported.body);
    expect(text).not.toMatch(/provenance|reportedBy/);
    const copy = await newMap(app, "survey-copy");
    const imported = await upload(app, copy, [{ name: "map.json", data: text }]);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const [original, copied] = [await call(app, "GET", maps()), await call(app, "GET", `/api/maps/${copy}`)];
    expect(copied.body.counts).toEqual(original.body.counts);
  });

  it("runs a new round: new links, empty answers, the old links closed, accepted items keep their round", async () => {
    const old = t.northside!;
    const next = await call(app, "POST", maps("/surveys/s-review/rounds"));
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ round: 2, status: "open", rates: { roster: 3, opened: 0, submitted: 0 } });
    const fresh = await tokens("s-review");
    expect(fresh.northside).not.toBe(old);
    expect((await anonymous("GET", respond(old))).status).toBe(404);
    const form = await anonymous("GET", respond(fresh.northside!));
    expect(form.status).toBe(200);
    expect(form.body.survey.round).toBe(2);
    expect(form.body.answers).toEqual(EMPTY);
    expect(form.body.respondent.status).toBe("not_opened");
    expect((await call(app, "GET", maps("/surveys/s-review/submissions/northside"))).status).toBe(404);
    const laptops = (await call(app, "GET", maps("/needs/northside-laptops"))).body;
    expect(laptops.provenance.round).toBe(1);
  });

  it("deletes a survey with its staged answers; its links stop working", async () => {
    const created = await createSurvey({ id: "s-delete", roster: { actorIds: ["riverbend", "harbor"] } });
    expect(created.status).toBe(201);
    const token = (await tokens("s-delete")).riverbend!;
    expect((await anonymous("PUT", respond(token, "/answers"), EMPTY)).status).toBe(200);
    expect((await call(app, "DELETE", maps("/surveys/s-delete"))).status).toBe(204);
    expect((await anonymous("GET", respond(token))).status).toBe(404);
    expect((await call(app, "GET", maps("/surveys/s-delete"))).status).toBe(404);
  });

  it("goes with its map: a map made again under the same id has no surveys, and the old links open nothing", async () => {
    const id = await newMap(app, "survey-gone");
    for (const actor of ["a1", "a2"])
      expect(
        (await call(app, "POST", `/api/maps/${id}/actors`, { id: actor, name: actor, type: "school" })).status,
      ).toBe(201);
    expect((await createSurvey({ id: "s-gone", roster: { actorIds: ["a1", "a2"] } }, id)).status).toBe(201);
    const token = (await tokens("s-gone", id)).a1!;
    expect((await anonymous("GET", respond(token))).status).toBe(200);
    expect((await call(app, "DELETE", `/api/maps/${id}`)).status).toBe(204);
    expect((await call(app, "POST", "/api/maps", { id, name: "again" })).status).toBe(201);
    for (const actor of ["a1", "a2"])
      expect(
        (await call(app, "POST", `/api/maps/${id}/actors`, { id: actor, name: actor, type: "school" })).status,
      ).toBe(201);
    expect((await call(app, "GET", `/api/maps/${id}/surveys`)).body.items).toEqual([]);
    expect((await anonymous("GET", respond(token))).status).toBe(404);
  });
});
