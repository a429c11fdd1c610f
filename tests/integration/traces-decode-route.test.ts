import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/traces/decode/route";
import { roleTokens } from "../support/role-users";
import { pduBytes } from "../support/raw-smpp";

// POST /api/v1/traces/decode (issue 11): a pasted dump decoded by the traces' own decoder; a bad dump is a 422 with
// the reason under fields.hex; a signed-out caller gets nothing decoded.
let tokens: Record<string, string>;
beforeAll(async () => {
  tokens = await roleTokens("decode.example");
});

const decode = (body: unknown, token: string | null = tokens.viewer) =>
  POST(
    new Request("http://localhost/api/v1/traces/decode", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

describe("POST /api/v1/traces/decode", () => {
  it("decodes a spaced dump of a submit_sm for a viewer, as a trace row shows it", async () => {
    const bytes = pduBytes("submit_sm", { destination_addr: "33612345678", short_message: "Hello" });
    const spaced = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const r = await decode({ hex: spaced });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { command: string; commandLength: number; hex: string; fields: Record<string, unknown> };
    expect(body).toMatchObject({ command: "submit_sm", commandLength: bytes.length, hex: bytes.toString("hex") });
    expect(body.fields.destination_addr).toBe("33612345678");
  });

  it("says what is wrong under fields.hex", async () => {
    const bytes = pduBytes("submit_sm", { destination_addr: "33612345678", short_message: "Hello" });
    const cases: [string, RegExp][] = [
      ["zz 00", /not hex/],
      ["000", /Odd number of hex digits/],
      [bytes.subarray(0, bytes.length - 3).toString("hex"), /Truncated PDU: command_length says/],
    ];
    for (const [hex, reason] of cases) {
      const r = await decode({ hex });
      expect(r.status, hex).toBe(422);
      const body = (await r.json()) as { error: { fields: { hex: string } } };
      expect(body.error.fields.hex).toMatch(reason);
    }
    expect((await decode({ hex: 42 })).status).toBe(422);
  });

  it("refuses a caller without a token", async () => {
    expect((await decode({ hex: "00" }, null)).status).toBe(401);
  });
});
