// The selected actor's history: who changed it, its needs, offerings, ties and commitments, when, and what changed
// (each field before -> after). Collapsed at first; the trail is only fetched once opened. Editors and owners see it.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, type HistoryEntry } from "../core/api";
import { queryKeys } from "../core/context";
import { useGraphQuery, useMapId } from "../core/hooks";

const PAGE = 20;
/** Fields every write moves on: not worth a line of their own. */
const STAMPS = new Set(["createdAt", "updatedAt", "version"]);
const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** A value as one short line: text as it is, lists joined, anything else as JSON. */
export function shortValue(value: unknown): string {
  if (value === undefined || value === null) return "—";
  const text =
    typeof value === "string" ? value : Array.isArray(value) ? value.map(shortValue).join(", ") : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** The fields an entry changed, timestamps aside; none for a create, a delete or an import. */
export function changesOf(entry: Pick<HistoryEntry, "before" | "after">): FieldChange[] {
  const { before, after } = entry;
  if (!before || !after) return [];
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !STAMPS.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .sort()
    .map((field) => ({ field, before: shortValue(before[field]), after: shortValue(after[field]) }));
}

/** Whether the caller may read the trail: editors and owners, or anyone while the map says nothing of access. */
function mayReadHistory(map: object): boolean {
  const reach = (map as { access?: { reach?: string } }).access?.reach;
  return reach === undefined || reach === "editor" || reach === "owner";
}

export function ActorHistory({ actorId }: { actorId: string }) {
  const mapId = useMapId();
  const graph = useGraphQuery();
  const [open, setOpen] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const history = useQuery({
    // Under the map's key, so every write to the map (useMapMutation) refetches it.
    queryKey: [...queryKeys.map(mapId ?? ""), "history", actorId, limit],
    queryFn: () => api.history(mapId!, { actorId, limit }),
    enabled: open && !!mapId,
  });
  if (!mapId || !graph.data || !mayReadHistory(graph.data.map)) return null;

  return (
    <details
      className="actor-history"
      data-testid="actor-history"
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <h3>History{history.data ? ` (${history.data.total})` : ""}</h3>
      </summary>
      {history.isPending && open && <p className="muted">Loading…</p>}
      {history.isError && <p className="error">Could not load the history: {history.error.message}</p>}
      {history.data && (
        <>
          <ul className="items history">
            {history.data.items.map((entry) => (
              <HistoryLine key={entry.id} entry={entry} />
            ))}
            {history.data.items.length === 0 && <li className="muted">No changes recorded.</li>}
          </ul>
          {history.data.total > history.data.items.length && (
            <button type="button" className="link" onClick={() => setLimit((n) => n + PAGE)}>
              Show older changes
            </button>
          )}
        </>
      )}
    </details>
  );
}

function HistoryLine({ entry }: { entry: HistoryEntry }) {
  const changes = changesOf(entry);
  return (
    <li className="history-entry" data-entry-id={entry.id}>
      <span className="meta">
        <time dateTime={entry.at}>{when.format(new Date(entry.at))}</time> · {entry.user?.name ?? "system"}
      </span>
      <span className="title">{entry.summary}</span>
      {changes.length > 0 && (
        <ul className="changes">
          {changes.map((c) => (
            <li key={c.field}>
              <span className="field">{c.field}</span>: <del>{c.before}</del> → <ins>{c.after}</ins>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
