// Layouts: ForceAtlas2 iterating in a web worker while `running`; the community and geographic layouts animate actors
// to their places and back to where ForceAtlas2 left them. Actors added to the map go next to their neighbours (or to
// the centre of the view) and the camera brings them into view.
import { useSigma } from "@react-sigma/core";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import { useEffect, useRef } from "react";
import type Sigma from "sigma";
import { animateNodes } from "sigma/utils";
import { positionsOf, type AtlasGraph, type EdgeAttrs, type NodeAttrs, type Positions } from "../../core/graph";
import { useActions, useEcosystem, useLayoutState, useMetrics } from "../../core/hooks";
import {
  communityPositions,
  fa2Settings,
  framing,
  geoLayout,
  placeNear,
  type LayoutKind,
  type Point,
} from "../../core/layout";

/** ForceAtlas2 stops by itself after this long; it has settled by then on maps of any size we draw. */
const MAX_RUN_MS = 30_000;
/** Up to this many actors added at once (a form, not an import), the camera goes to them. */
const FOLLOW_NEW_MAX = 3;

type AtlasSigma = Sigma<NodeAttrs, EdgeAttrs>;

/** The graph point at the centre of the view, and how many graph units 40 pixels are there. */
function viewCentre(sigma: AtlasSigma): { centre: Point; offset: number } {
  const { width, height } = sigma.getDimensions();
  const centre = sigma.viewportToGraph({ x: width / 2, y: height / 2 });
  const aside = sigma.viewportToGraph({ x: width / 2 + 40, y: height / 2 });
  const offset = Math.hypot(aside.x - centre.x, aside.y - centre.y);
  return { centre, offset: Number.isFinite(offset) && offset > 0 ? offset : 1 };
}

/** Unlocated actors are hidden in the geographic layout (the tray lists them) and shown again in the others. */
function showUnlocated(sigma: AtlasSigma, kind: LayoutKind, unlocated: readonly string[]): void {
  const graph = sigma.getGraph();
  if (kind === "geo") for (const id of unlocated) graph.setNodeAttribute(id, "hidden", true);
  else graph.forEachNode((id, a) => a.hidden && graph.removeNodeAttribute(id, "hidden"));
}

