/**
 * The layering of docs/ARCHITECTURE (imports point down only), checked by `npm test` (`npm run depcheck`):
 * app/ → components/ → lib/; inside lib/ the SMPP protocol layer (lib/smpp) stands alone, and its codec
 * (lib/smpp/codec) is client-safe so that the browser, the simulator and the server run the same code.
 * A rule here is a fact about the design: change the design (and the rule) on purpose, never to pass.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "A cycle means two modules are one idea or one of them reaches up a layer: split or invert it.",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-never-imports-app-or-components",
      severity: "error",
      comment: "lib/ is below app/ and components/: it takes plain values and returns plain results.",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "components-never-import-app-pages",
      severity: "error",
      comment: "Components may call server actions (actions.ts), not pages, layouts or route handlers.",
      from: { path: "^components/" },
      to: { path: "^app/", pathNot: "/actions\\.ts$" },
    },
    {
      name: "smpp-stands-alone",
      severity: "error",
      comment:
        "The protocol layer knows nothing of the app: no accounts, database, connector or Next. It gets its own " +
        "small types and plain settings; the account → session mapping lives in lib/accounts.",
      from: { path: "^lib/smpp/" },
      to: { path: "^(?!lib/smpp/)", dependencyTypes: ["local", "aliased-tsconfig", "aliased", "unknown", "undetermined"] },
    },
    {
      name: "smpp-uses-no-framework",
      severity: "error",
      comment: "The protocol layer uses Node and the smpp package, not Next, React or Prisma.",
      from: { path: "^lib/smpp/" },
      to: { path: "^node_modules/(next|react|react-dom|@prisma|prisma|server-only)/" },
    },
    {
      name: "codec-is-client-safe",
      severity: "error",
      comment:
        "lib/smpp/codec runs in the browser (counter, SR tester), the simulator and the server: it imports only " +
        "itself and browser-safe packages; no Node built-in, no smpp package (Buffer), nothing server-only.",
      from: { path: "^lib/smpp/codec/" },
      to: {
        pathNot: ["^lib/smpp/codec/", "^node_modules/libphonenumber-js/", "^node_modules/re2js/"],
      },
    },
    {
      name: "simulator-uses-only-the-codec",
      severity: "error",
      comment:
        "The simulator is an SMSC of its own, built on the smpp package: it shares only the wire codec with the " +
        "product (so that tests against it prove something about our session, not about shared code).",
      from: { path: "^simulator/" },
      to: { path: "^lib/", pathNot: "^lib/smpp/codec/" },
    },
    {
      name: "components-no-server-internals",
      severity: "error",
      comment:
        "Components (client or server) never reach the database, the connector or the protocol's sockets; " +
        "type-only imports of a repository's shapes are fine.",
      from: { path: "^components/" },
      to: {
        path: [
          "^lib/db\\.ts$",
          "^lib/generated/",
          "^lib/connector/",
          "^lib/smpp/(?!codec/)",
          "/(repository|store)\\.ts$",
          "^node_modules/(@prisma|better-sqlite3|pg|smpp)/",
        ],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "components-no-node-builtins",
      severity: "error",
      from: { path: "^components/" },
      to: { dependencyTypes: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|lib/generated|test-results|playwright-report|bench/out)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};
