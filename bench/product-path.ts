/**
 * Issue 9's whole-product-path figure: a delivery of 100,000 recipients posted as JSON to the API of the app that
 * `npm start` runs (web server and connector in their own processes; window 100, no MT/s limit) into node-smpp's bare
 * server in another process, against a bare `smpp` client (window 100) into the same server in the same run (3 s
 * rounds between the deliveries; each delivery against the mean of the two rounds around it). Goal: the delivery
 * moves ≥ 0.9× the bare client's submit_sm/s. The delivery's rate is its sent count over its send phase (startedAt,
 * when the import ended, to finishedAt, from the API); the SMSC's first and last submit_sm show how much of it is the
 * wire. Two apps, one after the other in the same run, 5 deliveries each, medians: npm start's connector (the send
 * journal's SQLite work on its journal thread), then one with JOURNAL_THREAD=off (that work on its event loop).
 * The cores each process kept busy during the send phase alone (and the bare client and the SMSC in each bare round)
 * tell whether the host's two cores were the limit or a process waited for another.
 */
import { spawnSync } from "node:child_process";
import { startAppServer, type AppServer } from "./support/app-server";
import { cpuMsOf, hostIdleMs } from "./support/proc";
import { runBare } from "./support/bare-client";
import { startServerProcess, type ServerProcess } from "./support/server-process";
import type { BenchContext, BenchRow, BenchSection } from "./types";
import { median } from "./support/median";

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
/** How often the processes' CPU is read while a delivery runs, to tell what its send phase alone used. */
const SAMPLE_MS = 50;

type Busy = { web: number; connector: number; loop: number; loopWait: number; smsc: number; idle: number };
type Sample = Busy & { t: number };

/**
 * Reads the CPU (ms) of the web server, the connector (and its main thread) and the SMSC every SAMPLE_MS from /proc,
 * synchronously (nothing asked of the processes measured); `busyBetween` gives the cores each kept busy between two
 * instants, from the samples nearest outside them.
 */
function cpuSampler(app: AppServer, smscPid: number) {
  const samples: Sample[] = [];
  const take = () => {
    const c = app.cpuMs();
    samples.push({
      t: Date.now(),
      web: c.web,
      connector: c.connector,
      loop: c.connectorLoop,
      loopWait: c.connectorLoopWait,
      smsc: cpuMsOf(smscPid),
      idle: hostIdleMs(),
    });
  };
  take();
  const timer = setInterval(take, SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      take();
    },
    busyBetween(from: number, to: number): Busy {
      const a = samples.findLast((s) => s.t <= from) ?? samples[0];
      const b = samples.find((s) => s.t >= to) ?? samples[samples.length - 1];
      const ms = Math.max(1, b.t - a.t);
      return {
        web: (b.web - a.web) / ms,
        connector: (b.connector - a.connector) / ms,
        loop: (b.loop - a.loop) / ms,
        loopWait: (b.loopWait - a.loopWait) / ms,
        smsc: (b.smsc - a.smsc) / ms,
        idle: (b.idle - a.idle) / ms,
      };
    },
  };
}

type Variant = { label: string; env: Record<string, string>; goal: boolean; root?: string };

/**
 * The second app, to compare side by side in one run (this host's speed drifts by a quarter within an hour):
 * BENCH_COMPARE_ROOT=<another checkout> (its node_modules installed) runs that checkout's app, BENCH_COMPARE_ENV="K=V
 * K2=V2" gives it more environment (this checkout's app when alone); by default this one with JOURNAL_THREAD=off.
 */
function variants(): Variant[] {
  const other = process.env.BENCH_COMPARE_ROOT;
  const more = process.env.BENCH_COMPARE_ENV?.trim();
  const env: Record<string, string> = {};
  for (const kv of more ? more.split(/\s+(?=[A-Za-z_][A-Za-z0-9_]*=)/) : [])
    env[kv.slice(0, kv.indexOf("="))] = kv.slice(kv.indexOf("=") + 1);
  const second: Variant =
    other || more
      ? {
          label: [other ? `, the app of ${other} (${revisionOf(other)})` : "", more ? `, with ${more}` : ""].join(""),
          env,
          goal: false,
          ...(other ? { root: other } : {}),
        }
      : {
          label: ", the journal on the connector's event loop (JOURNAL_THREAD=off)",
          env: { JOURNAL_THREAD: "off" },
          goal: false,
        };
  return [{ label: "", env: {}, goal: true }, second];
}

