// The undo of a failed chunked import finds what it deletes and restores by index, never by scanning a label or a
// relationship type: at 100k actors a scan per statement would make the undo outlast the import. Asked of the real
// Neo4j with EXPLAIN (nothing runs), with parameters shaped as bundle-writer.ts sends them, on a map that holds a
// synthetic ecosystem so that the planner has statistics to choose by.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import neo4j, { type Driver } from "neo4j-driver";
import type { App } from "../../server/app";
import { generateEcosystem } from "../../server/analysis/synthetic";
import { cypher, type QueryName } from "../../server/store/cypher";
import { ACTIVE } from "../../server/store/records";
import { buildTestApp, newMap, testNeo4j } from "../helpers/app";

/** Operators that read every node, every node of a label, or every relationship (of a type). */
const SCANS = [
  "AllNodesScan",
  "NodeByLabelScan",
  "DirectedAllRelationshipsScan",
  "UndirectedAllRelationshipsScan",
  "DirectedRelationshipTypeScan",
  "UndirectedRelationshipTypeScan",
];

interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}

/** Every operator of the plan, depth first, with its name as the planner prints it less "@neo4j". */
function operators(plan: PlanNode): { name: string; details: string }[] {
  const name = plan.operatorType.split("@")[0]!;
  const details = String(plan.arguments.Details ?? "");
  return [{ name, details }, ...plan.children.flatMap(operators)];
}

let app: App;
let driver: Driver;
let mapId: string;
let eco: ReturnType<typeof generateEcosystem>;
beforeAll(async () => {
  app = await buildTestApp();
  const { uri, user, password } = testNeo4j();
  driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
  mapId = await newMap(app, "undo-plan");
  eco = generateEcosystem({ actors: 300, seed: 5 });
  await app.store.importBundle(mapId, { ...eco, commitments: [] });
});
afterAll(async () => {
  await app.store.deleteMap(mapId);
  await driver.close();
  await app.close();
});

async function plan(name: QueryName, params: object) {
  const session = driver.session({ defaultAccessMode: "WRITE" });
  try {
    const result = await session.run(`EXPLAIN ${cypher(name)}`, params);
    return operators(result.summary.plan as unknown as PlanNode);
  } finally {
    await session.close();
  }
}

const now = "2026-01-01T00:00:00.000Z";
const ids = <T extends { id: string }>(list: T[]) => list.map((i) => i.id);
const element = "4:00000000-0000-0000-0000-000000000000:0";

describe("the undo of a failed chunked import", () => {
  it("deletes what the import created through the (mapId, id) indexes, one relationship index per type", async () => {
    const ops = await plan("import-undo", {
      mapId,
      relationships: ids(eco.relationships as { id: string }[]),
      commitments: ["c-1", "c-2"],
      needs: ids(eco.needs),
      offerings: ids(eco.offerings),
      actors: ids(eco.actors),
      categories: ids(eco.categories),
    });
    const names = ops.map((o) => o.name);
    expect(names.filter((n) => SCANS.includes(n))).toEqual([]);
    expect(names.filter((n) => n.includes("Scan"))).toEqual([]);
    // Each of the seven tie types through its own index, commitments through the FULFILLS key.
    const tieSeeks = ops
      .filter((o) => /RelationshipIndexSeek/.test(o.name))
      .map((o) => /\[\w+:(\w+)\(/.exec(o.details)?.[1]);
    expect(tieSeeks.sort()).toEqual([
      "FUNDS",
      "MEMBER_OF",
      "MENTORS",
      "PARTNERS_WITH",
      "REFERS_TO",
      "SUPPLIES",
      "VOLUNTEERS_AT",
    ]);
    expect(names).toContain("DirectedRelationshipUniqueIndexSeek(Locking)");
    const nodeSeeks = ops
      .filter((o) => o.name.startsWith("NodeUniqueIndexSeek"))
      .map((o) => /\w+:(\w+)\(/.exec(o.details)?.[1]);
    expect(nodeSeeks.sort()).toEqual(["Actor", "Category", "Need", "Offering"]);
  });

  it("restores the replaced items, recounts and records the undo without scanning a label or a type", async () => {
    const actor = eco.actors[0]!;
    const need = eco.needs[0]!;
    const offering = eco.offerings[0]!;
    const tie = eco.relationships[0]!;
    const statements: [QueryName, object][] = [
      ["category-upsert", { mapId, now, rows: [{ id: "technology/devices", name: "Devices", parent: "technology" }] }],
      ["import-actors", { mapId, now, rows: [{ ...actor, tags: actor.tags, attributes: "{}", updatedAt: now }] }],
      ["import-actor-elements", { mapId, ids: ids(eco.actors) }],
      ["import-ties-existing", { mapId, ids: [tie.id] }],
      ["import-ties-remove", { mapId, now, rows: [{ element, id: tie.id }] }],
      ["import-ties-set", { mapId, now, rows: [{ element, id: tie.id, weight: 1, updatedAt: now }] }],
      [
        "import-ties-create",
        {
          mapId,
          now,
          from: [element],
          fromId: [actor.id],
          to: [element],
          toId: [eco.actors[1]!.id],
          type: ["PARTNERS_WITH"],
          id: [tie.id],
          weight: [1],
          amount: [null],
          currency: [null],
          since: [null],
          until: [null],
          createdAt: [now],
          updatedAt: [now],
        },
      ],
      ["import-needs", { mapId, now, rows: [{ actor: element, props: { ...need, updatedAt: now } }] }],
      ["import-offerings", { mapId, now, rows: [{ actor: element, props: { ...offering, updatedAt: now } }] }],
      ["category-units", { mapId, ids: [need.category] }],
      ["commitment-units", { mapId, rows: [{ id: "c-1", offeringId: offering.id, needId: need.id, unit: null }] }],
      [
        "commitment-upsert",
        {
          mapId,
          now,
          rows: [{ offeringId: offering.id, needId: need.id, props: { id: "c-1", amount: 1, status: "proposed" } }],
        },
      ],
      ["commitments-recount", { mapId, offeringIds: [offering.id], active: [...ACTIVE] }],
      ["map-touch", { mapId, now }],
    ];
    // audit-record only creates: it finds nothing.
    const scans: string[] = [];
    const unseeking: string[] = [];
    for (const [name, params] of statements) {
      const ops = await plan(name, params);
      for (const op of ops) if (SCANS.includes(op.name)) scans.push(`${name}: ${op.name}`);
      // Ties and the nodes they join are found by element id (NodeByElementIdSeek), the rest by a (mapId, id) key.
      if (!ops.some((op) => op.name.includes("Seek"))) unseeking.push(name);
    }
    expect(scans).toEqual([]);
    expect(unseeking).toEqual([]);
  });

  it("finds an old commitment it replaces through the FULFILLS key, not by reading every commitment", async () => {
    const ops = await plan("commitment-upsert", {
      mapId,
      rows: [{ offeringId: eco.offerings[0]!.id, needId: eco.needs[0]!.id, props: { id: "c-1", amount: 1 } }],
    });
    expect(ops.filter((o) => o.name.includes("RelationshipUniqueIndexSeek")).map((o) => o.details)).toEqual([
      expect.stringContaining("FULFILLS(mapId, id)"),
    ]);
  });
});
