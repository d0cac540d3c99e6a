// Match candidates of the selected need, drawn as dashed lines from the needing actor to each candidate's actor,
// and a warm-introduction path as a solid line through its steps. Sigma has no dashed edge program, so these go
// on a canvas layer of their own, redrawn after each Sigma frame.
import { useSigma } from "@react-sigma/core";
import { useEffect, useMemo, useRef } from "react";
import { CANDIDATE } from "../../core/appearance";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import { useEcosystem, useNeedMatchesQuery, usePath, useSelectedNeedId } from "../../core/hooks";
import { readCandidates } from "../../core/matches";
import { clearOverlay } from "./overlay";

interface Overlay {
  from: string | null;
  to: string[];
  path: string[];
}

const isEmpty = ({ from, to, path }: Overlay) => !(from && to.length) && path.length < 2;

export function CandidateEdgesController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const eco = useEcosystem();
  const selectedNeedId = useSelectedNeedId();
  const path = usePath();
  const matches = useNeedMatchesQuery(selectedNeedId);
  const overlay = useRef<Overlay>({ from: null, to: [], path: [] });

  const next = useMemo<Overlay>(() => {
    const need = selectedNeedId ? eco?.needs.get(selectedNeedId) : undefined;
    const to =
      need && eco && matches.data
        ? readCandidates(matches.data).flatMap((c) => (c.actorId && c.actorId !== need.actorId ? [c.actorId] : []))
        : [];
    return { from: need?.actorId ?? null, to: [...new Set(to)], path };
  }, [eco, selectedNeedId, matches.data, path]);

  useEffect(() => {
    const canvas = sigma.createCanvas("candidates", { afterLayer: "edges", style: { pointerEvents: "none" } });
    canvas.classList.add("sigma-candidates");
    // Sigma draws many frames while the camera moves; an empty layer left untouched costs the compositor nothing.
    let drawn = false;
    const draw = () => {
      const { from, to, path: steps } = overlay.current;
      const empty = isEmpty(overlay.current);
      if (empty && !drawn) return;
      drawn = !empty;
      const ctx = clearOverlay(sigma, canvas);
      if (!ctx) return;
      if (empty) return;
      const at = (id: string) => {
        const d = sigma.getNodeDisplayData(id);
        return d ? sigma.framedGraphToViewport(d) : null;
      };
      ctx.lineCap = "round";
      if (from) {
        const a = at(from);
        if (a) {
          ctx.strokeStyle = CANDIDATE;
          ctx.lineWidth = 2;
          ctx.setLineDash([7, 6]);
          for (const id of to) {
            const b = at(id);
            if (!b) continue;
            ctx.beginPath();
            ctx.moveTo(a.x, a.y);
            ctx.lineTo(b.x, b.y);
            ctx.stroke();
          }
        }
      }
      if (steps.length > 1) {
        ctx.setLineDash([]);
        ctx.strokeStyle = CANDIDATE;
        ctx.lineWidth = 4;
        ctx.globalAlpha = 0.85;
        ctx.beginPath();
        steps.forEach((id, i) => {
          const p = at(id);
          if (!p) return;
          if (i === 0) ctx.moveTo(p.x, p.y);
          else ctx.lineTo(p.x, p.y);
        });
        ctx.stroke();
        ctx.globalAlpha = 1;
      }
    };
    sigma.on("afterRender", draw);
    return () => {
      sigma.off("afterRender", draw);
      // Sigma may be gone already (killed by its container); then so is the layer.
      if (sigma.getCanvases().candidates) sigma.killLayer("candidates");
    };
  }, [sigma]);

  useEffect(() => {
    const shown = !isEmpty(overlay.current);
    overlay.current = next;
    // A frame costs a second on large maps in software WebGL: none for an overlay that stays empty.
    if (shown || !isEmpty(next)) sigma.scheduleRender();
  }, [next, sigma]);

  return null;
}
