// Moves a commitment one step along its lifecycle (or out of it: decline, cancel), recording who and why.
import { useState, type FormEvent } from "react";
import { api, type CommitmentStatus } from "../../core/api";
import {
  MOVE_LABELS,
  readSessionName,
  saveSessionName,
  STATUS_LABELS,
  type CommitmentCard,
} from "../../core/commitments";
import { useMapMutation } from "../../core/hooks";
import { Modal } from "../Modal";
import { WHO_MISSING, WhoFields } from "./WhoFields";

const ENDINGS: ReadonlySet<CommitmentStatus> = new Set(["declined", "cancelled"]);

export function MoveDialog({ card, to, onClose }: { card: CommitmentCard; to: CommitmentStatus; onClose: () => void }) {
  const [by, setBy] = useState(readSessionName);
  const [note, setNote] = useState("");
  const [byError, setByError] = useState<string | null>(null);
  const move = useMapMutation(
    (mapId, vars: { by: string; note: string }) =>
      api.updateCommitment(mapId, card.id, { status: to, by: vars.by, ...(vars.note ? { note: vars.note } : {}) }),
    { success: () => `${card.offeringTitle} → ${card.needTitle}: ${STATUS_LABELS[to].toLowerCase()}` },
  );
  const known = !!by;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setByError(by.trim() ? null : WHO_MISSING);
    if (!by.trim()) return;
    try {
      await move.mutateAsync({ by: by.trim(), note: note.trim() });
      saveSessionName(by);
      onClose();
    } catch {
      // move.error is shown below the form.
    }
  };

  return (
    <Modal
      small
      initialFocus="[data-autofocus]"
      title={`${MOVE_LABELS[to]}?`}
      subtitle={
        <>
          {card.amountText} of {card.offeringTitle} ({card.fromName}) → {card.needTitle} ({card.toName}):{" "}
          {STATUS_LABELS[card.status].toLowerCase()} → <strong>{STATUS_LABELS[to].toLowerCase()}</strong>
        </>
      }
      onClose={onClose}
      testId="move-dialog"
    >
      <form onSubmit={onSubmit} noValidate className="stack-form">
        <WhoFields
          by={by}
          note={note}
          onBy={setBy}
          onNote={setNote}
          error={byError}
          autoFocus={known ? "note" : "by"}
        />
        {move.isError && (
          <p className="form-error" role="alert">
            {move.error.message}
          </p>
        )}
        <footer>
          <button
            type="submit"
            className={`btn ${ENDINGS.has(to) ? "danger" : "primary"}`}
            disabled={move.isPending}
            data-testid="move-confirm"
          >
            {MOVE_LABELS[to]}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Keep as {STATUS_LABELS[card.status].toLowerCase()}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
