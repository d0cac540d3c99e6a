// The funder lens: who funds whom with amounts, who is co-funded, and under-served actors no funding reaches.
import { useMemo, useState } from "react";
import { ACTOR_COLORS } from "../core/appearance";
import { funderLens } from "../core/funders";
import { useActions, useEcosystem, useGapsQuery } from "../core/hooks";

const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function FunderLens() {
  const eco = useEcosystem();
  const gaps = useGapsQuery();
  const actions = useActions();
  const [open, setOpen] = useState<string | null>(null);
  const lens = useMemo(() => (eco ? funderLens(eco) : null), [eco]);
  if (!eco || !lens) return null;
  const name = (id: string) => eco.actors.get(id)?.name ?? id;
  const unreached = gaps.data?.underServed.filter((u) => !lens.reached.has(u.actorId));

  return (
    <div className="funders pad" data-testid="funders">
      <section aria-labelledby="funds-title">
        <h3 id="funds-title">Who funds whom</h3>
        {lens.funders.length === 0 && <p className="muted">No funds ties on this map.</p>}
        <ul className="items">
          {lens.funders.slice(0, 30).map((f) => (
            <li key={f.funderId} className="stack">
              <div className="row">
                <button type="button" className="item" onClick={() => actions.selection.focusActor(f.funderId)}>
                  <span
                    className="swatch"
                    style={{ background: ACTOR_COLORS[eco.actors.get(f.funderId)?.type ?? "other"] }}
                  />
                  <span className="grow">
                    <span className="title">{name(f.funderId)}</span>
                    <span className="meta">
                      {f.grants.length} grant{f.grants.length === 1 ? "" : "s"}
                      {f.total ? ` · ${money.format(f.total)}` : ""}
                    </span>
                  </span>
                </button>
                <button
                  type="button"
                  className="link"
                  aria-expanded={open === f.funderId}
                  onClick={() => setOpen(open === f.funderId ? null : f.funderId)}
                >
                  {open === f.funderId ? "Hide" : "Recipients"}
                </button>
              </div>
              {open === f.funderId && (
                <ul className="sub">
                  {f.grants.map((g) => (
                    <li key={g.relationshipId}>
                      <button
                        type="button"
                        className="link"
                        onClick={() => actions.selection.focusActor(g.recipientId)}
                      >
                        {name(g.recipientId)}
                      </button>
                      <span className="amount">
                        {g.amount !== undefined ? money.format(g.amount) : "amount not stated"}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="cofunded-title">
        <h3 id="cofunded-title">Co-funded</h3>
        {lens.coFunded.length === 0 && <p className="muted">No actor has more than one funder.</p>}
        <ul className="items compact">
          {lens.coFunded.slice(0, 20).map((c) => (
            <li key={c.actorId}>
              <button
                type="button"
                className="item"
                onClick={() => actions.selection.zoomToActors([c.actorId, ...c.funders])}
              >
                <span className="grow">
                  <span className="title">{name(c.actorId)}</span>
                  <span className="meta">
                    {c.funders.map(name).join(", ")}
                    {c.total ? ` · ${money.format(c.total)}` : ""}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="unreached-title">
        <h3 id="unreached-title">Under-served, reached by no funder</h3>
        {gaps.isPending && <p className="muted">Analysing gaps…</p>}
        {gaps.isError && <p className="error">Could not load the gaps analysis: {gaps.error.message}</p>}
        {unreached?.length === 0 && <p className="muted">Every under-served actor receives some funding.</p>}
        <ul className="items compact" data-testid="unreached">
          {unreached?.slice(0, 20).map((u) => (
            <li key={u.actorId}>
              <button type="button" className="item" onClick={() => actions.selection.focusActor(u.actorId)}>
                <span className="grow">
                  <span className="title">{u.name}</span>
                  <span className="meta">{u.reasons[0] ?? ""}</span>
                </span>
                <span className="score-pill">{u.score.toFixed(2)}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
