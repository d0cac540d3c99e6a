import { useEffect } from "react";
import { useActions, useUi } from "../core/hooks";

export function Toast() {
  const { toast } = useUi();
  const actions = useActions();
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(actions.ui.clearToast, 4000);
    return () => clearTimeout(t);
  }, [toast, actions]);
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast && <div className={`toast ${toast.tone}`}>{toast.text}</div>}
    </div>
  );
}
