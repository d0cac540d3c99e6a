// Idempotency-Key records: the answer a write gave, kept for a day so a retry of it receives the same answer
// instead of writing again. Keyed by the SHA-256 of caller, key, method and path; the request body's hash tells a
// retry from another request reusing the key.
import { rows, type StoreSession } from "./session";

export interface StoredAnswer {
  status: number;
  /** The response body as sent, or null when there was none (204). */
  body: string | null;
  contentType: string | null;
  etag: string | null;
}

export type Claim =
  { kind: "claimed" } | { kind: "replay"; answer: StoredAnswer } | { kind: "mismatch" } | { kind: "pending" };

export class IdempotencyRepository {
  constructor(private readonly session: StoreSession) {}

  async claim(id: string, token: string, fingerprint: string, ttlMs: number): Promise<Claim> {
    const now = new Date();
    const [row] = await this.session.write((tx) =>
      rows(tx, "idempotency-claim", {
        id,
        token,
        fingerprint,
        now: now.toISOString(),
        expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      }),
    );
    if (row!.claimed) return { kind: "claimed" };
    if (row!.fingerprint !== fingerprint) return { kind: "mismatch" };
    if (row!.status === null || row!.status === undefined) return { kind: "pending" };
    return {
      kind: "replay",
      answer: {
        status: Number(row!.status),
        body: (row!.body as string | null) ?? null,
        contentType: (row!.contentType as string | null) ?? null,
        etag: (row!.etag as string | null) ?? null,
      },
    };
  }

  async complete(id: string, token: string, answer: StoredAnswer): Promise<void> {
    await this.session.write((tx) => rows(tx, "idempotency-complete", { id, token, ...answer }));
  }

  async release(id: string, token: string): Promise<void> {
    await this.session.write((tx) => rows(tx, "idempotency-release", { id, token }));
  }
}
