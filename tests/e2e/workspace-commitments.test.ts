// End-to-end: commitments in the browser. Accepting a match asks for the amount; the board moves a commitment through
// its lifecycle and shows the offering's capacity left and the need's status as the server recounts them; the plan
// tab runs the allocation for a scope and proposes chosen assignments. Debian's headless Chromium, the real app.
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { loadSample, seedSample } from "../../server/seed";
import { buildTestApp, call, testAdmin, uniqueId } from "../helpers/app";
import { SHOTS, launchChromium, listen, requireBuiltClientAndChromium, signIn, watchErrors } from "../helpers/browser";

const sample = loadSample();
const PINE = "pine-hollow-elementary";
const TRAINING = `${PINE}.need.teacher-training`;
const CTE = "valley-technical-college.offer.cte-training";
const CEDAR = "cedar-ridge-elementary";
const CEDAR_TRAINING = `${CEDAR}.need.multigrade-training`;

let app: App;
let browser: Browser;
let context: BrowserContext;
let base: string;
let mapId: string;

async function openMap(page: Page): Promise<void> {
  await page.goto(`${base}/?map=${mapId}`);
  await page.waitForSelector(`body[data-graph-order="${sample.bundle.actors.length}"]`, { timeout: 20_000 });
}

async function openTab(page: Page, name: string) {
  await page.getByRole("tab", { name, exact: true }).click();
}

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);
const activeName = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? null);

beforeAll(async () => {
  requireBuiltClientAndChromium();
  app = await buildTestApp();
  mapId = uniqueId("e2e-commit");
  await seedSample(app.store, mapId);
  base = await listen(app);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await signIn(context, base, testAdmin(app));
});

afterAll(async () => {
  await browser?.close();
  if (app) {
    await call(app, "DELETE", `/api/maps/${mapId}`).catch(() => undefined);
    await app.close();
  }
});

