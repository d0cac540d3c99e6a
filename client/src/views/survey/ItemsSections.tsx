// Needs and offerings: the organisation's own items, started from what the map holds (each keeps its id, so the
// editor sees a correction rather than a new item), rows added and removed freely.
import { useMemo, type ReactNode } from "react";
import { Modality, Priority } from "../../../../server/schemas/domain";
import {
  addRow,
  categoryOptions,
  controlId,
  errorKey,
  newNeed,
  newOffering,
  removeRow,
  surveyMessages as msg,
  updateRow,
  type FieldErrors,
  type NeedDraft,
  type OfferingDraft,
  type RespondentForm,
} from "../../core/survey";
import type { SurveyModel } from "../../core/survey/hooks";
import { control, Field, FieldError, focusLater } from "./fields";

type Kind = "needs" | "offerings";
type Props = { form: RespondentForm; edit: SurveyModel["edit"]; errors: FieldErrors };

export function NeedsSection({ rows, ...props }: Props & { rows: NeedDraft[] }) {
  return (
    <ItemsSection
      kind="needs"
      heading={msg.needsHeading}
      help={msg.needsHelp}
      empty={msg.noNeeds}
      addLabel={msg.addNeed}
      onAdd={() => newNeed()}
      count={rows.length}
      edit={props.edit}
    >
      {rows.map((row, i) => (
        <ItemCard
          key={row.key}
          kind="needs"
          row={row}
          legend={msg.needLegend(i + 1, row.title)}
          removeLabel={msg.removeNeed(i + 1)}
          {...props}
        >
          {(set, amount) => (
            <>
              <AmountFields
                amountLabel={msg.quantity}
                amount={row.quantity}
                onAmount={(quantity) => set("quantity", { quantity })}
                amountControl={amount("quantity")}
                unit={row.unit}
                onUnit={(unit) => set("unit", { unit })}
                unitControl={amount("unit")}
                units={props.form.units}
              />
              <SelectField
                control={amount("priority")}
                label={msg.priority}
                value={row.priority}
                options={Priority.options.map((p) => [p, msg.priorities[p]])}
                onChange={(priority) => set("priority", { priority: priority as NeedDraft["priority"] })}
              />
            </>
          )}
        </ItemCard>
      ))}
    </ItemsSection>
  );
}

export function OfferingsSection({ rows, ...props }: Props & { rows: OfferingDraft[] }) {
  return (
    <ItemsSection
      kind="offerings"
      heading={msg.offeringsHeading}
      help={msg.offeringsHelp}
      empty={msg.noOfferings}
      addLabel={msg.addOffering}
      onAdd={() => newOffering()}
      count={rows.length}
      edit={props.edit}
    >
      {rows.map((row, i) => (
        <ItemCard
          key={row.key}
          kind="offerings"
          row={row}
          legend={msg.offeringLegend(i + 1, row.title)}
          removeLabel={msg.removeOffering(i + 1)}
          {...props}
        >
          {(set, amount) => {
            const reach = amount("reachKm", true);
            return (
              <>
                <AmountFields
                  amountLabel={msg.capacity}
                  amount={row.capacity}
                  onAmount={(capacity) => set("capacity", { capacity })}
                  amountControl={amount("capacity")}
                  unit={row.unit}
                  onUnit={(unit) => set("unit", { unit })}
                  unitControl={amount("unit")}
                  units={props.form.units}
                />
                <SelectField
                  control={amount("modality")}
                  label={msg.modality}
                  value={row.modality}
                  options={Modality.options.map((m) => [m, msg.modalities[m]])}
                  onChange={(modality) => set("modality", { modality: modality as OfferingDraft["modality"] })}
                />
                <Field id={reach.id} label={msg.reachKm} error={reach.error} hint={msg.reachKmHint}>
                  <input
                    {...reach.props}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    step="any"
                    value={row.reachKm}
                    onChange={(e) => set("reachKm", { reachKm: e.target.value })}
                  />
                </Field>
              </>
            );
          }}
        </ItemCard>
      ))}
    </ItemsSection>
  );
}

