// The maps page: every map with its description, counts and last change; create one with a chosen id, rename or
// describe, duplicate, open, and delete behind a typed confirmation.
import { useState, type FormEvent, type ReactNode } from "react";
import { apiFieldErrors, MapCreate, parseWith, type FieldErrors } from "../../core/forms";
import { accessOf, canEditReach, VISIBILITY_LABELS } from "../../core/auth";
import { ApiError, useActions, useCreateMap, useMapAdmin, useMapId, useMapsQuery, useSession } from "../../core/hooks";
import {
  copyId,
  copyName,
  countsLine,
  MapDuplicateSchema,
  MapPatchSchema,
  matchingMaps,
  sinceLabel,
  type AtlasMap,
  type MapRowMode,
} from "../../core/maps";
import { Modal } from "../Modal";
import { DeleteMapDialog } from "./DeleteMapDialog";

/** Field errors of a refused request: the server's by field, or its message under `form`. */
function errorsOf(err: unknown): FieldErrors {
  if (err instanceof ApiError && err.issues.length) return apiFieldErrors(err.issues);
  // A taken id is the only conflict a new map or a copy can meet.
  if (err instanceof ApiError && err.status === 409) return { id: err.message };
  return { form: (err as Error).message };
}

function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
}) {
  return (
    <div className={`field ${error ? "has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        placeholder={placeholder}
      />
      {hint && !error && <small className="hint">{hint}</small>}
      {error && (
        <small className="field-error" id={`${id}-error`}>
          {error}
        </small>
      )}
    </div>
  );
}

function CreateMapForm() {
  const create = useCreateMap();
  const actions = useActions();
  const [draft, setDraft] = useState({ id: "", name: "", description: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<string | null>(null);
  const set = (k: keyof typeof draft) => (v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    // An error goes once its field changes; the others stay until the next try.
    setErrors(({ [k]: _gone, form: _form, ...rest }) => rest);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const parsed = parseWith(MapCreate, { ...draft, id: draft.id.trim() || undefined });
    if (!parsed.ok) return setErrors(parsed.errors);
    try {
      const map = await create.mutateAsync(parsed.data);
      setErrors({});
      setDraft({ id: "", name: "", description: "" });
      setCreated(map.name);
      actions.ui.showToast(`Map '${map.name}' created`);
    } catch (err) {
      setErrors(errorsOf(err));
    }
  };

  return (
    <form className="maps-create" onSubmit={onSubmit} noValidate aria-label="New map" data-testid="map-create-form">
      <h3>New map</h3>
      <div className="form-grid">
        <TextField id="new-map-name" label="Name" value={draft.name} onChange={set("name")} error={errors.name} />
        <TextField
          id="new-map-id"
          label="Id (optional)"
          value={draft.id}
          onChange={set("id")}
          error={errors.id}
          hint="Letters, digits, . _ -; used in links (?map=). Generated when empty."
          placeholder="e.g. riverbend-2026"
        />
        <div className="field wide">
          <TextField
            id="new-map-description"
            label="Description"
            value={draft.description}
            onChange={set("description")}
            error={errors.description}
          />
        </div>
      </div>
      {errors.form && <p className="form-error">{errors.form}</p>}
      <footer>
        <button type="submit" className="btn primary" disabled={create.isPending} data-testid="map-create">
          Create map
        </button>
        {created && (
          <span className="muted" role="status">
            Created '{created}'.
          </span>
        )}
      </footer>
    </form>
  );
}

function EditMapForm({ map, onDone }: { map: AtlasMap; onDone: () => void }) {
  const { update } = useMapAdmin();
  const [draft, setDraft] = useState({ name: map.name, description: map.description });
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseWith(MapPatchSchema, draft);
    if (!parsed.ok) return setErrors(parsed.errors);
    try {
      await update.mutateAsync({ mapId: map.id, patch: parsed.data });
      onDone();
    } catch (err) {
      setErrors(errorsOf(err));
    }
  };
  return (
    <form className="maps-row-form" onSubmit={onSubmit} noValidate aria-label={`Edit ${map.name}`}>
      <div className="form-grid">
        <TextField
          id={`edit-name-${map.id}`}
          label="Name"
          value={draft.name}
          onChange={(name) => setDraft((d) => ({ ...d, name }))}
          error={errors.name}
        />
        <TextField
          id={`edit-description-${map.id}`}
          label="Description"
          value={draft.description}
          onChange={(description) => setDraft((d) => ({ ...d, description }))}
          error={errors.description}
        />
      </div>
      {errors.form && <p className="form-error">{errors.form}</p>}
      <footer>
        <button type="submit" className="btn small primary" disabled={update.isPending} data-testid="map-save">
          Save
        </button>
        <button type="button" className="btn small ghost" onClick={onDone}>
          Cancel
        </button>
      </footer>
    </form>
  );
}

function DuplicateMapForm({ map, onDone }: { map: AtlasMap; onDone: () => void }) {
  const { duplicate } = useMapAdmin();
  const actions = useActions();
  const [draft, setDraft] = useState({ id: copyId(map.id), name: copyName(map.name) });
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseWith(MapDuplicateSchema, { ...draft, id: draft.id.trim() || undefined });
    if (!parsed.ok) return setErrors(parsed.errors);
    try {
      const copy = await duplicate.mutateAsync({ mapId: map.id, input: parsed.data });
      actions.ui.showToast(`Copied '${map.name}' to '${copy.name}'`);
      onDone();
    } catch (err) {
      setErrors(errorsOf(err));
    }
  };
  return (
    <form className="maps-row-form" onSubmit={onSubmit} noValidate aria-label={`Duplicate ${map.name}`}>
      <div className="form-grid">
        <TextField
          id={`copy-name-${map.id}`}
          label="Name of the copy"
          value={draft.name}
          onChange={(name) => setDraft((d) => ({ ...d, name }))}
          error={errors.name}
        />
        <TextField
          id={`copy-id-${map.id}`}
          label="Id of the copy"
          value={draft.id}
          onChange={(id) => setDraft((d) => ({ ...d, id }))}
          error={errors.id}
        />
      </div>
      {errors.form && <p className="form-error">{errors.form}</p>}
      <footer>
        <button
          type="submit"
          className="btn small primary"
          disabled={duplicate.isPending}
          data-testid="map-duplicate-save"
        >
          Duplicate
        </button>
        <button type="button" className="btn small ghost" onClick={onDone}>
          Cancel
        </button>
      </footer>
    </form>
  );
}

export function MapsDialog({ onClose }: { onClose: () => void }) {
  const maps = useMapsQuery();
  const current = useMapId();
  const actions = useActions();
  const [mode, setMode] = useState<MapRowMode>(null);
  const [deleting, setDeleting] = useState<AtlasMap | null>(null);
  const [filter, setFilter] = useState("");
  // Anyone may list the maps they reach; creating one needs an account, copying one (which copies it unredacted) an
  // editor, renaming or deleting one its owner.
  const signedIn = !!useSession().data?.user;
  const items = maps.data?.items ?? [];
  const shown = matchingMaps(items, filter);

  const onDeleted = (map: AtlasMap) => {
    setDeleting(null);
    actions.ui.showToast(`Map '${map.name}' deleted`);
    if (map.id === current) actions.chooseMap(items.find((m) => m.id !== map.id)?.id ?? null);
  };

  return (
    <Modal
      title="Maps"
      subtitle="Each map is an ecosystem of its own: its actors, ties, needs, offerings and taxonomy."
      onClose={onClose}
      testId="maps-dialog"
      wide
    >
      {signedIn && <CreateMapForm />}
      {maps.isError && (
        <p className="form-error" role="alert">
          {maps.error.message}
        </p>
      )}
      <div className="maps-filter">
        <label htmlFor="maps-filter">Find a map</label>
        <input
          id="maps-filter"
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Name, id or description"
        />
        <span className="muted" role="status">
          {filter ? `${shown.length} of ${items.length} maps` : `${items.length} maps`}
        </span>
      </div>
      <ul className="maps-list" aria-label="Maps" data-testid="maps-list">
        {shown.map((m) => (
          <li key={m.id} className={m.id === current ? "current" : ""} data-testid="map-row" data-map-id={m.id}>
            <div className="maps-row-head">
              <h3>
                {m.name} {m.id === current && <span className="badge status-accepted">open</span>}
              </h3>
              <code className="muted">{m.id}</code>
              <span className={`badge visibility-${m.visibility}`} title={VISIBILITY_LABELS[m.visibility].help}>
                {VISIBILITY_LABELS[m.visibility].label}
              </span>
            </div>
            <p className="maps-description">{m.description || <span className="muted">No description</span>}</p>
            <p className="muted small">
              {countsLine(m)} · changed <time dateTime={m.updatedAt}>{sinceLabel(m.updatedAt)}</time>
            </p>
            {mode?.mapId === m.id && mode.kind === "edit" && <EditMapForm map={m} onDone={() => setMode(null)} />}
            {mode?.mapId === m.id && mode.kind === "duplicate" && (
              <DuplicateMapForm map={m} onDone={() => setMode(null)} />
            )}
            {mode?.mapId !== m.id && (
              <div className="maps-actions">
                <button
                  type="button"
                  className="btn small primary"
                  disabled={m.id === current}
                  onClick={() => {
                    actions.chooseMap(m.id);
                    onClose();
                  }}
                  aria-label={`Open ${m.name}`}
                >
                  Open
                </button>
                {accessOf(m)?.reach === "owner" && (
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => setMode({ kind: "edit", mapId: m.id })}
                    aria-label={`Rename or describe ${m.name}`}
                    data-testid="map-edit"
                  >
                    Rename
                  </button>
                )}
                {canEditReach(accessOf(m)?.reach) && (
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => setMode({ kind: "duplicate", mapId: m.id })}
                    aria-label={`Duplicate ${m.name}`}
                    data-testid="map-duplicate"
                  >
                    Duplicate
                  </button>
                )}
                {accessOf(m)?.reach === "owner" && (
                  <button
                    type="button"
                    className="btn small danger"
                    onClick={() => setDeleting(m)}
                    aria-label={`Delete ${m.name}`}
                    aria-haspopup="dialog"
                    data-testid="map-delete"
                  >
                    Delete
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {deleting && (
        <DeleteMapDialog map={deleting} onClose={() => setDeleting(null)} onDeleted={() => onDeleted(deleting)} />
      )}
    </Modal>
  );
}
