import type { LayoutKind, LayoutState } from "./types";

export * from "./types";
export * from "./settle";
export * from "./utils";

export const setLayoutKind =
  (kind: LayoutKind) =>
  (s: LayoutState): LayoutState => ({ ...s, kind, running: kind === "force" ? s.running : false });
export const setLayoutRunning =
  (running: boolean) =>
  (s: LayoutState): LayoutState => ({ ...s, running, kind: running ? "force" : s.kind });
export const setSettling =
  (settling: boolean) =>
  (s: LayoutState): LayoutState =>
    s.settling === settling ? s : { ...s, settling };
