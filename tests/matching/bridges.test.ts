import { describe, expect, it } from "vitest";
import { detectCommunities } from "../../server/analysis/communities";
import { buildActorGraph } from "../../server/analysis/graph";
import { suggestBridges } from "../../server/matching/bridges";
import type { BridgeSuggestion } from "../../server/matching/bridges";
import { buildMatchIndex, matchesForNeed, MatchOptionsError } from "../../server/matching";
import { indexOptions, snapshot } from "./fixtures";

// The map's connected groups as communities: the Hillside cluster, the STEM school with its club, the arts school
// with its gallery, and three loners.
const membership: Record<string, number> = {
  rural: 0,
  byteworks: 0,
  library: 0,
  clinic: 0,
  techhub: 0,
  fund: 0,
  parents: 0,
  stem: 1,
  stemclub: 1,
  arts: 2,
  gallery: 2,
  lonely: 3,
  town: 4,
  mentors: 5,
};

const pairOf = (b: BridgeSuggestion) => `${b.needActor.id}<-${b.offeringActor.id}`;

describe("suggestBridges", () => {
  const index = buildMatchIndex(snapshot, indexOptions);

  it("suggests the STEM school and the arts school to each other, as one pair with a match each way", () => {
    const bridges = suggestBridges(index, { membership });
    const [stemArts] = bridges.filter((b) => ["arts<-stem", "stem<-arts"].includes(pairOf(b)));
    expect(bridges.filter((b) => ["arts<-stem", "stem<-arts"].includes(pairOf(b)))).toHaveLength(1);
    // The stronger direction leads: the arts school's need for mentoring.
    expect(pairOf(stemArts!)).toBe("arts<-stem");
    expect(stemArts!.match.needId).toBe("n-arts-stem");
    expect(stemArts!.match.offeringId).toBe("o-stem-mentoring");
    expect(stemArts!.reverse!.needId).toBe("n-stem-arts");
    expect(stemArts!.reverse!.offeringId).toBe("o-arts-workshops");
    const forward = matchesForNeed(index, "n-arts-stem")[0]!.score;
    const backward = matchesForNeed(index, "n-stem-arts")[0]!.score;
    expect(stemArts!.match.score).toBeCloseTo(forward, 4);
    expect(stemArts!.reverse!.score).toBeCloseTo(backward, 4);
    expect(stemArts!.score).toBeCloseTo(1 - (1 - forward) * (1 - backward), 4);
    expect(stemArts!.tiesBetween).toBe(0);
    expect(stemArts!.currentDistance).toBeNull();
    expect(stemArts!.gain).toBe(1);
    expect(stemArts!.rank).toBe(stemArts!.score);
    expect(stemArts!.needActor).toEqual({ id: "arts", name: "Southside Arts School", community: 2 });
    expect(stemArts!.offeringActor).toEqual({ id: "stem", name: "Northgate STEM Academy", community: 1 });
    expect(stemArts!.reason).toBe(
      "Northgate STEM Academy could meet Southside Arts School's need for coding and robotics mentoring with " +
        "robotics and coding mentoring, and in return Southside Arts School could meet Northgate STEM Academy's need " +
        "for art and drama workshops with drama and painting workshops; their communities (2 and 1) have no ties " +
        "between them, and the two are not connected at all today.",
    );
    // Helping each other outranks every one-way suggestion here.
    expect(bridges[0]).toBe(stemArts);
  });

  it("ranks by combined score times the gain of a new tie, and never pairs actors of one community", () => {
    const bridges = suggestBridges(index, { membership });
    expect(bridges.length).toBeGreaterThan(2);
    for (let i = 1; i < bridges.length; i++) expect(bridges[i - 1]!.rank).toBeGreaterThanOrEqual(bridges[i]!.rank);
    for (const b of bridges) expect(b.needActor.community).not.toBe(b.offeringActor.community);
    // The town school and the refurbisher sit in different components: a strong, far-reaching suggestion.
    const town = bridges.find((b) => pairOf(b) === "town<-byteworks")!;
    expect(town.reverse).toBeNull();
    expect(town.score).toBe(town.match.score);
    expect(bridges.map(pairOf)).not.toContain("rural<-byteworks");
  });

  it("measures how far apart the actors are when a few ties join their communities", () => {
    const joined = {
      ...snapshot,
      relationships: [
        ...snapshot.relationships,
        { from: "stemclub", to: "gallery", type: "partners_with" as const, weight: 1 },
      ],
    };
    const joinedIndex = buildMatchIndex(joined, indexOptions);
    const bridges = suggestBridges(joinedIndex, { membership, maxTieRatio: 3 });
    const b = bridges.find((x) => pairOf(x) === "arts<-stem")!;
    // arts - gallery - stemclub - stem: three ties, which one direct tie would cut to one.
    expect(b.tiesBetween).toBe(1);
    // Configuration model: vol(community 1) = vol(community 2) = 3 of 2m = 20 tie ends.
    expect(b.expectedTies).toBeCloseTo(0.45, 4);
    expect(b.currentDistance).toBe(3);
    expect(b.gain).toBeCloseTo(2 / 3, 4);
    expect(b.rank).toBeCloseTo((b.score * (1 + 2 / 3)) / 2, 4);
    expect(b.reason).toContain("share only 1 tie, and the two are 3 steps apart today");

    // One tie where chance expects 0.45: weakly tied only for a ratio of at least 1 / 0.45.
    expect(suggestBridges(joinedIndex, { membership }).map(pairOf)).not.toContain("arts<-stem");
    const strict = suggestBridges(joinedIndex, { membership, maxTieRatio: 2 });
    expect(strict.map(pairOf)).not.toContain("arts<-stem");
    const lenient = suggestBridges(joinedIndex, { membership, maxTieRatio: 2.3 });
    expect(lenient.map(pairOf)).toContain("arts<-stem");
  });

  it("caps suggestions per pair of communities and in total", () => {
    const perPair = suggestBridges(index, { membership, perCommunityPair: 1 });
    const counts = new Map<string, number>();
    for (const b of perPair) {
      const key = [b.needActor.community, b.offeringActor.community].sort().join("-");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(Math.max(...counts.values())).toBe(1);
    expect(suggestBridges(index, { membership, limit: 2 })).toHaveLength(2);
    expect(suggestBridges(index, { membership, limit: 0 })).toEqual([]);
    expect(() => suggestBridges(index, { membership, limit: -1 })).toThrow(MatchOptionsError);
    expect(() => suggestBridges(index, { membership, maxTieRatio: -1 })).toThrow(MatchOptionsError);
  });

  it("works from Louvain communities of the actor graph", () => {
    const communities = detectCommunities(buildActorGraph(snapshot.actors, snapshot.relationships));
    const bridges = suggestBridges(index, { membership: communities.membership });
    const stemArts = bridges.find((b) => pairOf(b) === "arts<-stem")!;
    expect(stemArts.reverse!.needId).toBe("n-stem-arts");
  });
});
