// @vitest-environment jsdom
// Components in jsdom against a stubbed fetch: forms show client-side and API field errors inline; the table sorts
// and is keyboard navigable; search suggests actors as you type; the matches panel accepts the proposed amount in its
// unit and lists near misses apart.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActorCombobox } from "../../client/src/components/ActorCombobox";
import { ActorTable } from "../../client/src/components/ActorTable";
import { EditorDialog } from "../../client/src/components/forms/EditorDialog";
import { MatchesPanel } from "../../client/src/components/MatchesPanel";
import { AtlasProvider, createQueryClient } from "../../client/src/core/context";
import { useEcosystem } from "../../client/src/core/hooks";
import { createAtlasStore, getEmptyAtlasState, type AtlasStore } from "../../client/src/core/store";
import { tinyView } from "./fixtures";

interface Call {
  method: string;
  url: string;
  body?: unknown;
}
let calls: Call[];
let onPost: (url: string, body: unknown) => { status: number; body: unknown };

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

beforeEach(() => {
  calls = [];
  onPost = () => ({ status: 500, body: { statusCode: 500, error: "x", message: "unexpected" } });
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url: input, body });
    if (method === "POST") {
      const r = onPost(input, body);
      return json(r.status, r.body);
    }
    if (input === "/api/maps/tiny/graph") return json(200, tinyView());
    if (input.startsWith("/api/maps?")) return json(200, { items: [tinyView().map], total: 1, limit: 1000, offset: 0 });
    return json(404, { statusCode: 404, error: "Not Found", message: `Route GET ${input.split("?")[0]} not found` });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function setup(ui: React.ReactNode, patch: (s: ReturnType<typeof getEmptyAtlasState>) => void = () => {}): AtlasStore {
  const initial = getEmptyAtlasState("tiny");
  patch(initial);
  const store = createAtlasStore(initial);
  render(
    <AtlasProvider store={store} queryClient={createQueryClient()}>
      {ui}
    </AtlasProvider>,
  );
  return store;
}

