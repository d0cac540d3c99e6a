// What every browser test sets up the same way: Debian's headless Chromium, the app on a free port, the page's console
// errors and the screenshots folder. Each test file keeps its own seeding, viewports and helpers.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { App } from "../../server/app";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SHOTS = path.join(root, "tests", "e2e", "screenshots");
const CHROMIUM = "/usr/bin/chromium";

/**
 * Fails the suite up front, with the command that fixes it, when the built client or Chromium is missing (scripts/test.ts
 * provides both), and makes the screenshots folder.
 */
export function requireBuiltClientAndChromium(): void {
  const client = process.env.ATLAS_CLIENT_DIR ?? path.join(root, "dist", "client");
  if (!existsSync(path.join(client, "index.html")))
    throw new Error(`the built client is missing from ${client}: npm run build:client (npm test does it)`);
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run npx tsx scripts/ensure-chromium.ts (npm test does it)`);
  mkdirSync(SHOTS, { recursive: true });
}

/** Serves the app on a free port of the loopback interface and returns its base URL. */
export async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("no TCP address");
  return `http://127.0.0.1:${address.port}`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No sandbox (containers lack the namespaces) and no GPU; nothing fetched in the background to slow or flake a run.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

/** Messages the page logged as errors, and uncaught exceptions. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/**
 * Signs a browser context in, as the sign-in page would (POST /api/auth/login), through the context's own request
 * client: the session cookie it gets is the context's, so every page the context opens is signed in.
 */
export async function signIn(
  context: BrowserContext,
  base: string,
  account: { username: string; password: string },
): Promise<void> {
  const r = await context.request.post(`${base}/api/auth/login`, {
    data: { username: account.username, password: account.password },
  });
  if (!r.ok()) throw new Error(`signing in as ${account.username} failed: ${r.status()} ${await r.text()}`);
}
