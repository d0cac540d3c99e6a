// The OpenAPI 3 document, generated from the zod schemas of every route, at /api/openapi.json; Swagger UI at /docs.
import fp from "fastify-plugin";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: "3.0.3",
        info: {
          title: "Ecosystem Atlas API",
          description: "Actors of a learning ecosystem, what each needs and offers, how they are connected.",
          version: "0.1.0",
        },
        tags: [
          { name: "maps" },
          { name: "actors" },
          { name: "needs" },
          { name: "offerings" },
          { name: "relationships" },
          { name: "commitments" },
          { name: "categories" },
          { name: "analysis" },
          { name: "matching" },
          { name: "system" },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: "/docs" });
    app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  },
  { name: "openapi" },
);
