// `npm run generate -- --actors 100000 [--seed 1] [--relationships-per-actor 5] [--out file.json]`
// Writes a seeded synthetic ecosystem as an importable JSON bundle (stdout when --out is absent).
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { generateEcosystem } from "../server/analysis/synthetic";

const { values } = parseArgs({
  options: {
    actors: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    "relationships-per-actor": { type: "string", default: "5" },
    out: { type: "string" },
  },
});

const actors = Number(values.actors);
if (!Number.isInteger(actors) || actors < 1)
  throw new Error(`--actors must be a positive integer, got '${values.actors}'`);
const started = performance.now();
const bundle = generateEcosystem({
  actors,
  seed: Number(values.seed),
  relationshipsPerActor: Number(values["relationships-per-actor"]),
});

// Written kind by kind, item by item, so a 100k-actor bundle never becomes one giant string.
const out = values.out ? createWriteStream(values.out) : process.stdout;
const write = (s: string) => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once("drain", resolve)));
await write("{");
const kinds = ["categories", "actors", "relationships", "needs", "offerings"] as const;
for (const [k, kind] of kinds.entries()) {
  await write(`${k ? "," : ""}\n"${kind}":[`);
  const list = bundle[kind] as unknown[];
  for (let i = 0; i < list.length; i++) await write(`${i ? "," : ""}\n${JSON.stringify(list[i])}`);
  await write("]");
}
await write("\n}\n");
if (values.out) {
  out.end();
  process.stderr.write(
    `${values.out}: ${bundle.actors.length} actors, ${bundle.relationships.length} relationships, ` +
      `${bundle.needs.length} needs, ${bundle.offerings.length} offerings in ${Math.round(performance.now() - started)} ms\n`,
  );
}
