// End-to-end: data in and out and the maps page, in Debian's headless Chromium against the real app and Neo4j.
// Import a CSV (dry run first, with issues by file, row and column), export JSON and import it into a new map,
// create, rename and delete maps, all from the keyboard too; screenshots at 1400x900 and 390x844.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { loadSample, seedSample } from "../../server/seed";
import { buildTestApp, call, testAdmin, uniqueId } from "../helpers/app";
import { SHOTS, launchChromium, listen, requireBuiltClientAndChromium, signIn, watchErrors } from "../helpers/browser";

const sample = loadSample();
const WIDE = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };

let app: App;
let browser: Browser;
let context: BrowserContext;
let base: string;
let sampleMap: string;
/** Maps the tests make, deleted at the end whatever happened. */
const made = new Set<string>();

async function emptyMap(prefix: string): Promise<string> {
  const id = uniqueId(prefix);
  made.add(id);
  const r = await call(app, "POST", "/api/maps", { id, name: `Test ${id}` });
  expect(r.status).toBe(201);
  return id;
}

async function open(page: Page, mapId: string, order: number): Promise<void> {
  await page.goto(`${base}/?map=${mapId}`);
  await page.waitForSelector(`body[data-graph-order="${order}"]`, { timeout: 20_000 });
}

const csv = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });

beforeAll(async () => {
  requireBuiltClientAndChromium();
  app = await buildTestApp();
  sampleMap = uniqueId("e2e-data");
  made.add(sampleMap);
  await seedSample(app.store, sampleMap);
  base = await listen(app);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: WIDE, acceptDownloads: true });
  await signIn(context, base, testAdmin(app));
});

afterAll(async () => {
  await browser?.close();
  if (app) {
    for (const id of made) await call(app, "DELETE", `/api/maps/${id}`).catch(() => undefined);
    await app.close();
  }
});

