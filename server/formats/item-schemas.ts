// The items of a bundle as importers validate them one by one: the API's input schemas with the ids an import must
// carry (actor, need and offering ids are derived before validation when a file leaves them out), and the one rule
// for values an item can do without: a bad optional value is left out with a warning rather than refusing the item.
import type { z } from "zod";
import {
  ActorInput,
  BundleCommitment,
  CategoryInput,
  Id,
  NeedInput,
  OfferingInput,
  RelationshipInput,
} from "../schemas/domain";
import type { Bundle } from "../schemas/domain";
import { zodIssues, type Issues, type Provenance } from "./issues";

export const ActorRow = ActorInput.extend({ id: Id });
export const NeedRow = NeedInput.extend({ id: Id });
// safeExtend keeps the offering's date-order refinement, which `extend` refuses to carry over a replaced key.
export const OfferingRow = OfferingInput.safeExtend({ id: Id });
export const RelationshipRow = RelationshipInput;
export const CategoryRow = CategoryInput;
export const CommitmentRow = BundleCommitment;

const ROWS = {
  categories: CategoryRow,
  actors: ActorRow,
  needs: NeedRow,
  offerings: OfferingRow,
  relationships: RelationshipRow,
  commitments: CommitmentRow,
} satisfies Record<keyof Bundle, z.ZodType>;

/**
 * Fields an item is whole without, most specific first: a bad value there (a coordinate out of range or not a number,
 * an address that is not http(s), a date that is no date, a status the domain does not know) is left out and the item
 * kept. A location without usable coordinates is no location, so a bad lat or lon drops all of it. Ids, names, types,
 * references, quantities and their units are what the item is, and stay errors.
 */
export const FORGIVABLE_FIELDS: Readonly<Record<keyof Bundle, readonly string[]>> = {
  categories: [],
  actors: ["location.address", "location.region", "location", "url"],
  needs: ["dueDate", "status"],
  offerings: ["validFrom", "validUntil", "status"],
  relationships: ["since", "until"],
  commitments: [],
};

/** Whether `field` of an item of `kind` can be left out when its value is bad. */
export function isForgivable(kind: keyof Bundle, field: string): boolean {
  return forgivableField(kind, field.split(".")) !== undefined;
}

export type ItemOf<K extends keyof Bundle> = Bundle[K][number];

/** The forgivable field an issue's path falls in, if any. */
function forgivableField(kind: keyof Bundle, path: readonly PropertyKey[]): string | undefined {
  const dotted = path.map(String).join(".");
  return FORGIVABLE_FIELDS[kind].find((f) => dotted === f || dotted.startsWith(`${f}.`));
}

function valueAt(item: Record<string, unknown>, field: string): unknown {
  let node: unknown = item;
  for (const key of field.split(".")) node = node && typeof node === "object" ? (node as never)[key] : undefined;
  return node;
}

function dropField(item: Record<string, unknown>, field: string): Record<string, unknown> {
  const [head, ...rest] = field.split(".");
  const copy = { ...item };
  if (!rest.length) delete copy[head!];
  else if (copy[head!] && typeof copy[head!] === "object")
    copy[head!] = dropField(copy[head!] as Record<string, unknown>, rest.join("."));
  return copy;
}

function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? "" : text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Validates one item, naming where each failing value is in the source. Bad optional values are left out with a
 * warning each; anything else refuses the item with an error each. Returns the item, or undefined when refused.
 */
export function parseItem<K extends keyof Bundle>(
  kind: K,
  item: Record<string, unknown>,
  issues: Issues,
  source: Provenance,
): ItemOf<K> | undefined {
  const schema = ROWS[kind] as unknown as z.ZodType<ItemOf<K>>;
  const forgiven = new Map<string, z.core.$ZodIssue>();
  let kept = item;
  // A cross-field rule (until on or after since) fails on a value that is bad in itself, so bad values are left out
  // first and the item checked again; only a rule that still fails leaves out the field it names.
  for (;;) {
    const parsed = schema.safeParse(kept);
    if (parsed.success) {
      warnForgiven(item, forgiven, issues, source);
      return parsed.data;
    }
    const found = parsed.error.issues;
    const hard = found.filter(
      (i) => forgivableField(kind, i.path) === undefined || forgiven.has(forgivableField(kind, i.path)!),
    );
    if (hard.length) {
      warnForgiven(item, forgiven, issues, source);
      zodIssues(issues, { issues: hard }, source);
      return undefined;
    }
    const own = found.filter((i) => i.code !== "custom");
    for (const issue of own.length ? own : found) {
      const field = forgivableField(kind, issue.path)!;
      if (forgiven.has(field)) continue;
      forgiven.set(field, issue);
      kept = dropField(kept, field);
    }
  }
}

/** One warning per value left out, naming where it was read. */
function warnForgiven(
  item: Record<string, unknown>,
  forgiven: ReadonlyMap<string, z.core.$ZodIssue>,
  issues: Issues,
  source: Provenance,
): void {
  for (const [field, issue] of forgiven) {
    const value = valueAt(item, issue.path.map(String).join("."));
    const said =
      value === undefined
        ? "is missing"
        : issue.code === "invalid_type" && issue.expected === "number"
          ? `'${shown(value)}' is not a number`
          : `'${shown(value)}': ${issue.message}`;
    issues.warn("invalid_value", `${said}; the ${field.split(".").pop()} was left out`, source.locate(issue.path));
  }
}
