// Reading an imported file: its bytes under the size limit, whole or as a stream of chunks, and its text, decoded as
// UTF-8 (with or without BOM) or deliberately as Latin-1. Anything else (UTF-16, binary, invalid UTF-8) stops the import
// with the byte and line at fault rather than a silent guess that could garble names.
import { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { StopImport } from "./issues";
import { tooLarge, wholeFileBytes } from "./limits";
import type { ImportFile, ImportOptions, Limits } from "./types";

export function isReadable(data: ImportFile["data"]): data is Readable {
  return (
    data instanceof Readable ||
    (!(data instanceof Uint8Array) && typeof (data as { pipe?: unknown }).pipe === "function")
  );
}

/** Reads a file whole, refusing more than `limit` bytes without reading further. */
export async function readAll(file: ImportFile, limit: number): Promise<Buffer> {
  const { data } = file;
  if (!isReadable(data)) {
    if (data.byteLength > limit) throw tooLarge(file.name, data.byteLength, limit);
    return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of data) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) {
      data.destroy();
      throw tooLarge(file.name, size, limit, true);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Index of the first byte that is not part of valid UTF-8, or -1. With `partialEnd`, a sequence cut off by the end
 *  of the buffer counts as valid: a streaming caller sees the rest in the next chunk. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0, partialEnd = false): number {
  let i = from;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) {
      for (let k = i + 1; k < n; k++) if ((bytes[k]! & 0xc0) !== 0x80) return i;
      return partialEnd ? -1 : i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Line feeds in bytes[0, end): found by Buffer's native search, which a 100 MB file makes worth it. */
export function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lines = 0;
  for (let i = buffer.indexOf(0x0a); i >= 0 && i < end; i = buffer.indexOf(0x0a, i + 1)) lines++;
  return lines;
}

export function encodingError(file: string, bytes: Uint8Array, offset: number, lineBase = 1): StopImport {
  const line = lineBase + countNewlines(bytes, offset);
  const byte = bytes[offset]!;
  const latin1 = byte >= 0xa0 ? ` (in Latin-1 it would read '${String.fromCharCode(byte)}')` : "";
  return new StopImport(
    "encoding",
    `${file} is not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} on line ${line}${latin1}. ` +
      "The file looks Latin-1 (ISO-8859-1 / Windows-1252) encoded: save it as UTF-8, or import it with encoding=latin1",
    { file, row: line },
  );
}

/** Refuses text that is UTF-16 or binary before trying to read it as UTF-8. */
export function checkTextStart(file: string, head: Uint8Array): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new StopImport("encoding", `${file} is UTF-16 encoded; save it as UTF-8`, { file });
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new StopImport("malformed", `${file} is a zip archive (an .xlsx workbook?), not a text file`, { file });
  }
  const probe = head.subarray(0, 4096);
  if (probe.includes(0)) {
    throw new StopImport("encoding", `${file} contains NUL bytes: it is binary or UTF-16, not a UTF-8 text file`, {
      file,
    });
  }
}

/** Decodes a whole text file: UTF-8 with or without BOM, or Latin-1 when asked; anything else is refused. */
export function decodeText(file: string, bytes: Uint8Array, encoding: ImportOptions["encoding"] = "utf-8"): string {
  checkTextStart(file, bytes);
  if (encoding === "latin1") return new TextDecoder("latin1").decode(bytes);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw encodingError(file, bytes, bad);
  // ignoreBOM false (the default) drops a leading BOM.
  return new TextDecoder("utf-8").decode(bytes);
}

/** Bytes read at a time from a file held in memory. */
export const READ_CHUNK_BYTES = 1024 * 1024;
/** What is parsed between two turns of the event loop when a file is in memory: tens of milliseconds of work. */
const IN_MEMORY_CHUNK_BYTES = 64 * 1024;

/** Bytes of a file as a stream of chunks, counted against the size limit. */
export async function* byteChunks(
  file: ImportFile,
  limit: number,
  onBytes: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  if (!isReadable(file.data)) {
    const data = file.data;
    if (data.byteLength > limit) throw tooLarge(file.name, data.byteLength, limit);
    for (let i = 0; i < data.byteLength; i += IN_MEMORY_CHUNK_BYTES) {
      const chunk = data.subarray(i, i + IN_MEMORY_CHUNK_BYTES);
      onBytes(chunk.byteLength);
      // Bytes in memory never wait on I/O: a turn of the event loop between chunks lets other requests in.
      if (i > 0) await nextTurn();
      yield chunk;
    }
    return;
  }
  let size = 0;
  for await (const chunk of file.data) {
    const bytes: Uint8Array = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) {
      file.data.destroy();
      throw tooLarge(file.name, size, limit, true);
    }
    onBytes(bytes.byteLength);
    yield bytes;
  }
}

/**
 * Decodes chunks to text: UTF-8 with or without BOM by default. Invalid UTF-8 stops the import with the line and byte
 * (Latin-1 files are the usual cause, and guessing their code page silently could garble names); `encoding: latin1`
 * reads them deliberately.
 */
export async function* decodeChunks(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  encoding: ImportOptions["encoding"],
): AsyncGenerator<string> {
  const latin1 = encoding === "latin1";
  const decoder = new TextDecoder(latin1 ? "latin1" : "utf-8", { fatal: true });
  let first = true;
  let line = 1;
  let tail: Uint8Array = new Uint8Array(0);
  for await (const bytes of chunks) {
    if (first) {
      checkTextStart(file, bytes);
      first = false;
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      // Locate the bad byte; the few bytes before the chunk may hold the start of the broken sequence.
      const view = Buffer.concat([tail, bytes]);
      const bad = firstInvalidUtf8(view, 0, false);
      throw encodingError(file, view, Math.max(bad, 0), line);
    }
    line += countNewlines(bytes);
    tail = bytes.subarray(Math.max(0, bytes.length - 3));
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw encodingError(file, tail, Math.max(firstInvalidUtf8(tail, 0, false), 0), line);
  }
}

/** Reads and decodes a JSON file with the size limit. */
export async function readJson(
  file: ImportFile,
  limits: Limits,
  encoding?: ImportOptions["encoding"],
): Promise<unknown> {
  const text = decodeText(file.name, await readAll(file, wholeFileBytes(limits)), encoding);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const row = at ? text.slice(0, Number(at[1])).split("\n").length : undefined;
    throw new StopImport("malformed", `${file.name} is not valid JSON: ${message}`, { file: file.name, row });
  }
}
