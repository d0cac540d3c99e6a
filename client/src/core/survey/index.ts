// The respondent's survey over HTTP (the token is the only credential), and the producers of the drafts it edits.
import { request } from "../api";
import { seg } from "../api/utils";
import type { Answers, Drafts, RespondentForm, SaveAnswer, Section, SubmitAnswer } from "./types";

export * from "./types";
export * from "./utils";
export { surveyMessages } from "./messages";

const r = (token: string) => `/api/respond/${seg(token)}`;

export const surveyApi = {
  form: (token: string) => request<RespondentForm>("GET", r(token)),
  save: (token: string, answers: Answers) => request<SaveAnswer>("PUT", `${r(token)}/answers`, answers),
  submit: (token: string, answers: Answers) => request<SubmitAnswer>("POST", `${r(token)}/submit`, answers),
};

type Row<S extends Section> = Drafts[S][number];

export const addRow =
  <S extends Section>(section: S, row: Row<S>) =>
  (d: Drafts): Drafts => ({ ...d, [section]: [...d[section], row] });

export const updateRow =
  <S extends Section>(section: S, key: string, patch: Partial<Row<S>>) =>
  (d: Drafts): Drafts => ({
    ...d,
    [section]: (d[section] as Row<S>[]).map((row) => (row.key === key ? { ...row, ...patch } : row)),
  });

export const removeRow =
  (section: Section, key: string) =>
  (d: Drafts): Drafts => ({ ...d, [section]: (d[section] as { key: string }[]).filter((row) => row.key !== key) });
