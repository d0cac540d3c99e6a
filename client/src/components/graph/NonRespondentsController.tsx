// Actors a survey asked that did not answer its current round, drawn with a dashed grey ring: their ties are missing
// data, not missing ties. Sigma's node program draws discs only, so the rings go on a canvas layer of their own,
// redrawn after each Sigma frame, for the actors the reducers left shown.
import { useSigma } from "@react-sigma/core";
import { useEffect, useRef } from "react";
import type { EdgeAttrs, NodeAttrs } from "../../core/graph";
import { useSurveyAnalysisQuery } from "../../core/hooks";
import { NON_RESPONDENT_RING, nonRespondents } from "../../core/surveyAnalysis";
import { clearOverlay } from "./overlay";

export function NonRespondentsController() {
  const sigma = useSigma<NodeAttrs, EdgeAttrs>();
  const analysis = useSurveyAnalysisQuery();
  const missing = useRef<ReadonlySet<string>>(new Set());

  useEffect(() => {
    const canvas = sigma.createCanvas("non-respondents", { afterLayer: "nodes", style: { pointerEvents: "none" } });
    canvas.classList.add("sigma-non-respondents");
    let drawn = false;
    const draw = () => {
      const ids = missing.current;
      // An empty layer left untouched costs the compositor nothing while the camera moves.
      if (!ids.size && !drawn) return;
      drawn = ids.size > 0;
      const ctx = clearOverlay(sigma, canvas);
      if (!ctx || !ids.size) return;
      const { color, dash, gap, width } = NON_RESPONDENT_RING;
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash([...dash]);
      for (const id of ids) {
        const d = sigma.getNodeDisplayData(id);
        if (!d || d.hidden) continue;
        const p = sigma.framedGraphToViewport(d);
        ctx.beginPath();
        ctx.arc(p.x, p.y, sigma.scaleSize(d.size) + gap, 0, 2 * Math.PI);
        ctx.stroke();
      }
    };
    sigma.on("afterRender", draw);
    return () => {
      sigma.off("afterRender", draw);
      // Sigma may be gone already (killed by its container); then so is the layer.
      if (sigma.getCanvases()["non-respondents"]) sigma.killLayer("non-respondents");
    };
  }, [sigma]);

  useEffect(() => {
    const next = nonRespondents(analysis.data);
    const changed = next.size > 0 || missing.current.size > 0;
    missing.current = next;
    if (changed) sigma.scheduleRender();
  }, [analysis.data, sigma]);

  return null;
}
