// Serves the built map UI (dist/client) at /, when it has been built. Any other GET outside /api and /docs gets
// index.html so the single-page app can route; unknown /api and /docs paths and missing asset files keep their 404.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

export interface ClientOptions {
  /** The built client; else `ATLAS_CLIENT_DIR`, else `dist/client` at the repository root. */
  root?: string;
}

const DEFAULT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "client");
const RESERVED = /^\/(api|docs)(\/|$)/;

export default fp<ClientOptions>(
  async (app, opts) => {
    const root = opts.root ?? process.env.ATLAS_CLIENT_DIR ?? DEFAULT_ROOT;
    const indexFile = path.join(root, "index.html");
    if (!existsSync(indexFile)) {
      app.log.info(`client: ${root} has no index.html; the UI is not served (build it with npm run build:client)`);
      return;
    }
    await app.register(fastifyStatic, {
      root,
      prefix: "/",
      // Routes for the files present now; the SPA fallback below answers everything else.
      wildcard: false,
      index: false,
      decorateReply: false,
      setHeaders: (res, filePath) => {
        // Vite puts content hashes in asset names, so they never change under the same URL.
        if (filePath.includes(`${path.sep}assets${path.sep}`))
          res.setHeader("cache-control", "public, max-age=31536000, immutable");
      },
    });

    const spa = async (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split("?")[0] ?? "/";
      if (RESERVED.test(pathname) || path.posix.extname(pathname)) return reply.callNotFound();
      return reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-cache")
        .send(await readFile(indexFile));
    };
    app.get("/", { schema: { hide: true } }, spa);
    app.get("/*", { schema: { hide: true } }, spa);
  },
  { name: "client" },
);