export function LayoutController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const eco = useEcosystem();
  const { community } = useMetrics();
  const { kind, running } = useLayoutState();
  const { layout, selection } = useActions();
  // Where ForceAtlas2 (or the first layout) left the actors, to go back to from the other layouts.
  const forcePositions = useRef<Positions | null>(null);
  const shown = useRef<{ mapId: string | null; ids: Set<string> }>({ mapId: null, ids: new Set() });

  useEffect(() => {
    if (!running || !eco) return;
    const graph = sigma.getGraph();
    const fa2 = new FA2Layout(graph, { settings: fa2Settings(graph), getEdgeWeight: "weight" });
    fa2.start();
    const timer = setTimeout(() => layout.setLayoutRunning(false), MAX_RUN_MS);
    return () => {
      clearTimeout(timer);
      fa2.kill();
    };
  }, [running, eco, sigma, layout]);

  // Switching layouts. The community layout waits for the communities when they are not in yet.
  const applied = useRef<LayoutKind>(kind);
  const moving = useRef<(() => void) | null>(null);
  useEffect(() => () => moving.current?.(), []);
  const communityReady = kind !== "community" || !!community;
  useEffect(() => {
    const from = applied.current;
    if (from === kind || !communityReady) return;
    applied.current = kind;
    const graph = sigma.getGraph();
    if (from === "force") forcePositions.current = positionsOf(graph);
    let target: Positions;
    if (kind === "geo") {
      const geo = geoLayout(graph);
      target = geo.positions;
      showUnlocated(sigma, "geo", geo.unlocated);
    } else {
      showUnlocated(sigma, kind, []);
      if (kind === "community") target = communityPositions(graph, community!);
      else if (forcePositions.current && !running) target = backToForce(graph, forcePositions.current);
      else return;
    }
    const moves = Object.fromEntries([...target].filter(([id]) => graph.hasNode(id)));
    // Only the next switch stops this move: new communities or a new version of the map arriving meanwhile do not.
    moving.current?.();
    moving.current = animateNodes(graph, moves, { duration: 700 }, () => {
      moving.current = null;
      selection.zoomToFit();
    });
  }, [kind, communityReady, running, sigma, selection, community]);

  // A new version of the map: actors that were not there before get their place in the current layout.
  useEffect(() => {
    if (!eco) return;
    const graph = sigma.getGraph();
    const mapId = eco.view.map.id;
    const before = shown.current;
    shown.current = { mapId, ids: new Set(graph.nodes()) };
    if (applied.current === "geo") {
      const geo = geoLayout(graph);
      for (const [id, p] of geo.positions) graph.mergeNodeAttributes(id, p);
      showUnlocated(sigma, "geo", geo.unlocated);
    }
    if (before.mapId !== mapId) return;
    const added = graph.nodes().filter((id) => !before.ids.has(id));
    if (!added.length) return;
    if (applied.current !== "geo") {
      const { centre, offset } = viewCentre(sigma);
      for (const id of added) {
        const near = graph
          .neighbors(id)
          .filter((m) => before.ids.has(m))
          .map((m) => ({ x: graph.getNodeAttribute(m, "x"), y: graph.getNodeAttribute(m, "y") }));
        graph.mergeNodeAttributes(id, placeNear(id, near, centre, offset));
      }
    }
    if (added.length <= FOLLOW_NEW_MAX) {
      const onScreen = added.filter((id) => !graph.getNodeAttribute(id, "hidden"));
      if (onScreen.length) bringIntoView(sigma, onScreen);
    }
  }, [eco, sigma]);

  // Positions for tests and tools: graph and viewport coordinates of every actor drawn, and whether the camera is
  // still moving (a frame may not come for a while on a busy machine, so equal positions alone do not say so).
  useEffect(() => {
    const probe = () => {
      const graph = sigma.getGraph();
      const { width, height } = sigma.getDimensions();
      const nodes: Record<string, { x: number; y: number; vx: number; vy: number; hidden: boolean }> = {};
      graph.forEachNode((id, a) => {
        const v = sigma.graphToViewport({ x: a.x, y: a.y });
        nodes[id] = { x: a.x, y: a.y, vx: v.x, vy: v.y, hidden: !!a.hidden };
      });
      return { kind: applied.current, width, height, animating: sigma.getCamera().isAnimated(), nodes };
    };
    (window as unknown as { atlasLayout?: typeof probe }).atlasLayout = probe;
    return () => {
      delete (window as unknown as { atlasLayout?: typeof probe }).atlasLayout;
    };
  }, [sigma]);

  return null;
}

/** Saved ForceAtlas2 positions; actors added since go next to their saved neighbours. */
function backToForce(graph: AtlasGraph, saved: Positions): Positions {
  const out: Positions = new Map();
  let sx = 0;
  let sy = 0;
  for (const p of saved.values()) {
    sx += p.x;
    sy += p.y;
  }
  const centre = saved.size ? { x: sx / saved.size, y: sy / saved.size } : { x: 0, y: 0 };
  graph.forEachNode((id) => {
    const p = saved.get(id);
    if (p) out.set(id, p);
  });
  graph.forEachNode((id) => {
    if (out.has(id)) return;
    const near = graph.neighbors(id).flatMap((m) => (saved.has(m) ? [saved.get(m)!] : []));
    out.set(id, placeNear(id, near, centre, 1));
  });
  return out;
}

/** Pans to new actors once they are drawn: tiny maps are framed whole, larger ones keep their zoom. */
function bringIntoView(sigma: AtlasSigma, ids: readonly string[]): void {
  const move = () => {
    const graph = sigma.getGraph();
    const camera = sigma.getCamera();
    if (graph.order <= 3) {
      const all: Point[] = [];
      graph.forEachNode((id) => {
        const d = sigma.getNodeDisplayData(id);
        if (d && !d.hidden) all.push(d);
      });
      const frame = framing(all, 0.05);
      if (frame) camera.animate(frame, { duration: 500 });
      return;
    }
    const points = ids.flatMap((id) => {
      const d = sigma.getNodeDisplayData(id);
      return d ? [d] : [];
    });
    const frame = framing(points, camera.ratio);
    if (frame) camera.animate({ x: frame.x, y: frame.y }, { duration: 500 });
  };
  sigma.once("afterRender", move);
  sigma.scheduleRender();
}
