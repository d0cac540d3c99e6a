// Says that the map on screen is not whole: an import into it is running, or was interrupted part way (its server
// stopped) and left the map holding part of it. Editors and owners are told how far it got and how to finish it;
// viewers only that the map is being updated. While an import runs, the map's state is read again every few seconds
// so the strip follows it, and the map is reloaded once the import is over.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { AtlasMap } from "../core/api";
import { queryKeys } from "../core/context";
import { useGraphQuery, useMapAccess, useMapId } from "../core/hooks";
import * as mapsCore from "../core/maps";

const POLL_MS = 5_000;
const count = (n: number) => n.toLocaleString("en-US");

export function ImportStateBanner() {
  const mapId = useMapId();
  const access = useMapAccess();
  const graph = useGraphQuery();
  const client = useQueryClient();
  const fromGraph = (graph.data?.map as AtlasMap | undefined)?.import ?? null;
  const running = fromGraph?.status === "running";
  // Only while an import runs: a map with none, or one interrupted, does not change by itself.
  const info = useQuery({
    queryKey: [...queryKeys.mapInfo(mapId ?? ""), "import"],
    queryFn: () => mapsCore.mapsApi.get(mapId!),
    enabled: !!mapId && running,
    refetchInterval: (query) => (query.state.data?.import?.status === "running" ? POLL_MS : false),
  });
  const state = running && info.data ? (info.data.import ?? null) : fromGraph;

  // The import ended (or stopped) while on screen: what the map holds now is worth a fresh read.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && state?.status !== "running" && mapId) {
      void client.invalidateQueries({ queryKey: queryKeys.graph(mapId) });
    }
    wasRunning.current = state?.status === "running";
  }, [state?.status, mapId, client]);

  if (!state || !access) return null;

  const progress = state.total > 0 ? ` (${count(state.done)} of ${count(state.total)} items so far)` : "";
  const message = !access.canEdit
    ? "This map is being updated; some of it may be missing for now."
    : state.status === "running"
      ? `An import into this map is running${progress}.`
      : state.total > 0
        ? `An import into this map was interrupted at ${count(state.done)} of ${count(state.total)} items. ` +
          "Import the same file again to finish it."
        : "An import into this map was interrupted. Import the same file again to finish it.";
  return (
    <div
      className={`redacted-notice import-state ${state.status}`}
      role={state.status === "interrupted" && access.canEdit ? "alert" : "status"}
      data-testid="import-state"
      // At the foot of the stage, over the map: the pseudonyms notice keeps the top.
      style={{ top: "auto", bottom: 0, borderBottom: "none", borderTop: "1px solid #f5d9a8" }}
    >
      <span>{message}</span>
    </div>
  );
}
