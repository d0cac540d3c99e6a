// `npm run bench:ui [-- --sizes 1000,10000,50000 --per-actor 5]`: how fast the map UI draws, zooms and pans, measured
// in Debian's headless Chromium. For each size a synthetic ecosystem (server/analysis/synthetic.ts) is served as the
// `/graph` response of a stub API next to the built client, so the numbers are the browser's alone: fetch and parse,
// index, first layout, Sigma's first frame (time to first render), the first layout settled (small maps move to a
// ForceAtlas2 layout computed in a worker), then milliseconds per rendered frame while the mouse wheel zooms in and
// out, and while the mouse drags the map. The stub serves no analysis endpoints (they answer 404), so the timings
// hold no analysis work and the map sizes nodes by the degree it counts itself. Note: --disable-gpu makes WebGL run
// on SwiftShader (software), as in CI.
//
// A rendered frame is an animation frame in which the page itself asked for a callback (Sigma's render, the camera's
// animation); its time runs to the next animation frame, so it covers the JavaScript, Sigma's WebGL drawing and the
// compositor's read-back of the canvases. Idle frames between two wheel steps, 16.7 ms each, are left out: they would
// flatter the mean.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";
import { chromium } from "playwright-core";
import { generateEcosystem } from "../server/analysis/synthetic";
import client from "../server/plugins/client";
import errors from "../server/plugins/errors";
import { UNDIRECTED_TYPES, type GraphView } from "../server/schemas/domain";
import { ensureChromium } from "./ensure-chromium";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,50000" },
    "per-actor": { type: "string", default: "5" },
    "skip-build": { type: "boolean", default: false },
  },
});
const sizes = values.sizes.split(",").map(Number);
const perActor = Number(values["per-actor"]);

function graphView(actors: number): { json: string; relationships: number } {
  const bundle = generateEcosystem({ actors, seed: 1, relationshipsPerActor: perActor });
  const at = new Date("2025-01-01T00:00:00Z").toISOString();
  const view: GraphView = {
    map: {
      id: `bench-${actors}`,
      name: `Synthetic ${actors.toLocaleString("en")}`,
      description: "",
      visibility: "private",
      version: 1,
      createdAt: at,
      updatedAt: at,
      counts: {
        actors,
        needs: bundle.needs.length,
        offerings: bundle.offerings.length,
        relationships: bundle.relationships.length,
      },
    },
    categories: bundle.categories.map((c) => ({ id: c.id, name: c.name, parent: c.parent })),
    actors: bundle.actors.map((a) => ({ ...a, createdAt: at, updatedAt: at })),
    relationships: bundle.relationships.map((r, i) => ({
      ...r,
      id: r.id ?? `r${i}`,
      directed: !UNDIRECTED_TYPES.has(r.type),
      createdAt: at,
      updatedAt: at,
    })),
    // The generator gives every item its category's unit; "items" only satisfies the type.
    needs: bundle.needs.map((n) => ({ ...n, unit: n.unit ?? "items", createdAt: at, updatedAt: at })),
    offerings: bundle.offerings.map((o) => ({
      ...o,
      unit: o.unit ?? "items",
      committed: 0,
      createdAt: at,
      updatedAt: at,
    })),
    commitments: [],
  };
  return { json: JSON.stringify(view), relationships: view.relationships.length };
}

if (!values["skip-build"]) {
  execFileSync("npx", ["vite", "build", "--config", "client/vite.config.ts", "--logLevel", "warn"], {
    cwd: root,
    stdio: "inherit",
  });
}
const executablePath = ensureChromium();

const maps = new Map<string, { json: string; actors: number; relationships: number }>();
const app = Fastify({ logger: false });
await app.register(errors);
app.get("/api/maps", async () => ({
  items: [...maps.entries()].map(([id, m]) => ({
    id,
    name: id,
    description: "",
    version: 1,
    counts: { actors: m.actors, needs: 0, offerings: 0, relationships: m.relationships },
  })),
  total: maps.size,
  limit: 1000,
  offset: 0,
}));
app.get<{ Params: { mapId: string } }>("/api/maps/:mapId/graph", async (request, reply) => {
  const m = maps.get(request.params.mapId);
  if (!m)
    return reply
      .code(404)
      .send({ statusCode: 404, error: "Not Found", message: `map ${request.params.mapId} not found` });
  return reply.type("application/json").send(m.json);
});
await app.register(client);
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
if (!address || typeof address === "string") throw new Error("bench-ui: no TCP address");
const base = `http://127.0.0.1:${address.port}`;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});

interface FrameStats {
  mean: number;
  p95: number;
  frames: number;
  /** The longest interval between two animation frames, rendered or not: work outside them (a timer, an event
   *  handler) that holds the page up shows here. */
  longest: number;
}

interface Row {
  actors: number;
  relationships: number;
  mb: number;
  firstRenderMs: number;
  settledMs: number;
  zoom: FrameStats;
  pan: FrameStats;
}

