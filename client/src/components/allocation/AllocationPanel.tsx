// The allocation plan for a scope (region, category, actors): which offering should serve which need and how much,
// solved as a linear programme, set against the greedy baseline on the same pairs; needs left short with their
// shortfall; and the chosen assignments proposed as commitments, one request each, with what each request answered.
import { useMemo, useState } from "react";
import { formatAmount } from "../../../../server/schemas/domain";
import {
  allocationBody,
  assignmentRows,
  getEmptyAllocationScope,
  planComparison,
  summariseOutcomes,
  totalsByUnit,
  type AcceptOutcome,
  type AllocationPlan,
  type AllocationScope,
  type AssignmentRow,
} from "../../core/allocation";
import { api, ApiError } from "../../core/api";
import { readSessionName, saveSessionName } from "../../core/commitments";
import { useAllocationRun, useEcosystem, useMapAccess, useMapMutation } from "../../core/hooks";
import { ActorCombobox } from "../ActorCombobox";
import { AnalysisJobProgress } from "../AnalysisJobProgress";
import { Icon } from "../Icon";

const REASONS: Record<AllocationPlan["unmet"][number]["reason"], string> = {
  no_candidates: "no offering fits it",
  capacity_taken: "what fits went to more urgent needs",
  partially_met: "met in part",
};
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const fixed = (v: number) => v.toFixed(2);

