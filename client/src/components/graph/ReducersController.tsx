// Highlighting and hiding, through Sigma's reducers only: the graph's attributes stay as loaded.
import { useSigma } from "@react-sigma/core";
import { useEffect, useMemo } from "react";
import { CANDIDATE, FADED_EDGE, FADED_NODE } from "../../core/appearance";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import {
  useAppearance,
  useEcosystem,
  useFilters,
  useNeedMatchesQuery,
  useSelection,
  useVisibleActors,
} from "../../core/hooks";
import { readMatches } from "../../core/matches";

const HOVER_EMPHASIS_MAX_ORDER = 5_000;

export function ReducersController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const eco = useEcosystem();
  const visible = useVisibleActors();
  const { relationshipTypes } = useFilters();
  const { hoveredActorId, selectedActorId, selectedNeedId, path } = useSelection();
  const { showLabels } = useAppearance();
  const matches = useNeedMatchesQuery(selectedNeedId);
  // On very large maps hovering only shows the label: re-running the reducers on every hover would stutter.
  const hovered = eco && eco.view.actors.length <= HOVER_EMPHASIS_MAX_ORDER ? hoveredActorId : null;

  const candidates = useMemo(() => {
    if (!eco || !selectedNeedId || !matches.data?.available) return new Set<string>();
    return new Set(readMatches(matches.data.data, eco, selectedNeedId).flatMap((c) => (c.actorId ? [c.actorId] : [])));
  }, [eco, selectedNeedId, matches.data]);

  useEffect(() => {
    const graph = sigma.getGraph();
    const centre = hovered ?? selectedActorId;
    const shownTypes = relationshipTypes.length ? new Set<string>(relationshipTypes) : null;
    const onPath = new Set(path);
    const pathEdges = new Set<string>();
    for (let i = 1; i < path.length; i++) {
      const a = path[i - 1]!;
      const b = path[i]!;
      if (graph.hasNode(a) && graph.hasNode(b))
        for (const e of graph.edges(a, b).concat(graph.edges(b, a))) pathEdges.add(e);
    }
    let emphasis: Set<string> | null = null;
    if (centre && graph.hasNode(centre)) {
      emphasis = new Set([centre, ...graph.neighbors(centre), ...candidates, ...onPath]);
    }

    sigma.setSetting("nodeReducer", (node, data) => {
      const res = { ...data };
      if (visible && !visible.has(node) && node !== selectedActorId) {
        res.hidden = true;
        return res;
      }
      if (!showLabels) res.label = "";
      if (emphasis && !emphasis.has(node)) {
        res.color = FADED_NODE;
        res.label = "";
        res.zIndex = 0;
        return res;
      }
      res.zIndex = 1;
      if (candidates.has(node) || onPath.has(node)) {
        res.forceLabel = true;
        res.label = data.label;
        res.zIndex = 2;
      }
      if (node === centre || node === selectedActorId) {
        res.highlighted = true;
        res.forceLabel = true;
        res.label = data.label;
        res.zIndex = 3;
      }
      return res;
    });
    sigma.setSetting("edgeReducer", (edge, data) => {
      if (shownTypes && !shownTypes.has(data.relType)) return { ...data, hidden: true };
      if (pathEdges.has(edge)) return { ...data, color: CANDIDATE, size: Math.max(data.size * 2, 3), zIndex: 2 };
      if (emphasis && centre) {
        const [s, t] = graph.extremities(edge);
        if (s !== centre && t !== centre) return { ...data, color: FADED_EDGE, zIndex: 0 };
        return { ...data, zIndex: 1, size: data.size * 1.4 };
      }
      return data;
    });
  }, [sigma, visible, relationshipTypes, hovered, selectedActorId, showLabels, candidates, path]);

  return null;
}
