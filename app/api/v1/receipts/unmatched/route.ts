import { validationFailed, withApi } from "@/lib/http/api";
import { unmatchedListSchema } from "@/lib/receipts/schema";
import { listUnmatchedReceipts } from "@/lib/receipts/unmatched";

export const dynamic = "force-dynamic";

/** SRs that matched no MT, newest first, with why: ?accountId=, ?cursor=, ?limit= (1–200). */
export const GET = withApi("viewer", async (req) => {
  const search = new URL(req.url).searchParams;
  const query: Record<string, string> = {};
  for (const key of ["accountId", "cursor", "limit"]) if (search.get(key)) query[key] = search.get(key)!;
  const parsed = unmatchedListSchema.safeParse(query);
  if (!parsed.success) return validationFailed(parsed.error);
  return Response.json(await listUnmatchedReceipts(parsed.data));
});
