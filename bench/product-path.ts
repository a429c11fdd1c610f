/**
 * Issue 9's whole-product-path figure: a delivery of 100,000 recipients posted as JSON to the API of the app that
 * `npm start` runs (web server and connector in their own processes; window 100, no MT/s limit) into node-smpp's bare
 * server in another process, against a bare `smpp` client (window 100) into the same server in the same run (before
 * and after the delivery, averaged). Goal: the delivery moves ≥ 0.9× the bare client's submit_sm/s. The delivery's
 * rate is its sent count over its send phase (startedAt, when the import ended, to finishedAt, from the API).
 */
import { startAppServer } from "./support/app-server";
import { runBare } from "./support/bare-client";
import { startServerProcess } from "./support/server-process";
import type { BenchSection } from "./types";

type Delivery = {
  status: string;
  total: number;
  sent: number;
  startedAt: string | null;
  finishedAt: string | null;
  mtPerSecond: number;
};

const BARE_MS = 3000;

export const section: BenchSection = {
  name: "product-path",
  title: "Whole product path: a delivery posted as JSON to npm start's app vs a bare smpp client, one bare SMSC (issue 9)",
  runsLast: true,
  async run(ctx) {
    const count = ctx.quick ? 20_000 : 100_000;
    const smsc = await startServerProcess("bare");
    const app = await startAppServer({ build: process.env.BENCH_NO_BUILD !== "1", log: ctx.log });
    try {
      const account = await app.api<{ id: string }>("POST", "/api/v1/accounts", {
        label: "Bench product path",
        internalName: "bench_product_path",
        connection: { host: "127.0.0.1", port: smsc.port, systemId: "bench", password: "bench", connections: 1 },
        throughput: { window: 100, mtPerSecond: 0, reconnectDelay: 1 },
      });
      for (let i = 0; ; i++) {
        const s = await app.api<{ state: string }>("GET", `/api/v1/accounts/${account.id}/status`);
        if (s.state === "bound") break;
        if (i > 600) throw new Error(`account not bound: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const bareRate = async () => {
        const r = await runBare(smsc.port, 100, BARE_MS);
        return r.done / r.seconds;
      };
      await runBare(smsc.port, 100, 500); // warm-up
      const bareBefore = await bareRate();
      ctx.log(`product-path: bare client ${Math.round(bareBefore)}/s; posting a delivery of ${count} as JSON`);
      const recipients = Array.from({ length: count }, (_, i) => `+336${String(10_000_000 + i).slice(-8)}`);
      const t0 = performance.now();
      const { id } = await app.api<{ id: string }>("POST", "/api/v1/deliveries", {
        accountId: account.id,
        text: "Bench MT",
        recipients,
      });
      const posted = performance.now() - t0;
      let d: Delivery;
      for (;;) {
        d = await app.api<Delivery>("GET", `/api/v1/deliveries/${id}`);
        if (d.status !== "pending" && d.status !== "running") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      if (d.status !== "finished" || d.sent !== count || d.total !== count || !d.startedAt || !d.finishedAt)
        throw new Error(`product-path: ${JSON.stringify(d)} for ${count}`);
      const bareAfter = await bareRate();
      const sendS = (Date.parse(d.finishedAt) - Date.parse(d.startedAt)) / 1000;
      const rate = count / sendS;
      const bare = (bareBefore + bareAfter) / 2;
      const ratio = rate / bare;
      return [
        {
          metric: `Delivery of ${count.toLocaleString("en")} posted as JSON (window 100, no MT/s limit) / bare smpp client (window 100)`,
          value: Math.round(ratio * 100) / 100,
          unit: "×",
          goal: "≥ 0.9×",
          ok: ratio >= 0.9,
          note: `${Math.round(rate).toLocaleString("en")} MT/s over the send phase of ${sendS.toFixed(1)} s (the dispatcher's own first-to-last rate ${d.mtPerSecond.toLocaleString("en")}/s) vs bare ${Math.round(bare).toLocaleString("en")} submit_sm/s (${Math.round(bareBefore).toLocaleString("en")} before, ${Math.round(bareAfter).toLocaleString("en")} after, ${BARE_MS / 1000} s each); POST answered in ${Math.round(posted)} ms, import until startedAt`,
        },
      ];
    } finally {
      await app.stop();
      await smsc.stop();
    }
  },
};
