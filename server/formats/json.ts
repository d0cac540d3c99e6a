// Atlas's own JSON bundle, the lossless exchange format: `{categories, actors, relationships, needs, offerings,
// commitments}`, or the `{map, bundle}` file the sample ecosystem ships as. Ids are not rewritten here: a bundle is
// what exports give back, and changing its ids would break the round trip, so invalid ones are errors.
//
// The file is parsed as it streams in, item by item (@streamparser/json), and each item is validated on its own: a
// 100k-actor bundle (about 100 MB) never becomes one string, and memory holds only the items. The reader stops at the
// first item past the per-kind or per-import limit, so what it holds is bounded by the limits, never by the file.
// The `{map, bundle}` form is assembled whole, so it is held to the limit of bytes parsed whole.
import { Tokenizer, TokenParser, TokenType, type ParsedTokenInfo } from "@streamparser/json";
import type { z } from "zod";
import type { Bundle } from "../schemas/domain";
import { checkBundle, emptyResult, finish } from "./bundle-check";
import { Issues, Origins, StopImport, zodIssues } from "./issues";
import { ActorRow, CategoryRow, CommitmentRow, NeedRow, OfferingRow, RelationshipRow } from "./item-schemas";
import { formatBytes, limitsOf, MAX_ITEMS, tooManyItems, tooManyRows } from "./limits";
import { byteChunks, countNewlines, decodeChunks } from "./text";
import type { ImportFile, ImportInput, ImportResult, Limits } from "./types";

const ITEMS: Record<keyof Bundle, z.ZodType> = {
  categories: CategoryRow,
  actors: ActorRow,
  relationships: RelationshipRow,
  needs: NeedRow,
  offerings: OfferingRow,
  commitments: CommitmentRow,
};
const KINDS = Object.keys(ITEMS) as (keyof Bundle)[];
const isKind = (key: unknown): key is keyof Bundle => typeof key === "string" && key in ITEMS;
/** The keys of the `{map, bundle}` form; its bundle comes whole, which suits a sample-sized file. */
const WRAPPER = new Set(["map", "bundle"]);

export async function importJsonBundle(input: ImportInput): Promise<ImportResult> {
  const options = input.options ?? {};
  const issues = new Issues(options.maxIssues);
  const files: ImportFile[] = Buffer.isBuffer(input.files) ? [{ name: "bundle.json", data: input.files }] : input.files;
  const names = files.map((f) => f.name);
  if (files.length !== 1) {
    issues.error("unexpected_file", `a JSON bundle import takes exactly one file, not ${files.length}`);
    return emptyResult("json", names, issues);
  }
  const file = files[0]!;
  const bundle: Bundle = {
    categories: [],
    actors: [],
    relationships: [],
    needs: [],
    offerings: [],
    commitments: [],
  };
  const limits = limitsOf(options);
  let rows = 0;
  const add = (kind: keyof Bundle, index: number, value: unknown) => {
    rows++;
    // Thrown inside the parser's callback, which hands it back as the parse's failure.
    if (index >= MAX_ITEMS[kind]) throw tooManyItems(kind, file.name);
    if (rows > limits.maxRows) throw tooManyRows(limits.maxRows, file.name);
    const parsed = ITEMS[kind].safeParse(value);
    if (parsed.success) (bundle[kind] as unknown[]).push(parsed.data);
    else {
      const error = { issues: parsed.error.issues.map((i) => ({ ...i, path: [kind, index, ...i.path] })) };
      zodIssues(issues, error, { file: file.name }, () => undefined);
    }
  };
  try {
    await parse(file, limits, options.encoding, {
      item: (kind, index, value) => add(kind, index, value),
      wrapped: (kind, list) => list.forEach((value, i) => add(kind, i, value)),
      notAList: (key) => issues.error("invalid_value", `${key} must be a list`, { file: file.name, field: key }),
      unknownKey: (key) =>
        issues.error("unknown_column", `unknown key '${key}'; a bundle has ${KINDS.join(", ")}`, {
          file: file.name,
          field: key,
        }),
      progress: (done) => options.onProgress?.({ phase: "parse", file: file.name, done }),
    });
  } catch (err) {
    if (!(err instanceof StopImport)) throw err;
    issues.error(err.code, err.message, err.where);
    return emptyResult("json", names, issues);
  }
  if (issues.errors > 0) return emptyResult("json", names, issues, rows);
  checkBundle(bundle, issues, new Origins(), options);
  return finish("json", names, rows, bundle, issues);
}

