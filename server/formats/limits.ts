// Size limits of an import: bytes per file, per zip and entries per zip, with the message a file over them gets.
import { StopImport } from "./issues";
import type { ImportOptions, Limits } from "./types";

export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_ZIP_UNCOMPRESSED_BYTES = 500 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 10_000;
export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: MAX_FILE_BYTES,
  maxZipBytes: MAX_ZIP_UNCOMPRESSED_BYTES,
  maxZipEntries: MAX_ZIP_ENTRIES,
};

export function limitsOf(options: ImportOptions | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...options?.limits };
}

export function tooLarge(name: string, size: number, limit: number, atLeast = false): StopImport {
  return new StopImport(
    "too_large",
    `${name} is ${atLeast ? "over " : ""}${formatBytes(size)}; the limit is ${formatBytes(limit)} per file`,
    { file: name },
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}
