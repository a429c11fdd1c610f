import { apiError, withApi } from "@/lib/http/api";
import { listRecipientIssues } from "@/lib/deliveries/repository";
import { EXPORT_KINDS } from "@/lib/deliveries/recipient-export";

const KINDS = EXPORT_KINDS;

/** `?state=failed|skipped|possiblyDuplicated&cursor=&limit=`: the recipients behind the KPIs, with their reasons. */
export const GET = withApi("viewer", async (req, { params }) => {
  const url = new URL(req.url);
  const state = url.searchParams.get("state") ?? "failed";
  if (!(KINDS as readonly string[]).includes(state)) {
    return apiError(422, "validation_failed", "Some fields are not valid", { state: `One of ${KINDS.join(", ")}` });
  }
  const cursor = Number(url.searchParams.get("cursor") ?? "") || undefined;
  const limit = Number(url.searchParams.get("limit") ?? "") || undefined;
  return Response.json(await listRecipientIssues(params.id, state as (typeof KINDS)[number], { afterId: cursor, limit }));
});
