// Reads zip archives without trusting them. fflate's unzipSync allocates each entry at its declared size and inflates it
// whole, so a zip bomb (a few kB that inflate to gigabytes, or an entry that lies about its size) would take the
// process down. Here the central directory is read first and its declared sizes and entry count are checked against
// the limits; then each entry is inflated in small steps and abandoned as soon as it outgrows what it declared.
// Readers that stream (CSV) take entries as streams inflated step by step as they are read, so a zip's memory is its
// compressed bytes and one step; the others take entries whole, within the limit of bytes held whole.
import { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { Inflate } from "fflate";
import { StopImport } from "./issues";
import { formatBytes, wholeFileBytes } from "./limits";
import type { Limits } from "./types";

/** A zip's signature: a local file header, or the end record of an empty archive. */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 0x03 || bytes[2] === 0x05) &&
    (bytes[3] === 0x04 || bytes[3] === 0x06)
  );
}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes fed to the inflater per step: deflate expands at most ~1032:1, so one step overshoots by <17 MB. */
const STEP = 16 * 1024;

interface Header {
  name: string;
  method: number;
  flags: number;
  compressed: number;
  size: number;
  local: number;
}

function failure(file: string) {
  return (code: "bad_zip" | "zip_bomb", message: string) => new StopImport(code, `${file}: ${message}`, { file });
}

/** The names of a zip's entries (hidden ones left out), from its central directory alone: for sniffing formats. */
export function zipNames(bytes: Uint8Array, file: string, limits: Limits): string[] {
  return directory(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), file, limits)
    .map((h) => h.name)
    .filter((n) => !n.endsWith("/") && !isHidden(n));
}

/**
 * The entries of a zip, hidden files and folders left out, each inflated whole; throws StopImport on anything unsafe
 * or malformed. Entries together are held to the limit of bytes a reader may hold whole.
 */
export function readZip(bytes: Uint8Array, file: string, limits: Limits): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = failure(file);
  const headers = directory(buf, file, {
    ...limits,
    maxFileBytes: wholeFileBytes(limits),
    maxZipBytes: Math.min(limits.maxZipBytes, limits.maxBufferedBytes),
  });
  const entries: ZipEntry[] = [];
  for (const h of headers) {
    if (h.name.endsWith("/") || isHidden(h.name)) continue;
    const compressed = entryBytes(buf, h, fail);
    entries.push({
      name: h.name,
      data:
        h.method === 0
          ? Buffer.from(compressed)
          : inflateCapped(compressed, h.size, () =>
              fail("zip_bomb", `entry ${h.name} inflates beyond the ${formatBytes(h.size)} it declares`),
            ),
    });
  }
  return entries;
}

/** An entry's compressed bytes, after checking its local header. */
function entryBytes(buf: Buffer, h: Header, fail: ReturnType<typeof failure>): Buffer {
  if (h.flags & 1) throw fail("bad_zip", `entry ${h.name} is encrypted`);
  if (h.local + 30 > buf.length || buf.readUInt32LE(h.local) !== LOCAL)
    throw fail("bad_zip", `corrupt entry ${h.name}`);
  const start = h.local + 30 + buf.readUInt16LE(h.local + 26) + buf.readUInt16LE(h.local + 28);
  if (start + h.compressed > buf.length) throw fail("bad_zip", `entry ${h.name} runs past the end of the archive`);
  if (h.method !== 0 && h.method !== 8) {
    throw fail("bad_zip", `entry ${h.name} uses compression method ${h.method}; only stored and deflate are supported`);
  }
  if (h.method === 0 && h.compressed !== h.size) throw fail("bad_zip", `stored entry ${h.name} has inconsistent sizes`);
  return buf.subarray(start, start + h.compressed);
}

export interface ZipStream {
  name: string;
  data: Readable;
}

/** Compressed bytes per step when streaming: deflate expands at most ~1032:1, so a step yields at most ~1 MB. */
const STREAM_STEP = 1024;
/**
 * Inflated bytes handed on at a time, each after a turn of the event loop: the data is in memory, so without the
 * turn, inflating and parsing would run as one chain of microtasks and starve every other request until the end.
 */
const PIECE = 64 * 1024;

/**
 * The entries of a zip as streams, hidden files and folders left out, each inflated only as it is read. Bytes are
 * counted as they come out of the inflater, per entry (against what it declares, and the per-file limit) and for the
 * whole zip, and the stream fails at the first byte past either: a lying entry never grows beyond its limit.
 */
