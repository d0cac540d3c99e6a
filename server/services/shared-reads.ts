// Single flight for whole-map reads: callers asking for the same bytes at once (the same map, version and redaction)
// share one read. The first caller starts it; each caller gets a Readable of its own that replays the serialized
// chunks from the first, so a joiner arriving mid-read still gets the whole answer.
//
// Memory stays bounded. Chunks are kept for joiners only while the answer is small (JOIN_LIMIT_BYTES); past that the
// read takes no more joiners (they start reads of their own) and keeps only the chunks its slowest reader has not
// taken. The read is paced by its readers: it pulls the next chunk when one of them has taken every chunk so far,
// and never runs more than WINDOW_CHUNKS ahead of the slowest (a slow reader slows the others of its read, as one
// read's backpressure must).
//
// A small answer that was read to its end is kept for later callers of the same key (KEEP_BYTES each, KEEP_TOTAL_BYTES
// in all, the least recently asked going first): the key names the map's version, which every caller reads first, so
// a kept answer is the answer. Keeping one drops the kept answers of its family (its map) from other generations
// (versions), which nobody asks for any more.
import { Readable } from "node:stream";

/** Chunks kept for joiners until the answer passes this size. */
const JOIN_LIMIT_BYTES = 16 * 1024 * 1024;
/** How far (in chunks, of about 64 KiB each) the read runs ahead of its slowest reader. */
const WINDOW_CHUNKS = 16;
/** A finished answer up to this size is kept for later callers. */
const KEEP_BYTES = 2 * 1024 * 1024;
/** Finished answers kept, in all. */
const KEEP_TOTAL_BYTES = 32 * 1024 * 1024;

/** Which answers supersede each other: a map's answers of one version supersede those of the others. */
export interface KeepScope {
  family: string;
  generation: number;
}

/** What a read yields before its body: read first, so a missing map fails the request before any byte is sent. */
export interface SharedSource<H> {
  head: H;
  body: AsyncIterator<Uint8Array>;
  /** Ends the read early (every reader left); the body is not iterated after. */
  close(): Promise<void>;
}

export interface SharedRead<H> {
  head: H;
  /** The shared body, as a stream of this caller's own (unshift its own first bytes before reading). */
  reader(): Readable;
}

interface Limits {
  joinLimitBytes: number;
  windowChunks: number;
  keepBytes: number;
  keepTotalBytes: number;
}

export class SharedReads {
  private readonly flights = new Map<string, Flight<unknown>>();
  /** Finished answers kept, least recently asked first: their family, generation and size. */
  private readonly kept = new Map<string, KeepScope & { bytes: number }>();
  private keptBytes = 0;
  /** Reads started, callers that joined one in flight, and callers given a kept answer. */
  readonly stats = { started: 0, joined: 0, kept: 0 };

  private readonly limits: Limits;

  constructor(limits: Partial<Limits> = {}) {
    this.limits = {
      joinLimitBytes: JOIN_LIMIT_BYTES,
      windowChunks: WINDOW_CHUNKS,
      keepBytes: KEEP_BYTES,
      keepTotalBytes: KEEP_TOTAL_BYTES,
      ...limits,
    };
  }

  /**
   * Joins the read of `key` in flight or kept, or starts one with `start`. Every caller must take `reader()` once,
   * or the read would wait for it (reader() is called at once after the head, before any other await). With `scope`,
   * a small answer read to its end is kept for the callers after.
   */
  async open<H>(key: string, start: () => Promise<SharedSource<H>>, scope?: KeepScope): Promise<SharedRead<H>> {
    let flight = this.flights.get(key) as Flight<H> | undefined;
    if (flight?.joinable) {
      const kept = this.kept.get(key);
      if (kept) {
        this.stats.kept++;
        this.kept.delete(key); // most recently asked goes last
        this.kept.set(key, kept);
      } else this.stats.joined++;
    } else {
      this.stats.started++;
      const started: Flight<H> = new Flight<H>(start(), this.limits, {
        forget: () => {
          if (this.flights.get(key) === started) this.flights.delete(key);
        },
        finished: (bytes) => {
          if (scope && bytes <= this.limits.keepBytes && this.flights.get(key) === started)
            this.keep(key, scope, bytes);
          else started.forget();
        },
      });
      flight = started;
      this.flights.set(key, flight as Flight<unknown>);
    }
    const joined = flight;
    joined.members++;
    let head: H;
    try {
      head = (await joined.source).head;
    } catch (err) {
      joined.members--;
      joined.forget();
      throw err;
    }
    return { head, reader: () => new FlightReader(joined) };
  }

