// What the server refuses before any route runs: browser security headers and a Content-Security-Policy (helmet),
// cross-origin calls unless origins are listed (cors), requests for a host it does not serve (421, which also stops
// DNS rebinding against a server on localhost), and more changes per minute than one caller should make (429).
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { FastifyReply, FastifyRequest, FastifyServerOptions, onRequestAsyncHookHandler } from "fastify";
import fp from "fastify-plugin";
import { loadSecurityConfig } from "../config";

export interface SecurityOptions {
  /** `ATLAS_PUBLIC_ORIGIN`: the origin people reach the atlas at, e.g. https://atlas.example.org. */
  publicOrigin?: string;
  /** `ATLAS_CORS_ORIGINS`: origins whose pages may call the API; none by default. */
  corsOrigins: string[];
  /** `ATLAS_WRITE_RATE_LIMIT`: changes per minute for one account, or one address when anonymous. */
  writeRateLimit: number;
  /** `ATLAS_TRUST_PROXY`, for Fastify's `trustProxy` (given to Fastify itself, not to this plugin). */
  trustProxy: FastifyServerOptions["trustProxy"];
}

/** The options from the environment (server/config.ts). */
export function securityOptions(env: NodeJS.ProcessEnv = process.env): SecurityOptions {
  const config = loadSecurityConfig(env);
  return {
    publicOrigin: config.ATLAS_PUBLIC_ORIGIN,
    corsOrigins: config.ATLAS_CORS_ORIGINS,
    writeRateLimit: config.ATLAS_WRITE_RATE_LIMIT,
    trustProxy: trustProxyOf(config.ATLAS_TRUST_PROXY),
  };
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const WINDOW_MS = 60_000;

/**
 * Where the built client may reach beyond its own origin: MapLibre fetches basemap tiles from the address given in
 * `?tiles=`, any https server (or a tile server on this machine, for development), and draws them from blob: URLs.
 */
const TILE_SOURCES = ["https:", "http://localhost:*", "http://127.0.0.1:*"];

function directives(https: boolean) {
  return {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'self'"],
    formAction: ["'self'"],
    // The bundle is files only: no inline script, no eval.
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    // Stylesheets are files; React, Sigma and Swagger UI set `style` attributes on elements.
    styleSrc: ["'self'"],
    styleSrcAttr: ["'unsafe-inline'"],
    // The favicon is a data: URL; exported images and downloads are blob: URLs.
    imgSrc: ["'self'", "data:", "blob:", ...TILE_SOURCES],
    fontSrc: ["'self'", "data:"],
    // data: and blob: URLs are the page's own bytes (image exports read back), never a request elsewhere.
    connectSrc: ["'self'", "data:", "blob:", ...TILE_SOURCES],
    // ForceAtlas2 runs in a worker built from a blob: URL (graphology-layout-forceatlas2/worker).
    workerSrc: ["'self'", "blob:"],
    // Only where the public address is https: on plain http it would send the browser to a port nobody serves.
    upgradeInsecureRequests: https ? [] : null,
  };
}

/** A hop count trusts that many proxies in front of the server (Fastify's types leave the number form out). */
function trustProxyOf(setting: boolean | number | string): FastifyServerOptions["trustProxy"] {
  if (typeof setting !== "number") return setting;
  return (_address: string, hop: number) => hop < setting;
}

/** `hostname[:port]` of a Host header, lower-cased; null when it is not one. */
function parseHost(host: string | undefined): { hostname: string; port?: string } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(host ?? "");
  return m ? { hostname: m[1]!.toLowerCase(), port: m[2] } : null;
}

export default fp<SecurityOptions>(
  async (app, opts) => {
    const publicUrl = opts.publicOrigin ? new URL(opts.publicOrigin) : undefined;
    const https = publicUrl?.protocol === "https:";
    const publicPort = publicUrl ? publicUrl.port || (https ? "443" : "80") : undefined;

    // Swagger UI adds <style> elements of its own: its pages, and only they, allow inline styles. (Added before helmet
    // registers, whose own onRoute hook reads `route.helmet`.)
    const docsPolicy = {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { ...directives(https), styleSrc: ["'self'", "'unsafe-inline'"] },
      },
    };
    app.addHook("onRoute", (route) => {
      if (route.url === "/docs" || route.url.startsWith("/docs/")) route.helmet = docsPolicy;
    });
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: directives(https) },
      // Browsers ignore the header over http; sent only where the public address is https.
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    });

    // `request.host` follows X-Forwarded-Host only when the proxy is trusted (ATLAS_TRUST_PROXY).
    let warned = false;
    app.addHook("onRequest", async (request, reply) => {
      const host = parseHost(request.host);
      if (host && LOOPBACK.has(host.hostname)) return;
      if (host && publicUrl && host.hostname === publicUrl.hostname && (host.port ?? publicPort) === publicPort) return;
      if (!warned) {
        warned = true;
        request.log.warn(
          { host: request.host },
          "refused a request for a host this server does not serve: set ATLAS_PUBLIC_ORIGIN to the address people use",
        );
      }
      return reply.code(421).send({
        statusCode: 421,
        error: "Misdirected Request",
        message: `this server does not answer for host '${String(request.host).slice(0, 100)}'`,
      });
    });

    await app.register(cors, {
      // `false` answers no cross-origin request: no Access-Control-* header, and preflights get 404.
      origin: opts.corsOrigins.length ? opts.corsOrigins : false,
      methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
      allowedHeaders: ["content-type", "authorization", "x-csrf-token", "x-atlas-share"],
      // Other sites call with API tokens; the session cookie stays with the atlas's own pages.
      credentials: false,
      maxAge: 600,
    });

    // Routes opt in with `config.rateLimit` (sign-in does); writes get the shared budget below.
    await app.register(rateLimit, { global: false });
    const writes = app.createRateLimit({
      max: opts.writeRateLimit,
      timeWindow: WINDOW_MS,
      keyGenerator: (request: FastifyRequest) =>
        // Before the auth plugin has run (or without it) there is no principal: count by address.
        request.principal?.userId ? `user:${request.principal.userId}` : `ip:${request.ip}`,
    });
    const limitWrites: onRequestAsyncHookHandler = async (request: FastifyRequest, reply: FastifyReply) => {
      const limit = await writes(request);
      if (limit.isAllowed || !limit.isExceeded) return;
      return reply
        .code(429)
        .header("retry-after", String(limit.ttlInSeconds))
        .send({
          statusCode: 429,
          error: "Too Many Requests",
          message: `more than ${limit.max} changes in a minute; retry in ${limit.ttlInSeconds} s`,
        });
    };
    app.addHook("onRoute", (route) => {
      const methods = [route.method].flat();
      if (!methods.some((m) => WRITE_METHODS.has(m)) || route.config?.rateLimit !== undefined) return;
      route.onRequest = [...[route.onRequest ?? []].flat(), limitWrites];
    });
  },
  { name: "security", dependencies: ["errors"] },
);
