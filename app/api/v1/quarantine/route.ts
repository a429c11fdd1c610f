import { apiError, readJson, validationFailed, withApi } from "@/lib/http/api";
import { quarantineEntrySchema, quarantineListSchema, quarantineRemoveSchema } from "@/lib/quarantine/schema";
import { addToQuarantine, listQuarantine, removeFromQuarantine } from "@/lib/quarantine/store";

export const dynamic = "force-dynamic";

const entryJson = (e: { id: number; number: string; shortCode: string; reason: string; createdAt: Date }) => ({
  id: e.id,
  number: e.number,
  shortCode: e.shortCode,
  reason: e.reason,
  createdAt: e.createdAt.toISOString(),
});

/** The SMS denylist, newest first: ?q= (number, short code or reason), ?cursor=, ?limit= (1–500). */
export const GET = withApi("viewer", async (req) => {
  const search = new URL(req.url).searchParams;
  const query: Record<string, string> = {};
  // An empty parameter (a cleared search box) counts as absent.
  for (const key of ["q", "cursor", "limit"]) if (search.get(key)) query[key] = search.get(key)!;
  const parsed = quarantineListSchema.safeParse(query);
  if (!parsed.success) return validationFailed(parsed.error);
  const page = await listQuarantine(parsed.data);
  return Response.json({ items: page.items.map(entryJson), nextCursor: page.nextCursor });
});

/** Adds a number: {number, shortCode? ("" = all short codes), reason?}. */
export const POST = withApi("operator", async (req) => {
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const parsed = quarantineEntrySchema.safeParse(body.value);
  if (!parsed.success) return validationFailed(parsed.error);
  const entry = await addToQuarantine(parsed.data.number, parsed.data.shortCode, parsed.data.reason);
  return Response.json(entryJson(entry), { status: 201 });
});

/** Removes a number: body or query {number, shortCode?}; without shortCode every entry of the number goes. */
export const DELETE = withApi("operator", async (req) => {
  const url = new URL(req.url);
  let input: unknown;
  if (url.searchParams.has("number")) {
    input = {
      number: url.searchParams.get("number"),
      ...(url.searchParams.has("shortCode") ? { shortCode: url.searchParams.get("shortCode") } : {}),
    };
  } else {
    const body = await readJson(req);
    if (!body.ok) return body.response;
    input = body.value;
  }
  const parsed = quarantineRemoveSchema.safeParse(input);
  if (!parsed.success) return validationFailed(parsed.error);
  const removed = await removeFromQuarantine(parsed.data.number, parsed.data.shortCode);
  if (removed === 0) return apiError(404, "not_found", "This number is not in quarantine");
  return Response.json({ removed });
});
