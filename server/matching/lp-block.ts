// One linear program, a block of an allocation, and how HiGHS solves it (Huangfu & Hall 2018, "Parallelizing
// the dual revised simplex method", Math. Prog. Comp. 10; the `highs` WebAssembly build). The main thread and the
// solver workers (lp-worker.ts) both solve through this file, so a block gives the same answer wherever it runs.
import type { Highs } from "highs";

/** maximise colCost'x subject to Ax <= rowUpper, 0 <= x <= colUpper; A in compressed sparse columns. */
export interface LpBlock {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colUpper: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface BlockResult {
  optimal: boolean;
  status: number;
  colValue: Float64Array;
}

let highsLoading: Promise<Highs> | null = null;
/** The solver's WebAssembly module is compiled once per thread. */
export function loadHighs(): Promise<Highs> {
  highsLoading ??= import("highs").then((m) => m.default());
  return highsLoading;
}

export function solveBlock(highs: Highs, b: LpBlock): BlockResult {
  return highs.withModel(
    {
      numCols: b.numCols,
      numRows: b.numRows,
      sense: highs.constants.objectiveSense.maximize,
      colCost: b.colCost,
      colLower: new Float64Array(b.numCols),
      colUpper: b.colUpper,
      rowLower: new Float64Array(b.numRows).fill(-highs.infinity),
      rowUpper: b.rowUpper,
      matrix: {
        format: "csc",
        numRows: b.numRows,
        numCols: b.numCols,
        starts: b.starts,
        indices: b.indices,
        values: b.values,
      },
    },
    (model) => {
      model.options.set({ output_flag: false });
      model.run();
      const status = model.getModelStatus();
      return {
        optimal: status === highs.constants.modelStatus.optimal,
        status,
        colValue: model.getSolution().colValue,
      };
    },
  );
}
