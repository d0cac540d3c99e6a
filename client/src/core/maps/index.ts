// Maps over HTTP: read one, rename or describe, duplicate, delete (creating and listing are in core/api).
import { request } from "../api";
import { seg } from "../api/utils";
import type { AtlasMap, MapDuplicate, MapPatch } from "./types";

export * from "./types";
export * from "./utils";

export { MapDuplicate as MapDuplicateSchema } from "../../../../server/schemas/api";
export { MapPatch as MapPatchSchema } from "../../../../server/schemas/domain";

const m = (mapId: string) => `/api/maps/${seg(mapId)}`;

export const mapsApi = {
  get: (mapId: string) => request<AtlasMap>("GET", m(mapId)),
  update: (mapId: string, patch: MapPatch) => request<AtlasMap>("PATCH", m(mapId), patch),
  duplicate: (mapId: string, input: MapDuplicate) => request<AtlasMap>("POST", `${m(mapId)}/duplicate`, input),
  remove: (mapId: string) => request<void>("DELETE", m(mapId)),
};
