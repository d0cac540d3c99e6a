// The map's commitments by lifecycle status: filter by actor, category or region; each card says what goes where, who
// moved it when, what its offering has left and where its need stands, and offers only the moves the lifecycle
// allows. Declined and cancelled ones fold away; delivered amounts add up per need and per offering below.
import { useMemo, useState } from "react";
import { formatAmount } from "../../../../server/schemas/domain";
import type { CommitmentStatus } from "../../core/api";
import {
  boardColumns,
  deliveredTotals,
  describeEvent,
  filterOptions,
  getEmptyBoardFilter,
  MOVE_LABELS,
  STATUS_LABELS,
  type BoardColumn,
  type BoardFilter,
  type CommitmentCard,
  type DeliveredRow,
} from "../../core/commitments";
import { useActions, useEcosystem, useMapAccess } from "../../core/hooks";
import { MoveDialog } from "./MoveDialog";

const words = (s: string) => s.replace(/_/g, " ");

export function CommitmentsBoard() {
  const eco = useEcosystem();
  const [filter, setFilter] = useState<BoardFilter>(getEmptyBoardFilter);
  const [moving, setMoving] = useState<{ card: CommitmentCard; to: CommitmentStatus } | null>(null);
  const columns = useMemo(() => (eco ? boardColumns(eco, filter) : []), [eco, filter]);
  const options = useMemo(() => (eco ? filterOptions(eco) : null), [eco]);
  const delivered = useMemo(() => (eco ? deliveredTotals(eco, filter) : null), [eco, filter]);
  if (!eco || !options || !delivered) return <p className="muted panel-pad">Loading the map…</p>;

  const total = eco.view.commitments?.length ?? 0;
  const shown = columns.reduce((n, c) => n + c.cards.length, 0);
  const set = (patch: Partial<BoardFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const filtered = !!(filter.actorId || filter.category || filter.region);

  return (
    <section className="commitments-board panel-pad" aria-labelledby="board-title" data-testid="commitments-board">
      <h3 id="board-title">Commitments</h3>
      <p className="muted small">
        {filtered ? `${shown} of ${total}` : total} commitment{total === 1 ? "" : "s"} on this map.
      </p>
      {total === 0 ? (
        <p className="muted">
          None yet. Accept a match candidate from a need's panel, or an allocation plan's assignments from the Plan tab.
        </p>
      ) : (
        <>
          <div className="board-filters" role="group" aria-label="Filter commitments">
            <label>
              <span>Actor</span>
              <select
                value={filter.actorId ?? ""}
                onChange={(e) => set({ actorId: e.target.value || null })}
                data-testid="board-actor"
              >
                <option value="">Any actor</option>
                {options.actors.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>Category</span>
              <select
                value={filter.category ?? ""}
                onChange={(e) => set({ category: e.target.value || null })}
                data-testid="board-category"
              >
                <option value="">Any category</option>
                {options.categories.map((c) => (
                  <option key={c} value={c}>
                    {eco.categories.get(c)?.name ? `${eco.categories.get(c)!.name} (${c})` : c}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>Region</span>
              <select
                value={filter.region ?? ""}
                onChange={(e) => set({ region: e.target.value || null })}
                data-testid="board-region"
              >
                <option value="">Any region</option>
                {options.regions.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            {filtered && (
              <button type="button" className="link" onClick={() => setFilter(getEmptyBoardFilter())}>
                Clear filters
              </button>
            )}
          </div>
          {columns.map((col) =>
            col.closed ? (
              <details key={col.status} className="board-column closed" data-status={col.status}>
                <summary>
                  {STATUS_LABELS[col.status]} <span className="count">{col.cards.length}</span>
                </summary>
                <Cards column={col} onMove={(card, to) => setMoving({ card, to })} />
              </details>
            ) : (
              <section
                key={col.status}
                className="board-column"
                data-status={col.status}
                aria-labelledby={`board-${col.status}`}
              >
                <h4 id={`board-${col.status}`}>
                  <span className={`badge status-${col.status}`}>{STATUS_LABELS[col.status]}</span>{" "}
                  <span className="count">{col.cards.length}</span>
                </h4>
                <Cards column={col} onMove={(card, to) => setMoving({ card, to })} />
              </section>
            ),
          )}
          <Delivered needs={delivered.needs} offerings={delivered.offerings} />
        </>
      )}
      {moving && <MoveDialog card={moving.card} to={moving.to} onClose={() => setMoving(null)} />}
    </section>
  );
}

function Cards({
  column,
  onMove,
}: {
  column: BoardColumn;
  onMove: (card: CommitmentCard, to: CommitmentStatus) => void;
}) {
  if (!column.cards.length) return <p className="muted small empty-column">None.</p>;
  return (
    <ul className="board-cards">
      {column.cards.map((card) => (
        <Card key={card.id} card={card} onMove={(to) => onMove(card, to)} />
      ))}
    </ul>
  );
}

function Card({ card, onMove }: { card: CommitmentCard; onMove: (to: CommitmentStatus) => void }) {
  const actions = useActions();
  // Moving a commitment writes to the map: editors and owners only.
  const canEdit = useMapAccess()?.canEdit ?? false;
  const sides = [card.fromActorId, card.toActorId].filter((id): id is string => !!id);
  return (
    <li className="commitment-card" data-commitment-id={card.id} data-status={card.status}>
      <div className="card-head">
        <strong className="amount">{card.amountText}</strong>
        {sides.length > 0 && (
          <button type="button" className="link small" onClick={() => actions.selection.zoomToActors(sides)}>
            Show on map
          </button>
        )}
      </div>
      <p className="flow">
        <span>
          {card.offeringTitle} <span className="muted">· {card.fromName}</span>
        </span>
        <span aria-hidden="true" className="arrow">
          →
        </span>
        <span className="visually-hidden">for</span>
        <span>
          {card.needTitle} <span className="muted">· {card.toName}</span>
        </span>
      </p>
      <dl className="card-facts">
        <div>
          <dt>Offering has left</dt>
          <dd data-testid="capacity-left">
            {card.capacityLeft === null ? "unknown" : formatAmount(card.capacityLeft, card.unit)}
          </dd>
        </div>
        <div>
          <dt>Need</dt>
          <dd data-testid="need-status">{card.needStatus ? words(card.needStatus) : "unknown"}</dd>
        </div>
      </dl>
      {card.history.length > 0 && (
        <ol className="card-history" aria-label="History">
          {card.history.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              {describeEvent(e)}
              {e.note && <span className="note"> — “{e.note}”</span>}
            </li>
          ))}
        </ol>
      )}
      {canEdit && card.next.length > 0 && (
        <div className="card-actions">
          {card.next.map((to) => (
            <button
              key={to}
              type="button"
              className={`btn small ${to === "declined" || to === "cancelled" ? "quiet-danger" : ""}`}
              onClick={() => onMove(to)}
              data-move={to}
            >
              {MOVE_LABELS[to]}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

function Delivered({ needs, offerings }: { needs: DeliveredRow[]; offerings: DeliveredRow[] }) {
  const row = (r: DeliveredRow) => (
    <li key={r.id} data-id={r.id}>
      <span>
        {r.title} <span className="muted">· {r.actorName}</span>
      </span>
      <span className="figure">
        {formatAmount(r.delivered, r.unit)} <span className="muted">of {formatAmount(r.of, r.unit)}</span>
      </span>
    </li>
  );
  return (
    <section className="delivered" aria-labelledby="delivered-title" data-testid="delivered">
      <h4 id="delivered-title">Delivered amounts</h4>
      {needs.length === 0 ? (
        <p className="muted small">Nothing delivered yet.</p>
      ) : (
        <>
          <h5>To needs</h5>
          <ul className="delivered-list" data-testid="delivered-needs">
            {needs.map(row)}
          </ul>
          <h5>From offerings</h5>
          <ul className="delivered-list" data-testid="delivered-offerings">
            {offerings.map(row)}
          </ul>
        </>
      )}
    </section>
  );
}