// The tests share one map and run in order: the board works on what the first test accepted.
describe("commitments in the browser", () => {
  it("accepts a match with an edited amount, and the candidate list keeps its order", async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await openMap(page);
    await page.getByTestId("search").fill("pine holl");
    await page.locator(`[role="option"][data-actor-id="${PINE}"]`).click();
    const panel = page.locator(`[data-testid="actor-panel"][data-actor-id="${PINE}"]`);
    await panel.locator(`[data-need-id="${TRAINING}"]`).click();
    const matches = panel.getByTestId("matches");
    const cards = matches.locator("li.candidate");
    await cards.first().waitFor({ timeout: 20_000 });
    const order = () => cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-offering-id")));
    const before = await order();
    expect(before[0]).toBe(CTE);
    expect(before.length).toBeGreaterThan(1);

    // The training has 20 places left and the need asks for 12 people: min(20, 12) = 12 people, prefilled.
    await cards.first().getByTestId("accept-candidate").click();
    const dialog = page.getByTestId("accept-dialog");
    await dialog.waitFor();
    const amount = dialog.locator('input[name="amount"]');
    expect(await amount.inputValue()).toBe("12");
    expect(await activeName(page)).toBe("amount");
    await amount.fill("13");
    await dialog.getByTestId("accept-confirm").click();
    expect(await dialog.locator('[data-error-for="amount"]').textContent()).toBe(
      "At most 12 people can be committed here.",
    );
    await amount.fill("0");
    await dialog.getByTestId("accept-confirm").click();
    expect(await dialog.locator('[data-error-for="amount"]').textContent()).toBe("The amount must be more than 0.");
    expect((await call(app, "GET", `/api/maps/${mapId}/commitments`)).body.total).toBe(0);

    await amount.fill("8");
    await dialog.locator('input[name="by"]').fill("Ana Ruiz");
    await dialog.locator('textarea[name="note"]').fill("Half now, half in spring");
    await amount.press("Enter");
    await dialog.waitFor({ state: "detached" });
    await expect
      .poll(() => cards.first().getByTestId("candidate-accepted").textContent(), { timeout: 20_000 })
      .toContain("Accepted: 8 people proposed");
    // The map reloaded after the write (the commitment is listed) and the cards have not moved.
    await expect
      .poll(() => matches.getByTestId("commitments").locator("[data-commitment-id]").count(), { timeout: 20_000 })
      .toBe(1);
    expect(await order()).toEqual(before);
    // 20 - 8 = 12 left and 12 - 8 = 4 still needed: every other card still offers an Accept (of 4 people).
    await expect.poll(() => page.getByTestId("accept-candidate").count()).toBe(before.length - 1);

    const stored = await call(app, "GET", `/api/maps/${mapId}/commitments?needId=${TRAINING}`);
    expect(stored.body.items).toHaveLength(1);
    expect(stored.body.items[0]).toMatchObject({
      offeringId: CTE,
      amount: 8,
      unit: "people",
      status: "proposed",
    });
    expect(stored.body.items[0].history).toEqual([
      expect.objectContaining({ status: "proposed", by: "Ana Ruiz", note: "Half now, half in spring" }),
    ]);

    // Keyboard: Enter on the second card's Accept opens the dialog on the amount; Escape closes it and gives focus
    // back to that button; nothing is written.
    const second = cards.nth(1).getByTestId("accept-candidate");
    await second.focus();
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    expect(await activeName(page)).toBe("amount");
    expect(await dialog.locator('input[name="by"]').inputValue()).toBe("Ana Ruiz"); // asked once per session
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await activeTestId(page)).toBe("accept-candidate");
    expect(await cards.nth(1).evaluate((li) => li.contains(document.activeElement))).toBe(true);
    expect((await call(app, "GET", `/api/maps/${mapId}/commitments`)).body.total).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("moves a commitment from proposed to delivered, and cancelling another frees its capacity", async () => {
    // A second commitment on the same training: 6 people for Cedar Ridge's multigrade training (6 asked: met).
    const extra = await call(app, "POST", `/api/maps/${mapId}/commitments`, {
      offeringId: CTE,
      needId: CEDAR_TRAINING,
      amount: 6,
      by: "Sam Lee",
    });
    expect(extra.status).toBe(201);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.addInitScript(() => sessionStorage.setItem("atlas.commitments.by", "Ana Ruiz"));
    await openMap(page);
    await openTab(page, "Commitments");
    const board = page.getByTestId("commitments-board");
    await board.waitFor();
    const column = (status: string) => board.locator(`[data-status="${status}"].board-column`);
    const pineCard = board.locator(`.commitment-card[data-status]`).filter({ hasText: "Pine Hollow" });
    const cedarCard = board.locator(`.commitment-card[data-status]`).filter({ hasText: "Cedar Ridge" });
    await expect.poll(() => column("proposed").locator(".commitment-card").count()).toBe(2);
    // 20 - 8 - 6 = 6 people left on the training; Pine Hollow has 8 of 12 (partially met).
    expect(await pineCard.getByTestId("capacity-left").textContent()).toBe("6 people");
    expect(await pineCard.getByTestId("need-status").textContent()).toBe("partially met");
    expect(await cedarCard.getByTestId("need-status").textContent()).toBe("met");
    expect(await pineCard.locator(".card-history li").first().textContent()).toMatch(
      /^proposed by Ana Ruiz · .+ — “Half now, half in spring”$/,
    );
    // Only the lifecycle's moves from "proposed" are offered.
    expect(await pineCard.locator("[data-move]").evaluateAll((b) => b.map((e) => e.getAttribute("data-move")))).toEqual(
      ["contacted", "accepted", "declined", "cancelled"],
    );
    await page.screenshot({ path: path.join(SHOTS, "commitments-board-1400.png") });

    // Keyboard: Enter opens the move dialog on the note (the name is known this session), Escape closes it and
    // returns focus to the button; then Enter again, a note, Tab to the button, Enter moves the card.
    const contact = pineCard.locator('[data-move="contacted"]');
    await contact.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("move-dialog");
    await dialog.waitFor();
    expect(await activeName(page)).toBe("note");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-move"))).toBe("contacted");
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await page.keyboard.type("Called the principal");
    await page.keyboard.press("Tab");
    expect(await activeTestId(page)).toBe("move-confirm");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => column("contacted").locator(".commitment-card").count(), { timeout: 20_000 }).toBe(1);

    for (const to of ["accepted", "delivered"]) {
      await pineCard.locator(`[data-move="${to}"]`).click();
      await dialog.waitFor();
      await dialog.getByTestId("move-confirm").click();
      await dialog.waitFor({ state: "detached" });
      await expect.poll(() => pineCard.getAttribute("data-status"), { timeout: 20_000 }).toBe(to);
    }
    expect(await pineCard.locator("[data-move]").count()).toBe(0); // delivered is final
    expect(await pineCard.locator(".card-history li").allTextContents()).toEqual([
      expect.stringMatching(/^proposed by Ana Ruiz/),
      expect.stringMatching(/^contacted by Ana Ruiz .+ — “Called the principal”$/),
      expect.stringMatching(/^accepted by Ana Ruiz/),
      expect.stringMatching(/^delivered by Ana Ruiz/),
    ]);
    // Delivering keeps the reservation: still 6 left; the delivered amounts name 8 of the 12 people asked.
    expect(await pineCard.getByTestId("capacity-left").textContent()).toBe("6 people");
    const delivered = board.getByTestId("delivered-needs").locator(`[data-id="${TRAINING}"]`);
    expect(await delivered.locator(".figure").textContent()).toBe("8 people of 12 people");
    expect(await board.getByTestId("delivered-offerings").locator(`[data-id="${CTE}"] .figure`).textContent()).toBe(
      "8 people of 20 people",
    );

    // Cancelling Cedar Ridge's 6 gives them back: 6 + 6 = 12 left, and its need is open again.
    await cedarCard.locator('[data-move="cancelled"]').click();
    await dialog.waitFor();
    await dialog.locator('textarea[name="note"]').fill("Entered twice");
    await dialog.getByTestId("move-confirm").click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => pineCard.getByTestId("capacity-left").textContent(), { timeout: 20_000 }).toBe("12 people");
    expect(await cedarCard.getAttribute("data-status")).toBe("cancelled");
    expect(await cedarCard.getByTestId("need-status").textContent()).toBe("open");
    expect(await cedarCard.isVisible()).toBe(false); // folded away with the cancelled ones

    const api = await call(app, "GET", `/api/maps/${mapId}/commitments`);
    const byNeed = Object.fromEntries(
      api.body.items.map((c: { needId: string; status: string }) => [c.needId, c.status]),
    );
    expect(byNeed).toEqual({ [TRAINING]: "delivered", [CEDAR_TRAINING]: "cancelled" });
    const offering = await call(app, "GET", `/api/maps/${mapId}/offerings/${CTE}`);
    expect(offering.body.committed).toBe(8);

    // Filters: Cedar Ridge keeps only its cancelled card; the training category keeps both.
    await board.locator("summary").filter({ hasText: "Cancelled" }).click();
    await board.getByTestId("board-actor").selectOption(CEDAR);
    await expect.poll(() => board.locator(".commitment-card").count()).toBe(1);
    expect(await board.locator(".commitment-card").getAttribute("data-commitment-id")).toBe(extra.body.id);
    await board.getByTestId("board-actor").selectOption("");
    await board.getByTestId("board-category").selectOption("training");
    await expect.poll(() => board.locator(".commitment-card").count()).toBe(2);
    await board.getByTestId("board-category").selectOption("");
    await page.screenshot({ path: path.join(SHOTS, "commitments-board-delivered-1400.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, "commitments-board-390.png") });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("runs the allocation for a scope and proposes two of its assignments", async () => {
    const scope = { category: "technology/devices" };
    const expected = (await call(app, "POST", `/api/maps/${mapId}/analysis/allocation`, scope)).body;
    expect(expected.assignments.length).toBeGreaterThanOrEqual(2);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.addInitScript(() => sessionStorage.setItem("atlas.commitments.by", "Ana Ruiz"));
    await openMap(page);
    await openTab(page, "Plan");
    const plan = page.getByTestId("allocation");
    await plan.getByTestId("plan-category").selectOption(scope.category);
    await plan.getByTestId("run-plan").click();
    const result = plan.getByTestId("plan-result");
    await result.waitFor({ timeout: 20_000 });
    const rows = result.getByTestId("assignments").locator("li");
    expect(await rows.count()).toBe(expected.assignments.length);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-key")))).toEqual(
      expected.assignments.map((a: { offeringId: string; needId: string }) => `${a.offeringId}→${a.needId}`),
    );
    expect(await result.getByTestId("plan-objective").textContent()).toBe(expected.objective.toFixed(2));
    expect(await result.getByTestId("baseline-objective").textContent()).toBe(expected.baseline.objective.toFixed(2));
    const devices = expected.assignments.reduce((s: number, a: { amount: number }) => s + a.amount, 0);
    expect(await result.getByTestId("plan-totals").textContent()).toBe(`${devices} devices`);
    expect(await result.getByTestId("plan-unmet").locator("li").count()).toBe(expected.unmet.length);
    await page.screenshot({ path: path.join(SHOTS, "allocation-plan-1400.png") });

    const chosen = expected.assignments.slice(0, 2);
    for (let i = 0; i < 2; i++) await rows.nth(i).locator('input[type="checkbox"]').check();
    await result.getByTestId("accept-assignments").click();
    await expect
      .poll(() => result.getByTestId("accept-summary").textContent(), { timeout: 20_000 })
      .toBe("2 commitments proposed.");
    expect(await rows.nth(0).locator(".outcome").getAttribute("data-outcome")).toBe("201");
    expect(await rows.nth(1).locator(".outcome").getAttribute("data-outcome")).toBe("201");
    expect(await rows.nth(2).locator(".outcome").count()).toBe(0);
    // The plan was made for the map before these writes: it says so.
    await result.locator(".notice").waitFor({ timeout: 20_000 });

    const made = (await call(app, "GET", `/api/maps/${mapId}/commitments?status=proposed`)).body.items;
    const fromPlan = made.filter(
      (c: { history: { note?: string }[] }) => c.history[0]?.note === "From the allocation plan",
    );
    expect(
      fromPlan
        .map((c: { offeringId: string; needId: string; amount: number; unit: string }) => [
          c.offeringId,
          c.needId,
          c.amount,
          c.unit,
        ])
        .sort(),
    ).toEqual(
      chosen
        .map((a: { offeringId: string; needId: string; amount: number; unit: string }) => [
          a.offeringId,
          a.needId,
          a.amount,
          a.unit,
        ])
        .sort(),
    );
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, "allocation-plan-390.png") });
    expect(errors).toEqual([]);
    await page.close();
  });
});
