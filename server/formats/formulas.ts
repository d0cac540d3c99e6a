// Text cells that a spreadsheet program would run as a formula (CSV injection, OWASP "CSV Injection"): a cell opened
// in Excel, LibreOffice or Google Sheets that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which
// some of them skip before looking) is evaluated, so `=HYPERLINK(...)` in an actor's name becomes a live link. The CSV
// exports write such text with a leading `'`, which those programs read as "this is text" and do not show, and the CSV
// readers take that one `'` off again, so an export imported back gives the same text. Text that already starts with
// quotes before such a character gets one more, so that taking one off is always right.

const TRIGGER = /^'*[=+\-@\t\r]/;
const ESCAPED = /^'+[=+\-@\t\r]/;

/** Text as a spreadsheet shows it, never as a formula. Only for text: a number, even a negative one, stays as is. */
export function neutraliseFormula(text: string): string {
  return TRIGGER.test(text) ? `'${text}` : text;
}

/** The text an export neutralised, back; any other cell is returned unchanged. */
export function restoreFormula(text: string): string {
  // The first-character test keeps this cheap on the millions of cells a large import reads.
  return text.charCodeAt(0) === 39 && ESCAPED.test(text) ? text.slice(1) : text;
}
