// Entry of a solver worker thread: registers the TypeScript loader, then runs lp-worker.ts.
//
// Why a plain .mjs entry: a worker thread is a fresh Node instance that loads its entry file itself. Under vitest
// the TypeScript is compiled by vitest's own module runner, which workers do not share; under tsx the loader hooks
// come from `--import tsx`, but on Node 20 hooks registered that way (inherited or passed in the worker's
// execArgv) are not in place when the worker loads its entry, which fails with ERR_UNKNOWN_FILE_EXTENSION. A
// JavaScript entry that registers tsx (a runtime dependency) through its API before importing the TypeScript works
// the same under tsx, vitest and plain node.
import { register } from "tsx/esm/api";

register();
await import("./lp-worker.ts");
