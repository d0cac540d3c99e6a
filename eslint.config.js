import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

// The layering, enforced: pure layers (domain, analysis, matching, formats) reach no framework, driver or
// adapter; schemas build on zod and the domain alone; the client takes only schemas and types from the server.
const FRAMEWORK = [
  "fastify",
  "@fastify/*",
  "fastify-*",
  "neo4j-driver",
  "react",
  "react-dom",
  "sigma",
  "@react-sigma/*",
];
const ADAPTERS = "(^|/)(store|services|routes|plugins)(/|$)|(^|/)client/|(^|/)(app|server|seed|config)$";
const pure = (extra = []) => ({
  "no-restricted-imports": [
    "error",
    {
      paths: FRAMEWORK.filter((p) => !p.includes("*")).map((name) => ({
        name,
        message: "pure modules reach no framework, driver or UI library",
      })),
      patterns: [
        { group: FRAMEWORK.filter((p) => p.includes("*")), message: "pure modules reach no framework or driver" },
        { regex: ADAPTERS, message: "pure modules import no store, service, route, plugin or client code" },
        ...extra,
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".neo4j/", "coverage/"] },
  ...tseslint.configs.recommended,
  {
    files: ["client/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { files: ["server/analysis/**", "server/matching/**", "server/formats/**"], rules: pure() },
  {
    files: ["server/domain/**"],
    rules: pure([{ regex: "^\\.\\./", message: "the domain builds on nothing else in the server" }]),
  },
  {
    files: ["server/schemas/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ regex: "^(?!zod$|\\./|\\.\\./domain/)", message: "schemas import only zod and server/domain" }],
        },
      ],
    },
  },
  {
    files: ["client/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)server/(?!schemas/)",
              message: "the client takes only schemas and types (server/schemas) from the server",
            },
          ],
        },
      ],
    },
  },
);
