// How much a need matters, by its priority. Gaps weigh demand with it and the allocation weighs meeting a
// need in full with it: one scale, so the two answers can be compared.

export const PRIORITIES = ["low", "medium", "high", "critical"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_WEIGHTS: Readonly<Record<Priority, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

/** Most urgent first, for listings and reasons. */
export const PRIORITY_ORDER: readonly Priority[] = [...PRIORITIES].reverse();
