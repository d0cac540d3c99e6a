// Constraints and indexes, applied idempotently at start-up. Every item is unique by (mapId, id): nodes and
// commitments by constraint, ties by the store, which checks their ids under the map's lock.
CREATE CONSTRAINT map_id IF NOT EXISTS FOR (m:Map) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (a:Actor) REQUIRE (a.mapId, a.id) IS UNIQUE;
CREATE CONSTRAINT need_key IF NOT EXISTS FOR (n:Need) REQUIRE (n.mapId, n.id) IS UNIQUE;
CREATE CONSTRAINT offering_key IF NOT EXISTS FOR (o:Offering) REQUIRE (o.mapId, o.id) IS UNIQUE;
CREATE CONSTRAINT category_key IF NOT EXISTS FOR (c:Category) REQUIRE (c.mapId, c.id) IS UNIQUE;
// Ties are found by (mapId, id) through plain indexes: the store keeps their ids unique across all seven types (a
// per-type uniqueness constraint could not), and checking a constraint on each of 500k new ties cost an import a
// quarter of its time. Databases written with the constraints lose them once, here.
DROP CONSTRAINT partners_with_key IF EXISTS;
DROP CONSTRAINT funds_key IF EXISTS;
DROP CONSTRAINT mentors_key IF EXISTS;
DROP CONSTRAINT supplies_key IF EXISTS;
DROP CONSTRAINT member_of_key IF EXISTS;
DROP CONSTRAINT refers_to_key IF EXISTS;
DROP CONSTRAINT volunteers_at_key IF EXISTS;
CREATE INDEX partners_with_id IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (r.mapId, r.id);
CREATE INDEX funds_id IF NOT EXISTS FOR ()-[r:FUNDS]-() ON (r.mapId, r.id);
CREATE INDEX mentors_id IF NOT EXISTS FOR ()-[r:MENTORS]-() ON (r.mapId, r.id);
CREATE INDEX supplies_id IF NOT EXISTS FOR ()-[r:SUPPLIES]-() ON (r.mapId, r.id);
CREATE INDEX member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.mapId, r.id);
CREATE INDEX refers_to_id IF NOT EXISTS FOR ()-[r:REFERS_TO]-() ON (r.mapId, r.id);
CREATE INDEX volunteers_at_id IF NOT EXISTS FOR ()-[r:VOLUNTEERS_AT]-() ON (r.mapId, r.id);
CREATE CONSTRAINT fulfills_key IF NOT EXISTS FOR ()-[c:FULFILLS]-() REQUIRE (c.mapId, c.id) IS UNIQUE;
CREATE INDEX actor_map IF NOT EXISTS FOR (a:Actor) ON (a.mapId);
CREATE INDEX need_map IF NOT EXISTS FOR (n:Need) ON (n.mapId);
CREATE INDEX offering_map IF NOT EXISTS FOR (o:Offering) ON (o.mapId);
CREATE INDEX category_map IF NOT EXISTS FOR (c:Category) ON (c.mapId);
// The audit trail is read per map newest first, or for one entity.
CREATE INDEX audit_map_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.mapId, e.at);
CREATE INDEX audit_map_entity IF NOT EXISTS FOR (e:AuditEntry) ON (e.mapId, e.entityId);
// Needs and offerings name their category by id, with no tie to the category node: each such tie cost an import as
// much as a relationship, and nothing read them. Maps written with them lose them once, here.
CREATE INDEX need_category IF NOT EXISTS FOR (n:Need) ON (n.mapId, n.category);
CREATE INDEX offering_category IF NOT EXISTS FOR (o:Offering) ON (o.mapId, o.category);
CALL () { MATCH ()-[r:IN_CATEGORY]->() DELETE r } IN TRANSACTIONS OF 10000 ROWS;
// Accounts and access: users by id and by name, secrets only by their hash (tokens, sessions, links).
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE;
CREATE CONSTRAINT user_username IF NOT EXISTS FOR (u:User) REQUIRE u.username IS UNIQUE;
CREATE CONSTRAINT session_id IF NOT EXISTS FOR (s:Session) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.hash IS UNIQUE;
CREATE CONSTRAINT share_link_hash IF NOT EXISTS FOR (l:ShareLink) REQUIRE l.hash IS UNIQUE;
CREATE CONSTRAINT password_setup_hash IF NOT EXISTS FOR (p:PasswordSetup) REQUIRE p.hash IS UNIQUE;
CREATE INDEX share_link_map IF NOT EXISTS FOR (l:ShareLink) ON (l.mapId);
CREATE INDEX api_token_user IF NOT EXISTS FOR (t:ApiToken) ON (t.userId);
// Each map pseudonymises its protected actors under a secret key of its own (server/privacy). New maps get theirs
// when created, maps older than the keys get one here, once.
MATCH (m:Map) WHERE m.privacyKey IS NULL SET m.privacyKey = randomUUID();
// Web addresses are http(s) only. One written before that rule (a javascript: or data: link) is dropped once, here.
MATCH (a:Actor) WHERE a.url IS NOT NULL AND NOT a.url =~ '(?i)https?://.+' REMOVE a.url;
CREATE CONSTRAINT idempotency_key_id IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE k.id IS UNIQUE;
CREATE INDEX idempotency_key_expiry IF NOT EXISTS FOR (k:IdempotencyKey) ON (k.expiresAt);
// Import jobs are recorded in the database, so their address works after a restart and from another API process.
CREATE CONSTRAINT import_job_id IF NOT EXISTS FOR (j:ImportJob) REQUIRE j.id IS UNIQUE;
CREATE INDEX import_job_map IF NOT EXISTS FOR (j:ImportJob) ON (j.mapId);
CREATE INDEX import_job_status IF NOT EXISTS FOR (j:ImportJob) ON (j.status);
// Surveys are unique per map and listed per map. A respondent's staging node is found by its link's hash, or among its
// survey's (every lookup names the map and the survey, the round and the actor are filtered after the seek).
CREATE CONSTRAINT survey_key IF NOT EXISTS FOR (s:Survey) REQUIRE (s.mapId, s.id) IS UNIQUE;
CREATE INDEX survey_map IF NOT EXISTS FOR (s:Survey) ON (s.mapId);
CREATE CONSTRAINT survey_response_token IF NOT EXISTS FOR (r:SurveyResponse) REQUIRE r.tokenHash IS UNIQUE;
CREATE INDEX survey_response_survey IF NOT EXISTS FOR (r:SurveyResponse) ON (r.mapId, r.surveyId);
