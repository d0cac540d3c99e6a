// @vitest-environment jsdom
// The Funders tab and the map overview show what the server's funding and summary analyses answer (stubbed fetch).
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FunderLens } from "../../client/src/components/FunderLens";
import { MapOverview } from "../../client/src/components/MapOverview";
import type { Funding, NetworkSummary } from "../../client/src/core/api";
import { AtlasProvider, createQueryClient } from "../../client/src/core/context";
import { formatMoney, funderRowKey, funderRows } from "../../client/src/core/funders";
import { createAtlasStore, getEmptyAtlasState } from "../../client/src/core/store";
import { tinyView } from "./fixtures";

const tie = (id: string, from: string, to: string, amount: number | null, currency: string | null) => ({
  id,
  from,
  to,
  fromName: from.toUpperCase(),
  toName: to.toUpperCase(),
  amount,
  currency,
});
const funding: Funding = {
  mapVersion: 1,
  ties: [tie("t1", "f1", "s1", 100, "USD"), tie("t2", "f1", "s2", 900, "USD"), tie("t3", "f1", "s3", null, "USD")],
  funders: [
    { id: "f1", name: "F1", type: "funder", currency: "USD", total: 1000, recipients: 3, ties: 3, unstated: 1 },
  ],
  coFunded: [],
  unreached: [{ id: "s9", name: "Nine School", type: "school", score: 0.71, reasons: ["15 devices short"] }],
};
const summary: NetworkSummary = {
  mapVersion: 1,
  nodes: 4,
  edges: 3,
  density: 0.5,
  components: { count: 2, largest: 3 },
  averageClustering: 0,
  paths: {
    diameter: 2,
    averagePathLength: 4 / 3,
    componentSize: 3,
    approximate: false,
    sources: 3,
    threshold: 2000,
    seed: 42,
  },
  reciprocity: { directedTies: 1, reciprocated: 0, value: 0 },
  modularity: 0.25,
  communities: 2,
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

beforeEach(() => {
  vi.stubGlobal("fetch", async (input: string) => {
    if (input === "/api/maps/tiny/graph") return json(tinyView());
    if (input.startsWith("/api/maps/tiny/analysis/funding")) return json(funding);
    if (input === "/api/maps/tiny/analysis/summary") return json(summary);
    return json({ statusCode: 404, error: "Not Found", message: `Route GET ${input} not found` }, 404);
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const show = (ui: React.ReactNode) =>
  render(
    <AtlasProvider store={createAtlasStore(getEmptyAtlasState("tiny"))} queryClient={createQueryClient()}>
      {ui}
    </AtlasProvider>,
  );

describe("funders tab", () => {
  it("groups the server's ties under their funder, largest amount first and unstated last", () => {
    expect(funderRows(funding).map((r) => r.ties.map((t) => t.id))).toEqual([["t2", "t1", "t3"]]);
  });

  it("gives a funder one row per currency, each with its own ties, and unstated amounts on the first row", () => {
    const two: Funding = {
      ...funding,
      ties: [tie("g1", "f1", "s1", 300, "GBP"), tie("u1", "f1", "s2", 100, "USD"), tie("n1", "f1", "s3", null, null)],
      funders: [
        { id: "f1", name: "F1", type: "funder", currency: "GBP", total: 300, recipients: 2, ties: 2, unstated: 1 },
        { id: "f1", name: "F1", type: "funder", currency: "USD", total: 100, recipients: 1, ties: 1, unstated: 0 },
      ],
    };
    const rows = funderRows(two);
    expect(rows.map((r) => [funderRowKey(r), r.ties.map((t) => t.id)])).toEqual([
      ["f1:GBP", ["g1", "n1"]],
      ["f1:USD", ["u1"]],
    ]);
  });

  it("writes money with its currency when known", () => {
    expect(formatMoney(5000, "USD")).toMatch(/^USD 5.000$/);
    expect(formatMoney(250, null)).toBe("250");
  });

  it("shows funders with their totals and the under-served no funder reaches", async () => {
    show(<FunderLens />);
    const tab = await screen.findByTestId("funders");
    expect(within(tab).getByText("F1")).toBeTruthy();
    expect(within(tab).getByText(/3 grants · USD 1.000 · 1 without an amount/)).toBeTruthy();
    const unreached = within(tab).getByTestId("unreached");
    expect(within(unreached).getByText("Nine School")).toBeTruthy();
    expect(within(unreached).getByText("0.71")).toBeTruthy();
  });
});

describe("map overview", () => {
  it("shows the network summary", async () => {
    show(<MapOverview />);
    const figures = await screen.findByTestId("network-summary");
    const value = (label: string) => within(figures).getByText(label).nextElementSibling?.textContent;
    expect(value("Density")).toBe("0.500");
    expect(value("Components")).toBe("2 (largest 3)");
    expect(value("Diameter")).toBe("2");
    expect(value("Average path")).toBe("1.33");
    expect(value("Reciprocity")).toBe("0%");
    expect(value("Modularity")).toBe("0.25");
  });
});
