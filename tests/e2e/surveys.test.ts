// End-to-end: a survey in headless Chromium against the real app and Neo4j. An editor builds a survey for five actors
// in the Surveys tab; two of them answer on a phone through their own links (one saves, leaves and comes back to
// finish); the editor accepts one submission in part and the other whole. The accepted tie and need reach the map with
// their provenance, the rejected offering does not, and the tie both schools named is confirmed. Screenshots of the
// phone form at 360x740 and of the review at 1400x900 (the README shows them).
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { seedSample } from "../../server/seed";
import { buildTestApp, call, testAdmin, uniqueId } from "../helpers/app";
import { SHOTS, launchChromium, listen, requireBuiltClientAndChromium, signIn, watchErrors } from "../helpers/browser";

const PHONE = { width: 360, height: 740 };
const WIDE = { width: 1400, height: 900 };
/** The roster: two schools that answer, and three actors that do not. */
const WASHINGTON = { id: "washington-elementary", name: "Washington Elementary School" };
const MONTESSORI = { id: "riverbend-montessori", name: "Riverbend Public Montessori" };
const ROSTER = [
  WASHINGTON,
  MONTESSORI,
  { id: "riverbend-science-center", name: "Riverbend Science Center" },
  { id: "riverbend-reads", name: "Riverbend Reads" },
  { id: "valley-mentoring-partnership", name: "Valley Mentoring Partnership" },
];
const NEW_NEED = "Microscopes for the science club";
const NEW_OFFERING = "Gym for weekend clubs";

let app: App;
let browser: Browser;
let editor: BrowserContext;
let editorPage: Page;
let base: string;
let mapId: string;
let surveyId: string;
/** Each respondent's own link, as the survey's page shows it to the editor. */
const links = new Map<string, string>();

beforeAll(async () => {
  requireBuiltClientAndChromium();
  app = await buildTestApp();
  mapId = uniqueId("e2e-survey");
  await seedSample(app.store, mapId);
  base = await listen(app);
  browser = await launchChromium();
  editor = await browser.newContext({ viewport: WIDE });
  await signIn(editor, base, testAdmin(app));
});

afterAll(async () => {
  await browser?.close();
  if (app) {
    await call(app, "DELETE", `/api/maps/${mapId}`).catch(() => undefined);
    await app.close();
  }
});

/** A respondent's phone: a fresh browser, signed in to nothing. */
async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

async function openForm(page: Page, link: string) {
  await page.goto(link);
  await page.locator("#sv-partners-heading").waitFor({ timeout: 20_000 });
}

/** Adds a partner from the roster by typing part of its name, and says how the two work together. */
async function addPartner(page: Page, name: string, frequency: string, strength: string) {
  const box = page.getByRole("combobox", { name: "Add a partner" });
  await box.fill(name.slice(0, 12));
  await page.getByRole("option", { name }).click();
  const card = page.getByRole("group", { name, exact: true });
  await card.getByLabel("How you work with them").selectOption("partners_with");
  await card.getByLabel("How often you work together").selectOption(frequency);
  await card.getByRole("radio", { name: strength, exact: true }).check();
  return card;
}

