// Deleting a map asks for its name or id, typed: a map goes with everything in it, and cannot come back.
import { useState, type FormEvent } from "react";
import { ApiError, useMapAdmin } from "../../core/hooks";
import { confirmsDeletion, countsLine, type AtlasMap } from "../../core/maps";
import { Modal } from "../Modal";

export function DeleteMapDialog({
  map,
  onClose,
  onDeleted,
}: {
  map: AtlasMap;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { remove } = useMapAdmin();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const ok = confirmsDeletion(typed, map);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ok) return setError(`Type '${map.name}' or '${map.id}' to delete this map`);
    try {
      await remove.mutateAsync(map.id);
      onDeleted();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : (err as Error).message);
    }
  };

  return (
    <Modal title={`Delete '${map.name}'?`} onClose={onClose} testId="delete-map-dialog">
      <form onSubmit={onSubmit} noValidate>
        <p>
          This deletes the map and everything in it ({countsLine(map)}), for everyone. It cannot be undone; export it
          first to keep a copy.
        </p>
        <div className={`field ${error ? "has-error" : ""}`}>
          <label htmlFor="delete-map-confirm">
            Type the map's name <strong>{map.name}</strong> or its id <code>{map.id}</code> to confirm
          </label>
          <input
            id="delete-map-confirm"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              setError(null);
            }}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={!!error}
            data-testid="delete-map-confirm"
          />
          {error && <small className="field-error">{error}</small>}
        </div>
        <footer>
          <button
            type="submit"
            className="btn danger confirm"
            disabled={!ok || remove.isPending}
            data-testid="delete-map-submit"
          >
            Delete this map
          </button>
          <button type="button" className="btn ghost" onClick={onClose}>
            Cancel
          </button>
        </footer>
      </form>
    </Modal>
  );
}
