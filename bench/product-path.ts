/**
 * Issue 9's whole-product-path figure: a delivery of 100,000 recipients posted as JSON to the API of the app that
 * `npm start` runs (web server and connector in their own processes; window 100, no MT/s limit) into node-smpp's bare
 * server in another process, against a bare `smpp` client (window 100) into the same server in the same run (3 s
 * rounds before and after each delivery, averaged; median of 3 deliveries). Goal: the delivery moves ≥ 0.9× the bare
 * client's submit_sm/s. The delivery's rate is its sent count over its send phase (startedAt, when the import ended,
 * to finishedAt, from the API); the SMSC's first and last submit_sm show how much of it is the wire. A second row:
 * the same with the send journal on the connector's event loop (JOURNAL_THREAD=off), for comparison.
 */
import { startAppServer } from "./support/app-server";
import { runBare } from "./support/bare-client";
import { startServerProcess, type ServerProcess } from "./support/server-process";
import type { BenchContext, BenchRow, BenchSection } from "./types";

type Delivery = {
  status: string;
  total: number;
  sent: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  mtPerSecond: number;
};

const BARE_MS = 3000;
/** How often the delivery is read while it runs: as its page in the console (DeliveryMonitor) does. */
const POLL_MS = 1000;
const ROUNDS = 3;

type Variant = { label: string; env: Record<string, string>; goal: boolean };

/**
 * Both in one run, the same SMSC, bare rounds around each delivery: the connector as npm start runs it (the send
 * journal's SQLite work on its journal thread), then with JOURNAL_THREAD=off (that work on the connector's event loop).
 */
const VARIANTS: Variant[] = [
  { label: "", env: {}, goal: true },
  { label: ", the journal on the connector's event loop (JOURNAL_THREAD=off)", env: { JOURNAL_THREAD: "off" }, goal: false },
];

export const section: BenchSection = {
  name: "product-path",
  title: "Whole product path: a delivery posted as JSON to npm start's app vs a bare smpp client, one bare SMSC (issue 9)",
  runsLast: true,
  async run(ctx) {
    const count = ctx.quick ? 20_000 : 100_000;
    const smsc = await startServerProcess("bare");
    const rows: BenchRow[] = [];
    try {
      let build = process.env.BENCH_NO_BUILD !== "1";
      for (const variant of VARIANTS) {
        rows.push(await measure(ctx, smsc, count, variant, build));
        build = false;
      }
    } finally {
      await smsc.stop();
    }
    return rows;
  },
};

async function measure(
  ctx: BenchContext,
  smsc: ServerProcess,
  count: number,
  variant: Variant,
  build: boolean,
): Promise<BenchRow> {
  const app = await startAppServer({ build, log: ctx.log, env: variant.env });
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
    // The bare client runs in this process, which does nothing else meanwhile: its CPU is the client's.
    const bareCpuUs: number[] = [];
    const bareRate = async () => {
      const cpu0 = process.cpuUsage();
      const r = await runBare(smsc.port, 100, BARE_MS);
      const cpu = process.cpuUsage(cpu0);
      bareCpuUs.push((cpu.user + cpu.system) / r.done);
      return r.done / r.seconds;
    };
    const recipients = Array.from({ length: count }, (_, i) => `+336${String(10_000_000 + i).slice(-8)}`);
    const deliver = async () => {
      await smsc.wire(); // counts from here
      const cpu0 = app.cpuMs();
      const t0 = performance.now();
      const { id } = await app.api<{ id: string }>("POST", "/api/v1/deliveries", {
        accountId: account.id,
        text: "Bench MT",
        recipients,
      });
      const posted = performance.now() - t0;
      let d: Delivery;
      // Watched as the delivery's page does, once a second: the rate comes from the server's startedAt and
      // finishedAt, and a faster poll would only take CPU from the processes measured.
      for (;;) {
        d = await app.api<Delivery>("GET", `/api/v1/deliveries/${id}`);
        if (d.status !== "pending" && d.status !== "running") break;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      if (d.status !== "finished" || d.sent !== count || d.total !== count || !d.startedAt || !d.finishedAt)
        throw new Error(`product-path: ${JSON.stringify(d)} for ${count}`);
      const sendS = (Date.parse(d.finishedAt) - Date.parse(d.startedAt)) / 1000;
      const cpu1 = app.cpuMs();
      const wire = await smsc.wire();
      if (wire.count !== count || wire.first === null || wire.last === null)
        throw new Error(`product-path: the SMSC saw ${wire.count} submit_sm for ${count}`);
      return {
        rate: count / sendS,
        sendS,
        posted,
        importS: (Date.parse(d.startedAt) - Date.parse(d.createdAt)) / 1000,
        /** From startedAt to the SMSC's first submit_sm, and from its last one to finishedAt, ms. */
        pickupMs: wire.first - Date.parse(d.startedAt),
        tailMs: Date.parse(d.finishedAt) - wire.last,
        /** µs per MT from the POST to the end: the connector's (dispatch), the web server's (import, API). */
        connectorCpuUs: ((cpu1.connector - cpu0.connector) * 1000) / count,
        webCpuUs: ((cpu1.web - cpu0.web) * 1000) / count,
      };
    };
    await runBare(smsc.port, 100, 500); // warm-up
    // Interleaved: bare, delivery, bare, delivery, …, bare; each delivery against the mean of the bare rounds around it.
    const bares = [await bareRate()];
    const runs: Awaited<ReturnType<typeof deliver>>[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      ctx.log(
        `product-path${variant.label}: bare client ${Math.round(bares[i])}/s; posting a delivery of ${count} as JSON (${i + 1}/${ROUNDS})`,
      );
      runs.push(await deliver());
      bares.push(await bareRate());
    }
    const ratios = runs.map((r, i) => r.rate / ((bares[i] + bares[i + 1]) / 2));
    const ratio = [...ratios].sort((x, y) => x - y)[Math.floor(ROUNDS / 2)];
    const mid = ratios.indexOf(ratio);
    const n = (x: number) => Math.round(x).toLocaleString("en");
    return {
      metric: `Delivery of ${count.toLocaleString("en")} posted as JSON (window 100, no MT/s limit) / bare smpp client (window 100)${variant.label}`,
      value: Math.round(ratio * 100) / 100,
      unit: "×",
      ...(variant.goal ? { goal: "≥ 0.9×", ok: ratio >= 0.9 } : {}),
      note: `median of ${ROUNDS} deliveries (${ratios.map((x) => x.toFixed(2)).join(", ")}×): ${runs.map((r) => n(r.rate)).join(", ")} MT/s over their send phase (startedAt → finishedAt) vs bare ${bares.map(n).join(", ")} submit_sm/s (${BARE_MS / 1000} s rounds before, between and after); the median one sent in ${runs[mid].sendS.toFixed(1)} s after a POST answered in ${n(runs[mid].posted)} ms and an import of ${runs[mid].importS.toFixed(1)} s; startedAt → first submit_sm ${runs.map((r) => r.pickupMs).join(" / ")} ms, last submit_sm → finishedAt ${runs.map((r) => r.tailMs).join(" / ")} ms; CPU per MT: connector ${runs.map((r) => r.connectorCpuUs.toFixed(1)).join(" / ")} µs, web server ${runs.map((r) => r.webCpuUs.toFixed(1)).join(" / ")} µs (import and API included), bare client ${bareCpuUs.map((c) => c.toFixed(1)).join(" / ")} µs per submit_sm`,
    };
  } finally {
    await app.stop();
  }
}
