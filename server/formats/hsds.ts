// Open Referral HSDS 3.0 (Human Services Data Specification): directories of community services. Accepted as JSON
// (organizations with nested services and locations, as the HSDS API returns them; a list of services with their
// organization; or `{organizations, services, locations, taxonomy_terms, ...}`) or as the tabular form, CSV files
// named as the standard names them (organizations.csv, services.csv, locations.csv, addresses.csv,
// service_at_location(s).csv, taxonomy_terms.csv, attributes.csv), zipped or not. Each record is validated against its
// HSDS schema; a value in the wrong format (HSDS wants UUIDs for ids) is a warning, anything else an error.
// - Organizations become actors: nonprofit unless the name says school, library, clinic... (guessActorType); the
//   location of the organization (or of its first service) gives coordinates, address and region.
// - Active services become offerings of their organization: capacity 1 (HSDS states no capacity) with no unit,
//   in person with a reach of 10 km (option reachKm) unless every location of the service is virtual (remote).
// - A service's category comes from its taxonomy terms, else its name, else its description, matched against a keyword
//   table onto the Atlas taxonomy (food pantry -> food/family, mental health -> health/mental...). Services nothing
//   matches get a category created under community_services/, named after their first term or their name.
// Reading and validating records is in hsds-read.ts, turning them into actors and offerings in hsds-mapping.ts.
import { checkBundle, emptyResult, finish } from "./bundle-check";
import { toBundle } from "./hsds-mapping";
import { readJsonDoc, readTable, type Records } from "./hsds-read";
import { Issues, StopImport } from "./issues";
import { limitsOf, wholeFileBytes } from "./limits";
import { decodeText, readAll } from "./text";
import type { ImportFile, ImportInput, ImportResult } from "./types";
import { isZip, readZip } from "./zip";

export async function importHsds(input: ImportInput): Promise<ImportResult> {
  const options = input.options ?? {};
  const issues = new Issues(options.maxIssues);
  const limits = limitsOf(options);
  const files: ImportFile[] = Buffer.isBuffer(input.files) ? [{ name: "hsds", data: input.files }] : input.files;
  const names = files.map((f) => f.name);
  const records: Records = {
    organization: [],
    service: [],
    location: [],
    address: [],
    service_at_location: [],
    taxonomy_term: [],
    attribute: [],
  };
  let rows = 0;
  try {
    for (const file of files) {
      const bytes = await readAll(file, wholeFileBytes(limits));
      if (isZip(bytes)) {
        for (const entry of readZip(bytes, file.name, limits)) {
          if (!entry.name.toLowerCase().endsWith(".csv")) continue;
          rows += readTable(
            `${file.name}/${entry.name}`,
            decodeText(entry.name, entry.data, options.encoding),
            records,
            issues,
            options,
          );
        }
      } else if (file.name.toLowerCase().endsWith(".csv")) {
        rows += readTable(file.name, decodeText(file.name, bytes, options.encoding), records, issues, options);
      } else {
        rows += readJsonDoc(file.name, decodeText(file.name, bytes, options.encoding), records, issues);
      }
    }
  } catch (err) {
    if (!(err instanceof StopImport)) throw err;
    issues.error(err.code, err.message, err.where);
    return emptyResult("hsds", names, issues, rows);
  }
  if (!records.organization.length && !records.service.length) {
    issues.error("empty", "no HSDS organizations or services found");
    return emptyResult("hsds", names, issues, rows);
  }
  if (issues.errors) return emptyResult("hsds", names, issues, rows);
  const { bundle, origins, unmapped } = toBundle(records, issues, options);
  if (issues.errors === 0) checkBundle(bundle, issues, origins, options, unmapped);
  return finish("hsds", names, rows, bundle, issues);
}
