/**
 * Child process of the `insms` bench section (bench/insms-list.ts): fills a temporary SQLite file with N inSMS rows
 * (batched inserts in transactions, straight through better-sqlite3, on the app's migration and indexes), then
 * serves the real list route handler (app/api/v1/insms/route.ts: token auth, zod, keyset query, JSON) over
 * node:http. Tells the parent {port, token, fillMs, sampleOrigin} over IPC; stops and deletes the file on "stop".
 * Runs with --conditions=react-server (the route's modules are server-only).
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const BENCH_ACCOUNTS = ["acc_alpha", "acc_beta", "acc_gamma"];

const MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");
const WORDS = [
  "hello",
  "info",
  "price",
  "yes",
  "no",
  "balance",
  "help",
  "thanks",
  "ok",
  "call",
  "me",
  "later",
  "order",
  "status",
];
// Prisma's SQLite driver adapter stores DateTime as ISO 8601 text with an explicit +00:00 offset.
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function fill(file: string, rows: number, t0: number): { fillMs: number; sampleOrigin: string } {
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
  for (const id of BENCH_ACCOUNTS) addAccount.run(id, id, id, now, now);
  const insert = sqlite.prepare(
    `INSERT INTO InboundSms (accountId, origin, destination, message, dataCoding, providerId, receivedAt, createdAt, keyword, action) VALUES (?, ?, '36000', ?, 0, NULL, ?, ?, ?, ?)`,
  );
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const word = () => WORDS[Math.floor(random() * WORDS.length)];
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // 25 MO a second from t0 (~11 hours for a million), one in five sharing its millisecond with the previous row (ties broken by id)
      const at = sqliteTime(t0 + i * 40 - (i % 5 === 0 ? 40 : 0));
      const stop = i % 97 === 0;
      const text = stop ? "STOP" : `${word()} ${word()} ${i}`;
      const origin = `336${String(Math.floor(random() * 50_000)).padStart(8, "0")}`;
      insert.run(
        BENCH_ACCOUNTS[i % BENCH_ACCOUNTS.length],
        origin,
        text,
        at,
        at,
        stop ? "STOP" : null,
        stop ? "quarantine" : null,
      );
    }
  });
  for (let i = 0; i < rows; i += 50_000) batch(i, Math.min(rows, i + 50_000));
  const count = (sqlite.prepare("SELECT count(*) AS n FROM InboundSms").get() as { n: number }).n;
  if (count !== rows) throw new Error(`filled ${count} rows, wanted ${rows}`);
  // a sender of the middle of the table, for the one-sender case
  const { origin } = sqlite.prepare("SELECT origin FROM InboundSms WHERE id = ?").get(Math.ceil(rows / 2)) as { origin: string };
  sqlite.exec("ANALYZE");
  sqlite.close();
  return { fillMs: performance.now() - started, sampleOrigin: origin };
}

async function main() {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const t0 = Number(process.argv[3] ?? Date.UTC(2026, 0, 1));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-insms-"));
  const file = path.join(dir, "app.db");
  const { fillMs, sampleOrigin } = fill(file, rows, t0);
  process.env.DATABASE_URL = `file:${file}`;
  process.env.DATA_DIR = dir;
  process.env.APP_SECRET ??= "bench-secret";

  // Imported after DATABASE_URL is set: lib/db makes its client on import.
  const { GET } = await import("../../app/api/v1/insms/route");
  const { createApiToken, createUser } = await import("../../lib/auth/users");
  const { db } = await import("../../lib/db");
  const user = await createUser({ email: "bench@example.com", password: "bench-password", role: "viewer" });
  const { token } = await createApiToken(user.id, "bench");

  const server = http.createServer(async (req, res) => {
    const response = await GET(new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string> }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.send!({ port: (server.address() as { port: number }).port, token, fillMs, sampleOrigin });
  process.on("message", async (m) => {
    if (m !== "stop") return;
    server.close();
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
    process.disconnect();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
