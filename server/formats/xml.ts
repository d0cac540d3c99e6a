// Reading XML safely for the graph formats. xmldom is lenient: plain text parses to a document with no root, and
// entity declarations are never expanded (no XXE, no billion laughs), so the checks here are about telling people
// clearly that what they sent is not the file they meant.
import { DOMParser } from "@xmldom/xmldom";
import { StopImport } from "./issues";
import { decodeText } from "./text";

/** Decodes XML bytes by their BOM or declared encoding: UTF-8 (the default), UTF-16, or Latin-1. */
export function decodeXml(file: string, bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && /^(iso-?8859-1|latin-?1|windows-1252|cp1252)$/.test(declared))
    return new TextDecoder("latin1").decode(bytes);
  return decodeText(file, bytes);
}

/** Parses XML whose root must be `root` (gexf or graphml); anything else stops the import with a `not_xml` issue. */
export function parseXml(file: string, text: string, root: string): Document {
  const errors: string[] = [];
  const parser = new DOMParser({
    locator: {},
    // xmldom is lenient: what it calls warnings (an unquoted attribute, a truncated file) are not well-formed XML.
    errorHandler: {
      warning: (message: string) => errors.push(message),
      error: (message: string) => errors.push(message),
      fatalError: (message: string) => errors.push(message),
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text, "application/xml") as unknown as Document;
  } catch (err) {
    errors.push((err as Error).message);
    doc = undefined as unknown as Document;
  }
  const start = text.trimStart().slice(0, 40).replace(/\s+/g, " ");
  const element = doc?.documentElement;
  if (!element) {
    throw new StopImport("not_xml", `${file} is not XML: it has no root element (it starts with '${start}')`, { file });
  }
  if (errors.length) {
    const first = errors[0]!;
    const at = /\[line:(\d+),col:(\d+)\]/.exec(first);
    const message = first
      .replace(/^\[xmldom [a-z]+\]\s*/i, "")
      .replace(/\s*@#\[line:.*$/s, "")
      .trim();
    throw new StopImport(
      "not_xml",
      `${file} is not well-formed XML${at ? ` (line ${at[1]}, column ${at[2]})` : ""}: ${message}`,
      {
        file,
        row: at ? Number(at[1]) : undefined,
      },
    );
  }
  const name = (element.localName ?? element.nodeName).toLowerCase();
  if (name !== root) {
    throw new StopImport("not_xml", `${file} is XML but its root element is <${element.nodeName}>, not <${root}>`, {
      file,
    });
  }
  return doc;
}

/** The line an element starts on (xmldom records it when given a locator). */
export function lineOf(element: Element): number | undefined {
  return (element as unknown as { lineNumber?: number }).lineNumber;
}

/** Child elements of `parent` named `name`, ignoring namespace prefixes, in document order and at any depth. */
export function elements(parent: Document | Element, name: string): Element[] {
  return Array.from(parent.getElementsByTagName(name) as unknown as ArrayLike<Element>);
}

export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids outright are dropped: a stray control character would make the whole file unreadable.
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
