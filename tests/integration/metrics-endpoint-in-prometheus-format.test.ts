import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/metrics/route";
import { getAccount } from "@/lib/accounts/repository";
import type { Connector } from "@/lib/connector/service";
import { db } from "@/lib/db";
import { flushSubmitLatency } from "@/lib/metrics/submit-latency";
import type { Simulator } from "@/simulator";
import { createSimAccount, eventually } from "../support/connector-test-kit";
import { frenchMobiles, roleTokens, startDelivery, waitForStatus, withDispatcher } from "../support/delivery-test-kit";

let sim: Simulator;
let connector: Connector;
withDispatcher((s, c) => {
  sim = s;
  connector = c;
});

const SECRET = "scrape-secret-for-the-test";

afterEach(() => {
  delete process.env.METRICS_TOKEN;
});

async function scrape(token = SECRET): Promise<PrometheusFamily[]> {
  const res = await GET(new Request("http://localhost/metrics", { headers: { authorization: `Bearer ${token}` } }));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await res.text());
}

/** The sample of `family` whose labels include `labels` (a counter or gauge value, or a histogram's count). */
function sample(families: PrometheusFamily[], family: string, labels: Record<string, string>): number {
  const f = families.find((x) => x.name === family);
  const m = f?.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  if (!m) return 0;
  return Number("value" in m ? m.value : m.count);
}

describe("GET /metrics", () => {
  it("answers 401 without the scrape secret or a user's token, 200 with either", async () => {
    process.env.METRICS_TOKEN = SECRET;
    expect((await GET(new Request("http://localhost/metrics"))).status).toBe(401);
    expect((await GET(new Request("http://localhost/metrics", { headers: { authorization: "Bearer nope" } }))).status).toBe(401);
    await scrape();
    await scrape((await roleTokens()).viewer);
  });

  it("moves MT, MO, SR, unmatched and submit_sm_resp latency as traffic flows, and the families parse", async () => {
    process.env.METRICS_TOKEN = SECRET;
    const accountId = await createSimAccount(sim, { channel: { storeIncomingMo: false } });
    const account = (await getAccount(accountId))!.internalName;
    await connector.waitForState(accountId, "bound");
    const before = await scrape();
    expect(sample(before, "sms_mt_submitted_total", { account, status: "ESME_ROK" })).toBe(0);
    for (const name of ["sms_binds", "sms_mt_submitted_total", "sms_mo_received_total", "sms_sr_received_total"]) {
      expect(before.find((f) => f.name === name)?.type, name).toBe(name === "sms_binds" ? "GAUGE" : "COUNTER");
    }
    expect(before.find((f) => f.name === "sms_submit_resp_seconds")?.type).toBe("HISTOGRAM");

    const id = await startDelivery(accountId, frenchMobiles(7, 7100));
    await waitForStatus(id, "finished");
    await eventually(async () => (await db.statusReport.count({ where: { accountId } })) === 7, 10_000, "7 SRs");
    await sim.pushMo({ from: "33611111111", to: "12345", text: "hello" });
    await sim.pushMo({ from: "33611111112", to: "12345", text: "again" });
    // An SR for an id no MT carries stays unmatched.
    await sim.pushReceipt({ messageId: "NOSUCHID", stat: "DELIVRD" });
    await flushSubmitLatency();

    const after = await eventually(
      async () => {
        const f = await scrape();
        return sample(f, "sms_mo_received_total", { account }) === 2 && sample(f, "sms_sr_unmatched", { account }) === 1
          ? f
          : null;
      },
      10_000,
      "MO and the unmatched SR counted",
    );
    expect(sample(after, "sms_mt_submitted_total", { account, status: "ESME_ROK" })).toBe(7);
    expect(sample(after, "sms_sr_received_total", { account, verdict: "delivered" })).toBe(8);
    // The parser folds a histogram's buckets into one sample and keeps _count/_sum only for a histogram without labels;
    // only this account has submitted anything in this file's database, so its buckets are the family's.
    const hist = after.find((f) => f.name === "sms_submit_resp_seconds")!.metrics[0];
    expect("buckets" in hist).toBe(true);
    if (!("buckets" in hist)) return;
    expect(Number(hist.buckets["+Inf"])).toBe(7);
    const cumulative = Object.entries(hist.buckets)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => Number(v));
    expect(cumulative).toHaveLength(13);
    expect(cumulative).toEqual([...cumulative].sort((a, b) => a - b));

    // A refused submit_sm is counted by its command_status.
    sim.setFaults({ submitStatus: 0x0b });
    try {
      const refused = await startDelivery(accountId, frenchMobiles(2, 7200));
      await waitForStatus(refused, "finished");
    } finally {
      sim.setFaults({ submitStatus: null });
    }
    const last = await scrape();
    expect(sample(last, "sms_mt_submitted_total", { account, status: "ESME_RINVDSTADR" })).toBe(2);
    expect(sample(last, "sms_mt_submitted_total", { account, status: "ESME_ROK" })).toBe(7);
  });
});
