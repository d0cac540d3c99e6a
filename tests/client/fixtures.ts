// A tiny hand-made map for the client tests: four actors, three ties, needs, offerings.
import type { GraphView } from "../../server/schemas/domain";

const at = "2025-01-01T00:00:00.000Z";
const stamp = { createdAt: at, updatedAt: at };

export function tinyView(): GraphView {
  return {
    map: {
      id: "tiny",
      name: "Tiny",
      description: "",
      version: 3,
      ...stamp,
      counts: { actors: 4, needs: 2, offerings: 2, relationships: 3 },
    },
    categories: [
      { id: "technology", name: "Technology" },
      { id: "technology/devices", name: "Devices", parent: "technology" },
      { id: "food", name: "Food" },
    ],
    actors: [
      {
        id: "school-a",
        name: "Alder School",
        type: "school",
        description: "",
        tags: ["rural"],
        attributes: {},
        location: { lat: 45, lon: -93, region: "North" },
        ...stamp,
      },
      {
        id: "fund-b",
        name: "Birch Fund",
        type: "funder",
        description: "",
        tags: [],
        attributes: {},
        location: { lat: 45.1, lon: -93.2, region: "South" },
        ...stamp,
      },
      { id: "lib-c", name: "Cedar Library", type: "library", description: "", tags: [], attributes: {}, ...stamp },
      {
        id: "biz-d",
        name: "Dogwood Tech",
        type: "business",
        description: "",
        tags: ["laptops"],
        attributes: {},
        location: { lat: 44.9, lon: -93.1, region: "North" },
        ...stamp,
      },
    ],
    relationships: [
      { id: "r1", from: "fund-b", to: "school-a", type: "funds", weight: 2, amount: 5000, directed: true, ...stamp },
      { id: "r2", from: "lib-c", to: "school-a", type: "partners_with", weight: 1, directed: false, ...stamp },
      { id: "r3", from: "biz-d", to: "lib-c", type: "supplies", weight: 4, directed: true, ...stamp },
    ],
    needs: [
      {
        id: "n1",
        actorId: "school-a",
        category: "technology/devices",
        title: "Laptops",
        description: "",
        quantity: 30,
        unit: "laptops",
        priority: "critical",
        status: "open",
        ...stamp,
      },
      {
        id: "n2",
        actorId: "school-a",
        category: "food",
        title: "Snacks",
        description: "",
        quantity: 100,
        unit: "bags",
        priority: "low",
        status: "met",
        ...stamp,
      },
    ],
    offerings: [
      {
        id: "o1",
        actorId: "biz-d",
        category: "technology/devices",
        title: "Refurbished laptops",
        description: "",
        capacity: 50,
        unit: "laptops",
        modality: "both",
        status: "available",
        committed: 10,
        ...stamp,
      },
      {
        id: "o2",
        actorId: "lib-c",
        category: "food",
        title: "Pantry",
        description: "",
        capacity: 5,
        unit: "bags",
        modality: "in_person",
        status: "available",
        committed: 0,
        ...stamp,
      },
    ],
    commitments: [
      { id: "c1", offeringId: "o1", needId: "n1", amount: 12, status: "proposed", history: [], ...stamp },
      { id: "c2", offeringId: "o1", needId: "n1", amount: 3, status: "declined", history: [], ...stamp },
    ],
  };
}
