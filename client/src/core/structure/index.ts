// Structure of the network (single points of failure, cut ties, brokers, isolates) in words and on the map.
export * from "./types";
export * from "./utils";
