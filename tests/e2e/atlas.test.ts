// End-to-end: the real app (Fastify + Neo4j + the built client) driven in Debian's headless Chromium.
// scripts/test.ts builds the client and installs Chromium before the suites run.
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { loadSample, seedSample } from "../../server/seed";
import { buildTestApp, call, testAdmin, uniqueId } from "../helpers/app";
import { SHOTS, launchChromium, listen, requireBuiltClientAndChromium, signIn, watchErrors } from "../helpers/browser";

const sample = loadSample();

let app: App;
let browser: Browser;
let context: BrowserContext;
let base: string;
let mapId: string;

async function openMap(page: Page): Promise<void> {
  await page.goto(`${base}/?map=${mapId}`);
  await page.waitForSelector(`body[data-graph-order="${sample.bundle.actors.length}"]`, { timeout: 20_000 });
}

/** Counts the pixels of a PNG that differ from its most common colour (the background), decoded by the browser. */
async function nonBackgroundPixels(page: Page, png: Buffer): Promise<{ total: number; different: number }> {
  return page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let top = 0;
    for (const n of counts.values()) top = Math.max(top, n);
    const total = data.length / 4;
    return { total, different: total - top };
  }, png.toString("base64"));
}

beforeAll(async () => {
  requireBuiltClientAndChromium();
  app = await buildTestApp();
  mapId = uniqueId("e2e");
  await seedSample(app.store, mapId);
  base = await listen(app);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await signIn(context, base, testAdmin(app));
});

afterAll(async () => {
  await browser?.close();
  if (app) {
    await call(app, "DELETE", `/api/maps/${mapId}`).catch(() => undefined);
    await app.close();
  }
});

