// Constraints and indexes, applied idempotently at start-up. Every item is unique by (mapId, id).
CREATE CONSTRAINT map_id IF NOT EXISTS FOR (m:Map) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (a:Actor) REQUIRE (a.mapId, a.id) IS UNIQUE;
CREATE CONSTRAINT need_key IF NOT EXISTS FOR (n:Need) REQUIRE (n.mapId, n.id) IS UNIQUE;
CREATE CONSTRAINT offering_key IF NOT EXISTS FOR (o:Offering) REQUIRE (o.mapId, o.id) IS UNIQUE;
CREATE CONSTRAINT category_key IF NOT EXISTS FOR (c:Category) REQUIRE (c.mapId, c.id) IS UNIQUE;
CREATE CONSTRAINT partners_with_key IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() REQUIRE (r.mapId, r.id) IS UNIQUE;
CREATE CONSTRAINT funds_key IF NOT EXISTS FOR ()-[r:FUNDS]-() REQUIRE (r.mapId, r.id) IS UNIQUE;
CREATE CONSTRAINT mentors_key IF NOT EXISTS FOR ()-[r:MENTORS]-() REQUIRE (r.mapId, r.id) IS UNIQUE;
CREATE CONSTRAINT supplies_key IF NOT EXISTS FOR ()-[r:SUPPLIES]-() REQUIRE (r.mapId, r.id) IS UNIQUE;
CREATE CONSTRAINT member_of_key IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE (r.mapId, r.id) IS UNIQUE;
CREATE CONSTRAINT refers_to_key IF NOT EXISTS FOR ()-[r:REFERS_TO]-() REQUIRE (r.mapId, r.id) IS UNIQUE;
CREATE CONSTRAINT volunteers_at_key IF NOT EXISTS FOR ()-[r:VOLUNTEERS_AT]-() REQUIRE (r.mapId, r.id) IS UNIQUE;
CREATE CONSTRAINT fulfills_key IF NOT EXISTS FOR ()-[c:FULFILLS]-() REQUIRE (c.mapId, c.id) IS UNIQUE;
CREATE INDEX actor_map IF NOT EXISTS FOR (a:Actor) ON (a.mapId);
CREATE INDEX need_map IF NOT EXISTS FOR (n:Need) ON (n.mapId);
CREATE INDEX offering_map IF NOT EXISTS FOR (o:Offering) ON (o.mapId);
CREATE INDEX category_map IF NOT EXISTS FOR (c:Category) ON (c.mapId);
