// Shapes of the maps page, taken from the server's schemas.
import type { z } from "zod";
import type { MapDuplicate as MapDuplicateSchema } from "../../../../server/schemas/api";

export type { AtlasMap, MapCreate, MapPatch } from "../../../../server/schemas/domain";
export type MapDuplicate = z.infer<typeof MapDuplicateSchema>;

/** The row of the maps page being worked on, and how. */
export type MapRowMode = { kind: "edit"; mapId: string } | { kind: "duplicate"; mapId: string } | null;