describe("data in and out", () => {
  it("dry-runs a CSV with an error (row and column named, nothing written), then imports it fixed", async () => {
    const mapId = await emptyMap("e2e-csv");
    const page = await context.newPage();
    const errors = watchErrors(page);
    await open(page, mapId, 0);
    await page.getByTestId("open-import").click();
    const dialog = page.getByTestId("import-dialog");
    await dialog.waitFor();

    // Row 3 (the header is row 1) has a type no actor can have.
    await page
      .getByTestId("import-file-input")
      .setInputFiles(csv("actors.csv", "id,name,type\nbakery,Corner Bakery,business\nclinic,North Clinic,alien\n"));
    await expect.poll(() => page.getByTestId("import-files").textContent()).toContain("actors.csv");
    expect(await page.getByTestId("import-format").textContent()).toBe(
      "CSV (one file per kind) (guessed from the file names)",
    );
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-refused").waitFor();
    expect(await page.getByTestId("import-refused").locator("p").first().textContent()).toContain("1 error found");
    const issue = page.getByTestId("import-issue");
    expect(await issue.count()).toBe(1);
    expect(await issue.locator("td").nth(0).textContent()).toBe("3");
    expect(await issue.locator("td").nth(1).textContent()).toBe("type");
    expect(await page.getByTestId("import-issues").locator("h3").textContent()).toBe("actors.csv");
    expect(await page.getByTestId("import-format").textContent()).toBe(
      "CSV (one file per kind) (as the server read the files)",
    );
    expect(await page.getByTestId("import-apply").isDisabled()).toBe(true);
    await dialog.screenshot({ path: path.join(SHOTS, "import-dialog.png") });
    await page.setViewportSize(WIDE);
    await page.screenshot({ path: path.join(SHOTS, "import-1400.png") });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SHOTS, "import-390.png") });
    await page.setViewportSize(WIDE);
    // The dry run wrote nothing.
    expect((await call(app, "GET", `/api/maps/${mapId}/actors`)).body.total).toBe(0);

    // Fixed, and dropped with a second file: the bakery supplies the clinic.
    await page.getByTestId("import-dropzone").evaluate((zone) => {
      const data = new DataTransfer();
      data.items.add(
        new File(["id,name,type\nbakery,Corner Bakery,business\nclinic,North Clinic,nonprofit\n"], "actors.csv"),
      );
      data.items.add(new File(["from,to,type\nbakery,clinic,supplies\n"], "relationships.csv"));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.getByTestId("import-files").locator("li").count()).toBe(2);
    await page.getByTestId("import-check").click();
    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    // Two new actors and one new tie, none held before.
    const changes = page.getByTestId("import-changes");
    expect(await changes.locator('tr[data-kind="actors"] td').allTextContents()).toEqual(["2", "0"]);
    expect(await changes.locator('tr[data-kind="relationships"] td').allTextContents()).toEqual(["1", "0"]);
    expect((await call(app, "GET", `/api/maps/${mapId}/actors`)).body.total).toBe(0);

    // Every value the progress bar shows, as the job moves on.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="import-progress"]');
        const value = bar?.getAttribute("aria-valuenow");
        if (value !== null && value !== undefined && seen.at(-1) !== value) seen.push(value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId("import-apply").click();
    await page.getByTestId("import-done").waitFor();
    expect(await page.getByTestId("import-done").textContent()).toContain("2 actors, 1 tie");
    const seen = (await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen)).map(
      Number,
    );
    // It starts at 0 while the files are sent, never goes back, and ends at 100 when the job is done.
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // The map reloads by itself: both actors are drawn and found by search.
    await page.waitForSelector('body[data-graph-order="2"]');
    const actors = (await call(app, "GET", `/api/maps/${mapId}/actors`)).body;
    expect(actors.items.map((a: { id: string; type: string }) => `${a.id}:${a.type}`).sort()).toEqual([
      "bakery:business",
      "clinic:nonprofit",
    ]);
    const ties = (await call(app, "GET", `/api/maps/${mapId}/relationships`)).body.items;
    expect(ties.map((r: { from: string; to: string; type: string }) => `${r.from}>${r.to}:${r.type}`)).toEqual([
      "bakery>clinic:supplies",
    ]);
    await page.getByTestId("import-close").click();
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByTestId("search").fill("North Cli");
    await expect.poll(() => page.locator('[role="option"][data-actor-id="clinic"]').count()).toBe(1);
    // The refused dry run's answer, and nothing else.
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    await page.close();
  });

  it("exports the map as JSON and imports the file into a new map with the same counts", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await open(page, sampleMap, sample.bundle.actors.length);
    await page.getByTestId("export-data").click();
    await page.getByTestId("export-dialog").waitFor();
    for (const format of ["json", "csv", "kumu", "gexf", "graphml"])
      expect(await page.getByTestId(`export-${format}`).getAttribute("href")).toBe(
        `/api/maps/${sampleMap}/export?format=${format}`,
      );
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
    expect(download.suggestedFilename()).toBe(`${sampleMap}.json`);
    const file = path.join("/tmp", `${sampleMap}.json`);
    await download.saveAs(file);
    const bundle = JSON.parse(readFileSync(file, "utf8"));
    expect(bundle.actors).toHaveLength(sample.bundle.actors.length);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("export-dialog").count()).toBe(0);

    const copy = await emptyMap("e2e-reimport");
    await open(page, copy, 0);
    await page.getByTestId("open-import").click();
    await page.getByTestId("import-file-input").setInputFiles(file);
    expect(await page.getByTestId("import-format").textContent()).toBe(
      "Atlas JSON bundle (guessed from the file names)",
    );
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-preview").waitFor();
    expect(await page.getByTestId("import-changes").locator('tr[data-kind="actors"] td').allTextContents()).toEqual([
      String(sample.bundle.actors.length),
      "0",
    ]);
    await page.getByTestId("import-apply").click();
    await page.getByTestId("import-done").waitFor();
    await page.waitForSelector(`body[data-graph-order="${sample.bundle.actors.length}"]`);
    const [original, reimported] = await Promise.all(
      [sampleMap, copy].map(async (id) => (await call(app, "GET", `/api/maps/${id}`)).body.counts),
    );
    expect(reimported).toEqual(original);
    expect(reimported.actors).toBe(sample.bundle.actors.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("the maps page", () => {
  it("creates a map with a chosen id, renames it, and deletes it once its name is typed", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await open(page, sampleMap, sample.bundle.actors.length);
    await page.getByTestId("open-maps").click();
    const dialog = page.getByTestId("maps-dialog");
    await dialog.waitFor();
    const id = uniqueId("chosen");
    made.add(id);
    await page.locator("#new-map-name").fill("Lakeside pilot");
    await page.locator("#new-map-id").fill(id);
    await page.locator("#new-map-description").fill("Food and devices, spring");
    await page.getByTestId("map-create").click();
    const row = page.locator(`[data-testid="map-row"][data-map-id="${id}"]`);
    await row.waitFor();
    expect(await row.locator("h3").textContent()).toBe("Lakeside pilot ");
    expect(await row.locator(".maps-description").textContent()).toBe("Food and devices, spring");
    expect((await call(app, "GET", `/api/maps/${id}`)).body).toMatchObject({ id, name: "Lakeside pilot" });
    // The same id again is refused by the server, next to the id field.
    await page.locator("#new-map-name").fill("Again");
    await page.locator("#new-map-id").fill(id);
    await page.getByTestId("map-create").click();
    await expect.poll(() => dialog.locator("#new-map-id-error").textContent()).toBe(`Map '${id}' already exists`);
    await page.locator("#new-map-name").fill("");
    await page.locator("#new-map-id").fill("");

    // The shared test server holds many maps: the filter narrows the list to this test's.
    await page.locator("#maps-filter").fill(`lakeside ${id}`);
    await expect.poll(() => page.getByTestId("map-row").count()).toBe(1);
    await page.locator("#maps-filter").fill(sampleMap);
    await expect.poll(() => page.getByTestId("map-row").count()).toBe(1);
    await page.locator("#maps-filter").fill("");
    await page.setViewportSize(WIDE);
    await page.screenshot({ path: path.join(SHOTS, "maps-1400.png") });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SHOTS, "maps-390.png") });
    await page.setViewportSize(WIDE);

    await row.getByTestId("map-edit").click();
    await page.locator(`#edit-name-${id.replace(/\./g, "\\.")}`).fill("Lakeside 2026");
    await row.getByTestId("map-save").click();
    await expect.poll(() => row.locator("h3").textContent()).toBe("Lakeside 2026 ");
    expect((await call(app, "GET", `/api/maps/${id}`)).body.name).toBe("Lakeside 2026");

    await row.getByTestId("map-delete").click();
    const confirm = page.getByTestId("delete-map-dialog");
    await confirm.waitFor();
    const submit = page.getByTestId("delete-map-submit");
    expect(await submit.isDisabled()).toBe(true);
    await page.getByTestId("delete-map-confirm").fill("Lakeside");
    expect(await submit.isDisabled()).toBe(true);
    await page.getByTestId("delete-map-confirm").fill("Lakeside 2026");
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await confirm.count()).toBe(0);
    expect((await call(app, "GET", `/api/maps/${id}`)).status).toBe(404);
    // The map on screen was another one: it is still open.
    expect(new URL(page.url()).searchParams.get("map")).toBe(sampleMap);
    // The refused second creation's answer, and nothing else.
    expect(errors).toEqual(["Failed to load resource: the server responded with a status of 409 (Conflict)"]);
    await page.close();
  });

  it("duplicates a map from the maps page", async () => {
    const page = await context.newPage();
    await open(page, sampleMap, sample.bundle.actors.length);
    await page.getByTestId("open-maps").click();
    const row = page.locator(`[data-testid="map-row"][data-map-id="${sampleMap}"]`);
    await row.getByTestId("map-duplicate").click();
    const copy = uniqueId("dup");
    made.add(copy);
    await page.locator(`#copy-id-${sampleMap}`).fill(copy);
    await page.locator(`#copy-name-${sampleMap}`).fill("Riverbend copy");
    await row.getByTestId("map-duplicate-save").click();
    const copied = page.locator(`[data-testid="map-row"][data-map-id="${copy}"]`);
    await copied.waitFor();
    const [a, b] = await Promise.all(
      [sampleMap, copy].map(async (id) => (await call(app, "GET", `/api/maps/${id}`)).body),
    );
    expect(b.counts).toEqual(a.counts);
    expect(b.name).toBe("Riverbend copy");
    await page.close();
  });
});

