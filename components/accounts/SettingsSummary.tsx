import type { StoredAccount } from "@/lib/accounts/repository";
import { ENCODING_LABEL } from "@/lib/accounts/message-counter";

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

const yesNo = (b: boolean) => (b ? "Yes" : "No");

/** The account's main settings at a glance (the full set is on the edit form). */
export function SettingsSummary({ account: a }: { account: StoredAccount }) {
  const c = a.connection;
  return (
    <section className="card p-5" aria-labelledby="summary-title">
      <h2 id="summary-title" className="mb-3 text-base font-semibold">
        Settings
      </h2>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Item label="SMPP connection mode">{c.mode === "transceiver" ? "Transceiver" : "Transmitter + receiver"}</Item>
        <Item label="SMSC implementation name">{c.implementationName}</Item>
        <Item label="Server">
          <span className="font-mono">
            {c.host}:{c.port}
          </span>
        </Item>
        <Item label="Account">
          <span className="font-mono">{c.systemId}</span>
        </Item>
        <Item label="Password">{a.passwordSet ? "password set" : "no password"}</Item>
        <Item label="Enable TLS over SMPP">{c.tls ? `Yes (${c.certificateCheck})` : "No"}</Item>
        <Item label="Simultaneous connections">{c.connections}</Item>
        <Item label="Verbose SMPP traces">{yesNo(c.verboseTraces)}</Item>
        <Item label="Source number">{a.channel.sourceNumber || "—"}</Item>
        <Item label="Short code">{a.channel.shortCode || "—"}</Item>
        <Item label="Sending window">{a.throughput.window}</Item>
        <Item label="Max MT throughput">
          {a.throughput.mtPerSecond === 0 ? "unlimited" : `${a.throughput.mtPerSecond}/s per connection`}
        </Item>
        <Item label="Encodings">
          {a.smsc.encodings
            ? a.smsc.encodings.map((e) => `${ENCODING_LABEL[e.encoding]}=${e.dataCoding}`).join(", ")
            : "default (GSM 03.38=0, UCS-2=8)"}
        </Item>
        <Item label="Maximum number of SMS per message">{a.smsc.maxParts}</Item>
        <Item label="Store incoming MO">{yesNo(a.channel.storeIncomingMo)}</Item>
        <Item label="Automatic replies">{a.autoReplies.length}</Item>
      </dl>
    </section>
  );
}
