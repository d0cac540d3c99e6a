// The analysis of survey data as the map shows it: each actor's trust and value, who did not answer, and the
// network's response rate and confirmed ties (GET /analysis/survey).
export * from "./types";
export * from "./utils";