describe("from the keyboard", () => {
  it("opens, uses and closes the import dialog and the delete dialog without a mouse", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const doomed = await emptyMap("e2e-keys");
    await open(page, sampleMap, sample.bundle.actors.length);

    // Import: Enter opens it with focus on "Choose files…", Tab stays inside, Escape closes it and focus returns.
    await page.getByTestId("open-import").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("import-dialog").waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Choose files…");
    for (let i = 0; i < 8; i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="import-dialog"]'))).toBe(true);
    await page
      .getByTestId("import-file-input")
      .setInputFiles(csv("actors.csv", "id,name,type\nkb,Keyboard Club,nonprofit\n"));
    await page.locator("#import-format-select").focus();
    await page.keyboard.press("Tab"); // to "Check (dry run)"
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("import-check");
    await page.keyboard.press("Enter");
    await page.getByTestId("import-preview").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("import-dialog").count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("open-import");
    expect((await call(app, "GET", `/api/maps/${sampleMap}/actors/kb`)).status).toBe(404);

    // Maps page, then the delete dialog: Escape closes only the topmost; typing the id and Enter deletes.
    await page.getByTestId("open-maps").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("maps-dialog").waitFor();
    const del = page.locator(`[data-testid="map-row"][data-map-id="${doomed}"]`).getByTestId("map-delete");
    await del.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("delete-map-dialog").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("delete-map-confirm");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("delete-map-dialog").count()).toBe(0);
    expect(await page.getByTestId("maps-dialog").count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(`Delete Test ${doomed}`);
    await page.keyboard.press("Enter");
    await page.getByTestId("delete-map-dialog").waitFor();
    await page.keyboard.type(doomed);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("delete-map-dialog").count()).toBe(0);
    expect((await call(app, "GET", `/api/maps/${doomed}`)).status).toBe(404);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("maps-dialog").count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("open-maps");
    expect(errors).toEqual([]);
    await page.close();
  });
});
