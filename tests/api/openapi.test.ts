import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../server/app";
import { buildTestApp, call } from "../helpers/app";

let app: App;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe("OpenAPI document", () => {
  it("is valid OpenAPI 3 and describes every route with its schemas", async () => {
    const r = await call(app, "GET", "/api/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(r.body));

    const documented = Object.keys(r.body.paths);
    for (const path of [
      "/api/health",
      "/api/maps",
      "/api/maps/{mapId}",
      "/api/maps/{mapId}/graph",
      "/api/maps/{mapId}/import",
      "/api/maps/{mapId}/export",
      "/api/maps/{mapId}/categories",
      "/api/maps/{mapId}/categories/{categoryId}",
      "/api/maps/{mapId}/actors",
      "/api/maps/{mapId}/actors/{id}",
      "/api/maps/{mapId}/needs",
      "/api/maps/{mapId}/needs/{id}",
      "/api/maps/{mapId}/offerings",
      "/api/maps/{mapId}/offerings/{id}",
      "/api/maps/{mapId}/relationships",
      "/api/maps/{mapId}/relationships/{id}",
      "/api/maps/{mapId}/commitments",
      "/api/maps/{mapId}/commitments/{id}",
      "/api/maps/{mapId}/analysis/centrality",
      "/api/maps/{mapId}/analysis/communities",
    ]) {
      expect(documented, path).toContain(path);
    }
    const createActor = r.body.paths["/api/maps/{mapId}/actors"].post;
    expect(createActor.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/ActorCreateInput",
    );
    expect(Object.keys(createActor.responses).sort()).toEqual(["201", "400", "401", "403", "404", "409", "503"]);
    const actor = r.body.components.schemas.Actor;
    expect(actor.properties.type.enum).toContain("health_provider");
    expect(actor.required).toEqual(expect.arrayContaining(["id", "name", "type"]));
  });

  it("matches the committed document, so a change to the API shows in review", async () => {
    const r = await call(app, "GET", "/api/openapi.json");
    // After an intended change: `npx vitest run tests/api/openapi.test.ts -u` rewrites the snapshot.
    await expect(`${JSON.stringify(r.body, null, 2)}\n`).toMatchFileSnapshot("./__snapshots__/openapi.json");
  });

  it("serves Swagger UI at /docs", async () => {
    const r = await app.inject({ method: "GET", url: "/docs/" });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain("swagger");
  });
});
