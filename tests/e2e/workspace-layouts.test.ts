// End-to-end: layouts in Debian's headless Chromium against the real app. A new actor lands on screen, zoom to fit
// frames a two-actor map, the community layout groups communities, and the geographic layout draws region outlines,
// lists unlocated actors in a tray and, with `?tiles=`, a MapLibre basemap served by a tile server this test runs.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { deflateSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call, testAdmin, uniqueId } from "../helpers/app";
import { SHOTS, launchChromium, listen, requireBuiltClientAndChromium, signIn, watchErrors } from "../helpers/browser";

/** The basemap's one colour: no actor, tie or region is drawn in it. */
const TILE_RGB = [200, 40, 160] as const;

let app: App;
let browser: Browser;
let base: string;
let tiles: Server;
let tileBase: string;
const tileRequests: string[] = [];
const maps: string[] = [];

// ---- a solid-colour PNG, encoded here (signature, IHDR, one IDAT, IEND) --------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function solidPng(size: number, [r, g, b]: readonly number[]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.alloc(1 + size * 3);
  for (let i = 0; i < size; i++) row.set([r!, g!, b!], 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

interface Probe {
  kind: string;
  width: number;
  height: number;
  animating: boolean;
  nodes: Record<string, { x: number; y: number; vx: number; vy: number; hidden: boolean }>;
}
const probe = (page: Page) => page.evaluate(() => (window as unknown as { atlasLayout: () => Probe }).atlasLayout());

/** Waits until the camera has stopped and no actor moves between two probes (animations over). */
async function settled(page: Page): Promise<Probe> {
  let last = "";
  for (let i = 0; i < 200; i++) {
    const p = await probe(page);
    const key = JSON.stringify(p.nodes);
    if (!p.animating && key === last) return p;
    last = key;
    // Two animation frames, so a camera move or node animation in progress shows between probes.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  throw new Error("the actors never came to rest");
}

/** Clicks a camera button and waits until the camera has moved and come to rest again. */
async function moveCamera(page: Page, button: string): Promise<Probe> {
  const before = JSON.stringify((await probe(page)).nodes);
  await page.getByRole("button", { name: button }).click();
  // The request reaches the camera after React renders and Sigma draws a frame: until then nothing has moved.
  await expect.poll(async () => JSON.stringify((await probe(page)).nodes), { timeout: 20_000 }).not.toBe(before);
  return settled(page);
}

const onScreen = (p: Probe, id: string, margin: number) => {
  const n = p.nodes[id]!;
  return n.vx >= margin && n.vx <= p.width - margin && n.vy >= margin && n.vy <= p.height - margin;
};

async function newMap(): Promise<string> {
  const id = uniqueId("layouts");
  const r = await call(app, "POST", "/api/maps", { id, name: `Layouts ${id}` });
  expect(r.status).toBe(201);
  maps.push(id);
  return id;
}

/**
 * Two communities of four, each a clique in a region of its own, tied by one bridge (a1-b1), and two actors with no
 * location tied to each other. Louvain splits the cliques apart: modularity favours {a*}, {b*}, {u*}.
 */
async function twoTownsMap(): Promise<string> {
  const mapId = await newMap();
  const actors = [
    ...[0, 1, 2, 3].map((i) => ({
      id: `a${i + 1}`,
      name: `North ${i + 1}`,
      type: "school",
      location: { lat: 45.0 + 0.02 * i, lon: -93.0 + 0.03 * (i % 2), region: "Northfield" },
    })),
    ...[0, 1, 2, 3].map((i) => ({
      id: `b${i + 1}`,
      name: `South ${i + 1}`,
      type: "nonprofit",
      location: { lat: 44.8 + 0.02 * i, lon: -93.3 + 0.03 * (i % 2), region: "Southdale" },
    })),
    { id: "u1", name: "Roaming Tutors", type: "community_group" },
    { id: "u2", name: "Online Mentors", type: "individual" },
  ];
  for (const a of actors) expect((await call(app, "POST", `/api/maps/${mapId}/actors`, a)).status).toBe(201);
  const ties: [string, string][] = [
    ["a1", "b1"],
    ["u1", "u2"],
  ];
  for (const g of ["a", "b"])
    for (let i = 1; i <= 4; i++) for (let j = i + 1; j <= 4; j++) ties.push([`${g}${i}`, `${g}${j}`]);
  for (const [from, to] of ties)
    expect(
      (await call(app, "POST", `/api/maps/${mapId}/relationships`, { from, to, type: "partners_with" })).status,
    ).toBe(201);
  return mapId;
}

async function open(page: Page, mapId: string, order: number, query = ""): Promise<void> {
  await page.goto(`${base}/?map=${mapId}${query}`);
  await page.waitForSelector(`body[data-graph-order="${order}"]`, { timeout: 20_000 });
}

beforeAll(async () => {
  requireBuiltClientAndChromium();
  const png = solidPng(256, TILE_RGB);
  tiles = createServer((req, res) => {
    tileRequests.push(req.url ?? "");
    if (!/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url ?? "")) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "image/png", "access-control-allow-origin": "*" }).end(png);
  });
  await new Promise<void>((resolve) => tiles.listen(0, "127.0.0.1", resolve));
  tileBase = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}`;
  app = await buildTestApp();
  base = await listen(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => tiles?.close(resolve));
  if (app) {
    for (const id of maps) await call(app, "DELETE", `/api/maps/${id}`).catch(() => undefined);
    await app.close();
  }
});

describe("layouts in a browser", () => {
  it("puts an actor added to an empty map on screen, and zoom to fit frames a two-actor map", async () => {
    const mapId = await newMap();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page.context(), base, testAdmin(app));
    const errors = watchErrors(page);
    await open(page, mapId, 0);
    const addActor = async (name: string, order: number) => {
      await page.getByTestId("new-actor").click();
      const editor = page.getByTestId("editor");
      await editor.locator('[name="name"]').fill(name);
      await editor.getByRole("button", { name: "Create actor" }).click();
      await page.waitForSelector(`body[data-graph-order="${order}"]`, { timeout: 20_000 });
    };
    await addActor("Harbour School", 1);
    let p = await settled(page);
    const [first] = Object.keys(p.nodes);
    expect(onScreen(p, first!, 30)).toBe(true);
    // Pixels: the actor's disc differs from the empty stage around where Sigma says it is.
    const canvas = page.locator(".atlas-canvas");
    const box = (await canvas.boundingBox())!;
    const n = p.nodes[first!]!;
    const dot = await page.screenshot({ clip: { x: box.x + n.vx - 6, y: box.y + n.vy - 6, width: 12, height: 12 } });
    const far = await page.screenshot({ clip: { x: box.x + 20, y: box.y + box.height / 2, width: 12, height: 12 } });
    expect(await colouredPixels(page, dot)).toBeGreaterThan(20);
    expect(await colouredPixels(page, far)).toBe(0);

    await addActor("Lighthouse Library", 2);
    p = await settled(page);
    const ids = Object.keys(p.nodes);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(onScreen(p, id, 30)).toBe(true);

    // Zoomed far in, the two actors leave the screen; zoom to fit brings both back, clear of the edges.
    for (let i = 0; i < 4; i++) p = await moveCamera(page, "Zoom in");
    expect(ids.filter((id) => onScreen(p, id, 0)).length).toBeLessThan(2);
    p = await moveCamera(page, "Zoom to fit");
    // Clear of the overlays too: the layout chips along the bottom (14 + 30 px tall) and the map controls at the
    // right (12 + about 48 px wide), wherever the two actors' random ids put the second one.
    for (const id of ids) expect(onScreen(p, id, 60)).toBe(true);
    for (const id of ids) expect(p.height - p.nodes[id]!.vy).toBeGreaterThan(14 + 30 + 20);
    for (const id of ids) expect(p.width - p.nodes[id]!.vx).toBeGreaterThan(12 + 48 + 60);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("groups actors by community", async () => {
    const mapId = await twoTownsMap();
    const communities = await call(app, "GET", `/api/maps/${mapId}/analysis/communities`);
    const membership = communities.body.membership as Record<string, number>;
    // The cliques are the communities: a* together, b* together, apart from each other.
    expect(new Set(["a1", "a2", "a3", "a4"].map((id) => membership[id])).size).toBe(1);
    expect(new Set(["b1", "b2", "b3", "b4"].map((id) => membership[id])).size).toBe(1);
    expect(membership.a1).not.toBe(membership.b1);

    for (const [width, height] of [
      [1400, 900],
      [390, 844],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height } });
      await signIn(page.context(), base, testAdmin(app));
      const errors = watchErrors(page);
      await open(page, mapId, 10);
      const button = page.getByTestId("layout-community");
      await expect.poll(() => button.isEnabled(), { timeout: 20_000 }).toBe(true);
      await button.click();
      expect(await button.getAttribute("aria-pressed")).toBe("true");
      await expect.poll(async () => (await probe(page)).kind).toBe("community");
      const p = await settled(page);
      const A = ["a1", "a2", "a3", "a4"];
      const B = ["b1", "b2", "b3", "b4"];
      const pos = (id: string) => p.nodes[id]!;
      const centroid = (g: string[]) => ({
        x: g.reduce((s, id) => s + pos(id).x, 0) / g.length,
        y: g.reduce((s, id) => s + pos(id).y, 0) / g.length,
      });
      const [cA, cB] = [centroid(A), centroid(B)];
      const d = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);
      // Every actor is nearer the centre of its own community than the centre of the other one.
      for (const id of A) expect(d(pos(id), cA)).toBeLessThan(d(pos(id), cB));
      for (const id of B) expect(d(pos(id), cB)).toBeLessThan(d(pos(id), cA));
      // And on average an actor is nearer the rest of its community than the other community's actors.
      const meanOver = (pairs: [string, string][]) =>
        pairs.reduce((s, [x, y]) => s + d(pos(x), pos(y)), 0) / pairs.length;
      const within = meanOver(
        [A, B].flatMap((g) => g.flatMap((x) => g.filter((y) => y !== x).map((y) => [x, y] as [string, string]))),
      );
      const across = meanOver(A.flatMap((x) => B.map((y) => [x, y] as [string, string])));
      expect(within).toBeLessThan(across * 0.75);
      for (const id of [...A, ...B]) expect(onScreen(p, id, 0)).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `community-layout-${width}.png`) });
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("draws the geographic layout over a basemap from the tile server, with region outlines and the unlocated tray", async () => {
    const mapId = await twoTownsMap();
    const template = `${tileBase}/tiles/{z}/{x}/{y}.png`;
    for (const [width, height] of [
      [1400, 900],
      [390, 844],
    ] as const) {
      tileRequests.length = 0;
      const page = await browser.newPage({ viewport: { width, height } });
      await signIn(page.context(), base, testAdmin(app));
      const errors = watchErrors(page);
      await open(page, mapId, 10, `&tiles=${encodeURIComponent(template)}`);
      await page.getByTestId("layout-geo").click();
      await page.waitForSelector(".atlas-basemap canvas", { timeout: 20_000 });
      await page.waitForSelector('.atlas-regions[data-regions="2"]');
      const p = await settled(page);
      expect(p.kind).toBe("geo");
      await expect
        .poll(() =>
          page.evaluate(() =>
            (window as unknown as { atlasBasemap: { areTilesLoaded(): boolean } }).atlasBasemap.areTilesLoaded(),
          ),
        )
        .toBe(true);
      expect(tileRequests.filter((u) => u.startsWith("/tiles/")).length).toBeGreaterThan(0);

      // North is up: a4 (45.06°N) above a1 (45.00°N), and Northfield above Southdale.
      expect(p.nodes.a4!.vy).toBeLessThan(p.nodes.a1!.vy);
      expect(p.nodes.a1!.vy).toBeLessThan(p.nodes.b1!.vy);
      // One camera: MapLibre projects each actor's longitude and latitude within a pixel of where Sigma draws it.
      const projected = await page.evaluate(
        (pts) => {
          const map = (
            window as unknown as { atlasBasemap: { project(l: [number, number]): { x: number; y: number } } }
          ).atlasBasemap;
          return pts.map(([lon, lat]) => map.project([lon, lat]));
        },
        [
          [-93.0, 45.0],
          [-93.27, 44.86],
        ] as [number, number][],
      );
      expect(Math.abs(projected[0]!.x - p.nodes.a1!.vx)).toBeLessThan(1.5);
      expect(Math.abs(projected[0]!.y - p.nodes.a1!.vy)).toBeLessThan(1.5);
      expect(Math.abs(projected[1]!.x - p.nodes.b4!.vx)).toBeLessThan(1.5);
      expect(Math.abs(projected[1]!.y - p.nodes.b4!.vy)).toBeLessThan(1.5);

      // The basemap's colour fills the canvas wherever no outline, actor or control covers it.
      const shot = await page.locator(".atlas-canvas").screenshot();
      const share = await colourShare(page, shot, TILE_RGB);
      expect(share).toBeGreaterThan(0.3);

      // Each region's outline is filled around its actors (the mean of Northfield's actors is inside its hull) and
      // not far from them.
      const alpha = (x: number, y: number) =>
        page.evaluate(
          ([x, y]) => {
            const c = document.querySelector<HTMLCanvasElement>(".atlas-regions")!;
            const k = c.width / c.clientWidth;
            return c.getContext("2d")!.getImageData(Math.round(x! * k), Math.round(y! * k), 1, 1).data[3];
          },
          [x, y],
        );
      const mean = (ids: string[], key: "vx" | "vy") => ids.reduce((s, id) => s + p.nodes[id]![key], 0) / ids.length;
      expect(await alpha(mean(["a1", "a2", "a3", "a4"], "vx"), mean(["a1", "a2", "a3", "a4"], "vy"))).toBeGreaterThan(
        0,
      );
      expect(await alpha(mean(["b1", "b2", "b3", "b4"], "vx"), mean(["b1", "b2", "b3", "b4"], "vy"))).toBeGreaterThan(
        0,
      );
      expect(await alpha(3, 3)).toBe(0);

      // Unlocated actors: hidden on the map, listed in the tray.
      expect(p.nodes.u1!.hidden && p.nodes.u2!.hidden).toBe(true);
      expect(p.nodes.a1!.hidden).toBe(false);
      const tray = page.getByTestId("unlocated-tray");
      expect(await tray.locator("summary").textContent()).toBe("No location: 2 actors");
      expect(await tray.locator("li button").allTextContents()).toEqual(["Online Mentors", "Roaming Tutors"]);
      await page.screenshot({ path: path.join(SHOTS, `geo-layout-${width}.png`) });

      // Back to the network: the unlocated actors are drawn again.
      await page.getByTestId("layout-force").click();
      await expect.poll(async () => (await probe(page)).nodes.u1!.hidden).toBe(false);
      await expect.poll(() => page.locator(".atlas-basemap").count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});

/** Pixels of a PNG whose colour is far from the stage's near-white background. */
async function colouredPixels(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d")!;
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.min(d[i]!, d[i + 1]!, d[i + 2]!) < 200) n++;
    return n;
  }, png.toString("base64"));
}

/** Share of a PNG's pixels within 6 of the given colour on each channel. */
async function colourShare(page: Page, png: Buffer, rgb: readonly number[]): Promise<number> {
  return page.evaluate(
    async ([b64, rgb]) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d")!;
      ctx.drawImage(bitmap, 0, 0);
      const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const [r, g, b] = rgb as number[];
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (Math.abs(d[i]! - r!) <= 6 && Math.abs(d[i + 1]! - g!) <= 6 && Math.abs(d[i + 2]! - b!) <= 6) n++;
      return n / (d.length / 4);
    },
    [png.toString("base64"), rgb] as const,
  );
}
