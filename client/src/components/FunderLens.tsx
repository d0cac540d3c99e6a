// The funder lens: who funds whom with amounts, who is co-funded, and under-served actors no funding reaches, as
// the server's funding analysis (GET /analysis/funding) finds them.
import { useState } from "react";
import { ACTOR_COLORS } from "../core/appearance";
import { formatMoney, funderRowKey, funderRows } from "../core/funders";
import { useActions, useFundingQuery } from "../core/hooks";

export function FunderLens() {
  const funding = useFundingQuery();
  const actions = useActions();
  const [open, setOpen] = useState<string | null>(null);
  if (funding.isPending) return <p className="muted pad">Analysing funding…</p>;
  if (funding.isError) return <p className="error pad">Could not load the funding analysis: {funding.error.message}</p>;
  const { coFunded, unreached } = funding.data;
  const rows = funderRows(funding.data);

  return (
    <div className="funders pad" data-testid="funders">
      <section aria-labelledby="funds-title">
        <h3 id="funds-title">Who funds whom</h3>
        {rows.length === 0 && <p className="muted">No funds ties on this map.</p>}
        <ul className="items">
          {rows.slice(0, 30).map((row) => {
            const { funder: f, ties } = row;
            const key = funderRowKey(row);
            return (
              <li key={key} className="stack">
                <div className="row">
                  <button type="button" className="item" onClick={() => actions.openActor(f.id)}>
                    <span className="swatch" style={{ background: ACTOR_COLORS[f.type] }} />
                    <span className="grow">
                      <span className="title">{f.name}</span>
                      <span className="meta">
                        {f.ties} grant{f.ties === 1 ? "" : "s"}
                        {f.total ? ` · ${formatMoney(f.total, f.currency)}` : ""}
                        {f.unstated ? ` · ${f.unstated} without an amount` : ""}
                      </span>
                    </span>
                  </button>
                  <button
                    type="button"
                    className="link"
                    aria-expanded={open === key}
                    onClick={() => setOpen(open === key ? null : key)}
                  >
                    {open === key ? "Hide" : "Recipients"}
                  </button>
                </div>
                {open === key && (
                  <ul className="sub">
                    {ties.map((t) => (
                      <li key={t.id}>
                        <button type="button" className="link" onClick={() => actions.openActor(t.to)}>
                          {t.toName}
                        </button>
                        <span className="amount">
                          {t.amount !== null ? formatMoney(t.amount, t.currency) : "amount not stated"}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="cofunded-title">
        <h3 id="cofunded-title">Co-funded</h3>
        {coFunded.length === 0 && <p className="muted">No actor has more than one funder.</p>}
        <ul className="items compact">
          {coFunded.slice(0, 20).map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="item"
                onClick={() => actions.selection.zoomToActors([c.id, ...c.funders.map((f) => f.id)])}
              >
                <span className="grow">
                  <span className="title">{c.name}</span>
                  <span className="meta">
                    {c.funders.map((f) => f.name).join(", ")}
                    {c.received
                      .filter((r) => r.amount > 0)
                      .map((r) => ` · ${formatMoney(r.amount, r.currency)}`)
                      .join("")}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="unreached-title">
        <h3 id="unreached-title">Under-served, reached by no funder</h3>
        {unreached.length === 0 && <p className="muted">Every under-served actor receives some funding.</p>}
        <ul className="items compact" data-testid="unreached">
          {unreached.slice(0, 20).map((u) => (
            <li key={u.id}>
              <button type="button" className="item" onClick={() => actions.openActor(u.id)}>
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
