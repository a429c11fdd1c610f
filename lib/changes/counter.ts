import "server-only";
import { db } from "../db";
import { databaseUrl, isPostgresUrl } from "../database-url";
import { CHANNEL, listen } from "../postgres/notify";
import { getWriter } from "../storage/writer";
import { errorMessage } from "@/lib/errors";

/**
 * Change counters between processes: a writer (the web process saving an account) bumps a version row, a reader
 * (the connector process) polls it and reconciles when it moved. No socket protocol of our own: the database is the
 * channel. On PostgreSQL bumpChange also NOTIFYs and watchers LISTEN, so a change arrives at once; the poll stays, at
 * a slower pace, for a notification lost while a LISTEN session reconnected.
 */
export type ChangeName = "accounts" | "deliveries";

/** Moves the counter on; resolves once it is committed. */
export async function bumpChange(name: ChangeName): Promise<void> {
  await db.changeCounter.upsert({
    where: { name },
    create: { name, version: 1 },
    update: { version: { increment: 1 }, updatedAt: new Date() },
  });
  if (isPostgresUrl()) await db.$executeRaw`SELECT pg_notify(${CHANNEL.changes}, ${name})`;
}

/**
 * The counter's version now (0 when it never moved). Read on the process's writer, not Prisma: a watcher may poll it
 * every few ms (a prepared better-sqlite3 read costs microseconds, a Prisma query a fraction of a millisecond).
 */
export async function changeVersion(name: ChangeName): Promise<number> {
  const w = getWriter();
  if (w.kind === "sqlite")
    return (
      (w.prepare(`SELECT version FROM "ChangeCounter" WHERE name = ?`).get(name) as { version: number } | undefined)?.version ?? 0
    );
  return (await w.query<{ version: number }>(`SELECT version FROM "ChangeCounter" WHERE name = $1`, [name]))[0]?.version ?? 0;
}

/**
 * Calls `onChange` (one call at a time) each time the counter moves from the version it had when watching started,
 * checking every `pollMs`. Returns the function that stops watching (and waits for a call in progress).
 */
export async function watchChange(
  name: ChangeName,
  onChange: () => Promise<void>,
  opts: { pollMs?: number; log?: (message: string) => void } = {},
): Promise<() => Promise<void>> {
  let seen = await changeVersion(name);
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let again = false;
  const pg = isPostgresUrl();
  const pollMs = opts.pollMs ?? (pg ? 2000 : 200);
  const tick = () => {
    running = (async () => {
      try {
        const v = await changeVersion(name);
        if (v !== seen) {
          seen = v;
          await onChange();
        }
      } catch (e) {
        opts.log?.(`[changes] ${name}: ${errorMessage(e)}`);
      }
    })().finally(() => {
      running = null;
      if (!stopped && !timer) timer = setTimeout(next, again ? 0 : pollMs);
      again = false;
    });
  };
  const next = () => {
    timer = null;
    if (!running) tick();
  };
  // A notification: look now (during a look: once more right after it).
  const unlisten = pg
    ? await listen(databaseUrl(), CHANNEL.changes, (payload) => {
        if (payload !== name || stopped) return;
        if (running) {
          again = true;
          return;
        }
        if (timer) clearTimeout(timer);
        next();
      })
    : null;
  timer = setTimeout(next, pollMs);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await unlisten?.();
    await running;
  };
}
