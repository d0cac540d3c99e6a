// Vite builds the client into dist/client, which the Fastify server serves at /; in development
// (`npm run dev:client`) Vite serves it and proxies /api to the server on port 3000.
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: path.resolve(here, "../dist/client"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: "es" },
  server: {
    port: 5173,
    proxy: { "/api": "http://localhost:3000" },
  },
});
