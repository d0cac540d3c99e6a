// What each editor shows and how it talks to the API.
import type { z } from "zod";
import { ACTOR_LABELS, EDGE_STYLES } from "../../core/appearance";
import { api } from "../../core/api";
import {
  ACTOR_TYPES,
  ActorInput,
  ActorPatch,
  actorDraft,
  actorInput,
  actorPatch,
  Modality,
  NeedInput,
  NeedPatch,
  NeedStatus,
  needDraft,
  needInput,
  needPatch,
  OfferingInput,
  OfferingPatch,
  OfferingStatus,
  offeringDraft,
  offeringInput,
  offeringPatch,
  Priority,
  RELATIONSHIP_TYPES,
  RelationshipInput,
  RelationshipPatch,
  relationshipDraft,
  relationshipInput,
  relationshipPatch,
  type Draft,
} from "../../core/forms";
import type { Ecosystem } from "../../core/graph";
import type { EditorKind, EditorState } from "../../core/ui";
import type { FieldSpec } from "./Field";

export interface EntitySpec {
  noun: string;
  fields: (eco: Ecosystem) => FieldSpec[];
  draft: (eco: Ecosystem, editor: EditorState) => Draft;
  input: (d: Draft) => unknown;
  patch: (d: Draft) => unknown;
  inputSchema: z.ZodType;
  patchSchema: z.ZodType;
  create: (mapId: string, body: never) => Promise<{ id: string }>;
  update: (mapId: string, id: string, body: never) => Promise<{ id: string }>;
  remove: (mapId: string, id: string) => Promise<void>;
}

const opts = (values: readonly string[], label: (v: string) => string = (v) => v.replace(/_/g, " ")) =>
  values.map((value) => ({ value, label: label(value) }));

/** Its options depend on the draft's own unit, which EditorDialog fills in (unitOptions). */
const unitField = (): FieldSpec => ({
  name: "unit",
  label: "Unit",
  kind: "select",
  hint: "Quantities of different units are never matched against each other",
});

function categoryOptions(eco: Ecosystem) {
  const list = [...eco.categories.values()].sort((a, b) => a.id.localeCompare(b.id));
  return [
    { value: "", label: "Choose a category…" },
    ...list.map((c) => ({ value: c.id, label: `${"\u2003".repeat(c.id.split("/").length - 1)}${c.name}` })),
  ];
}

export const SPECS: Record<EditorKind, EntitySpec> = {
  actor: {
    noun: "actor",
    fields: () => [
      { name: "name", label: "Name", kind: "text", wide: true },
      {
        name: "type",
        label: "Type",
        kind: "select",
        options: opts(ACTOR_TYPES, (t) => ACTOR_LABELS[t as keyof typeof ACTOR_LABELS]),
      },
      { name: "id", label: "Id", kind: "text", createOnly: true, hint: "Optional; generated when blank." },
      { name: "description", label: "Description", kind: "textarea", wide: true },
      { name: "location.lat", label: "Latitude", kind: "number", placeholder: "-90 … 90" },
      { name: "location.lon", label: "Longitude", kind: "number", placeholder: "-180 … 180" },
      { name: "location.region", label: "Region", kind: "text" },
      { name: "location.address", label: "Address", kind: "text" },
      { name: "tags", label: "Tags", kind: "text", hint: "Comma-separated", wide: true },
      { name: "url", label: "Website", kind: "text", placeholder: "https://…", wide: true },
      {
        name: "sensitive",
        label: "Sensitive",
        kind: "checkbox",
        hint: "Viewers, share links and the public see it under a pseudonym, without its details",
        wide: true,
      },
      {
        name: "attributes",
        label: "Attributes",
        kind: "textarea",
        hint: "One per line, e.g. students: 450",
        wide: true,
      },
    ],
    draft: (eco, e) => actorDraft(e.id ? eco.actors.get(e.id) : undefined),
    input: actorInput,
    patch: actorPatch,
    inputSchema: ActorInput,
    patchSchema: ActorPatch,
    create: api.createActor,
    update: api.updateActor,
    remove: api.deleteActor,
  },
  need: {
    noun: "need",
    fields: (eco) => [
      { name: "title", label: "Title", kind: "text", wide: true },
      { name: "category", label: "Category", kind: "select", options: categoryOptions(eco) },
      { name: "priority", label: "Priority", kind: "select", options: opts(Priority.options) },
      { name: "quantity", label: "Quantity", kind: "number" },
      unitField(),
      { name: "status", label: "Status", kind: "select", options: opts(NeedStatus.options) },
      { name: "dueDate", label: "Due", kind: "date" },
      { name: "description", label: "Description", kind: "textarea", wide: true },
    ],
    draft: (eco, e) => needDraft(e.id ? eco.needs.get(e.id) : undefined, e.actorId),
    input: needInput,
    patch: needPatch,
    inputSchema: NeedInput,
    patchSchema: NeedPatch,
    create: api.createNeed,
    update: api.updateNeed,
    remove: api.deleteNeed,
  },
  offering: {
    noun: "offering",
    fields: (eco) => [
      { name: "title", label: "Title", kind: "text", wide: true },
      { name: "category", label: "Category", kind: "select", options: categoryOptions(eco) },
      { name: "modality", label: "Modality", kind: "select", options: opts(Modality.options) },
      { name: "capacity", label: "Capacity", kind: "number" },
      unitField(),
      { name: "reachKm", label: "Reach (km)", kind: "number", hint: "Blank: no limit" },
      { name: "status", label: "Status", kind: "select", options: opts(OfferingStatus.options) },
      { name: "validFrom", label: "Valid from", kind: "date" },
      { name: "validUntil", label: "Valid until", kind: "date" },
      { name: "description", label: "Description", kind: "textarea", wide: true },
    ],
    draft: (eco, e) => offeringDraft(e.id ? eco.offerings.get(e.id) : undefined, e.actorId),
    input: offeringInput,
    patch: offeringPatch,
    inputSchema: OfferingInput,
    patchSchema: OfferingPatch,
    create: api.createOffering,
    update: api.updateOffering,
    remove: api.deleteOffering,
  },
  relationship: {
    noun: "relationship",
    fields: () => [
      {
        name: "type",
        label: "Type",
        kind: "select",
        options: opts(RELATIONSHIP_TYPES, (t) => EDGE_STYLES[t as keyof typeof EDGE_STYLES].label),
        createOnly: true,
      },
      { name: "to", label: "With", kind: "actor", createOnly: true, wide: true },
      { name: "weight", label: "Strength", kind: "number", hint: "Larger is stronger" },
      { name: "amount", label: "Amount", kind: "number", hint: "Money, for funds ties" },
      { name: "since", label: "Since", kind: "date" },
      { name: "until", label: "Until", kind: "date" },
    ],
    draft: (eco, e) =>
      relationshipDraft(e.id ? eco.view.relationships.find((r) => r.id === e.id) : undefined, e.actorId),
    input: relationshipInput,
    patch: relationshipPatch,
    inputSchema: RelationshipInput,
    patchSchema: RelationshipPatch,
    create: api.createRelationship,
    update: api.updateRelationship,
    remove: api.deleteRelationship,
  },
};
