// Seeded pseudo-random numbers: mulberry32 (Tommy Ettinger, public domain). Every sampled or randomised analysis
// takes a seed so the same map always yields the same figures, which is what makes reports and tests repeatable.

/** A function returning uniform floats in [0, 1), like Math.random. */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct integers from [0, n), in sampling order (partial Fisher-Yates, so O(n) memory but no rejection loop). */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  const m = Math.min(k, n);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool.slice(0, m);
}
