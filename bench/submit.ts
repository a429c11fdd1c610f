/**
 * Issue 3's figure: submit_sm per second with window 1, 10 and 100, through lib/smpp's session against our simulator,
 * beside the ceiling measured in the same run (a bare `smpp` client against a bare `smpp` server, both with TCP_NODELAY
 * like lib/smpp and the simulator, so that Nagle's algorithm is not what is compared). The server always runs in its
 * own process. Each configuration is measured in several interleaved rounds and the median is kept, so
 * that a noisy neighbour on the machine hits every configuration alike.
 */
import { openSession } from "@/lib/smpp/session";
import { FIELDS, runBare, type Run } from "./support/bare-client";
import { startServerProcess, type ServerProcess } from "./support/server-process";
import type { BenchContext, BenchRow, BenchSection } from "./types";
import { median } from "./support/median";

const WINDOWS = [1, 10, 100];
type Client = "bare" | "lib";
type Server = "bare" | "simulator";
const CONFIGS: { client: Client; server: Server; label: string }[] = [
  { client: "bare", server: "bare", label: "bare smpp client → bare smpp server (ceiling)" },
  { client: "bare", server: "simulator", label: "bare smpp client → simulator" },
  { client: "lib", server: "simulator", label: "lib/smpp session → simulator" },
  { client: "lib", server: "bare", label: "lib/smpp session → bare smpp server" },
];

/** The same through lib/smpp's session. */
async function runLib(port: number, window: number, ms: number): Promise<Run> {
  const session = await openSession({
    host: "127.0.0.1",
    port,
    systemId: "bench",
    password: "bench",
    window,
    mtPerSecond: 0,
    enquireLinkPeriodMs: 0,
  });
  let done = 0;
  let stopping = false;
  const t0 = performance.now();
  // Submits are queued by the session up to its window; keep exactly `window` in the air as the bare client does.
  await new Promise<void>((resolve, reject) => {
    let inFlight = 0;
    const next = () => {
      inFlight++;
      session.submit(FIELDS, 30_000).then(() => {
        done++;
        inFlight--;
        if (!stopping) next();
        else if (inFlight === 0) resolve();
      }, reject);
    };
    setTimeout(() => (stopping = true), ms);
    for (let i = 0; i < window; i++) next();
  });
  const seconds = (performance.now() - t0) / 1000;
  session.close("bench done");
  return { done, seconds };
}

type Sample = { rate: number; clientUs: number; serverUs: number };

/**
 * One timed run with the CPU time both processes spent per submit_sm: unlike the rate, CPU per PDU hardly moves
 * when other work shares the machine, so it shows the cost of our code even on a busy host.
 */
async function measure(client: Client, server: ServerProcess, window: number, ms: number): Promise<Sample> {
  const server0 = await server.cpu();
  const client0 = process.cpuUsage();
  const r = await (client === "bare" ? runBare : runLib)(server.port, window, ms);
  const c = process.cpuUsage(client0);
  const serverUs = (await server.cpu()) - server0;
  return { rate: r.done / r.seconds, clientUs: (c.user + c.system) / r.done, serverUs: serverUs / r.done };
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const rounds = ctx.quick ? 1 : 9;
  const ms = ctx.quick ? 500 : 1000;
  const servers = { bare: await startServerProcess("bare"), simulator: await startServerProcess("simulator") };
  const rows: BenchRow[] = [];
  try {
    for (const window of WINDOWS) {
      const samples = CONFIGS.map(() => [] as Sample[]);
      // Warm-up: JIT both sides of every path before measuring.
      for (const c of CONFIGS) await measure(c.client, servers[c.server], window, ms / 4);
      for (let r = 0; r < rounds; r++) {
        for (const [i, c] of CONFIGS.entries()) samples[i].push(await measure(c.client, servers[c.server], window, ms));
      }
      const summary = samples.map((xs) => ({
        rate: median(xs.map((x) => x.rate)),
        clientUs: median(xs.map((x) => x.clientUs)),
        serverUs: median(xs.map((x) => x.serverUs)),
      }));
      const ceiling = summary[0].rate;
      ctx.log(`window ${window}: ${summary.map((x, i) => `${CONFIGS[i].label} ${Math.round(x.rate)}/s`).join("; ")}`);
      CONFIGS.forEach((c, i) => {
        const x = summary[i];
        const pct = (100 * x.rate) / ceiling;
        const cpu = `CPU per submit_sm: client ${x.clientUs.toFixed(1)} µs, server ${x.serverUs.toFixed(1)} µs`;
        rows.push({
          metric: `${c.label}, window ${window}`,
          value: Math.round(x.rate),
          unit: "submit_sm/s",
          ...(i === 0 ? {} : { goal: "≥ 90 % of ceiling", ok: pct >= 90 }),
          note: i === 0 ? `median of ${rounds} × ${ms / 1000} s; ${cpu}` : `${pct.toFixed(1)} % of ceiling; ${cpu}`,
        });
      });
    }
  } finally {
    await Promise.all([servers.bare.stop(), servers.simulator.stop()]);
  }
  return rows;
}

export const section: BenchSection = { name: "submit", title: "submit_sm throughput (issue 3)", run };
