/**
 * The API's error body, `{error: {code, message, step?, fields?}}` (shared/spec/api.md), as the pages read it.
 * Client-safe: no server imports. One reading for every page, so they all say the same thing when the server refuses.
 */
export type ApiErrorBody = { code?: string; message?: string; step?: string; fields?: Record<string, string> };

/** The `error` of an API answer, or null when the body is something else (not JSON, a success). */
export function apiErrorOf(body: unknown): ApiErrorBody | null {
  if (body && typeof body === "object" && "error" in body) {
    const e = (body as { error: unknown }).error;
    if (e && typeof e === "object") return e as ApiErrorBody;
    if (typeof e === "string") return { message: e };
  }
  return null;
}

/** A refused answer as a sentence: the API's message, else the HTTP status. */
export function apiErrorMessage(body: unknown, status: number): string {
  return apiErrorOf(body)?.message ?? `The server answered ${status}.`;
}

/** Reads a refused Response's body (JSON or not) into its sentence. */
export async function responseErrorMessage(r: Response): Promise<string> {
  return apiErrorMessage(await r.json().catch(() => null), r.status);
}
