import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "lib/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "bench/out/**",
    ],
  },
  {
    // The SMPP codec runs in the browser (live counter, SR tester), the simulator and the server alike: no Node API
    // here. Imports are checked by dependency-cruiser (.dependency-cruiser.cjs); the globals here.
    files: ["lib/smpp/codec/**"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...["Buffer", "process", "require", "__dirname", "__filename", "global", "setImmediate"].map((name) => ({
          name,
          message: "lib/smpp/codec is client-safe: Uint8Array and plain data only, no Node API",
        })),
      ],
    },
  },
];

export default config;
