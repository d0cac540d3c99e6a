// Data out: the map as a file in every format the API writes (GET /api/maps/:mapId/export?format=...), each a
// plain download link, so the browser saves it under the name the server gives.
import { useState } from "react";
import { EXPORT_FORMATS, EXPORT_LABELS, type ExportFormat } from "../../core/imports";
import { exportUrl, useMapId } from "../../core/hooks";
import { Modal } from "../Modal";

/** Kumu also comes as a CSV zip or a JSON blueprint besides its workbook. */
const KUMU_VARIANTS = [
  { layout: "csv", label: "CSV zip" },
  { layout: "json", label: "JSON blueprint" },
] as const;

export function ExportDialog({ onClose }: { onClose: () => void }) {
  const mapId = useMapId();
  if (!mapId) return null;
  return (
    <Modal
      title="Export data"
      subtitle="The whole map, as a file. The JSON bundle imports back as it is."
      onClose={onClose}
      testId="export-dialog"
    >
      <ul className="export-list">
        {EXPORT_FORMATS.map((format: ExportFormat) => (
          <li key={format}>
            <a className="btn" href={exportUrl(mapId, format)} download data-testid={`export-${format}`}>
              {EXPORT_LABELS[format].label}
            </a>
            <span className="muted">{EXPORT_LABELS[format].file}</span>
            {format === "kumu" &&
              KUMU_VARIANTS.map((v) => (
                <a
                  key={v.layout}
                  className="link"
                  href={exportUrl(mapId, "kumu", v.layout)}
                  download
                  data-testid={`export-kumu-${v.layout}`}
                >
                  {v.label}
                </a>
              ))}
          </li>
        ))}
      </ul>
      <footer>
        <span className="grow" />
        <button type="button" className="btn ghost" onClick={onClose}>
          Close
        </button>
      </footer>
    </Modal>
  );
}

/** The button next to the PNG export that opens the dialog. */
export function ExportDataButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="icon-btn"
        onClick={() => setOpen(true)}
        title="Export the map's data (JSON, CSV, Kumu, GEXF, GraphML)"
        aria-label="Export data"
        aria-haspopup="dialog"
        data-testid="export-data"
      >
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor">
          <path d="M3.5 1.5h6l3 3v10h-9z" strokeWidth="1.3" strokeLinejoin="round" />
          <path d="M8 6.5v5M5.8 9.4 8 11.6l2.2-2.2" strokeWidth="1.3" strokeLinecap="round" />
        </svg>
      </button>
      {open && <ExportDialog onClose={() => setOpen(false)} />}
    </>
  );
}
