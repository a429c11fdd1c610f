import "server-only";
import { readAuditEntries, type AuditEntryView } from "../audit-log";
import { containsText, db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { diffSettings, type AuditChange } from "./audit";
import { notifyAccountChanged } from "./events";
import { parseRoutingAccount, smscWithDefaults, type RoutingAccount } from "./schema";
import { seal, unseal } from "./sealing";
import { removeTraces } from "../traces/trace-log";

/** A routing account as the app shows it: every setting but the passwords, which are only said to be set. */
export type StoredAccount = RoutingAccount & {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  passwordSet: boolean;
  receiverPasswordSet: boolean;
};

export interface AccountListItem {
  id: string;
  label: string;
  internalName: string;
  enabled: boolean;
  host: string;
  port: number;
  mode: string;
  tls: boolean;
  updatedAt: Date;
}

export type AccountResult =
  | { ok: true; account: StoredAccount }
  | { ok: false; status: 404 | 409 | 422; code: string; message: string; fields?: Record<string, string> };

type Row = NonNullable<Awaited<ReturnType<typeof db.routingAccount.findUnique>>>;

/** The settings document kept in the `settings` column: the validated account without its passwords. */
function withoutSecrets(a: RoutingAccount): RoutingAccount {
  const connection = { ...a.connection, password: undefined };
  if (connection.receiver) connection.receiver = { ...connection.receiver, password: undefined };
  return JSON.parse(JSON.stringify({ ...a, connection })) as RoutingAccount;
}

function toStored(row: Row): StoredAccount {
  const settings = JSON.parse(row.settings) as RoutingAccount;
  return {
    ...settings,
    smsc: smscWithDefaults(settings.smsc),
    label: row.label,
    internalName: row.internalName,
    enabled: row.enabled,
    id: row.id,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    passwordSet: row.passwordSealed !== null && row.passwordSealed !== "",
    receiverPasswordSet: row.receiverPasswordSealed !== null && row.receiverPasswordSealed !== "",
  };
}

function columns(a: RoutingAccount) {
  return {
    label: a.label,
    internalName: a.internalName,
    enabled: a.enabled,
    host: a.connection.host,
    port: a.connection.port,
    mode: a.connection.mode,
    tls: a.connection.tls,
    settings: JSON.stringify(withoutSecrets(a)),
  };
}

const notFound = (): AccountResult => ({ ok: false, status: 404, code: "not_found", message: "No such routing account" });
const nameTaken = (name: string): AccountResult => ({
  ok: false,
  status: 409,
  code: "internal_name_taken",
  message: `The internal name "${name}" is already used by another account`,
  fields: { internalName: "Already used by another account" },
});
const invalid = (fields: Record<string, string>): AccountResult => ({
  ok: false,
  status: 422,
  code: "validation_failed",
  message: "Some fields are not valid",
  fields,
});

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

async function audit(accountId: string | null, actor: string, action: string, changes: AuditChange[] | Record<string, unknown>) {
  await db.auditEntry.create({ data: { accountId, actor, action, changes: JSON.stringify(changes) } });
}

export async function getAccount(id: string): Promise<StoredAccount | null> {
  const row = await db.routingAccount.findUnique({ where: { id } });
  return row ? toStored(row) : null;
}

/** The plain passwords, for binding only: never hand these to a page, a response, a log or a trace. */
export async function getAccountSecrets(id: string): Promise<{ password: string; receiverPassword: string | null } | null> {
  const row = await db.routingAccount.findUnique({
    where: { id },
    select: { passwordSealed: true, receiverPasswordSealed: true },
  });
  if (!row) return null;
  return {
    password: row.passwordSealed ? unseal(row.passwordSealed) : "",
    receiverPassword: row.receiverPasswordSealed ? unseal(row.receiverPasswordSealed) : null,
  };
}

export async function listAccounts(opts: { q?: string } = {}): Promise<AccountListItem[]> {
  const q = opts.q?.trim();
  const where = q ? { OR: [{ label: containsText(q) }, { internalName: containsText(q) }, { host: containsText(q) }] } : {};
  return db.routingAccount.findMany({
    where,
    orderBy: [{ label: "asc" }],
    select: {
      id: true,
      label: true,
      internalName: true,
      enabled: true,
      host: true,
      port: true,
      mode: true,
      tls: true,
      updatedAt: true,
    },
  });
}

/** All accounts with their settings (for the connector). */
export async function listStoredAccounts(): Promise<StoredAccount[]> {
  const rows = await db.routingAccount.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(toStored);
}

export async function createAccount(input: unknown, actor: string): Promise<AccountResult> {
  const parsed = parseRoutingAccount(input);
  if (!parsed.ok) return invalid(parsed.fields);
  const a = parsed.value;
  try {
    const row = await db.routingAccount.create({
      data: {
        ...columns(a),
        passwordSealed: seal(a.connection.password ?? ""),
        receiverPasswordSealed: a.connection.receiver?.password ? seal(a.connection.receiver.password) : null,
      },
    });
    await audit(row.id, actor, "create", diffSettings({}, withoutSecrets(a)));
    await notifyAccountChanged(row.id);
    return { ok: true, account: toStored(row) };
  } catch (e) {
    if (isUniqueViolation(e)) return nameTaken(a.internalName);
    throw e;
  }
}

/** Replaces an account. A missing or null password keeps the stored one (write-only field). */
export async function updateAccount(id: string, input: unknown, actor: string): Promise<AccountResult> {
  const parsed = parseRoutingAccount(input);
  if (!parsed.ok) return invalid(parsed.fields);
  const existing = await db.routingAccount.findUnique({ where: { id } });
  if (!existing) return notFound();
  const a = parsed.value;
  const data: Prisma.RoutingAccountUpdateInput = { ...columns(a) };
  const changes = diffSettings(JSON.parse(existing.settings), withoutSecrets(a));
  if (typeof a.connection.password === "string") {
    data.passwordSealed = seal(a.connection.password);
    changes.push({ path: "connection.password", from: "(hidden)", to: "(changed)" });
  }
  if (typeof a.connection.receiver?.password === "string") {
    data.receiverPasswordSealed = seal(a.connection.receiver.password);
    changes.push({ path: "connection.receiver.password", from: "(hidden)", to: "(changed)" });
  }
  try {
    const row = await db.routingAccount.update({ where: { id }, data });
    if (changes.length > 0) await audit(id, actor, "update", changes);
    await notifyAccountChanged(id);
    return { ok: true, account: toStored(row) };
  } catch (e) {
    if (isUniqueViolation(e)) return nameTaken(a.internalName);
    throw e;
  }
}

export async function setAccountEnabled(id: string, enabled: boolean, actor: string): Promise<AccountResult> {
  const existing = await db.routingAccount.findUnique({ where: { id } });
  if (!existing) return notFound();
  const settings = { ...(JSON.parse(existing.settings) as RoutingAccount), enabled };
  const row = await db.routingAccount.update({ where: { id }, data: { enabled, settings: JSON.stringify(settings) } });
  if (existing.enabled !== enabled)
    await audit(id, actor, enabled ? "enable" : "disable", [{ path: "enabled", from: existing.enabled, to: enabled }]);
  await notifyAccountChanged(id);
  return { ok: true, account: toStored(row) };
}

export async function deleteAccount(
  id: string,
  actor: string,
): Promise<{ ok: true } | { ok: false; status: 404; code: string; message: string }> {
  const existing = await db.routingAccount.findUnique({ where: { id }, select: { label: true, internalName: true } });
  if (!existing) return { ok: false, status: 404, code: "not_found", message: "No such routing account" };
  await db.routingAccount.delete({ where: { id } });
  // Its trace log (written by Test connection / Test send here, and by the connector's live binds) goes with it.
  await removeTraces(id);
  await audit(null, actor, "delete", { id, label: existing.label, internalName: existing.internalName });
  await notifyAccountChanged(id);
  return { ok: true };
}

/** A copy named "<label> (copy)", disabled so that it opens no second bind before it is reviewed. */
export async function duplicateAccount(id: string, actor: string): Promise<AccountResult> {
  const row = await db.routingAccount.findUnique({ where: { id } });
  if (!row) return notFound();
  const settings = JSON.parse(row.settings) as RoutingAccount;
  const taken = new Set((await db.routingAccount.findMany({ select: { internalName: true } })).map((r) => r.internalName));
  let n = 1;
  let name = `${row.internalName}_copy`.slice(0, 64);
  while (taken.has(name)) name = `${row.internalName.slice(0, 58)}_copy${++n}`;
  const copy: RoutingAccount = { ...settings, label: `${row.label} (copy)`.slice(0, 100), internalName: name, enabled: false };
  const created = await db.routingAccount.create({
    data: { ...columns(copy), passwordSealed: row.passwordSealed, receiverPasswordSealed: row.receiverPasswordSealed },
  });
  await audit(created.id, actor, "duplicate", [{ path: "duplicateOf", from: null, to: row.internalName }]);
  await notifyAccountChanged(created.id);
  return { ok: true, account: toStored(created) };
}

export type AuditView = AuditEntryView<AuditChange[] | Record<string, unknown>>;

export function listAudit(accountId: string, limit = 50): Promise<AuditView[]> {
  return readAuditEntries({ accountId }, limit);
}

/** Public JSON view of an account for the API (dates as ISO strings, no secrets). */
export function accountToJson(a: StoredAccount) {
  const connection = {
    ...a.connection,
    password: undefined,
    receiver: a.connection.receiver ? { ...a.connection.receiver, password: undefined } : a.connection.receiver,
  };
  return { ...a, connection, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
}
