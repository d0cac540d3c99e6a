// End-to-end: the phone layout at 390x844 (a touch screen): nothing cut off at the right edge in any tab, the map on
// top, the side panel as a bottom sheet opened by tap and keyboard, the explore sidebar behind the Menu, 40 px tap
// targets; and the desktop page at 1400x900 keeps its three columns. In headless Chromium against the real app.
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { loadSample, seedSample } from "../../server/seed";
import { buildTestApp, call, testAdmin, uniqueId } from "../helpers/app";
import { SHOTS, launchChromium, listen, requireBuiltClientAndChromium, signIn, watchErrors } from "../helpers/browser";

const sample = loadSample();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 900 };
const TABS = ["Details", "Gaps", "Queue", "Funders", "Structure", "Commitments", "Plan", "Surveys"];

let app: App;
let browser: Browser;
let base: string;
let mapId: string;

async function phone(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  await signIn(context, base, testAdmin(app));
  return context;
}

/** Opens the sample map (with `query` added) and waits for the graph drawn and its analyses in. */
async function open(page: Page, query = ""): Promise<void> {
  await page.goto(`${base}/?map=${mapId}${query}`);
  await page.waitForSelector(`body[data-graph-order="${sample.bundle.actors.length}"]`, { timeout: 20_000 });
  await expect.poll(() => page.locator(".analysis-pill").count(), { timeout: 20_000 }).toBe(0);
}

interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  /** Visible elements that reach past either side of the window and that no sideways scroller lets the user reach. */
  cut: string[];
}

/**
 * The page's width against the window's, and every element cut off at the edge. The page itself clips (`.app` hides
 * its overflow), so a wide element would not widen the document: each element's box is checked too.
 */
function overflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const scrollsSideways = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if ((x === "auto" || x === "scroll") && p.scrollWidth > p.clientWidth) return true;
      }
      return false;
    };
    const cut: string[] = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      // Zero-sized and 1 px visually hidden elements are not on screen; the canvas draws inside its own box.
      if (r.width <= 1 || r.height <= 1 || el.closest(".sigma-container, .atlas-basemap")) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || style.position === "fixed") continue;
      if ((r.right > vw + 0.5 || r.left < -0.5) && !scrollsSideways(el)) {
        const id = el.id ? `#${el.id}` : "";
        const cls =
          typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
        cut.push(`${el.tagName.toLowerCase()}${id}${cls} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, cut: cut.slice(0, 10) };
  });
}

async function expectNoOverflow(page: Page): Promise<void> {
  const o = await overflow(page);
  expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
  expect(o.cut).toEqual([]);
}

/** The Sigma canvas's box and the stage's, in CSS pixels. */
async function canvasBox(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector(".atlas-canvas canvas")!.getBoundingClientRect();
    const stage = document.querySelector(".stage")!.getBoundingClientRect();
    return { width: canvas.width, height: canvas.height, top: canvas.top, stageHeight: stage.height };
  });
}

/** Visible controls smaller than `min` px in either direction, named by their text or label. */
function smallTargets(page: Page, selector: string, min = 40): Promise<string[]> {
  return page.evaluate(
    ([sel, least]) =>
      [...document.querySelectorAll<HTMLElement>(sel)]
        .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 1 && (r.width < least || r.height < least);
        })
        .map((el) => {
          const r = el.getBoundingClientRect();
          const name = el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.tagName;
          return `${name} ${Math.round(r.width)}x${Math.round(r.height)}`;
        }),
    [selector, min] as const,
  );
}

/** Map controls and layout chips not wholly inside the stage (a chip may sit in its sideways scroller's hidden part). */
function controlsOutsideStage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const stage = document.querySelector(".stage")!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>(".map-controls button, .layout-controls")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.top < stage.top - 0.5 || r.bottom > stage.bottom + 0.5 || r.left < -0.5 || r.right > stage.right + 0.5;
      })
      .map((el) => el.getAttribute("aria-label") ?? el.className);
  });
}

beforeAll(async () => {
  requireBuiltClientAndChromium();
  app = await buildTestApp();
  mapId = uniqueId("phone");
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

describe("the phone layout at 390x844", () => {
  it("shows the map on top with the panels folded below, nothing cut off, and 40 px tap targets", async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await open(page);
    await expectNoOverflow(page);
    const toggle = page.getByTestId("sheet-toggle");
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await toggle.textContent()).toBe("Panel: Details");
    expect(await page.getByRole("tab", { name: "Gaps" }).isVisible()).toBe(false);
    // The canvas fills the stage, and the stage most of the 844 px: only the top bar and the sheet's bar are left.
    const box = await canvasBox(page);
    expect(box.width).toBe(PHONE.width);
    expect(box.height).toBe(box.stageHeight);
    expect(box.height).toBeGreaterThan(PHONE.height * 0.7);
    await page.waitForTimeout(600); // the first zoom-to-fit animation, for the screenshot only
    await page.screenshot({ path: path.join(SHOTS, "workspace-390.png") });
    expect(
      await smallTargets(page, ".topbar button, .topbar select, .topbar input, .side-panel button, .stage button"),
    ).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("opens and folds the sheet by tap and by keyboard, and the canvas follows its new size", async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await open(page);
    const toggle = page.getByTestId("sheet-toggle");
    const folded = await canvasBox(page);
    await toggle.tap();
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("true");
    expect(await toggle.getAttribute("aria-controls")).toBe("panel-tabs tabpanel-details");
    await page.getByTestId("network-summary").waitFor();
    // The sheet takes 56% of the height, so the map keeps the rest above it; Sigma re-measures its canvas.
    await expect.poll(async () => (await canvasBox(page)).height).toBeLessThan(folded.height - 300);
    const opened = await canvasBox(page);
    // Sigma sizes its canvas to the container's whole pixels (offsetHeight).
    expect(Math.abs(opened.height - opened.stageHeight)).toBeLessThan(1);
    expect(opened.height).toBeGreaterThan(100);
    await expectNoOverflow(page);
    await toggle.tap();
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => page.getByTestId("network-summary").isVisible()).toBe(false);
    await expect.poll(async () => (await canvasBox(page)).height).toBe(folded.height);

    // The keyboard: Tab reaches the toggle, Enter and Space open and fold it; focus stays on it.
    await toggle.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("Space");
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("sheet-toggle");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fits every tab in the width of the phone", async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await open(page);
    await page.getByTestId("sheet-toggle").tap();
    for (const name of TABS) {
      const tab = page.getByRole("tab", { name, exact: true });
      await tab.tap();
      await expect.poll(() => tab.getAttribute("aria-selected")).toBe("true");
      const body = page.locator(".tab-body");
      await expect.poll(() => body.evaluate((el) => el.textContent?.trim().length ?? 0)).toBeGreaterThan(20);
      await expectNoOverflow(page);
      expect(await page.getByTestId("sheet-toggle").textContent()).toBe(`Panel: ${name}`);
      // The map stays on screen above the open sheet.
      const box = await canvasBox(page);
      expect(box.width).toBe(PHONE.width);
      expect(box.height).toBeGreaterThan(100);
      expect(await smallTargets(page, ".tabs button")).toEqual([]);
      // Every tab's label is whole, and every map control lies inside the short map above the sheet.
      expect(
        await page
          .locator(".tabs button")
          .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).length),
      ).toBe(0);
      expect(await controlsOutsideStage(page)).toEqual([]);
      if (name === "Gaps") {
        await page.getByTestId("under-served").waitFor();
        await page.screenshot({ path: path.join(SHOTS, "workspace-gaps-390.png") });
      } else await page.screenshot({ path: path.join(SHOTS, `tab-${name.toLowerCase()}-390.png`) });
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("opens an actor's details in the sheet when the actor is picked", async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await open(page);
    const actor = sample.bundle.actors.find((a) => a.id === "pine-hollow-elementary")!;
    await page.getByTestId("search").fill("pine holl");
    await page.locator('[role="option"][data-actor-id="pine-hollow-elementary"]').tap();
    const panel = page.locator('[data-testid="actor-panel"][data-actor-id="pine-hollow-elementary"]');
    await panel.waitFor();
    await expect.poll(() => page.getByTestId("sheet-toggle").getAttribute("aria-expanded")).toBe("true");
    expect(await page.getByTestId("sheet-toggle").textContent()).toBe(`Panel: Details · ${actor.name}`);
    expect(await panel.isVisible()).toBe(true);
    await expectNoOverflow(page);
    await page.screenshot({ path: path.join(SHOTS, "workspace-details-390.png") });
    // A need opens its match candidates, still inside the width.
    const need = panel.locator("button.item").first();
    if ((await need.count()) > 0) {
      await need.tap();
      await expectNoOverflow(page);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reaches filters, appearance, map actions and the table from the Menu; Escape closes it", async () => {
    const context = await phone();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await open(page);
    const menu = page.getByTestId("menu-toggle");
    const filters = page.locator("#explore");
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
    expect(await menu.getAttribute("aria-controls")).toBe("explore");
    expect(await filters.isVisible()).toBe(false);
    expect(await page.getByTestId("open-import").isVisible()).toBe(false);
    await menu.tap();
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("true");
    await expect.poll(() => filters.isVisible()).toBe(true);
    for (const id of ["open-import", "open-maps", "copy-link"])
      expect(await page.getByTestId(id).isVisible()).toBe(true);
    await expectNoOverflow(page);
    expect(await smallTargets(page, ".topbar button, .explore button, .explore select")).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "workspace-menu-390.png") });

    // A filter from the menu acts on the view: the legend's School entry is on, and the link carries it.
    const school = page.locator(".legend-item", { hasText: "School" });
    await school.tap();
    await expect.poll(() => school.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => new URL(page.url()).searchParams.get("types")).toBe("school");

    await page.keyboard.press("Escape");
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => filters.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("menu-toggle");

    // The table, from the top bar's view switch, scrolls sideways inside itself; the page does not.
    await page.getByRole("button", { name: "Table" }).tap();
    await page.locator(".actor-table").waitFor();
    await expectNoOverflow(page);
    await page.screenshot({ path: path.join(SHOTS, "table-390.png") });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("the desktop layout at 1400x900", () => {
  it("keeps the three columns and hides the phone toggles", async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    await signIn(context, base, testAdmin(app));
    const page = await context.newPage();
    const errors = watchErrors(page);
    await open(page);
    const boxes = await page.evaluate(() =>
      Object.fromEntries(
        [".topbar", ".explore", ".stage", ".side-panel"].map((s) => {
          const r = document.querySelector(s)!.getBoundingClientRect();
          return [s, { x: r.x, y: r.y, width: r.width, height: r.height }];
        }),
      ),
    );
    // The grid: 264 px | the rest | 380 px, under a 56 px bar: 1400 - 264 - 380 = 756 px for the map.
    expect(boxes[".topbar"]).toEqual({ x: 0, y: 0, width: 1400, height: 56 });
    expect(boxes[".explore"]).toEqual({ x: 0, y: 56, width: 264, height: 844 });
    expect(boxes[".stage"]).toEqual({ x: 264, y: 56, width: 756, height: 844 });
    expect(boxes[".side-panel"]).toEqual({ x: 1020, y: 56, width: 380, height: 844 });
    expect(await page.getByTestId("sheet-toggle").isVisible()).toBe(false);
    expect(await page.getByTestId("menu-toggle").isVisible()).toBe(false);
    expect(await page.getByRole("tab", { name: "Gaps" }).isVisible()).toBe(true);
    expect(await page.getByTestId("network-summary").isVisible()).toBe(true);
    expect(await page.getByTestId("copy-link").isVisible()).toBe(true);
    await expectNoOverflow(page);
    await page.waitForTimeout(600); // the first zoom-to-fit animation, for the screenshot only
    await page.screenshot({ path: path.join(SHOTS, "workspace-1400.png") });
    // Each side-panel tab, and the table view, as a desktop user sees them.
    for (const name of TABS) {
      await page.getByRole("tab", { name, exact: true }).click();
      const body = page.locator(".tab-body");
      await expect.poll(() => body.evaluate((el) => el.textContent?.trim().length ?? 0)).toBeGreaterThan(20);
      await page.screenshot({ path: path.join(SHOTS, `tab-${name.toLowerCase()}-1400.png`) });
    }
    await page.getByTestId("view-table").click();
    await page.locator(".actor-table").waitFor();
    await page.screenshot({ path: path.join(SHOTS, "table-1400.png") });
    expect(errors).toEqual([]);
    await context.close();
  });
});
