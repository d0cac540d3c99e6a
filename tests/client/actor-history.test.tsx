// @vitest-environment jsdom
// The actor's history in its details panel: collapsed until opened, then each entry with when, who and what changed
// (field: before -> after); editors and owners see it, viewers do not.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActorHistory, changesOf, shortValue } from "../../client/src/components/ActorHistory";
import { AtlasProvider, createQueryClient } from "../../client/src/core/context";
import { createAtlasStore, getEmptyAtlasState } from "../../client/src/core/store";
import { tinyView } from "./fixtures";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const entry = {
  id: "e1",
  at: "2026-05-01T10:00:00.000Z",
  user: { id: "u1", name: "Dana" },
  via: "session",
  action: "update",
  entityType: "actor",
  entityId: "a",
  summary: "Updated actor 'Oak Club': name, tags",
  before: { id: "a", name: "Oak", tags: [], updatedAt: "2026-04-01T00:00:00.000Z" },
  after: { id: "a", name: "Oak Club", tags: ["youth", "sport"], updatedAt: "2026-05-01T10:00:00.000Z" },
};

let historyUrls: string[];
let graphLoads: number;
let access: { reach: string; redacted: boolean } | undefined;

beforeEach(() => {
  historyUrls = [];
  graphLoads = 0;
  access = undefined;
  vi.stubGlobal("fetch", async (input: string) => {
    if (input === "/api/maps/tiny/graph") {
      graphLoads++;
      const view = tinyView();
      return json(200, { ...view, map: { ...view.map, ...(access ? { access } : {}) } });
    }
    if (input.startsWith("/api/maps/tiny/history?")) {
      historyUrls.push(input);
      return json(200, { items: [entry], total: 1, limit: 20, offset: 0 });
    }
    return json(404, { statusCode: 404, error: "Not Found", message: "not found" });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function show() {
  render(
    <AtlasProvider store={createAtlasStore(getEmptyAtlasState("tiny"))} queryClient={createQueryClient()}>
      <ActorHistory actorId="a" />
    </AtlasProvider>,
  );
}

describe("what an entry changed", () => {
  it("lists changed fields with before and after, timestamps aside", () => {
    expect(changesOf(entry)).toEqual([
      { field: "name", before: "Oak", after: "Oak Club" },
      { field: "tags", before: "", after: "youth, sport" },
    ]);
    expect(changesOf({ before: null, after: entry.after })).toEqual([]);
  });

  it("shows absent values as a dash and shortens long ones", () => {
    expect(shortValue(undefined)).toBe("—");
    expect(shortValue({ lat: 1, lon: 2 })).toBe('{"lat":1,"lon":2}');
    expect(shortValue("x".repeat(200))).toHaveLength(80);
  });
});

describe("the actor's history", () => {
  it("fetches nothing until opened, then shows who changed what", async () => {
    access = { reach: "editor", redacted: false };
    show();
    const details = (await screen.findByTestId("actor-history")) as HTMLDetailsElement;
    expect(historyUrls).toEqual([]);
    details.open = true;
    details.dispatchEvent(new Event("toggle"));
    await screen.findByText("Updated actor 'Oak Club': name, tags");
    expect(historyUrls).toEqual(["/api/maps/tiny/history?actorId=a&limit=20"]);
    expect(details.textContent).toContain("Dana");
    const lines = [...details.querySelectorAll(".changes li")].map((li) => li.textContent);
    expect(lines).toEqual(["name: Oak → Oak Club", "tags:  → youth, sport"]);
  });

  it("is not offered to a viewer", async () => {
    access = { reach: "viewer", redacted: true };
    show();
    // The map's access decides, once it has loaded.
    await waitFor(() => expect(graphLoads).toBe(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId("actor-history")).toBeNull();
    expect(historyUrls).toEqual([]);
  });
});
