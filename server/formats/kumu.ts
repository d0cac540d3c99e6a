// Kumu (kumu.io) maps in and out. Kumu keeps a map as an Elements sheet (Label, optional ID, Type, Description, Tags
// split by '|', any custom columns) and a Connections sheet (From, To, optional ID, Type, Strength, Direction, custom
// columns), as a workbook, two CSV files or a JSON blueprint `{elements, connections}`; project backups nest the fields
// under `attributes` ("element type", "connection type"). Elements become actors and connections relationships:
// - Element types map onto actor types through synonyms ("Foundation" -> funder); any other type becomes `other`. When
//   the Kumu type is not simply the Atlas label, it is kept in attributes.kumu_type and exports write it back.
// - Connection types map the same way; unknown ones become partners_with. Relationships have no attributes, so the
//   original type, Direction (Atlas derives direction from the type) and custom connection columns are lost: the
//   report lists them.
// - As in Kumu, From and To name elements by ID or by label, may list several elements split by '|', and a label that
//   names no element creates one.
// Exports write the same layout, so a map goes back to Kumu and returns unchanged. Reading files is in kumu-read.ts,
// the mapping in kumu-mapping.ts, the export in kumu-export.ts.
import { checkBundle, emptyResult, finish } from "./bundle-check";
import { Issues, StopImport } from "./issues";
import { readKumuFile, type Row } from "./kumu-read";
import { toBundle } from "./kumu-mapping";
import { limitsOf } from "./limits";
import type { ImportFile, ImportInput, ImportResult } from "./types";

export async function importKumu(input: ImportInput): Promise<ImportResult> {
  const options = input.options ?? {};
  const issues = new Issues(options.maxIssues);
  const limits = limitsOf(options);
  const files: ImportFile[] = Buffer.isBuffer(input.files) ? [{ name: "kumu", data: input.files }] : input.files;
  const names = files.map((f) => f.name);
  let elements: Row[] = [];
  let connections: Row[] = [];
  try {
    for (const file of files) {
      const sheets = await readKumuFile(file, limits, options.delimiter ?? ",", options.encoding);
      elements = elements.concat(sheets.elements);
      connections = connections.concat(sheets.connections);
    }
  } catch (err) {
    if (!(err instanceof StopImport)) throw err;
    issues.error(err.code, err.message, err.where);
    return emptyResult("kumu", names, issues);
  }
  if (!elements.length && !connections.length) {
    issues.error(
      "empty",
      "no Kumu elements or connections found: expected an Elements sheet (Label...) and a Connections sheet (From, To...)",
    );
    return emptyResult("kumu", names, issues);
  }
  const { bundle, origins } = toBundle(elements, connections, issues);
  if (issues.errors === 0) checkBundle(bundle, issues, origins, options);
  return finish("kumu", names, elements.length + connections.length, bundle, issues);
}
