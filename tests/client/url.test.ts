// Shareable views: the view written to a query string and read back, defaults left out, bad values ignored.
import { describe, expect, it } from "vitest";
import { getEmptyAtlasState } from "../../client/src/core/store";
import { applyView, viewFromSearch, viewOf, viewToParams, writeView, type UrlView } from "../../client/src/core/url";
import { openActor, selectActor, setHighlight } from "../../client/src/core/selection";

const empty = (): UrlView => viewOf(getEmptyAtlasState("riverbend"));

describe("view <-> query string", () => {
  it("leaves every default out: a plain view is just its map", () => {
    expect(viewToParams(empty()).toString()).toBe("map=riverbend");
    expect(viewFromSearch("?map=riverbend")).toEqual(empty());
  });

  it("writes map, selection, tab, filters, focus, layout, sizing and colouring, and reads the same view back", () => {
    const v: UrlView = {
      ...empty(),
      selectedActorId: "riverbend-library",
      selectedNeedId: "need-laptops",
      panel: "structure",
      view: "table",
      filters: {
        actorTypes: ["school", "library"],
        relationshipTypes: ["funds"],
        categories: ["technology/devices"],
        regions: ["North, upper", "50% East"],
        thresholdMetric: "pagerank",
        threshold: 0.25,
        focus: { actorId: "pine-hollow-elementary", depth: 2 },
      },
      layout: "geo",
      appearance: { sizeMetric: "betweenness", colorBy: "community", showLabels: false },
    };
    const search = viewToParams(v).toString();
    expect(search).toBe(
      "map=riverbend&actor=riverbend-library&need=need-laptops&tab=structure&view=table&types=school%2Clibrary" +
        "&ties=funds&cats=technology%2Fdevices&regions=North%252C+upper%2C50%2525+East&min=0.25&by=pagerank" +
        "&focus=pine-hollow-elementary&depth=2&layout=geo&size=betweenness&color=community&labels=off",
    );
    // The commas inside a region name survive the comma-separated list; so does a percent sign.
    expect(viewFromSearch(search)).toEqual(v);
  });

  it("ignores values it does not know and falls back to the defaults", () => {
    const v = viewFromSearch(
      "map=m1&tab=nonsense&view=sideways&types=school,spaceship&min=-3&by=none&layout=3d&size=x",
    );
    expect(v.panel).toBe("details");
    expect(v.view).toBe("map");
    expect(v.filters.actorTypes).toEqual(["school"]);
    expect(v.filters.threshold).toBe(0);
    expect(v.filters.thresholdMetric).toBe("degree");
    expect(v.layout).toBe("force");
    expect(v.appearance.sizeMetric).toBe("degree");
    // A threshold above the top is the top (1); a need without an actor means nothing.
    expect(viewFromSearch("min=7&need=n1").filters.threshold).toBe(1);
    expect(viewFromSearch("min=7&need=n1").selectedNeedId).toBeNull();
  });

  it("rounds the threshold to three decimals (no float noise in links)", () => {
    const v = { ...empty(), filters: { ...empty().filters, threshold: 0.1 + 0.2 } };
    expect(viewToParams(v).get("min")).toBe("0.3");
  });

  it("keeps parameters it does not own where they were and replaces its own", () => {
    const v = { ...empty(), panel: "gaps" as const };
    expect(writeView("?utm=mail&map=old&actor=a1&tab=queue", v)).toBe("?utm=mail&map=riverbend&tab=gaps");
    expect(writeView("", { ...empty(), mapId: null })).toBe("");
  });

  it("applies a link's view to the store and keeps what a link does not carry", () => {
    const state = getEmptyAtlasState("old");
    state.selection.hoveredActorId = "h1";
    state.ui.toast = { text: "hi", tone: "info", nonce: 1 };
    const next = applyView(viewFromSearch("map=riverbend&actor=a1&tab=gaps&types=school&layout=geo&color=community"))(
      state,
    );
    expect(next.ui).toMatchObject({ mapId: "riverbend", panel: "gaps", view: "map", toast: state.ui.toast });
    expect(next.selection).toMatchObject({ selectedActorId: "a1", hoveredActorId: "h1", selectedNeedId: null });
    expect(next.filters.actorTypes).toEqual(["school"]);
    expect(next.layout.kind).toBe("geo");
    expect(next.appearance.colorBy).toBe("community");
    expect(viewOf(next)).toEqual(viewFromSearch(viewToParams(viewOf(next)).toString()));
  });
});

describe("opening an actor", () => {
  it("selects it, asks the camera for it and shows its details, from any tab", () => {
    const state = getEmptyAtlasState("m");
    state.ui.panel = "gaps";
    const next = openActor("a1")(state);
    expect(next.selection.selectedActorId).toBe("a1");
    expect(next.selection.camera).toEqual({ kind: "actors", ids: ["a1"], nonce: 1 });
    expect(next.ui.panel).toBe("details");
  });

  it("drops a highlight about another actor, keeps one about a tie, and clears all with the selection", () => {
    const about = { key: "articulation:a1", focus: ["a1"], related: ["b"], ties: [], actorId: "a1" };
    const tie = { key: "bridge:a:b", focus: ["a", "b"], related: ["b"], ties: [["a", "b"]] as Array<[string, string]> };
    const s = setHighlight(about)(getEmptyAtlasState().selection);
    expect(selectActor("a1")(s).highlight).toBe(about);
    expect(selectActor("a2")(s).highlight).toBeNull();
    const t = setHighlight(tie)(s);
    expect(selectActor("a2")(t).highlight).toBe(tie);
    expect(selectActor(null)(t).highlight).toBeNull();
  });
});
