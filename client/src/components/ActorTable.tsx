// Every actor in a sortable table: the accessible alternative to the canvas. Rows are windowed so 50k actors
// scroll smoothly; arrow keys, Page Up/Down, Home and End move between rows, Enter selects. The Name column stays put
// when the table scrolls sideways (styles.css), so a row is never a line of numbers without its actor.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { ACTOR_COLORS, ACTOR_LABELS } from "../core/appearance";
import { formatMetric } from "../core/metrics";
import { nextSort, sortRows, type ActorRow, type SortKey, type SortState } from "../core/table";
import { useActions, useEcosystem, useMetrics, useSelectedActorId, useVisibleActors } from "../core/hooks";
import { isOpenNeed } from "../../../server/schemas/domain";

const ROW_HEIGHT = 34;
const OVERSCAN = 10;

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; numeric?: boolean }> = [
  { key: "name", label: "Name" },
  { key: "type", label: "Type" },
  { key: "region", label: "Region" },
  { key: "degree", label: "Degree", numeric: true },
  { key: "pagerank", label: "PageRank", numeric: true },
  { key: "betweenness", label: "Betweenness", numeric: true },
  { key: "underServed", label: "Under-served", numeric: true },
  { key: "openNeeds", label: "Open needs", numeric: true },
  { key: "offerings", label: "Offerings", numeric: true },
];

export function ActorTable() {
  const eco = useEcosystem();
  const metrics = useMetrics();
  const visible = useVisibleActors();
  const selected = useSelectedActorId();
  const actions = useActions();
  const [sort, setSort] = useState<SortState>({ key: "name", dir: "asc" });
  const [focusIndex, setFocusIndex] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const scroller = useRef<HTMLDivElement>(null);
  const focusWanted = useRef(false);

  const rows = useMemo(() => {
    if (!eco) return [];
    const list: ActorRow[] = [];
    for (const a of eco.view.actors) {
      if (visible && !visible.has(a.id)) continue;
      const needs = eco.needsByActor.get(a.id) ?? [];
      list.push({
        id: a.id,
        name: a.name,
        type: a.type,
        region: a.location?.region ?? "",
        degree: metrics.values.degree?.get(a.id) ?? null,
        pagerank: metrics.values.pagerank?.get(a.id) ?? null,
        betweenness: metrics.values.betweenness?.get(a.id) ?? null,
        underServed: metrics.values.underServed?.get(a.id) ?? null,
        openNeeds: needs.filter((n) => isOpenNeed(n.status)).length,
        offerings: (eco.offeringsByActor.get(a.id) ?? []).length,
      });
    }
    return sortRows(list, sort);
  }, [eco, metrics, visible, sort]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const index = Math.min(focusIndex, Math.max(0, rows.length - 1));

  useEffect(() => {
    if (!focusWanted.current) return;
    focusWanted.current = false;
    scroller.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`)?.focus({ preventScroll: true });
  }, [index, first, last]);

  const moveTo = (i: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, i));
    const el = scroller.current;
    if (el) {
      const header = ROW_HEIGHT;
      const top = target * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT + header > el.scrollTop + el.clientHeight)
        el.scrollTop = top + ROW_HEIGHT + header - el.clientHeight;
      setScrollTop(el.scrollTop);
    }
    focusWanted.current = true;
    setFocusIndex(target);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      const row = rows[index];
      if (row) actions.selection.selectActor(row.id);
    }
  };

  if (!eco) return null;
  return (
    <div className="table-view" data-testid="table-view">
      <div className="table-scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <table aria-label="Actors" aria-rowcount={rows.length + 1} className="actor-table">
          <thead>
            <tr aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? "num" : c.key === "name" ? "name" : ""}
                  aria-sort={sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
                >
                  <button type="button" onClick={() => setSort(nextSort(sort, c.key))} data-sort={c.key}>
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {sort.key === c.key ? (sort.dir === "asc" ? "▲" : "▼") : ""}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody onKeyDown={onKeyDown}>
            {first > 0 && <tr aria-hidden="true" style={{ height: first * ROW_HEIGHT }} />}
            {rows.slice(first, last).map((r, k) => {
              const i = first + k;
              return (
                <tr
                  key={r.id}
                  data-index={i}
                  data-actor-id={r.id}
                  aria-rowindex={i + 2}
                  aria-selected={r.id === selected}
                  tabIndex={i === index ? 0 : -1}
                  className={r.id === selected ? "selected" : ""}
                  onClick={() => {
                    setFocusIndex(i);
                    actions.selection.selectActor(r.id);
                  }}
                  onDoubleClick={() => {
                    actions.selection.focusActor(r.id);
                    actions.ui.setView("map");
                  }}
                >
                  <td className="name">{r.name}</td>
                  <td>
                    <span className="swatch" style={{ background: ACTOR_COLORS[r.type] }} /> {ACTOR_LABELS[r.type]}
                  </td>
                  <td>{r.region}</td>
                  <td className="num">{formatMetric("degree", r.degree)}</td>
                  <td className="num">{formatMetric("pagerank", r.pagerank)}</td>
                  <td className="num">{formatMetric("betweenness", r.betweenness)}</td>
                  <td className="num">{formatMetric("underServed", r.underServed)}</td>
                  <td className="num">{r.openNeeds}</td>
                  <td className="num">{r.offerings}</td>
                </tr>
              );
            })}
            {last < rows.length && <tr aria-hidden="true" style={{ height: (rows.length - last) * ROW_HEIGHT }} />}
          </tbody>
        </table>
      </div>
      <p className="muted small table-foot">
        {rows.length} actors · ↑↓ to move, Enter to select, double-click to show on the map
      </p>
    </div>
  );
}
