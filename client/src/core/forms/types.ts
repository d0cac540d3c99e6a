/** Error messages by field path, e.g. `{"location.lat": "Too big: expected number to be <=90"}`. */
export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** A form's state: every input's text, by field path (`location.lat`). */
export type Draft = Record<string, string>;
