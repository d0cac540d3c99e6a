// The editor: one modal form for creating, editing or deleting an actor, need, offering or relationship.
// Input is checked with the API's zod schemas before sending; the API's own field errors show in the same places.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ACTOR_LABELS } from "../../core/appearance";
import { apiFieldErrors, parseWith, unitOptions, withCategory, type Draft, type FieldErrors } from "../../core/forms";
import { api } from "../../core/api";
import type { Ecosystem } from "../../core/graph/types";
import { ApiError, useActions, useEcosystem, useMapId, useMapMutation, useReloadMap, useUi } from "../../core/hooks";
import type { EditorState } from "../../core/ui";
import { ActorCombobox } from "../ActorCombobox";
import { Icon } from "../Icon";
import { errorFor, Field } from "./Field";
import { SPECS } from "./specs";

export function EditorDialog() {
  const { editor } = useUi();
  const eco = useEcosystem();
  // Bumped by Reload after a conflict: the form starts again from the item as now stored.
  const [generation, setGeneration] = useState(0);
  if (!editor || !eco) return null;
  // A new key per item resets the form when another item is opened.
  return (
    <EditorForm
      key={`${editor.kind}:${editor.id ?? "new"}:${editor.actorId ?? ""}:${generation}`}
      editor={editor}
      onReloaded={() => setGeneration((g) => g + 1)}
    />
  );
}

/** When the item shown was last changed, by the copy the map's data holds. */
function shownUpdatedAt(eco: Ecosystem, editor: EditorState): string | undefined {
  if (!editor.id) return undefined;
  if (editor.kind === "relationship") return eco.view.relationships.find((r) => r.id === editor.id)?.updatedAt;
  return { actor: eco.actors, need: eco.needs, offering: eco.offerings }[editor.kind].get(editor.id)?.updatedAt;
}

