// Search with autocomplete (ARIA 1.2 combobox + listbox): type, arrow through the suggestions, Enter picks.
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { ACTOR_COLORS, ACTOR_LABELS } from "../core/appearance";
import { useEcosystem } from "../core/hooks";
import { searchActors, type SearchHit } from "../core/search";

export function ActorCombobox({
  label,
  placeholder = "Search actors…",
  onPick,
  exclude,
  className = "",
  showLabel = false,
  testId,
}: {
  label: string;
  placeholder?: string;
  onPick: (hit: SearchHit) => void;
  exclude?: string;
  className?: string;
  showLabel?: boolean;
  testId?: string;
}) {
  const eco = useEcosystem();
  const id = useId();
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const hits = useMemo(
    () => (eco ? searchActors(eco.actors.values(), query, 9).filter((h) => h.id !== exclude) : []),
    [eco, query, exclude],
  );
  const expanded = open && query.trim().length > 0;

  const pick = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onPick(hit);
    setQuery("");
    setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      if (expanded) {
        e.preventDefault();
        pick(hits[active]);
      }
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  };

  return (
    <div className={`combobox ${className}`}>
      <label htmlFor={`${id}-input`} className={showLabel ? "" : "visually-hidden"}>
        {label}
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={`${id}-list`}
        aria-activedescendant={expanded && hits[active] ? `${id}-opt-${active}` : undefined}
        placeholder={placeholder}
        value={query}
        data-testid={testId}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {expanded && (
        <ul id={`${id}-list`} role="listbox" aria-label={`${label}: suggestions`} className="listbox">
          {hits.length === 0 && <li className="empty">No actor matches “{query}”</li>}
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : ""}
              data-actor-id={h.id}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="dot" style={{ background: ACTOR_COLORS[h.type] }} />
              <span className="name">{h.name}</span>
              <span className="meta">
                {ACTOR_LABELS[h.type]}
                {h.region ? ` · ${h.region}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
