// Picks an organisation from the survey's roster (ARIA 1.2 combobox + listbox, like components/ActorCombobox, but over
// the roster the survey sends instead of the atlas's actors): type or press Down to list, arrows move, Enter picks,
// Escape closes the list and then clears what was typed.
import { useMemo, useState, type KeyboardEvent } from "react";
import { matchRoster, surveyMessages as msg } from "../../core/survey";

interface Member {
  id: string;
  name: string;
}

export function RosterCombobox({
  id,
  label,
  items,
  onPick,
}: {
  id: string;
  label: string;
  items: readonly Member[];
  onPick: (member: Member) => void;
}) {
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const hits = useMemo(() => matchRoster(items, query), [items, query]);
  const expanded = open && (hits.length > 0 || query.trim().length > 0);
  const activeId = expanded && hits[active] ? `${id}-opt-${active}` : undefined;

  const pick = (member: Member | undefined) => {
    if (!member) return;
    onPick(member);
    setQuery("");
    setOpen(false);
    setActive(0);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (!open) return void (setOpen(true), setActive(0));
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      // Enter never submits the survey from here: it picks, or does nothing.
      e.preventDefault();
      if (expanded) pick(hits[active]);
    } else if (e.key === "Escape") {
      if (expanded) {
        e.preventDefault();
        setOpen(false);
      } else setQuery("");
    } else if (e.key === "Tab") setOpen(false);
  };

  return (
    <div className="combobox survey-combobox">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={`${id}-list`}
        aria-activedescendant={activeId}
        placeholder={msg.addPartnerPlaceholder}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {expanded && (
        <ul id={`${id}-list`} role="listbox" aria-label={msg.partnerSuggestions} className="listbox">
          {hits.length === 0 && (
            <li className="empty" role="presentation">
              {msg.noPartnerMatch(query)}
            </li>
          )}
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : ""}
              data-actor-id={h.id}
              // Picked on mousedown, before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="name">{h.name}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {expanded ? msg.partnerCount(hits.length) : ""}
      </p>
    </div>
  );
}