  private keep(key: string, scope: KeepScope, bytes: number): void {
    for (const [other, was] of this.kept) {
      if (was.family === scope.family && was.generation !== scope.generation) this.drop(other);
    }
    this.kept.set(key, { ...scope, bytes });
    this.keptBytes += bytes;
    for (const oldest of this.kept.keys()) {
      if (this.keptBytes <= this.limits.keepTotalBytes) break;
      this.drop(oldest);
    }
  }

  /** Readers still reading a dropped answer finish it: they hold its flight. */
  private drop(key: string): void {
    const was = this.kept.get(key);
    if (!was) return;
    this.kept.delete(key);
    this.keptBytes -= was.bytes;
    this.flights.delete(key);
  }
}

class Flight<H> {
  /** Callers of this read that have not finished (or left) yet. */
  members = 0;
  joinable = true;
  /** Chunks not yet taken by every reader, from chunk number `base` on. */
  private chunks: Uint8Array[] = [];
  private base = 0;
  private bytes = 0;
  private done = false;
  private error: unknown;
  private pulling = false;
  private readonly readers = new Set<FlightReader<H>>();
  private readonly waiting = new Set<FlightReader<H>>();

  /** Takes the read off the list of joinable ones. */
  readonly forget: () => void;

  constructor(
    readonly source: Promise<SharedSource<H>>,
    private readonly limits: Limits,
    private readonly ends: { forget: () => void; finished: (bytes: number) => void },
  ) {
    this.forget = ends.forget;
    // A failed start is reported to every caller through `open`.
    source.catch(() => undefined);
  }

  get end(): number {
    return this.base + this.chunks.length;
  }

  chunk(at: number): Uint8Array | undefined {
    return at < this.end ? this.chunks[at - this.base] : undefined;
  }

  status(): { done: boolean; error: unknown } {
    return { done: this.done, error: this.error };
  }

  add(reader: FlightReader<H>): void {
    this.readers.add(reader);
  }

  /** A reader took a chunk: chunks every reader took go once no joiner can need them; the read may move on. */
  moved(): void {
    if (!this.joinable) {
      const slowest = this.slowest();
      while (this.base < slowest && this.chunks.length) {
        this.chunks.shift();
        this.base++;
      }
    }
    if (this.waiting.size) this.pull();
  }

  /** `reader` has taken every chunk so far: it is told when there is more. */
  wait(reader: FlightReader<H>): void {
    this.waiting.add(reader);
    this.pull();
  }

  leave(reader: FlightReader<H>): void {
    if (!this.readers.delete(reader)) return;
    this.waiting.delete(reader);
    this.members--;
    if (this.members <= 0 && !this.done) {
      // Nobody reads any more (clients gone): the database read ends too.
      this.done = true;
      this.forget();
      void this.source.then((s) => s.close()).catch(() => undefined);
      return;
    }
    this.moved();
  }

  private slowest(): number {
    let min = this.end;
    for (const r of this.readers) min = Math.min(min, r.at);
    return min;
  }

  private pull(): void {
    if (this.pulling || this.done || this.end - this.slowest() >= this.limits.windowChunks) return;
    this.pulling = true;
    void this.source
      .then((s) => s.body.next())
      .then(
        (next) => {
          this.pulling = false;
          if (next.done) {
            this.done = true;
            // Still joinable: every chunk is here, and the answer may be kept whole.
            if (this.joinable) this.ends.finished(this.bytes);
            else this.forget();
          } else {
            this.chunks.push(next.value);
            this.bytes += next.value.byteLength;
            if (this.joinable && this.bytes > this.limits.joinLimitBytes) {
              this.joinable = false;
              this.forget();
            }
          }
          this.notify();
        },
        (err: unknown) => {
          this.pulling = false;
          this.done = true;
          this.error = err;
          this.forget();
          this.notify();
        },
      );
  }

  private notify(): void {
    const woken = [...this.waiting];
    this.waiting.clear();
    for (const reader of woken) reader.feed();
  }
}

class FlightReader<H> extends Readable {
  /** The next chunk number this reader takes. */
  at = 0;

  constructor(private readonly flight: Flight<H>) {
    super();
    flight.add(this);
  }

  override _read(): void {
    this.feed();
  }

  /** Pushes what the flight has for this reader until the stream wants no more or it must wait. */
  feed(): void {
    if (this.destroyed) return;
    for (;;) {
      const chunk = this.flight.chunk(this.at);
      if (chunk) {
        this.at++;
        this.flight.moved();
        if (!this.push(chunk)) return;
        continue;
      }
      const { done, error } = this.flight.status();
      if (error) this.destroy(error as Error);
      else if (done) this.push(null);
      else this.flight.wait(this);
      return;
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.flight.leave(this);
    callback(err);
  }
}
