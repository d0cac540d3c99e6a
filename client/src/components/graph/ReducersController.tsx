// Highlighting and hiding, through Sigma's reducers only: the graph's attributes stay as loaded. Everything the
// reducers look up is built here once per change (sets of actors and ties), so each call is a few O(1) checks;
// Sigma hands reducers a copy of the attributes, which they change in place rather than copy again.
import { useSigma } from "@react-sigma/core";
import { useEffect, useMemo } from "react";
import { CANDIDATE, FADED_EDGE, FADED_NODE } from "../../core/appearance";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import {
  useAppearance,
  useEcosystem,
  useFilters,
  useHighlight,
  useHoveredActorId,
  useNeedMatchesQuery,
  usePath,
  useSelectedActorId,
  useSelectedNeedId,
  useVisibleActors,
} from "../../core/hooks";
import { readCandidates } from "../../core/matches";
import { oneSidedTieIds } from "../../core/surveyAnalysis";
import { resetLabelBoxes } from "./labels";

const HOVER_EMPHASIS_MAX_ORDER = 5_000;
const NONE: ReadonlySet<string> = new Set();
/** A tie whose end would split the network: the one red on the map, with the width telling it apart too. */
const CUT_TIE = "#DC2626";

export function ReducersController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const eco = useEcosystem();
  const visible = useVisibleActors();
  const { relationshipTypes, confirmedTiesOnly } = useFilters();
  const hoveredActorId = useHoveredActorId();
  const selectedActorId = useSelectedActorId();
  const selectedNeedId = useSelectedNeedId();
  const path = usePath();
  const { showLabels } = useAppearance();
  const matches = useNeedMatchesQuery(selectedNeedId);
  const highlight = useHighlight();
  // On very large maps hovering only shows the label: re-running the reducers on every hover would stutter.
  const hovered = eco && eco.view.actors.length <= HOVER_EMPHASIS_MAX_ORDER ? hoveredActorId : null;
  // A list's highlight (a single point of failure and whom it strands) wins over the selection, not over the pointer.
  const lit = hovered ? null : highlight;
  const centre = hovered ?? (lit ? null : selectedActorId);

  const oneSided = useMemo(
    () => (eco && confirmedTiesOnly ? oneSidedTieIds(eco.view.relationships) : NONE),
    [eco, confirmedTiesOnly],
  );
  const candidates = useMemo(() => {
    if (!eco || !selectedNeedId || !matches.data) return NONE;
    return new Set(readCandidates(matches.data).flatMap((c) => (c.actorId ? [c.actorId] : [])));
  }, [eco, selectedNeedId, matches.data]);
  // Neighbourhoods and path ties come from the graph, which changes with each version of the map; without a centre or
  // a path the reducers do not depend on it, and a new version needs no new reducers.
  const structure = centre || path.length > 1 || lit ? eco : null;

  // Each frame starts with no label drawn (labels.ts skips those that would overlap).
  useEffect(() => {
    sigma.on("beforeRender", resetLabelBoxes);
    return () => {
      sigma.off("beforeRender", resetLabelBoxes);
    };
  }, [sigma]);

  useEffect(() => {
    const graph = sigma.getGraph();
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
    let centreEdges: Set<string> | null = null;
    if (centre && graph.hasNode(centre)) {
      emphasis = new Set([centre, ...graph.neighbors(centre), ...candidates, ...onPath]);
      centreEdges = new Set(graph.edges(centre));
    }
    // Lit: the item itself drawn highlighted, the actors it concerns kept in colour with their labels, and the ties
    // among them; a cut tie in the warning colour.
    const litFocus = new Set(lit?.focus ?? []);
    const litTies = new Set<string>();
    // Past a few dozen, forced labels would pile up; the grid picks among them as usual.
    const litLabels = !!lit && lit.focus.length + lit.related.length <= 40;
    if (lit) {
      emphasis = new Set([...lit.focus, ...lit.related]);
      if (selectedActorId) emphasis.add(selectedActorId);
      centreEdges = new Set();
      for (const id of emphasis)
        if (graph.hasNode(id))
          for (const e of graph.edges(id)) if (emphasis.has(graph.opposite(id, e))) centreEdges.add(e);
      for (const [a, b] of lit.ties)
        if (graph.hasNode(a) && graph.hasNode(b))
          for (const e of graph.edges(a, b).concat(graph.edges(b, a))) litTies.add(e);
    }

    sigma.setSetting("nodeReducer", (node, data) => {
      if (visible && !visible.has(node) && node !== selectedActorId) {
        data.hidden = true;
      } else if (emphasis && !emphasis.has(node)) {
        data.color = FADED_NODE;
        data.label = "";
        data.zIndex = 0;
      } else if (node === centre || node === selectedActorId || litFocus.has(node)) {
        data.highlighted = true;
        data.forceLabel = true;
        data.zIndex = 3;
      } else if (candidates.has(node) || onPath.has(node) || litLabels) {
        data.forceLabel = true;
        data.zIndex = 2;
      } else {
        if (!showLabels) data.label = "";
        data.zIndex = 1;
      }
      return data;
    });
    sigma.setSetting("edgeReducer", (edge, data) => {
      if ((shownTypes && !shownTypes.has(data.relType)) || oneSided.has(edge)) {
        data.hidden = true;
      } else if (litTies.has(edge)) {
        data.color = CUT_TIE;
        data.size = Math.max(data.size * 2.5, 4);
        data.zIndex = 2;
      } else if (pathEdges.has(edge)) {
        data.color = CANDIDATE;
        data.size = Math.max(data.size * 2, 3);
        data.zIndex = 2;
      } else if (centreEdges) {
        if (centreEdges.has(edge)) {
          data.size *= 1.4;
          data.zIndex = 1;
        } else {
          data.color = FADED_EDGE;
          data.zIndex = 0;
        }
      }
      return data;
    });
    // `structure` stands for the graph the sets above were built from.
  }, [
    sigma,
    structure,
    visible,
    relationshipTypes,
    oneSided,
    centre,
    selectedActorId,
    showLabels,
    candidates,
    path,
    lit,
  ]);

  return null;
}
