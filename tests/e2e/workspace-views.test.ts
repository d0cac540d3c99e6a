// End-to-end: shareable views (a copied link opens the same view in a fresh browser context), the structure tab,
// actors opened from any list, the sticky Name column, the PNG export's title and legend, in headless Chromium.
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
const NARROW = { width: 390, height: 844 };

let app: App;
let browser: Browser;
let base: string;
let mapId: string;

async function newContext(viewport = WIDE): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await signIn(context, base, testAdmin(app));
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  return context;
}

/** Opens `url` and waits for the map drawn and its analyses in. */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector(`body[data-graph-order="${sample.bundle.actors.length}"]`, { timeout: 20_000 });
  await expect.poll(() => page.locator(".analysis-pill").count(), { timeout: 20_000 }).toBe(0);
}

/** How many pixels differ between two same-sized PNGs, decoded by the browser. */
async function pixelsChanged(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([x, y]) => {
      const read = async (b64: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext("2d")!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      };
      const [p, q] = [await read(x), await read(y)];
      let n = 0;
      for (let i = 0; i < Math.min(p.length, q.length); i += 4)
        if (Math.abs(p[i]! - q[i]!) + Math.abs(p[i + 1]! - q[i + 1]!) + Math.abs(p[i + 2]! - q[i + 2]!) > 30) n++;
      return n;
    },
    [a.toString("base64"), b.toString("base64")] as const,
  );
}

beforeAll(async () => {
  requireBuiltClientAndChromium();
  app = await buildTestApp();
  mapId = uniqueId("views");
  await seedSample(app.store, mapId);
  base = await listen(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (app) {
    await call(app, "DELETE", `/api/maps/${mapId}`).catch(() => undefined);
    await app.close();
  }
});

describe("shareable views", () => {
  it("a copied link opens the same actor, tab, filter and colouring in a fresh browser context", async () => {
    const first = await newContext();
    const page = await first.newPage();
    const errors = watchErrors(page);
    await open(page, `${base}/?map=${mapId}`);
    await page.getByTestId("search").fill("pine holl");
    await page.locator('[role="option"][data-actor-id="pine-hollow-elementary"]').click();
    await page.waitForSelector('[data-testid="actor-panel"][data-actor-id="pine-hollow-elementary"]');
    await page.locator(".legend-item", { hasText: "School" }).click();
    await page.getByRole("button", { name: "Community", exact: true }).click();
    await page.getByRole("tab", { name: "Gaps" }).click();
    await page.getByTestId("copy-link").click();
    await expect.poll(() => page.getByTestId("copy-link").textContent()).toBe("Copied");
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const params = new URL(link).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      map: mapId,
      actor: "pine-hollow-elementary",
      tab: "gaps",
      types: "school",
      color: "community",
    });
    await first.close();

    // A new context shares nothing with the first: no storage, no history, only the link.
    const fresh = await newContext();
    const again = await fresh.newPage();
    const freshErrors = watchErrors(again);
    await open(again, link);
    expect(await again.getByRole("tab", { name: "Gaps" }).getAttribute("aria-selected")).toBe("true");
    await again.waitForSelector('[data-testid="gaps"]');
    const community = again.getByRole("button", { name: "Community", exact: true });
    expect(await community.getAttribute("aria-pressed")).toBe("true");
    expect(await again.getByRole("button", { name: "Type", exact: true }).getAttribute("aria-pressed")).toBe("false");
    // Coloured by community the legend lists communities; by type it shows the School filter still on.
    await again.getByRole("button", { name: "Type", exact: true }).click();
    expect(await again.locator(".legend-item", { hasText: "School" }).getAttribute("aria-pressed")).toBe("true");
    await community.click();
    // Reloading keeps it too, and the Details tab shows the selected actor.
    await again.reload();
    await again.waitForSelector(`body[data-graph-order="${sample.bundle.actors.length}"]`, { timeout: 20_000 });
    await again.getByRole("tab", { name: "Details" }).click();
    const panel = again.locator('[data-testid="actor-panel"]');
    expect(await panel.getAttribute("data-actor-id")).toBe("pine-hollow-elementary");
    expect(await again.locator("#actor-title").textContent()).toBe(
      sample.bundle.actors.find((a) => a.id === "pine-hollow-elementary")!.name,
    );
    expect(new URL(again.url()).searchParams.get("tab")).toBeNull();
    expect(new URL(again.url()).searchParams.get("types")).toBe("school");
    expect([...errors, ...freshErrors]).toEqual([]);
    await fresh.close();
  });
});