function revisionOf(root: string): string {
  const r = spawnSync("git", ["-C", root, "log", "-1", "--format=%h"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "no git";
}

type Run = {
  rate: number;
  sendS: number;
  posted: number;
  importS: number;
  /** From startedAt to the SMSC's first submit_sm, and from its last one to finishedAt, ms. */
  pickupMs: number;
  tailMs: number;
  /** µs per MT from the POST to the end: the connector's (dispatch), the web server's (import, API). */
  connectorCpuUs: number;
  /** Of which the connector's main thread (the event loop of the binds). */
  loopCpuUs: number;
  webCpuUs: number;
  /** Cores busy during the send phase alone (startedAt → finishedAt), per process, from /proc every SAMPLE_MS. */
  busy: Busy;
  /** The delivery's rate over the mean of the bare rounds before and after it. */
  ratio: number;
};

type Side = { variant: Variant; app: AppServer; accountId: string; runs: Run[] };

export const section: BenchSection = {
  name: "product-path",
  title: "Whole product path: a delivery posted as JSON to npm start's app vs a bare smpp client, one bare SMSC (issue 9)",
  runsLast: true,
  async run(ctx) {
    const count = ctx.quick ? 20_000 : 100_000;
    const rounds = ctx.quick ? 2 : 5;
    const smsc = await startServerProcess("bare");
    const sides: Side[] = [];
    const bares: number[] = [];
    const bareCpuUs: number[] = [];
    /** Cores the bare client and the SMSC kept busy in each bare round. */
    const bareBusy: { client: number; smsc: number; idle: number }[] = [];
    try {
      // The bare client runs in this process, which does nothing else meanwhile: its CPU is the client's.
      const bareRate = async () => {
        const cpu0 = process.cpuUsage();
        const smsc0 = cpuMsOf(smsc.pid);
        const idle0 = hostIdleMs();
        const r = await runBare(smsc.port, 100, BARE_MS);
        const cpu = process.cpuUsage(cpu0);
        bareCpuUs.push((cpu.user + cpu.system) / r.done);
        const wallMs = r.seconds * 1000;
        bareBusy.push({
          client: (cpu.user + cpu.system) / 1000 / wallMs,
          smsc: (cpuMsOf(smsc.pid) - smsc0) / wallMs,
          idle: (hostIdleMs() - idle0) / wallMs,
        });
        bares.push(r.done / r.seconds);
      };
      const recipients = Array.from({ length: count }, (_, i) => `+336${String(10_000_000 + i).slice(-8)}`);
      await runBare(smsc.port, 100, 500); // warm-up
      let build = process.env.BENCH_NO_BUILD !== "1";
      // One app at a time (an idle second one would take CPU from the one measured): bare, delivery, bare, …, bare.
      for (const variant of variants()) {
        const side = await startSide(ctx, smsc, variant, build);
        build = false;
        sides.push(side);
        try {
          await bareRate();
          for (let i = 0; i < rounds; i++) {
            ctx.log(`product-path${variant.label}: bare ${Math.round(bares.at(-1)!)}/s; delivery ${i + 1}/${rounds}`);
            const run = await deliver(side, smsc, recipients);
            const before = bares.at(-1)!;
            await bareRate();
            side.runs.push({ ...run, ratio: run.rate / ((before + bares.at(-1)!) / 2) });
          }
        } finally {
          await side.app.stop();
        }
      }
      const n = (x: number) => Math.round(x).toLocaleString("en");
      const bareNote = `bare ${bares.map(n).join(", ")} submit_sm/s (${BARE_MS / 1000} s rounds before, between and after the deliveries of this row, then of the next), bare client ${bareCpuUs.map((c) => c.toFixed(1)).join(" / ")} µs CPU per submit_sm; cores busy in those rounds: bare client ${bareBusy.map((b) => b.client.toFixed(2)).join(" / ")}, SMSC ${bareBusy.map((b) => b.smsc.toFixed(2)).join(" / ")}, host idle ${bareBusy.map((b) => b.idle.toFixed(2)).join(" / ")}`;
      return sides.map((side): BenchRow => rowOf(side, count, side === sides[0] ? bareNote : "bare rounds: see the row above"));
    } finally {
      await smsc.stop();
    }
  },
};

async function startSide(ctx: BenchContext, smsc: ServerProcess, variant: Variant, build: boolean): Promise<Side> {
  const app = await startAppServer({ build: build && !variant.root, log: ctx.log, env: variant.env, root: variant.root });
  const account = await app.api<{ id: string }>("POST", "/api/v1/accounts", {
    label: "Bench product path",
    internalName: "bench_product_path",
    connection: { host: "127.0.0.1", port: smsc.port, systemId: "bench", password: "bench", connections: 1 },
    throughput: { window: 100, mtPerSecond: 0, reconnectDelay: 1 },
  });
  await app.waitBound(account.id);
  return { variant, app, accountId: account.id, runs: [] };
}

async function deliver(side: Side, smsc: ServerProcess, recipients: string[]): Promise<Omit<Run, "ratio">> {
  const { app } = side;
  const count = recipients.length;
  await smsc.wire(); // counts from here
  const cpu0 = app.cpuMs();
  const sampler = cpuSampler(app, smsc.pid);
  const t0 = performance.now();
  const { id } = await app.api<{ id: string }>("POST", "/api/v1/deliveries", {
    accountId: side.accountId,
    text: "Bench MT",
    recipients,
  });
  const posted = performance.now() - t0;
  let d: Delivery;
  // Watched as the delivery's page does, once a second: the rate comes from the server's startedAt and finishedAt,
  // and a faster poll would only take CPU from the processes measured.
  for (;;) {
    d = await app.api<Delivery>("GET", `/api/v1/deliveries/${id}`);
    if (d.status !== "pending" && d.status !== "running") break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (d.status !== "finished" || d.sent !== count || d.total !== count || !d.startedAt || !d.finishedAt)
    throw new Error(`product-path: ${JSON.stringify(d)} for ${count}`);
  const sendS = (Date.parse(d.finishedAt) - Date.parse(d.startedAt)) / 1000;
  const cpu1 = app.cpuMs();
  sampler.stop();
  const wire = await smsc.wire();
  if (wire.count !== count || wire.first === null || wire.last === null)
    throw new Error(`product-path: the SMSC saw ${wire.count} submit_sm for ${count}`);
  return {
    rate: count / sendS,
    sendS,
    posted,
    importS: (Date.parse(d.startedAt) - Date.parse(d.createdAt)) / 1000,
    pickupMs: wire.first - Date.parse(d.startedAt),
    tailMs: Date.parse(d.finishedAt) - wire.last,
    connectorCpuUs: ((cpu1.connector - cpu0.connector) * 1000) / count,
    loopCpuUs: ((cpu1.connectorLoop - cpu0.connectorLoop) * 1000) / count,
    webCpuUs: ((cpu1.web - cpu0.web) * 1000) / count,
    busy: sampler.busyBetween(Date.parse(d.startedAt), Date.parse(d.finishedAt)),
  };
}

function rowOf(side: Side, count: number, bareNote: string): BenchRow {
  const { runs, variant } = side;
  const ratios = runs.map((r) => r.ratio);
  const ratio = median(ratios);
  const mid = runs[ratios.indexOf(ratio)];
  const n = (x: number) => Math.round(x).toLocaleString("en");
  const each = (f: (r: Run) => string) => runs.map(f).join(" / ");
  return {
    metric: `Delivery of ${count.toLocaleString("en")} posted as JSON (window 100, no MT/s limit) / bare smpp client (window 100)${variant.label}`,
    value: Math.round(ratio * 100) / 100,
    unit: "×",
    ...(variant.goal ? { goal: "≥ 0.9×", ok: ratio >= 0.9 } : {}),
    note: `median of ${runs.length} deliveries (${ratios.map((x) => x.toFixed(2)).join(", ")}×): ${each((r) => n(r.rate))} MT/s over their send phase (startedAt → finishedAt); the median one sent in ${mid.sendS.toFixed(1)} s after a POST answered in ${n(mid.posted)} ms and an import of ${mid.importS.toFixed(1)} s; startedAt → first submit_sm ${each((r) => String(r.pickupMs))} ms, last submit_sm → finishedAt ${each((r) => String(r.tailMs))} ms; CPU per MT: connector ${each((r) => r.connectorCpuUs.toFixed(1))} µs, of which its event loop ${each((r) => r.loopCpuUs.toFixed(1))} µs, web server ${each((r) => r.webCpuUs.toFixed(1))} µs (import and API included); cores busy during the send phase alone: connector ${each((r) => r.busy.connector.toFixed(2))} (its event loop ${each((r) => r.busy.loop.toFixed(2))}, which waited for a core ${each((r) => r.busy.loopWait.toFixed(2))} of the time), SMSC ${each((r) => r.busy.smsc.toFixed(2))}, web server ${each((r) => r.busy.web.toFixed(2))}, host idle ${each((r) => r.busy.idle.toFixed(2))}; ${bareNote}`,
  };
}
