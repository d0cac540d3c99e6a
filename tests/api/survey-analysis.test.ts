// The analysis of survey data against the real Neo4j: a survey answered through its links and accepted by an editor
// makes confirmed and unconfirmed ties; "confirmed ties only" leaves the one-sided ones out of the graph analyses;
// reciprocity, the response rate with its non-respondents, and trust and value are the hand-computed values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, callWith, memberSession, newMap } from "../helpers/app";

let app: App;
let mapId: string;

const maps = (path = "") => `/api/maps/${mapId}${path}`;
const IN_A_MONTH = new Date(Date.now() + 30 * 86_400_000).toISOString();
type Items = [1 | 2 | 3 | 4, 1 | 2 | 3 | 4, 1 | 2 | 3 | 4];
const partner = (actorId: string, trust: Items, value: Items) => ({
  actorId,
  type: "partners_with",
  frequency: "monthly",
  strength: 3,
  trust,
  value,
});

/** Submits through the respondent's own link and accepts every change of the submission. */
async function answerAndAccept(token: string, actorId: string, partners: object[]) {
  const sent = await callWith(app, {}, "POST", `/api/respond/${encodeURIComponent(token)}/submit`, {
    partners,
    needs: [],
    offerings: [],
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const sub = maps(`/surveys/s1/submissions/${actorId}`);
  const changes = (await call(app, "GET", sub)).body.changes as { key: string }[];
  const decided = await call(app, "POST", `${sub}/decide`, { accept: changes.map((c) => c.key) });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
}

beforeAll(async () => {
  app = await buildTestApp();
  mapId = await newMap(app, "survey-analysis");
  for (const [id, type] of [
    ["a", "nonprofit"],
    ["b", "nonprofit"],
    ["c", "school"],
    ["d", "library"],
    ["garcia", "family"],
  ] as const)
    expect((await call(app, "POST", maps("/actors"), { id, name: `Actor ${id.toUpperCase()}`, type })).status).toBe(
      201,
    );
  // A need, so the gaps view rates school c.
  const need = { actorId: "c", category: "technology/devices", title: "Laptops", quantity: 5, priority: "high" };
  expect((await call(app, "POST", maps("/needs"), need)).status).toBe(201);
  // Typed by hand: no survey reported it, so it counts as confirmed.
  expect(
    (await call(app, "POST", maps("/relationships"), { from: "a", to: "d", type: "partners_with", weight: 1 })).status,
  ).toBe(201);
  const created = await call(app, "POST", maps("/surveys"), {
    id: "s1",
    title: "Who works with whom",
    closesAt: IN_A_MONTH,
    questions: { partners: true, needs: false, offerings: false, ratings: true },
    roster: { actorIds: ["a", "b", "c", "d", "garcia"] },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const respondents = (await call(app, "GET", maps("/surveys/s1/respondents"))).body as {
    actorId: string;
    link: string;
  }[];
  const token = (id: string) =>
    decodeURIComponent(
      new URL(respondents.find((r) => r.actorId === id)!.link, "http://atlas.test").searchParams.get("respond")!,
    );
  // a names b and c; b names a back; c answers with no partner; d and the family do not answer.
  await answerAndAccept(token("a"), "a", [partner("b", [4, 4, 4], [2, 2, 2]), partner("c", [1, 2, 3], [3, 3, 4])]);
  await answerAndAccept(token("b"), "b", [partner("a", [3, 3, 3], [4, 4, 4])]);
  await answerAndAccept(token("c"), "c", []);
}, 60_000);
afterAll(async () => {
  await call(app, "DELETE", maps());
  await app.close();
});

describe("analysis of survey data", () => {
  it("tells confirmed from unconfirmed ties on the map", async () => {
    const ties = (await call(app, "GET", maps("/graph"))).body.relationships as {
      from: string;
      to: string;
      reportedBy?: string[];
    }[];
    const byPair = Object.fromEntries(ties.map((t) => [[t.from, t.to].sort().join("-"), t.reportedBy ?? []]));
    expect(byPair["a-b"]!.sort()).toEqual(["a", "b"]);
    expect(byPair["a-c"]).toEqual(["a"]);
    expect(byPair["a-d"]).toEqual([]);
  });

  it("answers reciprocity, the response rate with the non-respondents, and trust and value", async () => {
    const r = await call(app, "GET", maps("/analysis/survey"));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { network, surveys, actors } = r.body;
    expect(network).toMatchObject({
      reciprocity: 0.5, // a-b confirmed, a-c not
      reportedTies: 2,
      confirmedTies: 1,
      surveyed: 5,
      responseRate: 0.6,
      nonRespondents: ["d", "garcia"],
      trust: { mean: 3, count: 3 }, // (4 + 2 + 3) / 3
    });
    expect(network.value.count).toBe(3);
    expect(network.value.mean).toBeCloseTo((2 + 10 / 3 + 4) / 3, 12);
    expect(surveys).toEqual([
      {
        id: "s1",
        title: "Who works with whom",
        round: 1,
        roster: 5,
        submitted: 3,
        responseRate: 0.6,
        nonRespondents: ["d", "garcia"],
      },
    ]);
    const byId = Object.fromEntries(actors.map((a: { id: string }) => [a.id, a]));
    expect(byId.a).toMatchObject({
      trust: { mean: 3, count: 1 },
      value: { mean: 4, count: 1 },
      confirmedTies: 1,
      unconfirmedTies: 1,
      responded: true,
    });
    expect(byId.b).toMatchObject({ trust: { mean: 4, count: 1 }, value: { mean: 2, count: 1 }, confirmedTies: 1 });
    expect(byId.c).toMatchObject({ trust: { mean: 2, count: 1 }, unconfirmedTies: 1, responded: true });
    expect(byId.c.value.mean).toBeCloseTo(10 / 3, 12);
    expect(byId.d).toMatchObject({ trust: null, value: null, surveyed: true, responded: false });
  });

  it("counts only confirmed ties, and their ratings, when asked", async () => {
    const r = await call(app, "GET", maps("/analysis/survey?ties=confirmed"));
    expect(r.status).toBe(200);
    expect(r.body.network).toMatchObject({
      reciprocity: 1,
      reportedTies: 1,
      confirmedTies: 1,
      trust: { mean: 3.5, count: 2 },
      value: { mean: 3, count: 2 },
    });
    expect(r.body.actors.find((a: { id: string }) => a.id === "c")).toMatchObject({ trust: null, value: null });
  });

  it("leaves one-sided ties out of the graph analyses with ties=confirmed, and keeps both answers apart", async () => {
    const degree = async (ties: string) => {
      const r = await call(app, "GET", maps(`/analysis/centrality?metrics=degree${ties}`));
      expect(r.status).toBe(200);
      return Object.fromEntries(r.body.actors.map((a: { id: string; degree: number }) => [a.id, a.degree]));
    };
    expect(await degree("")).toMatchObject({ a: 3, b: 1, c: 1, d: 1 });
    expect(await degree("&ties=confirmed")).toMatchObject({ a: 2, b: 1, c: 0, d: 1 });
    expect(await degree("&ties=all")).toMatchObject({ a: 3, c: 1 });
    const isolates = async (ties: string) =>
      (await call(app, "GET", maps(`/analysis/structure?ties=${ties}`))).body.isolates.map((x: { id: string }) => x.id);
    expect(await isolates("all")).toEqual(["garcia"]);
    expect((await isolates("confirmed")).sort()).toEqual(["c", "garcia"]);
    const summary = async (ties: string) => (await call(app, "GET", maps(`/analysis/summary?ties=${ties}`))).body;
    expect((await summary("all")).edges).toBe(3);
    expect((await summary("confirmed")).edges).toBe(2);
    const schoolC = async (ties: string) =>
      (await call(app, "GET", maps(`/analysis/gaps?ties=${ties}`))).body.underServed.find(
        (u: { actorId: string }) => u.actorId === "c",
      );
    expect((await schoolC("all")).degree).toBe(1);
    expect((await schoolC("confirmed")).degree).toBe(0);
    expect((await call(app, "GET", maps("/analysis/centrality?ties=some"))).status).toBe(400);
  });

  it("shows protected non-respondents to a viewer under their pseudonym only", async () => {
    const viewer = await memberSession(app, mapId, "viewer");
    const r = await callWith(app, viewer.headers, "GET", maps("/analysis/survey"));
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain("garcia");
    expect(text).not.toContain("Actor GARCIA");
    expect(r.body.network.nonRespondents).toHaveLength(2);
    expect(r.body.network.nonRespondents[0]).toBe("d");
  });

  it("drops a tie's ratings with the tie", async () => {
    const ties = (await call(app, "GET", maps("/graph"))).body.relationships as {
      id: string;
      from: string;
      to: string;
    }[];
    const ac = ties.find((t) => [t.from, t.to].sort().join("-") === "a-c")!;
    expect((await call(app, "DELETE", maps(`/relationships/${ac.id}`))).status).toBe(204);
    const r = await call(app, "GET", maps("/analysis/survey"));
    expect(r.body.network).toMatchObject({
      reportedTies: 1,
      trust: { mean: 3.5, count: 2 },
      value: { mean: 3, count: 2 },
    });
    expect(r.body.actors.find((a: { id: string }) => a.id === "c")).toMatchObject({ trust: null, unconfirmedTies: 0 });
  });
});
