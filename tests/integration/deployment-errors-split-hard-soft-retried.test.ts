import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/deliveries/[id]/route";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import type { DeliveryProgress } from "@/lib/deliveries/schema";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, roleTokens, startDelivery, withDispatcher } from "../support/delivery-test-kit";

// Issue 11: the deployment window's Bounces + Errors split by the account's error table — hard, soft (retries used
// up), retried — with the top error codes and the new ones (no row matches), through GET /api/v1/deliveries/{id}.
let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});
let tokens: Awaited<ReturnType<typeof roleTokens>>;
beforeAll(async () => {
  tokens = await roleTokens();
});
afterEach(() => sim.setReceipts({ script: {} }));

const digits = (n: string) => n.replace(/\D/g, "");
const undeliv = (...codes: number[]) => codes.map((errorCode) => ({ stat: "UNDELIV" as const, errorCode }));

async function progressFromApi(id: string): Promise<DeliveryProgress> {
  const res = await GET(
    new Request(`http://localhost/api/v1/deliveries/${id}`, { headers: { authorization: `Bearer ${tokens.viewer}` } }),
    { params: Promise.resolve({ id }) },
  );
  expect(res.status).toBe(200);
  return (await res.json()) as DeliveryProgress;
}

describe("deployment window errors", () => {
  it("splits Bounces + Errors into hard / soft / retried, with the top error codes and the new errors", async () => {
    const accountId = await createSimAccount(sim, {
      smsc: {
        errorTable: [
          { match: "SR * UNDELIV 015", type: "hard", reason: "Invalid destination" },
          { match: "SR * UNDELIV 001", type: "soft", reason: "Absent subscriber" },
        ],
      },
    });
    await connector.waitForState(accountId, "bound");
    const [hard, soft, unknown, late] = frenchMobiles(4, 9600);
    sim.setReceipts({
      script: {
        [digits(hard)]: undeliv(15),
        [digits(soft)]: undeliv(1, 1),
        [digits(unknown)]: undeliv(77, 77),
        [digits(late)]: undeliv(1),
      },
    });
    const id = await startDelivery(accountId, [hard, soft, unknown, late], undefined, { retryCount: 1, retryPeriodSeconds: 1 });
    const done = await eventually(
      async () => {
        // Recipients first: counters read before the last SR's commit would be returned with its recipient read after.
        const open = await db.recipient.count({ where: { deliveryId: id, state: { notIn: ["delivered", "failed"] } } });
        const p = await progressFromApi(id);
        return p.status === "finished" && open === 0 ? p : null;
      },
      30_000,
      "every recipient delivered or failed",
    );
    expect(done).toMatchObject({ delivered: 1, bouncesAndErrors: 3 });
    expect(done.errors).toEqual({
      hard: 1,
      soft: 2,
      ignored: 0,
      other: 0,
      retried: 3,
      waitingRetry: 0,
      top: [
        { key: "SR Generic UNDELIV 001", type: "soft", count: 1 },
        { key: "SR Generic UNDELIV 015", type: "hard", count: 1 },
        { key: "SR Generic UNDELIV 077", type: "new", count: 1 },
      ],
      newErrors: [{ key: "SR Generic UNDELIV 077", count: 1 }],
    });
  });
});
