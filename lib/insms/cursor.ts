import "server-only";
import { seal, unseal } from "@/lib/accounts/sealing";

/** A place in the inSMS order (receivedAt desc, id desc); receivedAt null sorts after every dated row. */
export interface InboundPosition {
  at: Date | null;
  id: number;
}

// The cursor is sealed (AES-GCM, the app key): opaque to clients, and any change to it fails authentication, so a
// tampered cursor is a 422 instead of a silently different page.
export function encodeCursor(p: InboundPosition): string {
  return seal(JSON.stringify([p.at ? p.at.getTime() : null, p.id]));
}

export function decodeCursor(cursor: string): InboundPosition | null {
  try {
    const value: unknown = JSON.parse(unseal(cursor));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value;
    if (!Number.isSafeInteger(id) || id < 0) return null;
    if (at !== null && !Number.isSafeInteger(at)) return null;
    return { at: at === null ? null : new Date(at), id };
  } catch {
    return null;
  }
}