function ItemsSection({
  kind,
  heading,
  help,
  empty,
  addLabel,
  onAdd,
  count,
  edit,
  children,
}: {
  kind: Kind;
  heading: string;
  help: string;
  empty: string;
  addLabel: string;
  onAdd: () => NeedDraft | OfferingDraft;
  count: number;
  edit: SurveyModel["edit"];
  children: ReactNode;
}) {
  return (
    <section className="survey-section" aria-labelledby={`sv-${kind}-heading`}>
      <h2 id={`sv-${kind}-heading`}>{heading}</h2>
      <p className="muted">{help}</p>
      {count === 0 && <p className="survey-empty">{empty}</p>}
      {children}
      <button
        type="button"
        className="btn survey-add"
        id={`sv-${kind}-add`}
        onClick={() => {
          const row = onAdd();
          edit(addRow(kind, row as never));
          focusLater(controlId(errorKey(kind, row.key, "category")));
        }}
      >
        {addLabel}
      </button>
    </section>
  );
}

type Control = ReturnType<typeof control>;
type Setter<R> = (field: string, patch: Partial<R>) => void;

function ItemCard<R extends NeedDraft | OfferingDraft>({
  kind,
  row,
  legend,
  removeLabel,
  form,
  edit,
  errors,
  children,
}: Props & {
  kind: Kind;
  row: R;
  legend: string;
  removeLabel: string;
  children: (set: Setter<R>, control: (field: string, hint?: boolean) => Control) => ReactNode;
}) {
  const key = (field: string) => errorKey(kind, row.key, field);
  const set: Setter<R> = (field, patch) => edit(updateRow(kind, row.key, patch as never), key(field));
  const at = (field: string, hint?: boolean) => control(key(field), errors, hint);
  const categories = useMemo(() => categoryOptions(form.taxonomy), [form.taxonomy]);
  const category = at("category");
  const title = at("title");
  const rowError = at("row");

  const setCategory = (id: string) => {
    // A new kind brings its usual unit, unless one was chosen.
    const unit = row.unit || form.taxonomy.find((c) => c.id === id)?.defaultUnit || "";
    set("category", { category: id, unit } as Partial<R>);
  };

  return (
    <fieldset className="survey-card" id={rowError.id} tabIndex={-1}>
      <legend>{legend}</legend>
      <FieldError id={rowError.id} error={rowError.error} />
      <Field id={category.id} label={msg.category} error={category.error}>
        <select {...category.props} value={row.category} onChange={(e) => setCategory(e.target.value)}>
          <option value="" disabled>
            {msg.chooseCategoryOption}
          </option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {msg.categoryLabel(c.lineage)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={title.id} label={msg.title} error={title.error}>
        <input
          {...title.props}
          type="text"
          maxLength={200}
          value={row.title}
          onChange={(e) => set("title", { title: e.target.value } as Partial<R>)}
        />
      </Field>
      {children(set, at)}
      <div className="survey-row-actions">
        <button
          type="button"
          className="btn danger"
          onClick={() => {
            edit(removeRow(kind, row.key));
            focusLater(`sv-${kind}-add`);
          }}
        >
          {removeLabel}
        </button>
      </div>
    </fieldset>
  );
}

function AmountFields({
  amountLabel,
  amount,
  onAmount,
  amountControl,
  unit,
  onUnit,
  unitControl,
  units,
}: {
  amountLabel: string;
  amount: string;
  onAmount: (v: string) => void;
  amountControl: Control;
  unit: string;
  onUnit: (v: string) => void;
  unitControl: Control;
  units: string[];
}) {
  return (
    <div className="survey-pair">
      <Field id={amountControl.id} label={amountLabel} error={amountControl.error}>
        <input
          {...amountControl.props}
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          value={amount}
          onChange={(e) => onAmount(e.target.value)}
        />
      </Field>
      <SelectField
        control={unitControl}
        label={msg.unit}
        value={unit}
        options={[["", msg.usualUnit], ...units.map((u): [string, string] => [u, u])]}
        onChange={onUnit}
      />
    </div>
  );
}

function SelectField({
  control: c,
  label,
  value,
  options,
  onChange,
}: {
  control: Control;
  label: string;
  value: string;
  options: [string, string][];
  onChange: (v: string) => void;
}) {
  return (
    <Field id={c.id} label={label} error={c.error}>
      <select {...c.props} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}