// Tags every animation frame in which the page's own callbacks ran; the bench's recorder marks its callback
// `__bench` so that it does not count.
const TAG_FRAMES = `(() => {
  const raf = window.requestAnimationFrame.bind(window);
  window.__pageFrames = new Set();
  window.requestAnimationFrame = (cb) =>
    raf((t) => {
      if (!cb.__bench) window.__pageFrames.add(t);
      return cb(t);
    });
})()`;

const START_RECORDING = `
  window.__frames = [];
  window.__pageFrames.clear();
  window.__recording = true;
  const tick = (t) => {
    window.__frames.push(t);
    if (window.__recording) requestAnimationFrame(tick);
  };
  tick.__bench = true;
  requestAnimationFrame(tick);
`;

/** Milliseconds from each frame in which the page rendered to the next frame. */
function frameStats(frames: number[], pageFrames: number[]): FrameStats {
  const rendered = new Set(pageFrames);
  const all = frames.slice(1).map((t, i) => t - frames[i]!);
  const intervals = all.filter((_, i) => rendered.has(frames[i]!)).sort((a, b) => a - b);
  const mean = intervals.reduce((s, x) => s + x, 0) / Math.max(1, intervals.length);
  const p95 = intervals[Math.min(intervals.length - 1, Math.floor(intervals.length * 0.95))] ?? 0;
  return { mean, p95, frames: intervals.length, longest: Math.max(0, ...all) };
}

async function record(page: import("playwright-core").Page, act: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate(START_RECORDING);
  await act();
  await page.waitForTimeout(400); // the last animation and the frame with ties and labels back
  const [frames, pageFrames] = (await page.evaluate(
    `window.__recording = false; [window.__frames, [...window.__pageFrames]]`,
  )) as [number[], number[]];
  return frameStats(frames, pageFrames);
}
const rows: Row[] = [];

try {
  for (const n of sizes) {
    const id = `bench-${n}`;
    const started = performance.now();
    const { json, relationships } = graphView(n);
    maps.set(id, { json, actors: n, relationships });
    process.stderr.write(
      `bench-ui: ${n} actors, ${relationships} relationships generated in ${Math.round(performance.now() - started)} ms\n`,
    );

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(TAG_FRAMES);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/?map=${id}`);
    // Scripts go to the page as strings: tsx adds a naming helper to functions that the page does not have.
    const mark = async (name: string) => {
      await page.waitForFunction(`performance.getEntriesByName("${name}").length > 0`, undefined, {
        timeout: 300_000,
        polling: 100,
      });
      return (await page.evaluate(`performance.getEntriesByName("${name}")[0].startTime`)) as number;
    };
    const firstRenderMs = await mark("atlas-first-render");
    const settledMs = await mark("atlas-layout-settled");
    await page.waitForTimeout(1500); // let the zoom-to-fit animation and analysis requests settle

    // Zoom with the mouse wheel around the middle of the canvas, then drag the map around, recording every frame.
    const box = (await page.locator(".stage").boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    const zoom = await record(page, async () => {
      for (let i = 0; i < 24; i++) {
        await page.mouse.wheel(0, i < 12 ? -240 : 240);
        await page.waitForTimeout(60);
      }
    });
    await page.waitForTimeout(600);
    const pan = await record(page, async () => {
      await page.mouse.down();
      for (const [dx, dy] of [
        [240, 0],
        [240, 160],
        [0, 160],
        [0, 0],
      ] as const)
        await page.mouse.move(cx + dx, cy + dy, { steps: 15 });
      await page.mouse.up();
    });
    if (errors.length) throw new Error(`bench-ui: the page failed at ${n} actors: ${errors.join("; ")}`);
    rows.push({ actors: n, relationships, mb: json.length / 1e6, firstRenderMs, settledMs, zoom, pan });
    await context.close();
    maps.delete(id);
  }
} finally {
  await browser.close();
  await app.close();
}

const fmt = (x: number, d = 0) => x.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d });
console.log("");
console.log(
  "| actors | relationships | /graph JSON | time to first render | first layout settled | zooming: ms per rendered frame (mean) | p95 | longest | frames | panning: ms per rendered frame (mean) | p95 | longest | frames |",
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows)
  console.log(
    `| ${fmt(r.actors)} | ${fmt(r.relationships)} | ${fmt(r.mb, 1)} MB | ${fmt(r.firstRenderMs)} ms | ${fmt(r.settledMs)} ms | ${fmt(r.zoom.mean, 1)} | ${fmt(r.zoom.p95, 1)} | ${fmt(r.zoom.longest)} | ${r.zoom.frames} | ${fmt(r.pan.mean, 1)} | ${fmt(r.pan.p95, 1)} | ${fmt(r.pan.longest)} | ${r.pan.frames} |`,
  );
