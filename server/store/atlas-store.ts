// The storage port of Ecosystem Atlas and its Neo4j adapter: domain objects in, domain objects out. This facade
// hands each call to the repository of its resource (<resource>-repository.ts), the whole-map reads to
// snapshot-reader.ts, and imports to bundle-checks.ts and bundle-writer.ts; session.ts runs the transactions.
// Every multi-step write runs in one managed transaction, so a refused write leaves nothing behind; imports too
// large for one transaction are written in chunks that are undone if one fails (bundle-writer.ts).
import type { Driver } from "neo4j-driver";
import type {
  Actor,
  ActorInput,
  ActorPatch,
  AtlasMap,
  Bundle,
  Category,
  CategoryInput,
  CategoryPatch,
  Commitment,
  CommitmentInput,
  CommitmentPatch,
  GraphView,
  MapCreate,
  MapPatch,
  Relationship,
  RelationshipInput,
  RelationshipPatch,
} from "../schemas/domain";
import { AccessRepository } from "./access-repository";
import { AccountRepository } from "./account-repository";
import { ActorRepository } from "./actor-repository";
import { IdempotencyRepository } from "./idempotency-repository";
import { ImportJobRepository } from "./import-job-repository";
import { listAudit, type AuditEntry, type AuditFilter } from "./audit";
import { checkBundle } from "./bundle-checks";
import { writeBundle, type MapIds } from "./bundle-writer";
import { CategoryRepository } from "./category-repository";
import { CommitmentRepository } from "./commitment-repository";
import { ItemRepository, type ItemInputOf, type ItemKind, type ItemOf, type ItemPatchOf } from "./item-repository";
import { MapRepository } from "./map-repository";
import { checkReferences } from "./references";
import { RelationshipRepository } from "./relationship-repository";
import { StoreSession } from "./session";
import { SurveyAnalysisReader } from "./survey-analysis";
import { SurveyDecisions } from "./survey-decisions";
import { SurveyRepository } from "./survey-repository";
import { SurveyResponses } from "./survey-responses";
import { SnapshotReader } from "./snapshot-reader";
import { openGraph, type GraphPart, type OpenGraph } from "./graph-stream";
import { migrateUnits, type UnitMigration } from "./unit-migration";
import type {
  ActorFilter,
  CommitmentFilter,
  ImportBundleOptions,
  ImportCounts,
  ItemFilter,
  ItemTexts,
  ListResult,
  MapSnapshot,
  Page,
  RelationshipFilter,
} from "./types";

export type {
  ActorFilter,
  CommitmentFilter,
  ImportBundleOptions,
  ImportCounts,
  ItemFilter,
  ItemTexts,
  ListResult,
  MapSnapshot,
  Page,
  RelationshipFilter,
} from "./types";

export class AtlasStore {
  private readonly session: StoreSession;
  private readonly driver: Driver;
  private readonly taxonomy: CategoryInput[];
  private readonly maps: MapRepository;
  private readonly categories: CategoryRepository;
  private readonly actors: ActorRepository;
  private readonly items: ItemRepository;
  private readonly relationships: RelationshipRepository;
  private readonly commitments: CommitmentRepository;
  private readonly snapshots: SnapshotReader;
  /** Accounts, sessions and tokens, and who reaches which map: used by the auth plugin and its routes. */
  readonly accounts: AccountRepository;
  readonly access: AccessRepository;
  /** The answers of writes sent with an Idempotency-Key: used by the idempotency plugin. */
  readonly idempotency: IdempotencyRepository;
  /** Background import jobs as the database records them: used by services/import-jobs.ts. */
  readonly importJobs: ImportJobRepository;
  /** Surveys, their respondents' staged answers, and editors' decisions on them: used by the survey routes. */
  readonly surveys: SurveyRepository;
  readonly surveyResponses: SurveyResponses;
  readonly surveyDecisions: SurveyDecisions;
  /** What the analysis of survey data reads: rosters, respondents, reported ties and accepted ratings. */
  readonly surveyAnalysis: SurveyAnalysisReader;