describe("the actor editor", () => {
  it("shows a zod error next to the field and sends nothing", async () => {
    setup(<EditorDialog />, (s) => (s.ui.editor = { kind: "actor" }));
    const dialog = await screen.findByRole("dialog", { name: "New actor" });
    fireEvent.change(within(dialog).getByLabelText("Name"), { target: { value: "Oak Club" } });
    fireEvent.change(within(dialog).getByLabelText("Latitude"), { target: { value: "200" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Create actor" }));
    const lat = within(dialog).getByLabelText("Latitude");
    await waitFor(() => expect(lat.getAttribute("aria-invalid")).toBe("true"));
    const error = dialog.querySelector('[data-error-for="location.lat"]');
    expect(error?.textContent).toMatch(/90/);
    expect(lat.getAttribute("aria-describedby")).toContain(error!.id);
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("shows the API's field errors inline", async () => {
    onPost = () => ({
      status: 400,
      body: {
        statusCode: 400,
        error: "Bad Request",
        message: "url: not reachable",
        issues: [{ field: "url", message: "not reachable" }],
      },
    });
    setup(<EditorDialog />, (s) => (s.ui.editor = { kind: "actor" }));
    const dialog = await screen.findByRole("dialog", { name: "New actor" });
    fireEvent.change(within(dialog).getByLabelText("Name"), { target: { value: "Oak Club" } });
    fireEvent.change(within(dialog).getByLabelText("Website"), { target: { value: "https://oak.example" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Create actor" }));
    await waitFor(() => expect(dialog.querySelector('[data-error-for="url"]')?.textContent).toBe("not reachable"));
    expect(within(dialog).getByTestId("form-error").textContent).toBe("url: not reachable");
    const post = calls.find((c) => c.method === "POST");
    expect(post).toMatchObject({
      url: "/api/maps/tiny/actors",
      body: { name: "Oak Club", type: "school", url: "https://oak.example" },
    });
    // Still open: nothing was created.
    expect(screen.getByRole("dialog")).toBeTruthy();
  });
});

describe("the table", () => {
  it("sorts by a column and moves between rows with the keyboard", async () => {
    const store = setup(<ActorTable />);
    const table = await screen.findByRole("table", { name: "Actors" });
    const names = () => [...table.querySelectorAll("tbody tr[data-actor-id] td.name")].map((td) => td.textContent);
    await waitFor(() => expect(names()).toEqual(["Alder School", "Birch Fund", "Cedar Library", "Dogwood Tech"]));
    fireEvent.click(within(table).getByRole("button", { name: /Degree/ }));
    expect(names()).toEqual(["Alder School", "Cedar Library", "Birch Fund", "Dogwood Tech"]);
    expect(table.querySelector('th[aria-sort="descending"]')?.textContent).toContain("Degree");
    fireEvent.click(within(table).getByRole("button", { name: /Name/ }));
    fireEvent.click(within(table).getByRole("button", { name: /Name/ }));
    expect(names()).toEqual(["Dogwood Tech", "Cedar Library", "Birch Fund", "Alder School"]);

    const first = table.querySelector<HTMLElement>('tbody tr[data-index="0"]')!;
    expect(first.tabIndex).toBe(0);
    first.focus();
    fireEvent.keyDown(first, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement?.getAttribute("data-index")).toBe("1"));
    fireEvent.keyDown(document.activeElement!, { key: "Enter" });
    expect(store.getState().selection.selectedActorId).toBe("lib-c");
  });
});

describe("search", () => {
  it("suggests actors as you type and picks one with the keyboard", async () => {
    const picked: string[] = [];
    setup(<ActorCombobox label="Search actors" onPick={(h) => picked.push(h.id)} />);
    const input = screen.getByRole("combobox", { name: "Search actors" });
    await waitFor(() => expect(calls.some((c) => c.url === "/api/maps/tiny/graph")).toBe(true));
    await act(async () => {
      fireEvent.change(input, { target: { value: "d" } });
    });
    await waitFor(() => expect(screen.getAllByRole("option").length).toBeGreaterThan(0));
    const options = screen.getAllByRole("option").map((o) => o.getAttribute("data-actor-id"));
    expect(options[0]).toBe("biz-d"); // "Dogwood Tech" starts with d; the others only contain it
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(input.getAttribute("aria-activedescendant")).toBe(screen.getAllByRole("option")[1]!.id);
    fireEvent.keyDown(input, { key: "Enter" });
    expect(picked).toEqual([options[1]]);
  });
});

describe("the matches panel", () => {
  const need = tinyView().needs.find((n) => n.id === "n1")!;
  const fit = (offeringId: string, title: string, remainingCapacity: number) => ({
    needId: "n1",
    offeringId,
    needActorId: "school-a",
    needActorName: "Alder School",
    offeringActorId: "biz-d",
    offeringActorName: "Dogwood Tech",
    needTitle: "Laptops",
    offeringTitle: title,
    needCategory: "technology/devices",
    offeringCategory: "technology/devices",
    categoryRelation: "same",
    score: 0.8,
    breakdown: { category: 1, text: 0.4, geography: 1, capacity: 1, network: 0.5, equity: 0.3 },
    weights: { category: 0.3, text: 0.15, geography: 0.15, capacity: 0.15, network: 0.15, equity: 0.1 },
    modality: "both",
    distanceKm: null,
    reachKm: null,
    remainingCapacity,
    // 30 needed less the 12 of the proposed commitment c1 (the declined c2 does not count) = 18 still needed.
    quantityNeeded: 18,
    unit: "devices",
    proposedAmount: Math.min(remainingCapacity, 18),
    sharedWords: ["laptop"],
    priority: "critical",
    introductionPath: null,
    explanation: `Dogwood Tech offers ${title.toLowerCase()}.`,
  });
  const { proposedAmount: _p, ...pantry } = {
    ...fit("o2", "Pantry", 5),
    offeringActorId: "lib-c",
    offeringActorName: "Cedar Library",
    offeringCategory: "food",
    categoryRelation: "unrelated",
  };
  const response = {
    mapVersion: 1,
    needId: "n1",
    // 25 left: min(25, 18) = 18; nothing left: min(0, 18) = 0, so no Accept.
    candidates: [fit("o1", "Refurbished laptops", 25), fit("o9", "Spare tablets", 0)],
    nearMisses: [
      {
        ...pantry,
        offeringUnit: "kits",
        reasons: [
          { code: "unrelated_category", text: "another category: offers food, needs technology/devices" },
          { code: "other_unit", text: "another unit: offers kits, needs devices" },
        ],
        explanation:
          "Not a fit (another category: offers food, needs technology/devices; another unit: offers kits, needs devices): Cedar Library offers pantry.",
      },
    ],
  };

  /** The panel sits inside the map view, which renders it only once the map is loaded. */
  function Loaded() {
    return useEcosystem() ? <MatchesPanel need={need} /> : null;
  }

  it("accepts the proposed amount in the need's unit and lists near misses apart without Accept", async () => {
    const stubbed = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: string, init?: RequestInit) =>
      input === "/api/maps/tiny/needs/n1/matches" && init?.method === "GET"
        ? json(200, response)
        : stubbed(input, init),
    );
    onPost = (url, body) => ({ status: 201, body: { id: "c9", unit: "devices", ...(body as object), url } });
    setup(<Loaded />);
    const panel = await screen.findByTestId("matches");
    await waitFor(() => expect(panel.querySelectorAll("li.candidate")).toHaveLength(2));

    const [laptops, tablets] = [...panel.querySelectorAll<HTMLElement>("li.candidate")];
    expect(within(laptops!).getByTestId("accept-candidate").textContent).toContain("Accept (18 devices)");
    expect(within(tablets!).queryByTestId("accept-candidate")).toBeNull();
    expect(tablets!.textContent).toContain("No capacity left on this offering.");

    const group = within(panel).getByTestId("near-misses");
    expect(within(group).getByRole("heading").textContent).toBe("Near misses — not a fit");
    const miss = group.querySelector<HTMLElement>('li.near-miss[data-offering-id="o2"]')!;
    expect([...miss.querySelectorAll(".near-miss-reasons li")].map((li) => li.textContent)).toEqual([
      "another category: offers food, needs technology/devices",
      "another unit: offers kits, needs devices",
    ]);
    expect(miss.querySelector(".explanation")?.textContent).toBe("Cedar Library offers pantry.");
    expect(within(group).queryByTestId("accept-candidate")).toBeNull();
    expect(panel.querySelector('li.candidate[data-offering-id="o2"]')).toBeNull();

    // Accept asks for the amount (prefilled with the 18 proposed) and who proposes it, then posts.
    fireEvent.click(within(laptops!).getByTestId("accept-candidate"));
    const dialog = await screen.findByTestId("accept-dialog");
    expect(within(dialog).getByLabelText<HTMLInputElement>("Amount (devices)").value).toBe("18");
    fireEvent.change(within(dialog).getByLabelText("Your name"), { target: { value: "Ana" } });
    fireEvent.click(within(dialog).getByTestId("accept-confirm"));
    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toHaveLength(1));
    expect(calls.find((c) => c.method === "POST")).toMatchObject({
      url: "/api/maps/tiny/commitments",
      body: { offeringId: "o1", needId: "n1", amount: 18, status: "proposed", by: "Ana" },
    });
  });
});