interface Handlers {
  item: (kind: keyof Bundle, index: number, value: unknown) => void;
  wrapped: (kind: keyof Bundle, list: unknown[]) => void;
  notAList: (key: string) => void;
  unknownKey: (key: string) => void;
  progress: (bytes: number) => void;
}

/**
 * Streams the file through the tokenizer, handing on each item of the root's lists. The root's shape (an object
 * whose values are lists) is followed token by token, since only the items themselves are ever assembled.
 */
async function parse(file: ImportFile, limits: Limits, encoding: "utf-8" | "latin1" | undefined, on: Handlers) {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ["$.*.*"], keepStack: false });
  parser.onValue = ({ value, key, stack }) => {
    const top = stack[1]?.key;
    if (top === "bundle") {
      if (isKind(key) && Array.isArray(value)) on.wrapped(key, value);
      else if (isKind(key)) on.notAList(`bundle.${key}`);
      else on.unknownKey(`bundle.${String(key)}`);
    } else if (isKind(top)) {
      if (typeof key === "number") on.item(top, key, value);
    }
  };

  // Where the root's shape stands: depth, the key last read at depth 1, and whether its value comes next.
  let depth = 0;
  let key: string | undefined;
  let valueNext = false;
  let lastOffset = -1;
  let failure: Error | undefined;
  const malformed = (message: string) => {
    failure ??= new StopImport("malformed", message, { file: file.name });
  };
  tokenizer.onToken = (token: ParsedTokenInfo) => {
    lastOffset = token.offset;
    const type = token.token;
    if (key === "bundle" && depth >= 2 && token.offset > limits.maxBufferedBytes) {
      failure ??= new StopImport(
        "too_large",
        `${file.name}: a {map, bundle} file is read whole, so it is limited to ${formatBytes(limits.maxBufferedBytes)}; ` +
          "import the bundle alone ({actors: [...], ...}), which is read item by item",
        { file: file.name },
      );
      return;
    }
    if (depth === 0 && type !== TokenType.LEFT_BRACE) {
      malformed(`${file.name} is not a JSON bundle: it must be an object of lists ({"actors": [...], ...})`);
    } else if (depth === 1 && valueNext) {
      valueNext = false;
      const known = isKind(key) || WRAPPER.has(key!);
      if (!known) on.unknownKey(key!);
      else if (isKind(key) && type !== TokenType.LEFT_BRACKET) on.notAList(key);
    } else if (depth === 1 && type === TokenType.STRING) key = token.value as string;
    else if (depth === 1 && type === TokenType.COLON) valueNext = true;
    if (type === TokenType.LEFT_BRACE || type === TokenType.LEFT_BRACKET) depth++;
    else if (type === TokenType.RIGHT_BRACE || type === TokenType.RIGHT_BRACKET) depth--;
    parser.write(token);
  };
  tokenizer.onError = (err) => {
    failure ??= err;
  };
  parser.onError = (err) => tokenizer.error(err);

  // Lines are counted as the text goes by, so an error names the line of the last token read.
  let lines = 1;
  let fed = 0;
  let chunk: Buffer = Buffer.alloc(0);
  let read = 0;
  const lineOf = (offset: number) => lines + countNewlines(chunk, Math.max(0, offset - (fed - chunk.length)));
  const fail = (err: Error): never => {
    if (err instanceof StopImport) throw err;
    throw new StopImport("malformed", `${file.name} is not valid JSON: ${err.message}`, {
      file: file.name,
      row: lineOf(lastOffset),
    });
  };
  for await (const text of decodeChunks(
    byteChunks(file, limits.maxFileBytes, (n) => on.progress((read += n))),
    file.name,
    encoding,
  )) {
    lines += countNewlines(chunk);
    chunk = Buffer.from(text, "utf8");
    fed += chunk.length;
    tokenizer.write(chunk);
    if (failure) fail(failure);
  }
  tokenizer.end();
  if (failure) fail(failure);
  if (lastOffset < 0) fail(new Error("the file is empty"));
  if (depth !== 0) fail(new Error("the file ends before the bundle does"));
}

export function exportJsonBundle(bundle: Bundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}
