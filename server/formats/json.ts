// Atlas's own JSON bundle, the lossless exchange format: `{categories, actors, relationships, needs, offerings,
// commitments}`, or the `{map, bundle}` file the sample ecosystem ships as. Ids are not rewritten here: a bundle is
// what exports give back, and changing its ids would break the round trip, so invalid ones are errors.
import { Bundle } from "../schemas/domain";
import { checkBundle, emptyResult, finish, Issues, limitsOf, Origins, readJson, StopImport, zodIssues } from "./common";
import type { ImportFile, ImportInput, ImportResult } from "./types";

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
  let json: unknown;
  try {
    json = await readJson(file, limitsOf(options), options.encoding);
  } catch (err) {
    if (!(err instanceof StopImport)) throw err;
    issues.error(err.code, err.message, err.where);
    return emptyResult("json", names, issues);
  }
  const wrapped = json && typeof json === "object" && "bundle" in json && !("actors" in json);
  const body = wrapped ? (json as { bundle: unknown }).bundle : json;
  const parsed = Bundle.safeParse(body);
  if (!parsed.success) {
    zodIssues(issues, parsed.error, { file: file.name }, () => undefined);
    return emptyResult("json", names, issues);
  }
  const bundle = parsed.data;
  const rows = Object.values(bundle).reduce((n, list) => n + list.length, 0);
  checkBundle(bundle, issues, new Origins(), options);
  return finish("json", names, rows, bundle, issues);
}

export function exportJsonBundle(bundle: Bundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}
