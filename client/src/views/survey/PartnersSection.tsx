// Partners: each organisation the respondent works with, how (tie type), how often, how strong, and, when the survey
// asks, PARTNER's three trust and three value items.
import { useMemo } from "react";
import { RELATIONSHIP_TYPES } from "../../../../server/schemas/domain";
import {
  addRow,
  controlId,
  errorKey,
  FREQUENCIES,
  newPartner,
  removeRow,
  surveyMessages as msg,
  updateRow,
  type FieldErrors,
  type Frequency,
  type PartnerDraft,
  type Rating,
  type RespondentForm,
} from "../../core/survey";
import type { SurveyModel } from "../../core/survey/hooks";
import { control, Field, FieldError, focusLater, RatingGroup } from "./fields";
import { RosterCombobox } from "./RosterCombobox";

const ADD_ID = "sv-partners-add";

export function PartnersSection({
  form,
  rows,
  edit,
  errors,
}: {
  form: RespondentForm;
  rows: PartnerDraft[];
  edit: SurveyModel["edit"];
  errors: FieldErrors;
}) {
  const names = useMemo(() => new Map(form.roster.map((r) => [r.id, r.name])), [form.roster]);
  const picked = new Set(rows.map((r) => r.actorId));
  const choices = form.roster.filter((r) => !picked.has(r.id));

  return (
    <section className="survey-section" aria-labelledby="sv-partners-heading">
      <h2 id="sv-partners-heading">{msg.partnersHeading}</h2>
      <p className="muted">{msg.partnersHelp}</p>
      {rows.length === 0 && <p className="survey-empty">{msg.noPartners}</p>}
      {rows.map((row) => (
        <PartnerCard
          key={row.key}
          row={row}
          name={names.get(row.actorId) ?? msg.unknownPartner}
          ratings={form.survey.questions.ratings}
          edit={edit}
          errors={errors}
        />
      ))}
      <RosterCombobox
        id={ADD_ID}
        label={msg.addPartner}
        items={choices}
        onPick={(member) => {
          const row = newPartner(member.id);
          edit(addRow("partners", row));
          focusLater(controlId(errorKey("partners", row.key, "type")));
        }}
      />
    </section>
  );
}

function PartnerCard({
  row,
  name,
  ratings,
  edit,
  errors,
}: {
  row: PartnerDraft;
  name: string;
  ratings: boolean;
  edit: SurveyModel["edit"];
  errors: FieldErrors;
}) {
  const key = (field: string) => errorKey("partners", row.key, field);
  const set = (field: string, patch: Partial<PartnerDraft>) => edit(updateRow("partners", row.key, patch), key(field));
  const type = control(key("type"), errors);
  const frequency = control(key("frequency"), errors);
  const rowError = control(key("row"), errors);
  const rate = (scale: "trust" | "value", i: number, r: Rating) => {
    const next = [...row[scale]];
    next[i] = r;
    set(`${scale}.${i}`, { [scale]: next });
  };

  return (
    <fieldset className="survey-card" id={rowError.id} tabIndex={-1}>
      <legend>{name}</legend>
      <FieldError id={rowError.id} error={rowError.error} />
      <Field id={type.id} label={msg.tieType} error={type.error}>
        <select
          {...type.props}
          value={row.type}
          onChange={(e) => set("type", { type: e.target.value as PartnerDraft["type"] })}
        >
          {RELATIONSHIP_TYPES.map((t) => (
            <option key={t} value={t}>
              {msg.tieTypes[t]}
            </option>
          ))}
        </select>
      </Field>
      <Field id={frequency.id} label={msg.frequency} error={frequency.error}>
        <select
          {...frequency.props}
          value={row.frequency}
          onChange={(e) => set("frequency", { frequency: e.target.value as Frequency })}
        >
          <option value="" disabled>
            {msg.chooseFrequencyOption}
          </option>
          {FREQUENCIES.map((f) => (
            <option key={f} value={f}>
              {msg.frequencies[f]}
            </option>
          ))}
        </select>
      </Field>
      <RatingGroup
        id={controlId(key("strength"))}
        name={`${row.key}-strength`}
        legend={msg.strength}
        value={row.strength}
        onChange={(r) => set("strength", { strength: r })}
        error={errors[key("strength")]}
        optionLabel={(r) => msg.strengths[r]}
        className="rating-words"
      />
      {ratings &&
        (["trust", "value"] as const).map((scale) => (
          <fieldset key={scale} className="survey-scale" aria-describedby={`${row.key}-${scale}-help`}>
            <legend>{scale === "trust" ? msg.trustHeading : msg.valueHeading}</legend>
            <p className="hint" id={`${row.key}-${scale}-help`}>
              {scale === "trust" ? msg.trustHelp : msg.valueHelp}
            </p>
            <FieldError id={controlId(key(scale))} error={errors[key(scale)]} />
            {(scale === "trust" ? msg.trustItems : msg.valueItems).map((item, i) => (
              <RatingGroup
                key={item}
                id={controlId(key(`${scale}.${i}`))}
                name={`${row.key}-${scale}-${i}`}
                legend={item}
                value={row[scale][i] ?? null}
                onChange={(r) => rate(scale, i, r)}
                error={errors[key(`${scale}.${i}`)]}
                optionLabel={String}
                optionName={(r) => msg.agreement[r]}
              />
            ))}
          </fieldset>
        ))}
      <div className="survey-row-actions">
        <button
          type="button"
          className="btn danger"
          aria-label={msg.removePartner(name)}
          onClick={() => {
            edit(removeRow("partners", row.key));
            focusLater(ADD_ID);
          }}
        >
          {msg.remove}
        </button>
      </div>
    </fieldset>
  );
}