describe("the structure tab", () => {
  it("lists single points of failure in words and highlights one on the map", async () => {
    const expected = (await call(app, "GET", `/api/maps/${mapId}/analysis/structure?limit=1000`)).body;
    expect(expected.articulationPoints.length).toBeGreaterThan(0);
    const top = expected.articulationPoints[0];
    for (const viewport of [WIDE, NARROW]) {
      const context = await newContext(viewport);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await open(page, `${base}/?map=${mapId}&tab=structure`);
      const items = page.locator('[data-testid="structure-articulation"] button.item');
      await expect.poll(() => items.count()).toBe(Math.min(12, expected.articulationPoints.length));
      expect(await items.first().getAttribute("data-actor-id")).toBe(top.id);
      const plural = top.cutOff === 1 ? "actor" : "actors";
      expect(await items.first().locator(".meaning").textContent()).toContain(
        `If ${top.name} stopped, ${top.cutOff} ${plural} would lose every path to the rest of the network`,
      );
      const name = viewport.width === WIDE.width ? "1400" : "390";
      if (viewport === WIDE) {
        await page.waitForTimeout(600); // the first zoom-to-fit animation
        const before = await page.locator(".stage").screenshot();
        await items.first().hover();
        // Everything but the point and the actors it would strand fades: many pixels change.
        await expect
          .poll(async () => pixelsChanged(page, before, await page.locator(".stage").screenshot()), { timeout: 5000 })
          .toBeGreaterThan(2000);
        await page.screenshot({ path: path.join(SHOTS, `structure-${name}.png`) });
        await page.mouse.move(5, 5);
        // Clicking opens the actor's details and keeps the highlight on the map.
        await items.first().click();
        await page.waitForSelector(`[data-testid="actor-panel"][data-actor-id="${top.id}"]`);
      } else {
        await page.screenshot({ path: path.join(SHOTS, `structure-${name}.png`) });
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});

describe("actors opened from any list", () => {
  it("clicking an actor in Gaps opens its details", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await open(page, `${base}/?map=${mapId}&tab=gaps`);
    const first = page.locator('[data-testid="under-served"] button[data-actor-id]').first();
    const id = await first.getAttribute("data-actor-id");
    const name = sample.bundle.actors.find((a) => a.id === id)!.name;
    await first.click();
    await page.waitForSelector(`[data-testid="actor-panel"][data-actor-id="${id}"]`);
    expect(await page.getByRole("tab", { name: "Details" }).getAttribute("aria-selected")).toBe("true");
    expect(await page.locator("#actor-title").textContent()).toBe(name);
    expect(new URL(page.url()).searchParams.get("actor")).toBe(id);
    await context.close();
  });
});

describe("polish", () => {
  it("keeps the Name column in view when the table scrolls sideways at 1400 px", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await open(page, `${base}/?map=${mapId}&view=table`);
    const scroller = page.locator(".table-scroll");
    const { scrollWidth, clientWidth } = await scroller.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    const box = (await scroller.boundingBox())!;
    const typeBefore = (await page.locator(".actor-table tbody tr[data-index='0'] td").nth(1).boundingBox())!;
    await scroller.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const scrolled = await scroller.evaluate((el) => el.scrollLeft);
    const name = (await page.locator(".actor-table tbody tr[data-index='0'] td.name").boundingBox())!;
    const head = (await page.locator(".actor-table th.name").boundingBox())!;
    const type = (await page.locator(".actor-table tbody tr[data-index='0'] td").nth(1).boundingBox())!;
    // The Type column moved left by the scroll; the Name cell and its header stayed at the table's left edge.
    expect(Math.round(typeBefore.x - type.x)).toBe(Math.round(scrolled));
    expect(Math.abs(name.x - box.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(head.x - box.x)).toBeLessThanOrEqual(1);
    // Nothing is drawn over the name: the element at its centre is the name cell.
    const onTop = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest("td")?.className,
      [name.x + name.width / 2, name.y + name.height / 2],
    );
    expect(onTop).toBe("name");
    await page.screenshot({ path: path.join(SHOTS, "table-sticky-1400.png") });
    await context.close();
  });

  it("exports a PNG with the map's title above it and a legend below", async () => {
    const context = await newContext();
    const page = await context.newPage();
    await open(page, `${base}/?map=${mapId}`);
    const canvas = (await page.locator(".atlas-canvas").boundingBox())!;
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-png").click()]);
    const file = path.join(SHOTS, "export-titled.png");
    await download.saveAs(file);
    const stats = await page.evaluate(
      async ([b64, cssWidth]) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const c = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = c.getContext("2d")!;
        ctx.drawImage(bitmap, 0, 0);
        const ratio = bitmap.width / cssWidth;
        const count = (
          x0: number,
          y0: number,
          x1: number,
          y1: number,
          test: (r: number, g: number, b: number) => boolean,
        ) => {
          const d = ctx.getImageData(x0, y0, x1 - x0, y1 - y0).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (test(d[i]!, d[i + 1]!, d[i + 2]!)) n++;
          return n;
        };
        const dark = (r: number, g: number, b: number) => r < 90 && g < 90 && b < 90;
        const coloured = (r: number, g: number, b: number) => Math.max(r, g, b) - Math.min(r, g, b) > 60;
        const h = Math.round(44 * ratio);
        return {
          width: bitmap.width,
          height: bitmap.height,
          ratio,
          // Title text: dark pixels in the header's left part; the header's right end, past the date, stays white.
          titleInk: count(0, 0, Math.round(300 * ratio), h, dark),
          headerCorner: count(bitmap.width - 4, 0, bitmap.width, 4, (r, g, b) => r + g + b < 3 * 250),
          // Legend swatches: saturated pixels in the last 30 px.
          legendColour: count(
            0,
            bitmap.height - Math.round(30 * ratio),
            Math.round(400 * ratio),
            bitmap.height,
            coloured,
          ),
        };
      },
      [readFileSync(file).toString("base64"), Math.round(canvas.width)] as const,
    );
    expect(stats.titleInk).toBeGreaterThan(100);
    expect(stats.headerCorner).toBe(0);
    expect(stats.legendColour).toBeGreaterThan(50);
    // The map keeps its size; the title band (44 px) and the legend band are added to it.
    expect(stats.height).toBeGreaterThan(Math.round((canvas.height + 44) * stats.ratio));
    await context.close();
  });

  it("draws the default map view without overlapping labels at 1400 and 390 px", async () => {
    for (const [viewport, name] of [
      [WIDE, "1400"],
      [NARROW, "390"],
    ] as const) {
      const context = await newContext(viewport);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await open(page, `${base}/?map=${mapId}`);
      await page.waitForTimeout(800); // the first layout's animation and zoom-to-fit
      await page.screenshot({ path: path.join(SHOTS, `map-${name}.png`) });
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
