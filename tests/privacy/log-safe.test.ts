// The request log never keeps a secret an address carries: share links, one-time password links, survey links.
import { describe, expect, it } from "vitest";
import { logSafeUrl } from "../../server/auth/log-safe";

describe("addresses in the log", () => {
  it("keep their path and other parameters, and lose every secret", () => {
    expect(logSafeUrl("/api/maps/riverbend/graph?share=abc123&q=x")).toBe("/api/maps/riverbend/graph?share=…&q=x");
    expect(logSafeUrl("/?set-password=s3cret")).toBe("/?set-password=…");
    expect(logSafeUrl("/?respond=svy_AbC-123")).toBe("/?respond=…");
    expect(logSafeUrl("/api/respond/svy_AbC-123/answers")).toBe("/api/respond/…/answers");
    expect(logSafeUrl("/api/respond/svy_AbC-123")).toBe("/api/respond/…");
    expect(logSafeUrl("/api/maps/riverbend/actors?limit=10")).toBe("/api/maps/riverbend/actors?limit=10");
  });
});