  constructor(driver: Driver, taxonomy: CategoryInput[]) {
    this.session = new StoreSession(driver, (d) => migrateUnits(d, taxonomy));
    this.driver = driver;
    this.taxonomy = taxonomy;
    this.maps = new MapRepository(this.session, taxonomy);
    this.categories = new CategoryRepository(this.session);
    this.actors = new ActorRepository(this.session);
    this.items = new ItemRepository(this.session);
    this.relationships = new RelationshipRepository(this.session);
    this.commitments = new CommitmentRepository(this.session);
    this.snapshots = new SnapshotReader(this.session, this.maps);
    this.accounts = new AccountRepository(this.session);
    this.access = new AccessRepository(this.session);
    this.idempotency = new IdempotencyRepository(this.session);
    this.importJobs = new ImportJobRepository(this.session);
    this.surveys = new SurveyRepository(this.session);
    this.surveyResponses = new SurveyResponses(this.session);
    this.surveyDecisions = new SurveyDecisions(this.session);
    this.surveyAnalysis = new SurveyAnalysisReader(this.session);
  }

  /** Applies cypher/schema.cypher once per process; retried after a failure (Neo4j may start later). */
  ensureSchema(): Promise<void> {
    return this.session.ensureSchema();
  }

  /**
   * Gives every need, offering and commitment a unit from the list (server/store/unit-migration.ts). Runs by itself
   * after the schema at start-up; running it again changes nothing unless items without a valid unit were written
   * around the API since.
   */
  async migrateUnits(): Promise<UnitMigration> {
    await this.session.ensureSchema();
    return migrateUnits(this.driver, this.taxonomy);
  }

  health(): Promise<{ version: string; edition: string; latencyMs: number }> {
    return this.session.health();
  }

  // Each call below runs in the transaction(s) of the repository method it names; a create or update reads the
  // result back in a read transaction of its own once the write has committed.

  listMaps(page: Page, ids: readonly string[] | null = null): Promise<ListResult<AtlasMap>> {
    return this.maps.list(page, ids);
  }
  getMap(mapId: string): Promise<AtlasMap> {
    return this.maps.get(mapId);
  }
  mapVersion(mapId: string): Promise<number> {
    return this.maps.version(mapId);
  }
  createMap(input: MapCreate): Promise<AtlasMap> {
    return this.maps.create(input);
  }
  /** Reads the map's bundle, then writes the copy in one write transaction (MapRepository.duplicate). */
  async duplicateMap(mapId: string, input: MapCreate): Promise<AtlasMap> {
    return this.maps.duplicate(await this.snapshots.exportBundle(mapId), input);
  }
  updateMap(mapId: string, patch: MapPatch): Promise<AtlasMap> {
    return this.maps.update(mapId, patch);
  }
  /** In batches of a transaction each: a deletion cut short is finished by deleting again. */
  deleteMap(mapId: string): Promise<void> {
    return this.maps.delete(mapId);
  }

  listCategories(mapId: string): Promise<Category[]> {
    return this.categories.list(mapId);
  }
  getCategory(mapId: string, id: string): Promise<Category> {
    return this.categories.get(mapId, id);
  }
  createCategory(mapId: string, input: CategoryInput): Promise<Category> {
    return this.categories.create(mapId, input);
  }
  updateCategory(mapId: string, id: string, patch: CategoryPatch): Promise<Category> {
    return this.categories.update(mapId, id, patch);
  }
  deleteCategory(mapId: string, id: string): Promise<void> {
    return this.categories.delete(mapId, id);
  }

  listActors(mapId: string, filter: ActorFilter, page: Page): Promise<ListResult<Actor>> {
    return this.actors.list(mapId, filter, page);
  }
  getActor(mapId: string, id: string): Promise<Actor> {
    return this.actors.get(mapId, id);
  }
  createActor(mapId: string, input: ActorInput): Promise<Actor> {
    return this.actors.create(mapId, input);
  }
  updateActor(mapId: string, id: string, patch: ActorPatch): Promise<Actor> {
    return this.actors.update(mapId, id, patch);
  }
  deleteActor(mapId: string, id: string): Promise<void> {
    return this.actors.delete(mapId, id);
  }

