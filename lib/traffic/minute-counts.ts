import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { sqliteDateTime } from "@/lib/storage/sqlite-writer";
import { isPostgresUrl } from "@/lib/database-url";
import type { MinuteCount, Series } from "./series";

/**
 * Per account and per minute since `since`: MT parts submitted (MessagePart, one row per submit_sm of the connector,
 * bulk and automatic replies), MO stored (InboundSms.createdAt: when it reached us, not the SMSC's own clock) and
 * final status reports (StatusReport, delivered vs error; intermediate ones are not counted).
 *
 * Counted in the database with one GROUP BY per table: 24 h at hundreds of MT/s are millions of rows, which must not
 * travel to the web process. Prisma's groupBy cannot group on an expression (the minute of a timestamp), so this is
 * the one raw query of the home page. SQLite keeps DateTime as ISO 8601 text ("2026-12-03T10:15:42.123+00:00"), so
 * the minute is its first 16 characters and `since` is compared as text. PostgreSQL keeps a UTC `timestamp(3)`: the
 * minute is to_char of it and `since` is bound as a Date.
 */
export async function countPerMinute(since: Date): Promise<MinuteCount[]> {
  const pg = isPostgresUrl();
  const from = pg ? since : sqliteDateTime(since);
  const minute = (column: string) =>
    Prisma.raw(pg ? `to_char("${column}", 'YYYY-MM-DD"T"HH24:MI')` : `substr("${column}", 1, 16)`);
  const rows = await db.$queryRaw<{ series: string; accountId: string; minute: string; n: number | bigint }[]>(Prisma.sql`
    SELECT 'mt' AS "series", "accountId", ${minute("createdAt")} AS "minute", COUNT(*) AS "n"
      FROM "MessagePart" WHERE "createdAt" >= ${from} GROUP BY "accountId", ${minute("createdAt")}
    UNION ALL
    SELECT 'mo', "accountId", ${minute("createdAt")}, COUNT(*)
      FROM "InboundSms" WHERE "createdAt" >= ${from} GROUP BY "accountId", ${minute("createdAt")}
    UNION ALL
    SELECT CASE WHEN "verdict" = 'delivered' THEN 'srDelivered' ELSE 'srFailed' END, "accountId", ${minute("createdAt")}, COUNT(*)
      FROM "StatusReport" WHERE "createdAt" >= ${from} AND "verdict" IN ('delivered', 'error')
      GROUP BY "accountId", "verdict", ${minute("createdAt")}`);
  return rows.map((r) => ({ series: r.series as Series, accountId: r.accountId, minute: r.minute, n: Number(r.n) }));
}
