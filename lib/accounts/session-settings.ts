/**
 * SessionSettings from a routing account (spec durations are seconds; the session takes milliseconds).
 * In transmitter+receiver mode with "Use different parameters for the receiver", the receiver bind uses the
 * receiver's server, port, account, password and system type.
 */
import type { RoutingAccount } from "@/lib/accounts/schema";
import type { BindMode, SessionSettings } from "@/lib/smpp/session";

export type AccountSecrets = { password: string; receiverPassword: string | null };

export function sessionSettingsFor(
  account: Pick<RoutingAccount, "connection" | "throughput" | "smsc">,
  secrets: AccountSecrets,
  bindMode: BindMode,
  extra: Partial<SessionSettings> = {},
): SessionSettings {
  const c = account.connection;
  const t = account.throughput;
  const separate = bindMode === "receiver" && c.mode === "transmitterReceiver" && c.separateReceiver && c.receiver;
  const target = separate
    ? {
        host: c.receiver!.host,
        port: c.receiver!.port,
        systemId: c.receiver!.systemId,
        password: secrets.receiverPassword ?? "",
        systemType: c.receiver!.systemType,
      }
    : { host: c.host, port: c.port, systemId: c.systemId, password: secrets.password, systemType: c.systemType };
  return {
    ...target,
    bindMode,
    tls: c.tls,
    certificateCheck: c.certificateCheck,
    bindTon: account.smsc.bindTon,
    bindNpi: account.smsc.bindNpi,
    addressRange: account.smsc.addressRange,
    bindTimeoutMs: t.bindTimeout * 1000,
    window: t.window,
    mtPerSecond: t.mtPerSecond,
    enquireLinkPeriodMs: t.enquireLinkPeriod * 1000,
    ...extra,
  };
}

/** The binds one connection of the account opens: one transceiver, or a transmitter and a receiver. */
export function bindModesFor(account: Pick<RoutingAccount, "connection">): BindMode[] {
  return account.connection.mode === "transmitterReceiver" ? ["transmitter", "receiver"] : ["transceiver"];
}