describe("the map in a browser", () => {
  it("loads without console errors and draws the network", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await openMap(page);
    await expect.poll(() => page.locator(".analysis-pill").count(), { timeout: 20_000 }).toBe(0);
    await page.waitForTimeout(600); // the zoom-to-fit animation
    const shot = await page.locator(".stage").screenshot({ path: path.join(SHOTS, "map.png") });
    const { total, different } = await nonBackgroundPixels(page, shot);
    // Nodes, edges and labels cover a good part of the stage; an empty canvas has only the controls.
    expect(different / total).toBeGreaterThan(0.04);
    await page.screenshot({ path: path.join(SHOTS, "app.png") });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-png").click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const file = path.join(SHOTS, "export.png");
    await download.saveAs(file);
    const exported = await nonBackgroundPixels(page, (await import("node:fs")).readFileSync(file));
    expect(exported.different / exported.total).toBeGreaterThan(0.02);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("finds an actor by search and opens its panel with its needs", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await openMap(page);
    const search = page.getByTestId("search");
    await search.fill("pine holl");
    const option = page.locator('[role="option"][data-actor-id="pine-hollow-elementary"]');
    await expect.poll(() => option.count()).toBe(1);
    await option.click();
    const panel = page.locator('[data-testid="actor-panel"][data-actor-id="pine-hollow-elementary"]');
    await panel.waitFor();
    const expected = sample.bundle.needs.filter((n) => n.actorId === "pine-hollow-elementary");
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => panel.locator("[data-need-id]").count()).toBe(expected.length);
    const shown = await panel
      .locator("[data-need-id]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-need-id")));
    expect(shown.sort()).toEqual(expected.map((n) => n.id).sort());
    await expect
      .poll(() => panel.locator("#actor-title").textContent())
      .toBe(sample.bundle.actors.find((a) => a.id === "pine-hollow-elementary")!.name);
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, "actor-panel.png") });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lists the under-served schools in the gaps view", async () => {
    const page = await context.newPage();
    await openMap(page);
    await page.getByRole("tab", { name: "Gaps" }).click();
    const list = page.getByTestId("under-served");
    await list.waitFor({ timeout: 20_000 });
    const ids = await list
      .locator("[data-actor-id]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-actor-id")));
    expect(ids.slice(0, 2).sort()).toEqual(["eastside-middle", "pine-hollow-elementary"]);
    // Clicking an item selects it and brings it into view.
    await list.locator('[data-actor-id="eastside-middle"]').click();
    await page.getByRole("tab", { name: "Details" }).click();
    await page.locator('[data-testid="actor-panel"][data-actor-id="eastside-middle"]').waitFor();
    await page.getByRole("tab", { name: "Gaps" }).click();
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, "gaps.png") });
    await page.close();
  });

  it("sorts the table view", async () => {
    const page = await context.newPage();
    await openMap(page);
    await page.getByTestId("view-table").click();
    const table = page.getByRole("table", { name: "Actors" });
    await table.waitFor();
    const names = () => table.locator("tbody tr[data-actor-id] td.name").allTextContents();
    const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

    const ascending = await names();
    expect(ascending.length).toBeGreaterThan(10);
    expect(ascending).toEqual([...ascending].sort(collator.compare));
    await table.locator('button[data-sort="name"]').click();
    const descending = await names();
    expect(descending).toEqual([...descending].sort(collator.compare).reverse());
    expect(await table.locator("th", { has: page.locator('button[data-sort="name"]') }).getAttribute("aria-sort")).toBe(
      "descending",
    );

    await table.locator('button[data-sort="openNeeds"]').click();
    const openNeeds = (await table.locator("tbody tr[data-actor-id] td:nth-child(8)").allTextContents()).map(Number);
    expect(openNeeds).toEqual([...openNeeds].sort((a, b) => b - a));
    expect(openNeeds[0]).toBeGreaterThan(openNeeds[openNeeds.length - 1]!);

    // Keyboard: focus the first row, move down twice, Enter selects that actor.
    await table.locator("tbody tr[data-actor-id]").first().focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const third = await table.locator("tbody tr[data-actor-id]").nth(2).getAttribute("data-actor-id");
    await page.keyboard.press("Enter");
    await page.locator(`[data-testid="actor-panel"][data-actor-id="${third}"]`).waitFor();
    await page.screenshot({ path: path.join(SHOTS, "table.png") });
    await page.close();
  });

  it("shows a bad field's error inline and creates nothing", async () => {
    const page = await context.newPage();
    await openMap(page);
    const before = await call(app, "GET", `/api/maps/${mapId}`);
    await page.getByTestId("new-actor").click();
    const editor = page.getByTestId("editor");
    await editor.locator('[name="name"]').fill("Lakeview Robotics Club");
    await editor.locator('[name="location.lat"]').fill("123");
    await editor.locator('[name="location.lon"]').fill("-93.1");
    await editor.getByRole("button", { name: "Create actor" }).click();
    const error = editor.locator('[data-error-for="location.lat"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/90/);
    expect(await editor.locator('[name="location.lat"]').getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: path.join(SHOTS, "editor-error.png") });
    const found = await call(app, "GET", `/api/maps/${mapId}/actors?q=Lakeview`);
    expect(found.body.total).toBe(0);
    const after = await call(app, "GET", `/api/maps/${mapId}`);
    expect(after.body.counts.actors).toBe(before.body.counts.actors);
    expect(after.body.version).toBe(before.body.version);
    await page.close();
  });

  // Last: the commitment it creates changes the school's standing in the gaps view.
  it("shows a need's match candidates, and an accepted one is a commitment after a reload", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const need = "pine-hollow-elementary.need.devices";
    const openNeed = async () => {
      await openMap(page);
      await page.getByTestId("search").fill("pine holl");
      await page.locator('[role="option"][data-actor-id="pine-hollow-elementary"]').click();
      const panel = page.locator('[data-testid="actor-panel"][data-actor-id="pine-hollow-elementary"]');
      await panel.locator(`[data-need-id="${need}"]`).click();
      return panel.getByTestId("matches");
    };
    let matches = await openNeed();
    const first = matches.locator("li.candidate").first();
    await first.waitFor({ timeout: 20_000 });
    expect(await first.getAttribute("data-offering-id")).toBe("reboot-tech.offer.laptops");
    expect(await first.locator(".explanation").textContent()).toContain("ReBoot Tech Recyclers");
    expect(await first.locator(".path").textContent()).toMatch(
      /Pine Hollow Elementary School → .+ → ReBoot Tech Recyclers/,
    );
    // The need asks for 100 devices and the laptops have 150 left: min(150, 100) = 100, in the need's unit.
    expect(await first.getByTestId("accept-candidate").textContent()).toContain("Accept (100 devices)");
    // The library's hotspots are filed under a neighbouring category: a near miss, listed apart and never accepted.
    const nearMisses = matches.getByTestId("near-misses");
    await nearMisses.waitFor();
    expect(await nearMisses.locator("h4").textContent()).toBe("Near misses — not a fit");
    const hotspots = nearMisses.locator('li.near-miss[data-offering-id="riverbend-public-library.offer.hotspots"]');
    expect(await hotspots.locator(".near-miss-reasons").textContent()).toContain(
      "a neighbouring category: offers technology/connectivity, needs technology/devices",
    );
    expect(await nearMisses.getByTestId("accept-candidate").count()).toBe(0);
    expect(
      await matches.locator('li.candidate[data-offering-id="riverbend-public-library.offer.hotspots"]').count(),
    ).toBe(0);
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, "matches.png") });
    await matches.screenshot({ path: path.join(SHOTS, "matches-panel.png") });

    await first.getByTestId("accept-candidate").click();
    // Accept asks for the amount, prefilled with the 100 proposed, and who proposes it.
    const dialog = page.getByTestId("accept-dialog");
    expect(await dialog.locator('input[name="amount"]').inputValue()).toBe("100");
    await dialog.locator('input[name="by"]').fill("Map tester");
    await dialog.getByTestId("accept-confirm").click();
    await dialog.waitFor({ state: "detached" });
    // The panel lists the new commitment once the map has been reloaded after the write.
    const listed = () => matches.getByTestId("commitments").locator("[data-commitment-id]").count();
    await expect.poll(listed, { timeout: 20_000 }).toBe(1);
    const stored = await call(app, "GET", `/api/maps/${mapId}/commitments?needId=${need}`);
    expect(stored.body.items).toHaveLength(1);
    expect(stored.body.items[0]).toMatchObject({
      offeringId: "reboot-tech.offer.laptops",
      amount: 100,
      unit: "devices",
      status: "proposed",
    });

    await page.reload();
    matches = await openNeed();
    await expect.poll(listed, { timeout: 20_000 }).toBe(1);
    const commitments = matches.getByTestId("commitments").locator("[data-commitment-id]");
    expect(await commitments.first().textContent()).toMatch(/proposed.*100 devices of Refurbished laptops for schools/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
