// Choose a map, or create one (it starts with the default taxonomy); open the maps page, import data into the map
// (editors), and manage its members and sharing (owners).
import { useState, type FormEvent } from "react";
import { MapCreate, parseWith, type FieldErrors } from "../core/forms";
import {
  ApiError,
  useActions,
  useCreateMap,
  useGraphQuery,
  useMapAccess,
  useMapId,
  useMapsQuery,
  useSession,
} from "../core/hooks";
import { ImportDialog } from "./data/ImportDialog";
import { MapsDialog } from "./maps/MapsDialog";
import { MembersDialog } from "./maps/MembersDialog";
import { ShareDialog } from "./maps/ShareDialog";

export function MapChooser() {
  const mapId = useMapId();
  const maps = useMapsQuery();
  const create = useCreateMap();
  const actions = useActions();
  const access = useMapAccess();
  const map = useGraphQuery().data?.map;
  const signedIn = !!useSession().data?.user;
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [dialog, setDialog] = useState<"maps" | "import" | "members" | "share" | null>(null);

  const onCreate = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseWith(MapCreate, { name });
    if (!parsed.ok) return setErrors(parsed.errors);
    try {
      const map = await create.mutateAsync(parsed.data);
      setCreating(false);
      setName("");
      setErrors({});
      actions.chooseMap(map.id);
    } catch (err) {
      setErrors(
        err instanceof ApiError && err.issues.length
          ? Object.fromEntries(err.issues.map((i) => [i.field, i.message]))
          : { name: (err as Error).message },
      );
    }
  };

  const items = maps.data?.items ?? [];
  const known = items.some((m) => m.id === mapId);
  return (
    <div className="map-chooser">
      <label htmlFor="map-select" className="visually-hidden">
        Map
      </label>
      <select
        id="map-select"
        value={mapId ?? ""}
        onChange={(e) => actions.chooseMap(e.target.value || null)}
        data-testid="map-select"
      >
        {/* A map the list leaves out (opened through a share link): named by its own answer. */}
        {!known && <option value={mapId ?? ""}>{(map?.id === mapId && map?.name) || mapId || "Choose a map"}</option>}
        {items.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name} ({m.counts.actors})
          </option>
        ))}
      </select>
      {creating ? (
        <form onSubmit={onCreate} className="inline-form">
          <label htmlFor="new-map-name" className="visually-hidden">
            New map name
          </label>
          <input
            id="new-map-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="New map name"
            aria-invalid={!!errors.name}
            autoFocus
          />
          <button type="submit" className="btn small primary" disabled={create.isPending}>
            Create
          </button>
          <button type="button" className="btn small" onClick={() => setCreating(false)}>
            Cancel
          </button>
          {errors.name && <small className="field-error">{errors.name}</small>}
        </form>
      ) : (
        <>
          {signedIn && (
            <button type="button" className="btn small ghost" onClick={() => setCreating(true)}>
              New map
            </button>
          )}
          <button
            type="button"
            className="btn small ghost"
            onClick={() => setDialog("maps")}
            aria-haspopup="dialog"
            data-testid="open-maps"
          >
            Maps…
          </button>
          {access?.canEdit && (
            <button
              type="button"
              className="btn small ghost"
              onClick={() => setDialog("import")}
              disabled={!mapId}
              aria-haspopup="dialog"
              data-testid="open-import"
            >
              Import…
            </button>
          )}
          {access?.isOwner && (
            <>
              <button
                type="button"
                className="btn small ghost"
                onClick={() => setDialog("members")}
                aria-haspopup="dialog"
                data-testid="open-members"
              >
                Members…
              </button>
              <button
                type="button"
                className="btn small ghost"
                onClick={() => setDialog("share")}
                aria-haspopup="dialog"
                data-testid="open-share"
              >
                Share…
              </button>
            </>
          )}
        </>
      )}
      {dialog === "maps" && <MapsDialog onClose={() => setDialog(null)} />}
      {dialog === "import" && <ImportDialog onClose={() => setDialog(null)} />}
      {dialog === "members" && map && (
        <MembersDialog mapId={map.id} mapName={map.name} onClose={() => setDialog(null)} />
      )}
      {dialog === "share" && map && (
        <ShareDialog
          mapId={map.id}
          mapName={map.name}
          visibility={map.visibility}
          redactedTypes={map.redactedTypes ?? []}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
