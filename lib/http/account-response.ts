import "server-only";
import { accountToJson, type AccountResult } from "../accounts/repository";
import { apiError } from "./api";

/** Maps a repository result to the API's response (201 on create, 200 otherwise). */
export function accountResponse(result: AccountResult, okStatus = 200): Response {
  if (result.ok) return Response.json(accountToJson(result.account), { status: okStatus });
  return apiError(result.status, result.code, result.message, result.fields);
}
