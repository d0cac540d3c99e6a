// Every query lives in cypher/<name>.cypher and is loaded once, by a typed name, when this module loads:
// a missing file fails at start-up, not on the first request that needs it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const QUERY_NAMES = [
  "schema",
  "map-create",
  "map-list",
  "map-count",
  "map-get",
  "map-update",
  "map-touch",
  "map-import-lease",
  "map-version",
  "map-delete",
  "map-clear",
  "map-actors",
  "map-needs",
  "map-offerings",
  "map-relationships",
  "references-check",
  "ids-taken",
  "actor-upsert",
  "actor-get",
  "actor-list",
  "actor-delete",
  "actor-lock",
  "need-upsert",
  "item-active-commitments",
  "item-lock",
  "item-held",
  "need-get",
  "need-list",
  "need-delete",
  "offering-upsert",
  "offering-get",
  "offering-list",
  "offering-delete",
  "relationship-create",
  "relationship-delete-by-ids",
  "relationship-get",
  "relationship-list",
  "relationship-update",
  "relationship-lock",
  "category-upsert",
  "category-list",
  "category-get",
  "category-usage",
  "category-delete",
  "category-lock",
  "category-units",
  "snapshot-actors",
  "snapshot-relationships",
  "snapshot-needs",
  "snapshot-offerings",
  "snapshot-texts",
  "commitment-lock",
  "commitment-state",
  "commitment-write",
  "commitment-upsert",
  "commitment-get",
  "access-map",
  "access-map-lock",
  "access-map-visible",
  "access-member-list",
  "access-member-remove",
  "access-member-set",
  "access-owner-count",
  "access-share-create",
  "access-share-list",
  "access-share-revoke",
  "account-login-result",
  "account-session-destroy",
  "account-session-get",
  "account-session-set",
  "account-setup-create",
  "account-setup-use",
  "account-token-create",
  "account-token-find",
  "account-token-list",
  "account-token-revoke",
  "account-user-count",
  "account-user-create",
  "account-user-get",
  "account-user-list",
  "account-user-update",
  "commitment-list",
  "commitments-recount",
  "offerings-overcommitted",
  "commitment-units",
  "units-pending",
  "units-read",
  "units-write",
  "map-commitments",
  "map-ids",
  "import-actors",
  "import-actors-create",
  "import-actor-elements",
  "import-needs",
  "import-needs-create",
  "import-offerings",
  "import-offerings-create",
  "import-ties-existing",
  "import-ties-create",
  "import-ties-set",
  "import-ties-remove",
  "import-undo",
  "audit-record",
  "audit-list",
  "audit-clear",
  "audit-actor-cascade",
  "audit-map",
  "idempotency-claim",
  "idempotency-complete",
  "idempotency-release",
  "import-job-create",
  "import-job-progress",
  "import-job-heartbeat",
  "import-job-finish",
  "import-job-get",
  "import-job-interrupt",
  "import-job-prune",
] as const;

export type QueryName = (typeof QUERY_NAMES)[number];

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "cypher");

const queries = new Map<QueryName, string>(
  QUERY_NAMES.map((name) => [name, readFileSync(path.join(dir, `${name}.cypher`), "utf8")]),
);

export function cypher(name: QueryName): string {
  return queries.get(name)!;
}

/** schema.cypher holds several statements; Neo4j takes one per call. */
export function schemaStatements(): string[] {
  return cypher("schema")
    .split(";")
    .map((s) =>
      s
        .split("\n")
        .filter((line) => !line.trim().startsWith("//"))
        .join("\n")
        .trim(),
    )
    .filter(Boolean);
}
