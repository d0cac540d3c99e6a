// A chunked import is a background job: a transient refusal of one chunk (the two writers' ties deadlocking, another
// import holding the transaction memory) is waited out, while a database that is away fails the job at once.
import { describe, expect, it } from "vitest";
import type { ManagedTransaction } from "neo4j-driver";
import { UnavailableError } from "../../server/domain/errors";
import { inChunks, step } from "../../server/store/bundle-runners";
import type { Transact } from "../../server/store/session";

const refusal = (code: string) => new UnavailableError(Object.assign(new Error(code), { code }));

/** A write whose first `failures` attempts are refused with `code`; later ones "write" every row they are given. */
function flakyWrite(code: string, failures: number) {
  let attempts = 0;
  const write: Transact = async (work) => {
    attempts += 1;
    if (attempts <= failures) throw refusal(code);
    const tx = { run: async (_q: string, p: { rows: unknown[] }) => ({ records: [rowCount(p.rows.length)] }) };
    return work(tx as unknown as ManagedTransaction);
  };
  return { write, attempts: () => attempts };
}
const rowCount = (count: number) => ({ keys: ["count"], toObject: () => ({ count }), get: () => count });

describe("a chunked import's writes", () => {
  it("wait out a deadlock and write every chunk once", async () => {
    const { write, attempts } = flakyWrite("Neo.TransientError.Transaction.DeadlockDetected", 2);
    let written = 0;
    const run = inChunks(write, 10, async (count) => {
      written += count;
    });
    await run.each(
      [
        step(
          "import-actors",
          Array.from({ length: 30 }, (_, i) => i),
          (i) => ({ i }),
        ),
      ],
      {},
    );
    expect(written).toBe(30);
    expect(attempts()).toBe(3 + 2);
  });

  it("fail at once when the database is away or stopping", async () => {
    for (const code of ["ServiceUnavailable", "Neo.TransientError.General.DatabaseUnavailable"]) {
      const { write, attempts } = flakyWrite(code, 1);
      const run = inChunks(write, 10, async () => {});
      const items = Array.from({ length: 10 }, (_, i) => i);
      await expect(run.each([step("import-actors", items, (i) => ({ i }))], {})).rejects.toBeInstanceOf(
        UnavailableError,
      );
      expect(attempts()).toBe(1);
    }
  });
});
