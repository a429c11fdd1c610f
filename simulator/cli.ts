/**
 * `npm run smsc -- [--port 2775] [--tls-port 2776] [--control-port 2780] [--system-id simulator] [--password secret]
 *   [--host 127.0.0.1] [--id-format hex|decimal] [--receipt-delay ms] [--outcomes DELIVRD=9,UNDELIV=1] [--throttle n]`
 * Starts the SMSC simulator (also started by `npm start`) and prints where it listens.
 */
import { startSimulator } from "./index";
import type { ReceiptStat } from "./types";

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf("=");
    if (eq > 0) args.set(a.slice(2, eq), a.slice(eq + 1));
    else args.set(a.slice(2), argv[++i] ?? "");
  }
  return args;
}

function parseOutcomes(s: string | undefined): Partial<Record<ReceiptStat, number>> | undefined {
  if (!s) return undefined;
  return Object.fromEntries(
    s.split(",").map((pair) => {
      const [stat, weight] = pair.split("=");
      return [stat.trim().toUpperCase(), Number(weight ?? 1)];
    }),
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const num = (name: string, fallback: number) => (args.has(name) ? Number(args.get(name)) : fallback);
  const idFormat = args.get("id-format") === "decimal" ? "decimal" : "hex";
  const sim = await startSimulator({
    host: args.get("host") ?? "127.0.0.1",
    port: num("port", 2775),
    tlsPort: args.get("tls-port") === "off" ? null : num("tls-port", 2776),
    controlPort: args.get("control-port") === "off" ? null : num("control-port", 2780),
    systemId: args.get("system-id") ?? "simulator",
    // SMSC_PASSWORD keeps the password off the command line (`ps`); --password still works for a quick try.
    password: args.get("password") ?? process.env.SMSC_PASSWORD ?? "secret",
    messageIdFormat: idFormat,
    receipts: { delayMs: num("receipt-delay", 1000), outcomes: parseOutcomes(args.get("outcomes")) },
    throttlePerSecond: num("throttle", 0),
    // A long-running simulator keeps only the latest PDUs for GET /received.
    maxRecorded: 100_000,
  });
  console.log(
    `SMSC simulator: smpp://${sim.host}:${sim.port}` +
      (sim.tlsPort !== null ? `, ssmpp://${sim.host}:${sim.tlsPort} (self-signed)` : "") +
      (sim.controlUrl ? `, control ${sim.controlUrl}` : "") +
      ` — system_id "${args.get("system-id") ?? "simulator"}"`,
  );
  const shutdown = () => void sim.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((e: unknown) => {
  console.error(`SMSC simulator: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
