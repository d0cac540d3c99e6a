// Says why some names on the map are not the real ones: a viewer, a share link's visitor or the public sees the
// individuals and families of a map under pseudonyms (the server replaces them before anything leaves it).
import { useEffect } from "react";

export function RedactedNotice() {
  // The strip takes room from the map, which Sigma measures only on a window resize.
  useEffect(() => {
    window.dispatchEvent(new Event("resize"));
    return () => void window.dispatchEvent(new Event("resize"));
  }, []);
  return (
    <div className="redacted-notice" role="note" data-testid="redacted-notice">
      <svg
        width="16"
        height="16"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        aria-hidden="true"
      >
        <path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" />
      </svg>
      <span>Some actors are shown under pseudonyms to protect families and individuals.</span>
    </div>
  );
}