  listItems<K extends ItemKind>(
    kind: K,
    mapId: string,
    filter: ItemFilter,
    page: Page,
  ): Promise<ListResult<ItemOf<K>>> {
    return this.items.list(kind, mapId, filter, page);
  }
  getItem<K extends ItemKind>(kind: K, mapId: string, id: string): Promise<ItemOf<K>> {
    return this.items.get(kind, mapId, id);
  }
  createItem<K extends ItemKind>(kind: K, mapId: string, input: ItemInputOf<K>): Promise<ItemOf<K>> {
    return this.items.create(kind, mapId, input);
  }
  updateItem<K extends ItemKind>(kind: K, mapId: string, id: string, patch: ItemPatchOf<K>): Promise<ItemOf<K>> {
    return this.items.update(kind, mapId, id, patch);
  }
  deleteItem(kind: ItemKind, mapId: string, id: string): Promise<void> {
    return this.items.delete(kind, mapId, id);
  }

  listRelationships(mapId: string, filter: RelationshipFilter, page: Page): Promise<ListResult<Relationship>> {
    return this.relationships.list(mapId, filter, page);
  }
  getRelationship(mapId: string, id: string): Promise<Relationship> {
    return this.relationships.get(mapId, id);
  }
  createRelationship(mapId: string, input: RelationshipInput): Promise<Relationship> {
    return this.relationships.create(mapId, input);
  }
  updateRelationship(mapId: string, id: string, patch: RelationshipPatch): Promise<Relationship> {
    return this.relationships.update(mapId, id, patch);
  }
  deleteRelationship(mapId: string, id: string): Promise<void> {
    return this.relationships.delete(mapId, id);
  }

  listCommitments(mapId: string, filter: CommitmentFilter, page: Page): Promise<ListResult<Commitment>> {
    return this.commitments.list(mapId, filter, page);
  }
  getCommitment(mapId: string, id: string): Promise<Commitment> {
    return this.commitments.get(mapId, id);
  }
  /** Locks the offering and the need before reading their state, so concurrent commitments never over-commit. */
  createCommitment(mapId: string, input: CommitmentInput): Promise<Commitment> {
    return this.commitments.create(mapId, input);
  }
  /** Moves a commitment along its lifecycle under the same locks; declining or cancelling frees what it held. */
  updateCommitment(mapId: string, id: string, patch: CommitmentPatch): Promise<Commitment> {
    return this.commitments.update(mapId, id, patch);
  }

  /**
   * Upserts a whole bundle by id in one transaction: every item lands, or none does. A bundle of more than
   * `transactionItems` is written in chunks, and the chunks written are undone if one fails (bundle-writer.ts).
   */
  async importBundle(mapId: string, bundle: Bundle, options: ImportBundleOptions = {}): Promise<ImportCounts> {
    const { items, references } = checkBundle(bundle);
    const counts = {
      categories: items.categories.length,
      actors: items.actors.length,
      relationships: items.relationships.length,
      needs: items.needs.length,
      offerings: items.offerings.length,
      commitments: items.commitments.length,
    };
    await writeBundle(this.session.write, {
      mapId,
      items,
      check: (tx) => checkReferences(tx, mapId, references),
      readMap: () => this.snapshots.graph(mapId),
      transactionItems: options.transactionItems,
      onProgress: options.onProgress,
      audit: { mapId, action: "import", entityType: "map", entityId: mapId, counts },
    });
    return counts;
  }

  /** A page of the map's audit trail, newest first (server/store/audit.ts). */
  history(mapId: string, filter: AuditFilter, page: Page): Promise<ListResult<AuditEntry>> {
    return listAudit(this.session, mapId, filter, page);
  }

  graph(mapId: string): Promise<GraphView> {
    return this.snapshots.graph(mapId);
  }
  /** The map's lists as records, read in one transaction as they are sent (server/store/graph-stream.ts). */
  openGraph(mapId: string, steps: readonly GraphPart[]): Promise<OpenGraph> {
    return openGraph(this.session, this.driver, mapId, steps);
  }
  snapshot(mapId: string): Promise<MapSnapshot> {
    return this.snapshots.snapshot(mapId);
  }
  itemTexts(mapId: string): Promise<ItemTexts> {
    return this.snapshots.itemTexts(mapId);
  }
  existingIds(mapId: string): Promise<MapIds> {
    return this.snapshots.existingIds(mapId);
  }
  exportBundle(mapId: string): Promise<Bundle> {
    return this.snapshots.exportBundle(mapId);
  }
}
