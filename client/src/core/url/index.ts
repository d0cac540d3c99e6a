// Shareable views: the map, selection, tab, filters, focus, layout, sizing and colouring held in the query string.
export * from "./types";
export * from "./utils";
