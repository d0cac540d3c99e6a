import type { EditorState, PanelTab, UiState, ViewMode } from "./types";

export * from "./types";
export * from "./utils";

export const setView =
  (view: ViewMode) =>
  (s: UiState): UiState => ({ ...s, view });
export const setPanel =
  (panel: PanelTab) =>
  (s: UiState): UiState => ({ ...s, panel });
export const openEditor =
  (editor: EditorState | null) =>
  (s: UiState): UiState => ({ ...s, editor });
export const showToast =
  (text: string, tone: "info" | "error" = "info") =>
  (s: UiState): UiState => ({
    ...s,
    toast: { text, tone, nonce: (s.toast?.nonce ?? 0) + 1 },
  });
export const clearToast =
  () =>
  (s: UiState): UiState => ({ ...s, toast: null });
