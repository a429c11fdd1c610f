import { describe, expect, it } from "vitest";
import { appNodeFlags } from "../../scripts/app-node-flags";

describe("the app server's node flags (scripts/start.ts)", () => {
  it("caps the old space at 192 MB by default", () => {
    expect(appNodeFlags({})).toEqual(["--max-old-space-size=192"]);
  });

  it("takes APP_HEAP_MB, with 0 meaning node's own limit", () => {
    expect(appNodeFlags({ APP_HEAP_MB: "512" })).toEqual(["--max-old-space-size=512"]);
    expect(appNodeFlags({ APP_HEAP_MB: "0" })).toEqual([]);
    expect(appNodeFlags({ APP_HEAP_MB: " " })).toEqual(["--max-old-space-size=192"]);
  });

  it("refuses an APP_HEAP_MB that is not a whole number of MB, naming it", () => {
    expect(() => appNodeFlags({ APP_HEAP_MB: "256MB" })).toThrow(
      'APP_HEAP_MB must be a whole number of MB (0: node\'s default), not "256MB"',
    );
    expect(() => appNodeFlags({ APP_HEAP_MB: "-1" })).toThrow(/APP_HEAP_MB/);
  });

  it("leaves a heap limit given in NODE_OPTIONS alone and adds APP_NODE_FLAGS", () => {
    expect(appNodeFlags({ NODE_OPTIONS: "--max-old-space-size=1024" })).toEqual([]);
    expect(appNodeFlags({ APP_NODE_FLAGS: " --trace-gc  --stack-size=2000 " })).toEqual([
      "--max-old-space-size=192",
      "--trace-gc",
      "--stack-size=2000",
    ]);
  });
});