async function untilSaved(page: Page) {
  await expect.poll(() => page.getByTestId("survey-save-status").textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
}

/** The page has no horizontal scroll at its width. */
const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe("a survey in the browser", () => {
  it("an editor builds a survey for five actors in the Surveys tab", async () => {
    editorPage = await editor.newPage();
    const errors = watchErrors(editorPage);
    await editorPage.goto(`${base}/?map=${mapId}&tab=surveys`);
    await editorPage.getByTestId("new-survey").click();
    const dialog = editorPage.getByTestId("new-survey-dialog");
    await dialog.getByLabel("Title").fill("Partners and needs 2026");
    await dialog.getByLabel("Introduction").fill("Tell us who you work with and what you need.");
    for (const actor of ROSTER) {
      const box = dialog.getByTestId("roster-actor");
      await box.fill(actor.name);
      await dialog
        .getByRole("option", { name: new RegExp(actor.name) })
        .first()
        .click();
    }
    await expect.poll(() => dialog.getByTestId("roster-count").textContent()).toContain("5 actors");
    await dialog.getByTestId("create-survey").click();

    const page = editorPage.getByTestId("survey-page");
    await page.waitFor({ timeout: 10_000 });
    surveyId = (await page.getAttribute("data-survey-id"))!;
    const rows = editorPage.getByTestId("respondent-row");
    await expect.poll(() => rows.count()).toBe(5);
    for (const actor of ROSTER) {
      const link = await editorPage.getByTestId(`link-${actor.id}`).inputValue();
      expect(link.startsWith(base)).toBe(true);
      links.set(actor.id, link);
    }
    const survey = (await call(app, "GET", `/api/maps/${mapId}/surveys/${surveyId}`)).body;
    expect(survey.roster.map((r: { actorId: string }) => r.actorId).sort()).toEqual(ROSTER.map((a) => a.id).sort());
    expect(survey.rates).toMatchObject({ roster: 5, submitted: 0 });
    expect(errors).toEqual([]);
  });

  it("a school answers on its phone, saves, leaves, comes back to finish and sends", async () => {
    const { context, page, errors } = await phone();
    await openForm(page, links.get(WASHINGTON.id)!);
    expect(await fitsWidth(page)).toBe(true);
    await addPartner(page, MONTESSORI.name, "monthly", "Strong");
    await untilSaved(page);
    await page.close();

    // Back later: the partner is still there, as it was left.
    const again = await context.newPage();
    await openForm(again, links.get(WASHINGTON.id)!);
    const card = again.getByRole("group", { name: MONTESSORI.name, exact: true });
    await expect.poll(() => card.getByLabel("How often you work together").inputValue()).toBe("monthly");
    expect(await card.getByRole("radio", { name: "Strong", exact: true }).isChecked()).toBe(true);
    await again.screenshot({ path: path.join(SHOTS, "survey-phone-360.png") });

    // A new need and a new offering, below what the map already holds about the school.
    const needs = again.getByRole("group", { name: /^Need \d+/ });
    const held = await needs.count();
    expect(held).toBeGreaterThan(0); // the school's needs on the map, to correct rather than retype
    await again.getByRole("button", { name: "Add a need" }).click();
    const need = needs.nth(held);
    await need.getByLabel("Kind").selectOption("supplies");
    await need.getByLabel("In a few words").fill(NEW_NEED);
    await need.getByLabel("How many").fill("6");
    const offerings = again.getByRole("group", { name: /^Offering \d+/ });
    const offered = await offerings.count();
    await again.getByRole("button", { name: "Add an offering" }).click();
    const offering = offerings.nth(offered);
    await offering.getByLabel("Kind").selectOption("facilities/space");
    await offering.getByLabel("In a few words").fill(NEW_OFFERING);
    await offering.getByLabel("How many you can offer").fill("4");
    await untilSaved(again);
    expect(await fitsWidth(again)).toBe(true);

    await again.getByRole("button", { name: "Send my answers" }).click();
    await again.getByRole("heading", { name: /thank/i }).waitFor({ timeout: 10_000 });
    expect([...errors]).toEqual([]);
    await context.close();
  });

  it("a second school answers, naming the first as its partner", async () => {
    const { context, page, errors } = await phone();
    await openForm(page, links.get(MONTESSORI.id)!);
    // Its tie to the science center is on the map already: the form starts with it, and the school leaves it out.
    const prefilled = page.getByRole("group", { name: "Riverbend Science Center", exact: true });
    await prefilled.waitFor();
    await page.getByRole("button", { name: "Remove Riverbend Science Center" }).click();
    await addPartner(page, WASHINGTON.name, "weekly", "Very strong");
    await untilSaved(page);
    await page.getByRole("button", { name: "Send my answers" }).click();
    await page.getByRole("heading", { name: /thank/i }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the editor accepts the first school's tie and need, rejects its offering, and takes the second whole", async () => {
    await editorPage.reload();
    await editorPage.getByTestId("survey-list").getByText("Partners and needs 2026").click();
    await editorPage.getByTestId("survey-page").waitFor({ timeout: 10_000 });
    const row = (id: string) => editorPage.locator(`[data-testid="respondent-row"][data-actor-id="${id}"]`);
    await expect.poll(() => row(WASHINGTON.id).getAttribute("data-status"), { timeout: 10_000 }).toBe("submitted");
    expect(await row(MONTESSORI.id).getAttribute("data-status")).toBe("submitted");
    expect(await row("riverbend-reads").getAttribute("data-status")).toBe("not_opened");

    await row(WASHINGTON.id).getByTestId("review-respondent").click();
    const review = row(WASHINGTON.id).getByTestId("submission-review");
    const changes = review.getByTestId("change-row");
    await expect.poll(() => changes.count()).toBe(3);
    const offeringRow = changes.filter({ hasText: NEW_OFFERING });
    await offeringRow.getByRole("checkbox").uncheck();
    await editorPage.screenshot({ path: path.join(SHOTS, "survey-review-1400.png") });
    await review.getByTestId("reject-rest").click();
    await expect.poll(() => review.locator('[data-decision="accepted"]').count(), { timeout: 10_000 }).toBe(2);
    expect(await review.locator('[data-decision="rejected"]').count()).toBe(1);
    expect(await offeringRow.getAttribute("data-decision")).toBe("rejected");

    await row(MONTESSORI.id).getByTestId("review-respondent").click();
    const second = row(MONTESSORI.id).getByTestId("submission-review");
    await second.getByTestId("accept-selected").click();
    await expect.poll(() => second.locator('[data-decision="accepted"]').count(), { timeout: 10_000 }).toBe(1);
  });

  it("puts the accepted tie and need on the map with their provenance, confirms the tie, and leaves the offering out", async () => {
    const graph = (await call(app, "GET", `/api/maps/${mapId}/graph`)).body;
    const ties = graph.relationships.filter(
      (r: { from: string; to: string; type: string }) =>
        r.type === "partners_with" && [r.from, r.to].sort().join() === [WASHINGTON.id, MONTESSORI.id].sort().join(),
    );
    expect(ties).toHaveLength(1);
    expect([...ties[0].reportedBy].sort()).toEqual([MONTESSORI.id, WASHINGTON.id].sort());
    const need = graph.needs.find((n: { title: string }) => n.title === NEW_NEED);
    expect(need).toMatchObject({ actorId: WASHINGTON.id, quantity: 6 });
    expect(need.provenance).toMatchObject({ surveyId, round: 1, respondentId: WASHINGTON.id });
    expect(graph.offerings.some((o: { title: string }) => o.title === NEW_OFFERING)).toBe(false);

    // In the school's details, as the editor sees them.
    const page = await editor.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/?map=${mapId}&actor=${WASHINGTON.id}`);
    const details = page.locator(".tab-body");
    await details.getByText(NEW_NEED).first().waitFor({ timeout: 20_000 });
    await expect.poll(() => details.textContent(), { timeout: 10_000 }).toMatch(/From survey/);
    expect(await details.textContent()).toMatch(/confirmed by both/i);
    expect(await details.textContent()).not.toContain(NEW_OFFERING);
    await page.screenshot({ path: path.join(SHOTS, "survey-provenance-1400.png") });
    expect(errors).toEqual([]);
  });
});
