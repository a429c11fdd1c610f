/**
 * inSMS list API latency at 1,000,000 rows (issue 4 goal: p95 under 50 ms for the first and the 100th page).
 *
 *   npx tsx --conditions=react-server bench/insms-list.ts [--rows 1000000] [--samples 200]
 *
 * Fills a temporary SQLite file (batched inserts in transactions, straight through better-sqlite3, with the app's
 * migration and indexes), then serves the real route handler (app/api/v1/insms/route.ts: token auth, zod, keyset
 * query, JSON) over node:http and times requests from a client on the same machine.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

export interface InsmsListFigure {
  case: string;
  page: number;
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  items: number;
}

const MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");
const WORDS = ["hello", "info", "price", "yes", "no", "balance", "help", "thanks", "ok", "call", "me", "later", "order", "status"];
// Prisma's SQLite driver adapter stores DateTime as ISO 8601 text with an explicit +00:00 offset.
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function fill(file: string, rows: number, accounts: string[]): { fillMs: number } {
  const started = performance.now();
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  for (const d of fs.readdirSync(MIGRATIONS).sort()) {
    const sql = path.join(MIGRATIONS, d, "migration.sql");
    if (fs.existsSync(sql)) sqlite.exec(fs.readFileSync(sql, "utf8"));
  }
  sqlite.pragma("synchronous = OFF"); // a throwaway file: durability is not what is measured here
  const now = sqliteTime(Date.now());
  const addAccount = sqlite.prepare(
    `INSERT INTO RoutingAccount (id, label, internalName, enabled, host, port, mode, tls, settings, createdAt, updatedAt) VALUES (?, ?, ?, 1, '127.0.0.1', 2775, 'transceiver', 0, '{}', ?, ?)`,
  );
  for (const id of accounts) addAccount.run(id, id, id, now, now);
  const insert = sqlite.prepare(
    `INSERT INTO InboundSms (accountId, origin, destination, message, dataCoding, providerId, receivedAt, createdAt, keyword, action) VALUES (?, ?, '36000', ?, 0, NULL, ?, ?, ?, ?)`,
  );
  const t0 = Date.UTC(2026, 0, 1);
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // ~25 MO a second over ~11 hours, with ties on the same millisecond now and then (the keyset breaks them by id)
      const at = sqliteTime(t0 + Math.floor(i * 40 - (i % 5 === 0 ? 40 : 0)));
      const stop = i % 97 === 0;
      const text = stop ? "STOP" : `${WORDS[Math.floor(random() * WORDS.length)]} ${WORDS[Math.floor(random() * WORDS.length)]} ${i}`;
      insert.run(accounts[i % accounts.length], `336${String(Math.floor(random() * 50_000)).padStart(8, "0")}`, text, at, at, stop ? "STOP" : null, stop ? "quarantine" : null);
    }
  });
  const BATCH = 50_000;
  for (let i = 0; i < rows; i += BATCH) batch(i, Math.min(rows, i + BATCH));
  sqlite.pragma("optimize");
  sqlite.exec("ANALYZE");
  sqlite.close();
  return { fillMs: performance.now() - started };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function benchInsmsList(
  opts: { rows?: number; samples?: number; keepFile?: string } = {},
): Promise<{ rows: number; fillMs: number; figures: InsmsListFigure[] }> {
  const rows = opts.rows ?? 1_000_000;
  const samples = opts.samples ?? 200;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-insms-"));
  const file = path.join(dir, "app.db");
  const accounts = ["acc_alpha", "acc_beta", "acc_gamma"];
  // --keep FILE: fill once, reuse the copy on later runs (for tuning; the numbers reported come from fresh fills)
  let fillMs = 0;
  if (opts.keepFile && fs.existsSync(opts.keepFile)) fs.copyFileSync(opts.keepFile, file);
  else {
    fillMs = fill(file, rows, accounts).fillMs;
    if (opts.keepFile) fs.copyFileSync(file, opts.keepFile);
  }
  process.env.DATABASE_URL = `file:${file}`;
  process.env.DATA_DIR = dir;
  process.env.APP_SECRET ??= "bench-secret";

  // Imported after DATABASE_URL is set: lib/db makes its client on import.
  const { GET } = await import("../app/api/v1/insms/route");
  const { createApiToken, createUser } = await import("../lib/auth/users");
  const { db } = await import("../lib/db");
  const user = await createUser({ email: "bench@example.com", password: "bench-password", role: "viewer" });
  const { token } = await createApiToken(user.id, "bench");

  const server = http.createServer(async (req, res) => {
    const response = await GET(new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string> }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (query: string) =>
    new Promise<{ ms: number; body: { items: unknown[]; nextCursor: string | null } }>((resolve, reject) => {
      const started = performance.now();
      http
        .get({ host: "127.0.0.1", port, path: `/api/v1/insms?${query}`, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const ms = performance.now() - started;
            if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks)}`));
            resolve({ ms, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
          });
        })
        .on("error", reject);
    });

  const figures: InsmsListFigure[] = [];
  const measure = async (name: string, filters: string, page: number) => {
    // walk to the page once, then time that page's request again and again
    let cursor: string | null = null;
    for (let p = 1; p < page; p++) {
      const { body } = await get(`${filters}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      cursor = body.nextCursor;
      if (!cursor) throw new Error(`${name}: only ${p} pages`);
    }
    const query = `${filters}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    for (let w = 0; w < 10; w++) await get(query);
    const times: number[] = [];
    let items = 0;
    for (let s = 0; s < samples; s++) {
      const r = await get(query);
      times.push(r.ms);
      items = r.body.items.length;
    }
    times.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    figures.push({ case: name, page, samples, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), maxMs: round(times[times.length - 1]), items });
  };

  try {
    await measure("all rows", "", 1);
    await measure("all rows", "", 100);
    await measure("one account", "accountId=acc_beta", 1);
    await measure("one account", "accountId=acc_beta", 100);
    await measure("date range (one hour)", `since=${new Date(Date.UTC(2026, 0, 1, 5)).toISOString()}&until=${new Date(Date.UTC(2026, 0, 1, 6)).toISOString()}`, 1);
    await measure("text q=stop (1 row in 97)", "q=stop", 1);
    await measure("text q=stop (1 row in 97)", "q=stop", 100);
    await measure("text q=zzz (no match: scan budget)", "q=zzz", 1);
  } finally {
    agent.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { rows, fillMs, figures };
}

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const keep = process.argv.indexOf("--keep");
  benchInsmsList({ rows: arg("rows"), samples: arg("samples"), keepFile: keep >= 0 ? process.argv[keep + 1] : undefined })
    .then(({ rows, fillMs, figures }) => {
      console.log(`inSMS list API, ${rows.toLocaleString("en")} rows (filled in ${(fillMs / 1000).toFixed(1)} s), limit 50, ${os.cpus().length} CPUs`);
      console.table(figures);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
