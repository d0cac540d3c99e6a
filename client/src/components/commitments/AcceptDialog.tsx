// "Accept" on a match candidate: asks for the amount, proposed as min(capacity left, quantity still needed) in the
// need's unit, and refuses more than that or less than nothing before anything is sent.
import { useState, type FormEvent } from "react";
import { formatAmount } from "../../../../server/schemas/domain";
import { api, type Need } from "../../core/api";
import { checkAmount, readSessionName, saveSessionName } from "../../core/commitments";
import { useMapMutation } from "../../core/hooks";
import type { MatchCandidate } from "../../core/matches";
import { Modal } from "../Modal";
import { WHO_MISSING, WhoFields } from "./WhoFields";

export function AcceptDialog({
  need,
  candidate: c,
  onClose,
  onAccepted,
}: {
  need: Need;
  candidate: MatchCandidate;
  onClose: () => void;
  onAccepted: (amount: number) => void;
}) {
  const [amount, setAmount] = useState(String(c.proposedAmount));
  const [by, setBy] = useState(readSessionName);
  const [note, setNote] = useState("");
  const [amountError, setAmountError] = useState<string | null>(null);
  const [byError, setByError] = useState<string | null>(null);
  const create = useMapMutation(
    (mapId, vars: { amount: number; by: string; note: string }) =>
      api.createCommitment(mapId, {
        offeringId: c.offeringId,
        needId: need.id,
        amount: vars.amount,
        status: "proposed",
        by: vars.by,
        ...(vars.note ? { note: vars.note } : {}),
      }),
    { success: (_r, v) => `Commitment proposed: ${formatAmount(v.amount, c.unit)} of ${c.title} → ${need.title}` },
  );

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = checkAmount(amount, c.proposedAmount, c.unit);
    setAmountError(checked.ok ? null : checked.error);
    setByError(by.trim() ? null : WHO_MISSING);
    if (!checked.ok || !by.trim()) return;
    try {
      await create.mutateAsync({ amount: checked.value, by: by.trim(), note: note.trim() });
      saveSessionName(by);
      onAccepted(checked.value);
      onClose();
    } catch {
      // create.error is shown below the form.
    }
  };

  return (
    <Modal
      small
      initialFocus="[data-autofocus]"
      title="Propose a commitment"
      subtitle={
        <>
          {c.title} ({c.actorName}) → {need.title}
        </>
      }
      onClose={onClose}
      testId="accept-dialog"
    >
      <form onSubmit={onSubmit} noValidate className="stack-form">
        <div className={`field ${amountError ? "has-error" : ""}`}>
          <label htmlFor="accept-amount">Amount ({c.unit})</label>
          <div className="amount-input">
            <input
              id="accept-amount"
              name="amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              aria-invalid={amountError ? true : undefined}
              aria-describedby="accept-amount-hint"
              data-autofocus=""
            />
            <span className="unit">{c.unit}</span>
          </div>
          <span className="hint" id="accept-amount-hint">
            At most {formatAmount(c.proposedAmount, c.unit)}: the smaller of what the offering has left (
            {formatAmount(c.remainingCapacity, c.unit)}) and what the need still asks for (
            {formatAmount(c.quantityNeeded, c.unit)}).
          </span>
          {amountError && (
            <span className="field-error" data-error-for="amount" role="alert">
              {amountError}
            </span>
          )}
        </div>
        <WhoFields by={by} note={note} onBy={setBy} onNote={setNote} error={byError} />
        {create.isError && (
          <p className="form-error" role="alert">
            {create.error.message}
          </p>
        )}
        <footer>
          <button type="submit" className="btn primary" disabled={create.isPending} data-testid="accept-confirm">
            Propose {formatAmount(Number(amount) > 0 ? Number(amount) : 0, c.unit)}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </footer>
      </form>
    </Modal>
  );
}
