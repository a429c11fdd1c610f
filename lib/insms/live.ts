import "server-only";
import { EventEmitter } from "node:events";
import { db } from "@/lib/db";
import type { InboundSms } from "@/lib/generated/prisma/client";
import { databaseUrl, isPostgresUrl } from "@/lib/database-url";
import { CHANNEL, listen } from "@/lib/postgres/notify";
import { errorMessage } from "@/lib/errors";
import { singleton } from "@/lib/singleton";

type Tail = {
  timer: NodeJS.Timeout | null;
  lastId: number | null;
  polling: boolean;
  unlisten: Promise<() => Promise<void>> | null;
};

/**
 * MO are stored by the connector, another process: while a page listens, one poll per process (not one per page)
 * reads the rows committed since the last look and publishes them here. On PostgreSQL, LISTEN/NOTIFY replaces it.
 */
export const TAIL_POLL_MS = 300;

function tail(): Tail {
  return singleton("insms-tail", (): Tail => ({ timer: null, lastId: null, polling: false, unlisten: null }));
}

async function pollTail(t: Tail): Promise<void> {
  if (t.polling) return;
  t.polling = true;
  try {
    if (t.lastId === null) {
      t.lastId = (await db.inboundSms.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0;
      return;
    }
    const rows = await db.inboundSms.findMany({ where: { id: { gt: t.lastId } }, orderBy: { id: "asc" }, take: 500 });
    for (const row of rows) {
      t.lastId = row.id;
      emitter().emit("row", row);
    }
  } catch (e) {
    console.error("[insms-live] poll failed:", errorMessage(e));
  } finally {
    t.polling = false;
  }
}

/** PostgreSQL: the rows whose ids the connector NOTIFYed at its commit, read and published in id order. */
async function publishNotified(payload: string): Promise<void> {
  const ids = payload
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length === 0) return;
  const rows = await db.inboundSms.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
  for (const row of rows) emitter().emit("row", row);
}

function startTail(): void {
  const t = tail();
  if (t.timer || t.unlisten) return;
  if (isPostgresUrl()) {
    // Committed rows arrive by NOTIFY (in any order of commit, unlike a poll on "id > last", which would miss a row
    // whose transaction commits after a later id's). After a lost LISTEN session the stream's own poll catches up.
    const log = (e: unknown) => console.error("[insms-live] notified rows not read:", errorMessage(e));
    t.unlisten = listen(databaseUrl(), CHANNEL.insms, (p) => void publishNotified(p).catch(log));
    t.unlisten.catch(log);
    return;
  }
  t.lastId = null;
  void pollTail(t);
  t.timer = setInterval(() => void pollTail(t), TAIL_POLL_MS);
  t.timer.unref();
}

function stopTailIfIdle(): void {
  const t = tail();
  if (emitter().listenerCount("row") > 0) return;
  if (t.unlisten) {
    const u = t.unlisten;
    t.unlisten = null;
    void u.then((stop) => stop()).catch(() => undefined);
  }
  if (!t.timer) return;
  clearInterval(t.timer);
  t.timer = null;
}

function emitter(): EventEmitter {
  return singleton("insms-live", () => {
    const e = new EventEmitter();
    e.setMaxListeners(0); // one listener per open Incoming SMS page
    return e;
  });
}

export type InboundSmsListener = (row: InboundSms) => void;

/**
 * Tells open Incoming SMS pages about a stored MO. Call it after the row's transaction has committed (a page must
 * never show an MO that could still be rolled back). Never throws into the caller.
 */
export function publishInboundSms(row: InboundSms): void {
  emitter().emit("row", row);
}

/** Calls `listener` for each published row until the returned function is called. */
export function subscribeInboundSms(listener: InboundSmsListener): () => void {
  const safe: InboundSmsListener = (row) => {
    try {
      listener(row);
    } catch (e) {
      console.error("[insms-live] listener failed:", errorMessage(e));
    }
  };
  emitter().on("row", safe);
  startTail();
  return () => {
    emitter().off("row", safe);
    stopTailIfIdle();
  };
}

/** Resolves once this process's tail receives rows (on PostgreSQL: its LISTEN session is up); at once on SQLite. */
export async function inboundSmsFeedReady(): Promise<void> {
  await tail().unlisten;
}