export function zipStreams(bytes: Uint8Array, file: string, limits: Limits): ZipStream[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = failure(file);
  const counter = { total: 0 };
  const out: ZipStream[] = [];
  for (const h of directory(buf, file, limits)) {
    if (h.name.endsWith("/") || isHidden(h.name)) continue;
    const compressed = entryBytes(buf, h, fail);
    out.push({ name: h.name, data: Readable.from(inflateSteps(compressed, h, limits, counter, fail)) });
  }
  return out;
}

async function* inflateSteps(
  compressed: Buffer,
  h: Header,
  limits: Limits,
  counter: { total: number },
  fail: ReturnType<typeof failure>,
): AsyncGenerator<Buffer> {
  let size = 0;
  const count = (n: number) => {
    size += n;
    counter.total += n;
    if (size > h.size) throw fail("zip_bomb", `entry ${h.name} inflates beyond the ${formatBytes(h.size)} it declares`);
    if (size > limits.maxFileBytes) {
      throw fail("zip_bomb", `entry ${h.name} inflates beyond ${formatBytes(limits.maxFileBytes)}, the limit per file`);
    }
    if (counter.total > limits.maxZipBytes) {
      throw fail("zip_bomb", `entries inflate beyond ${formatBytes(limits.maxZipBytes)}, the limit per zip`);
    }
  };
  if (h.method === 0) {
    for (let p = 0; p < compressed.length; p += PIECE) {
      const chunk = compressed.subarray(p, p + PIECE);
      count(chunk.length);
      await nextTurn();
      yield chunk;
    }
    return;
  }
  const pending: Uint8Array[] = [];
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    pending.push(chunk);
    if (final) done = true;
  });
  for (let p = 0; p < compressed.length && !done; p += STREAM_STEP) {
    try {
      inflater.push(compressed.subarray(p, p + STREAM_STEP), p + STREAM_STEP >= compressed.length);
    } catch (err) {
      throw new StopImport("bad_zip", `corrupt deflate data in ${h.name}: ${(err as Error).message}`);
    }
    while (pending.length) {
      const chunk = pending.shift()!;
      count(chunk.length);
      for (let q = 0; q < chunk.length; q += PIECE) {
        await nextTurn();
        yield Buffer.from(chunk.buffer, chunk.byteOffset + q, Math.min(PIECE, chunk.length - q));
      }
    }
  }
}

/** Reads the central directory and checks the declared sizes and the entry count against the limits. */
function directory(buf: Buffer, file: string, limits: Limits): Header[] {
  const fail = failure(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw fail("bad_zip", "not a zip archive, or a truncated one (no central directory)");
  const total = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdOffset === 0xffffffff) throw fail("bad_zip", "ZIP64 archives are not supported");
  if (total > limits.maxZipEntries) {
    throw fail("zip_bomb", `${total} entries; at most ${limits.maxZipEntries} are allowed`);
  }

  const headers: Header[] = [];
  let declared = 0;
  let p = cdOffset;
  for (let n = 0; n < total; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw fail("bad_zip", "corrupt central directory");
    const nameLength = buf.readUInt16LE(p + 28);
    const header: Header = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      local: buf.readUInt32LE(p + 42),
      name: new TextDecoder("utf-8").decode(buf.subarray(p + 46, p + 46 + nameLength)),
    };
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (header.size > limits.maxFileBytes) {
      throw fail(
        "zip_bomb",
        `entry ${header.name} declares ${formatBytes(header.size)} uncompressed; the limit is ${formatBytes(limits.maxFileBytes)} per file`,
      );
    }
    declared += header.size;
    if (declared > limits.maxZipBytes) {
      throw fail(
        "zip_bomb",
        `entries declare over ${formatBytes(declared)} uncompressed; the limit is ${formatBytes(limits.maxZipBytes)}`,
      );
    }
    headers.push(header);
  }
  return headers;
}

function inflateCapped(compressed: Uint8Array, cap: number, overflow: () => Error): Buffer {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size <= cap) chunks.push(chunk);
    if (final) done = true;
  });
  for (let p = 0; p < compressed.length && !done; p += STEP) {
    try {
      inflater.push(compressed.subarray(p, p + STEP), p + STEP >= compressed.length);
    } catch (err) {
      throw new StopImport("bad_zip", `corrupt deflate data: ${(err as Error).message}`);
    }
    if (size > cap) throw overflow();
  }
  return Buffer.concat(chunks, size);
}

/** macOS resource forks and dotfiles ride along in zips made by hand; they are never data. */
function isHidden(name: string): boolean {
  return name.startsWith("__MACOSX/") || name.split("/").some((part) => part.startsWith("."));
}

/** The file name without folders, lower case: zips made by dragging a folder nest everything one level down. */
export function baseName(name: string): string {
  return name.split(/[\\/]/).pop()!.toLowerCase();
}