export function AllocationPanel() {
  const eco = useEcosystem();
  const [scope, setScope] = useState<AllocationScope>(getEmptyAllocationScope);
  const run = useAllocationRun();
  const categories = useMemo(() => (eco ? [...eco.categories.keys()].sort() : []), [eco]);
  if (!eco) return <p className="muted panel-pad">Loading the map…</p>;

  return (
    <section className="allocation panel-pad" aria-labelledby="plan-title" data-testid="allocation">
      <h3 id="plan-title">Allocation plan</h3>
      <p className="muted small">
        Which offering should serve which need, and how much, so that the most urgent needs of the least served actors
        get the most; set against taking each need's best candidate in turn.
      </p>
      <form
        className="plan-scope"
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate(allocationBody(scope));
        }}
        aria-label="Scope"
      >
        <label>
          <span>Region</span>
          <select
            value={scope.region ?? ""}
            onChange={(e) => setScope((s) => ({ ...s, region: e.target.value || null }))}
            data-testid="plan-region"
          >
            <option value="">Every region</option>
            {eco.regions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Category</span>
          <select
            value={scope.category ?? ""}
            onChange={(e) => setScope((s) => ({ ...s, category: e.target.value || null }))}
            data-testid="plan-category"
          >
            <option value="">Every category</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <div className="plan-actors">
          <ActorCombobox
            label="Only these actors"
            showLabel
            placeholder="Add an actor…"
            testId="plan-actor"
            onPick={(hit) =>
              setScope((s) => (s.actorIds.includes(hit.id) ? s : { ...s, actorIds: [...s.actorIds, hit.id] }))
            }
          />
          {scope.actorIds.length > 0 && (
            <ul className="scope-chips" aria-label="Chosen actors">
              {scope.actorIds.map((id) => (
                <li key={id} className="scope-chip">
                  {eco.actors.get(id)?.name ?? id}
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Remove ${eco.actors.get(id)?.name ?? id}`}
                    onClick={() => setScope((s) => ({ ...s, actorIds: s.actorIds.filter((a) => a !== id) }))}
                  >
                    <Icon name="close" size={12} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <button type="submit" className="btn primary" disabled={run.isPending} data-testid="run-plan">
          <Icon name="play" /> {run.isPending ? "Planning…" : run.data ? "Run again" : "Run the plan"}
        </button>
      </form>
      {run.isPending && <AnalysisJobProgress kind="allocation" />}
      {run.isError && (
        <p className="error" role="alert">
          {run.error.status === 410 ? "Planning cancelled." : `Could not plan: ${run.error.message}`}
        </p>
      )}
      {run.data && (
        <PlanResult
          // A new plan starts with a fresh selection and no outcomes.
          key={`${run.submittedAt}`}
          plan={run.data}
          mapVersion={eco.view.map.version}
        />
      )}
    </section>
  );
}

function PlanResult({ plan, mapVersion }: { plan: AllocationPlan; mapVersion: number }) {
  // Running a plan only reads; proposing its assignments as commitments writes: editors and owners only.
  const canEdit = useMapAccess()?.canEdit ?? false;
  const eco = useEcosystem();
  const rows = useMemo(() => assignmentRows(plan, eco), [plan, eco]);
  const cmp = planComparison(plan);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [outcomes, setOutcomes] = useState<Map<string, AcceptOutcome>>(() => new Map());
  const [by, setBy] = useState(readSessionName);
  const [byError, setByError] = useState(false);
  const accept = useMapMutation(
    async (mapId, vars: { rows: AssignmentRow[]; by: string }) => {
      const out: AcceptOutcome[] = [];
      // One request after the other: each reserves capacity in its own transaction, and the next sees what the last
      // took, so a refusal (409) names the assignment that no longer fits rather than a random one of a race.
      for (const r of vars.rows) {
        try {
          const made = await api.createCommitment(mapId, {
            offeringId: r.offeringId,
            needId: r.needId,
            amount: r.amount,
            status: "proposed",
            by: vars.by,
            note: "From the allocation plan",
          });
          out.push({ key: r.key, ok: true, status: 201, message: "Proposed", commitmentId: made.id });
        } catch (err) {
          const status = err instanceof ApiError ? err.status : 0;
          out.push({ key: r.key, ok: false, status, message: (err as Error).message });
        }
      }
      return out;
    },
    { success: (out) => summariseOutcomes(out) },
  );
  const done = (key: string) => outcomes.get(key)?.ok === true;
  const open = rows.filter((r) => !done(r.key));
  const allChosen = open.length > 0 && open.every((r) => selected.has(r.key));
  const chosen = rows.filter((r) => selected.has(r.key) && !done(r.key));
  const toggle = (key: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const onAccept = async () => {
    if (!by.trim()) return setByError(true);
    setByError(false);
    saveSessionName(by);
    const out = await accept.mutateAsync({ rows: chosen, by: by.trim() }).catch(() => null);
    if (!out) return;
    setOutcomes((m) => new Map([...m, ...out.map((o) => [o.key, o] as const)]));
    setSelected(new Set());
  };
  const results = [...outcomes.values()];

  return (
    <div className="plan-result" data-testid="plan-result" data-map-version={plan.mapVersion}>
      {plan.mapVersion !== mapVersion && (
        <p className="notice" role="status">
          The map has changed since this plan was made; run it again to plan around the new commitments.
        </p>
      )}
      <dl className="stats plan-stats">
        <div>
          <dt>Assignments</dt>
          <dd data-testid="plan-count">{rows.length}</dd>
        </div>
        <div>
          <dt>Needs met</dt>
          <dd>
            {plan.needsFullyMet} <span className="muted small">+{plan.needsPartiallyMet} in part</span>
          </dd>
        </div>
        <div>
          <dt>Needs unmet</dt>
          <dd>{plan.needsUnmet}</dd>
        </div>
      </dl>
      <p className="small">
        <strong>Total:</strong> <span data-testid="plan-totals">{totalsByUnit(rows).join(" · ") || "nothing"}</span>
      </p>
      <table className="plan-compare" data-testid="plan-compare">
        <caption>Against the greedy baseline (each need takes its best candidate in turn)</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Plan ({cmp.method === "lp" ? "optimal" : "greedy"})</th>
            <th scope="col">Greedy</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Score (of {fixed(plan.maxObjective)})</th>
            <td data-testid="plan-objective">{fixed(cmp.objective)}</td>
            <td data-testid="baseline-objective">
              {cmp.baselineObjective === null ? "—" : fixed(cmp.baselineObjective)}
            </td>
          </tr>
          <tr>
            <th scope="row">Priority-weighted demand met</th>
            <td>{pct(cmp.demandMet)}</td>
            <td>{cmp.baselineDemandMet === null ? "—" : pct(cmp.baselineDemandMet)}</td>
          </tr>
        </tbody>
      </table>
      {cmp.gain !== null && (
        <p className="small" data-testid="plan-gain">
          {cmp.gain > 1e-9
            ? `The plan scores ${fixed(cmp.gain)} more than the greedy baseline${cmp.gainShare !== null ? ` (+${pct(cmp.gainShare)})` : ""}.`
            : "The plan scores the same as the greedy baseline: here, taking each need's best candidate is already optimal."}
        </p>
      )}

      <h4>Assignments</h4>
      {rows.length === 0 ? (
        <p className="muted">No offering fits a need in this scope.</p>
      ) : (
        <>
          <label className="select-all">
            <input
              type="checkbox"
              checked={allChosen}
              disabled={open.length === 0}
              onChange={() => setSelected(allChosen ? new Set() : new Set(open.map((r) => r.key)))}
              data-testid="select-all"
            />
            Select all ({open.length})
          </label>
          <ul className="assignments" data-testid="assignments">
            {rows.map((r) => {
              const outcome = outcomes.get(r.key);
              return (
                <li key={r.key} data-key={r.key} data-need-id={r.needId} data-offering-id={r.offeringId}>
                  <label>
                    <input
                      type="checkbox"
                      checked={selected.has(r.key) && !done(r.key)}
                      disabled={done(r.key)}
                      onChange={() => toggle(r.key)}
                    />
                    <span className="grow">
                      <span className="flow">
                        {r.offeringTitle} <span className="muted">· {r.fromName}</span> → {r.needTitle}{" "}
                        <span className="muted">· {r.toName}</span>
                      </span>
                    </span>
                    <strong className="figure">{r.amountText}</strong>
                  </label>
                  {outcome && (
                    <p className={`outcome ${outcome.ok ? "ok" : "error"}`} data-outcome={outcome.status}>
                      {outcome.ok ? (
                        <>
                          <Icon name="check" size={12} /> Proposed as a commitment
                        </>
                      ) : (
                        `Refused${outcome.status ? ` (${outcome.status})` : ""}: ${outcome.message}`
                      )}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
          {canEdit && (
            <div className="plan-accept">
              <label className={`field ${byError ? "has-error" : ""}`}>
                <span>Your name</span>
                <input
                  name="by"
                  value={by}
                  onChange={(e) => setBy(e.target.value)}
                  aria-invalid={byError || undefined}
                  autoComplete="name"
                />
                {byError && <span className="field-error">Say who proposes these commitments.</span>}
              </label>
              <button
                type="button"
                className="btn primary"
                disabled={chosen.length === 0 || accept.isPending}
                onClick={onAccept}
                data-testid="accept-assignments"
              >
                <Icon name="check" /> Propose {chosen.length} as commitment{chosen.length === 1 ? "" : "s"}
              </button>
            </div>
          )}
          {results.length > 0 && (
            <p className="small" role="status" data-testid="accept-summary">
              {summariseOutcomes(results)}.
            </p>
          )}
        </>
      )}

      {plan.unmet.length > 0 && (
        <>
          <h4>Needs left short</h4>
          <ul className="unmet" data-testid="plan-unmet">
            {plan.unmet.map((u) => {
              const need = eco?.needs.get(u.needId);
              const who = need ? eco?.actors.get(need.actorId)?.name : undefined;
              return (
                <li key={u.needId} data-need-id={u.needId} title={u.explanation}>
                  <span className="grow">
                    <span className={`badge priority-${u.priority}`}>{u.priority}</span> {u.title}
                    {who && <span className="muted"> · {who}</span>}
                  </span>
                  <span className="figure">
                    short {formatAmount(u.shortfall, u.unit)}{" "}
                    <span className="muted">of {formatAmount(u.quantity, u.unit)}</span>
                  </span>
                  <span className="muted small reason">{REASONS[u.reason]}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
