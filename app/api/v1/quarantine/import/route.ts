import { withApi } from "@/lib/http/api";
import { quarantineImportResponse } from "@/lib/quarantine/import-request";

export const dynamic = "force-dynamic";

/** POST /api/v1/quarantine/import: a CSV of numbers (multipart `file`) into the denylist; answers the counts. */
export const POST = withApi("operator", (req) => quarantineImportResponse(req));