function EditorForm({ editor, onReloaded }: { editor: EditorState; onReloaded: () => void }) {
  const eco = useEcosystem()!;
  const actions = useActions();
  const mapId = useMapId();
  const reloadMap = useReloadMap();
  // Someone else changed the item since this form was filled: saving would overwrite their change.
  const [stale, setStale] = useState(false);
  const spec = SPECS[editor.kind];
  const mode = editor.id ? "edit" : "create";
  const [draft, setDraft] = useState<Draft>(() => spec.draft(eco, editor));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const owner = eco.actors.get(
    editor.kind === "relationship" ? (draft.from ?? "") : (draft.actorId ?? editor.actorId ?? ""),
  );

  const save = useMapMutation(
    (mapId, body: unknown) =>
      mode === "create" ? spec.create(mapId, body as never) : spec.update(mapId, editor.id!, body as never),
    { success: () => `${spec.noun[0]!.toUpperCase()}${spec.noun.slice(1)} ${mode === "create" ? "created" : "saved"}` },
  );
  const remove = useMapMutation((mapId, id: string) => spec.remove(mapId, id), {
    success: () => `${spec.noun} deleted`,
  });

  const close = () => actions.ui.openEditor(null);

  // The version the form edits: read once as it opens, sent as If-Match by the save or the delete.
  const shown = useRef(shownUpdatedAt(eco, editor));
  useEffect(() => {
    if (!mapId || !editor.id) return;
    let open = true;
    // Unread, the save goes without If-Match, as writes did before versions.
    api.readItemVersion(mapId, editor.kind, editor.id).then(
      (stored) => {
        if (open && stored && stored.updatedAt !== shown.current) setStale(true);
      },
      () => undefined,
    );
    return () => {
      open = false;
      api.forgetItemVersion(mapId, editor.kind, editor.id!);
    };
  }, [mapId, editor.kind, editor.id]);

  const reload = async () => {
    if (mapId) await reloadMap(mapId);
    onReloaded();
  };
  const isConflict = (err: unknown) => err instanceof ApiError && err.status === 412;

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>("input:not([disabled]), select:not([disabled]), textarea")?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && actions.ui.openEditor(null);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [actions]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const body = mode === "create" ? spec.input(draft) : spec.patch(draft);
    const parsed = parseWith(mode === "create" ? spec.inputSchema : spec.patchSchema, body);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setFormError("Please correct the highlighted fields.");
      return;
    }
    setErrors({});
    try {
      const saved = await save.mutateAsync(parsed.data);
      if (editor.kind === "actor" && mode === "create") actions.selection.focusActor(saved.id);
      close();
    } catch (err) {
      if (isConflict(err)) setStale(true);
      else if (err instanceof ApiError) {
        setErrors(apiFieldErrors(err.issues));
        setFormError(err.message);
      } else setFormError((err as Error).message);
    }
  };

  const onDelete = async () => {
    if (!confirmDelete) return setConfirmDelete(true);
    try {
      await remove.mutateAsync(editor.id!);
      if (editor.kind === "actor") actions.selection.selectActor(null);
      if (editor.kind === "need") actions.selection.selectNeed(null);
      close();
    } catch (err) {
      if (isConflict(err)) setStale(true);
      else setFormError((err as Error).message);
    }
  };

  const title = `${mode === "create" ? "New" : "Edit"} ${spec.noun}`;
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="editor-title"
        ref={dialog}
        data-testid="editor"
      >
        <header>
          <div>
            <h2 id="editor-title">{title}</h2>
            {owner && editor.kind !== "actor" && (
              <p className="muted">
                {editor.kind === "relationship" ? "From" : "For"} {owner.name} · {ACTOR_LABELS[owner.type]}
              </p>
            )}
          </div>
          <button type="button" className="icon-btn" onClick={close} aria-label="Close">
            <Icon name="close" />
          </button>
        </header>
        <form onSubmit={onSubmit} noValidate>
          <div className="form-grid">
            {spec.fields(eco).map((f) => {
              if (f.createOnly && mode === "edit" && f.name === "id") return null;
              const disabled = f.createOnly && mode === "edit";
              const error = errorFor(errors, f.name);
              const set = (v: string) =>
                setDraft((d) =>
                  // A need's or offering's unit follows its category's default until the user picks another.
                  f.name === "category" && "unit" in d ? withCategory(d, v, eco.categories) : { ...d, [f.name]: v },
                );
              if (f.name === "unit") f = { ...f, options: unitOptions(draft.unit ?? "") };
              if (f.kind === "actor") {
                const chosen = eco.actors.get(draft[f.name] ?? "");
                return (
                  <Field
                    key={f.name}
                    spec={f}
                    value={draft[f.name] ?? ""}
                    error={error}
                    disabled={disabled}
                    onChange={set}
                  >
                    {disabled ? (
                      <input value={chosen?.name ?? draft[f.name] ?? ""} disabled />
                    ) : (
                      <div className="picker">
                        {chosen && (
                          <span className="picked" data-field={f.name}>
                            {chosen.name}
                          </span>
                        )}
                        <ActorCombobox
                          label={f.label}
                          placeholder={chosen ? "Change…" : "Find an actor…"}
                          exclude={draft.from}
                          onPick={(h) => set(h.id)}
                        />
                      </div>
                    )}
                  </Field>
                );
              }
              return (
                <Field
                  key={f.name}
                  spec={f}
                  value={draft[f.name] ?? ""}
                  error={error}
                  disabled={disabled}
                  onChange={set}
                />
              );
            })}
          </div>
          {errors.form && <p className="form-error">{errors.form}</p>}
          {stale && (
            <p className="form-error" role="alert" data-testid="editor-conflict">
              This {spec.noun} was changed by someone else.{" "}
              <button type="button" className="btn" onClick={() => void reload()}>
                Reload
              </button>
            </p>
          )}
          {formError && (
            <p className="form-error" role="alert" data-testid="form-error">
              {formError}
            </p>
          )}
          <footer>
            {mode === "edit" && (
              <button
                type="button"
                className={`btn danger ${confirmDelete ? "confirm" : ""}`}
                onClick={onDelete}
                disabled={remove.isPending || stale}
              >
                <Icon name="trash" /> {confirmDelete ? `Really delete this ${spec.noun}?` : "Delete"}
              </button>
            )}
            <span className="grow" />
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="btn primary" disabled={save.isPending || stale}>
              {save.isPending ? "Saving…" : mode === "create" ? `Create ${spec.noun}` : "Save"}
            </button>
          </footer>
        </form>
      </div>
    </div>
  );
}
