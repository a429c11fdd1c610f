import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { LocalTime } from "@/components/shell/LocalTime";
import { requirePageUser } from "@/lib/auth/current-user";
import { getInboundSmsDetail, type InboundSmsDetail } from "@/lib/insms/detail";
import { INSMS_FILTER_KEYS, inboundSmsIdSchema, searchValues } from "@/lib/insms/filters";

export const dynamic = "force-dynamic";

/** Fields stored since the detail view came (TON/NPI, esm_class, parts, bind): an older row has none of them. */
const NOT_KEPT = "Not stored for messages received before this field was kept";

const ACTION: Record<string, string> = {
  none: "none (reply only)",
  quarantine: "quarantine: the sender was added to the quarantine of the short code",
  unquarantine: "unquarantine: the sender was removed from the quarantine",
};

export default async function IncomingSmsDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("viewer");
  const [{ id: rawId }, sp] = await Promise.all([params, searchParams]);
  const id = inboundSmsIdSchema.safeParse(rawId);
  const sms = id.success && id.data !== null ? await getInboundSmsDetail(id.data) : null;
  if (!sms) notFound();
  // Back to the list as it was: its filters and the page being read came along in this page's URL.
  const back = new URLSearchParams(searchValues(sp, [...INSMS_FILTER_KEYS, "cursor"])).toString();
  const backHref = `/insms${back ? `?${back}` : ""}`;

  return (
    <div className="max-w-4xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={backHref} className="hover:text-indigo-700 hover:underline">
          Incoming SMS
        </Link>{" "}
        › SMS {sms.id}
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Incoming SMS {sms.id}</h1>
        <Link href={backHref} className="btn ml-auto" data-testid="insms-back">
          ← Back to the list
        </Link>
      </div>
      <div className="card p-4">
        <p data-testid="insms-detail-message" className="text-sm break-words whitespace-pre-wrap">
          {sms.message}
        </p>
      </div>
      <dl className="card grid grid-cols-1 gap-x-6 gap-y-3 p-4 text-sm sm:grid-cols-[12rem_1fr]">
        <Field name="receivedAt" label="Received">
          <LocalTime iso={sms.receivedAt ?? sms.createdAt} />
        </Field>
        <Field name="createdAt" label="Stored">
          <LocalTime iso={sms.createdAt} />
        </Field>
        <Field name="account" label="Account">
          <Link href={`/accounts/${sms.account.id}`} className="text-indigo-700 hover:underline">
            {sms.account.label}
          </Link>{" "}
          <span className="font-mono text-xs text-slate-500">{sms.account.internalName}</span>
        </Field>
        <Field name="origin" label="Sender (source_addr)">
          <span className="font-mono">{sms.origin}</span>
        </Field>
        <Field name="sourceTon" label="source_addr_ton">
          <Named value={sms.names.sourceTon} />
        </Field>
        <Field name="sourceNpi" label="source_addr_npi">
          <Named value={sms.names.sourceNpi} />
        </Field>
        <Field name="destination" label="To (destination_addr)">
          <span className="font-mono">{sms.destination}</span>
        </Field>
        <Field name="destTon" label="dest_addr_ton">
          <Named value={sms.names.destTon} />
        </Field>
        <Field name="destNpi" label="dest_addr_npi">
          <Named value={sms.names.destNpi} />
        </Field>
        <Field name="dataCoding" label="data_coding">
          <Named value={sms.names.dataCoding} />
        </Field>
        <Field name="esmClass" label="esm_class">
          <Named value={sms.names.esmClass} />
        </Field>
        <Field name="parts" label="Parts">
          <Named value={partsText(sms.parts)} />
        </Field>
        <Field name="providerId" label="Provider id">
          {sms.providerId ? <span className="font-mono">{sms.providerId}</span> : <Muted>none given by the SMSC</Muted>}
        </Field>
        <Field name="bind" label="Bind">
          <Named value={bindText(sms)} />
        </Field>
        <Field name="keyword" label="Automatic reply keyword">
          {sms.keyword === null ? (
            <Muted>no automatic reply matched</Muted>
          ) : sms.keyword === "" ? (
            <Muted>the catch-all rule (no keyword)</Muted>
          ) : (
            <span className="font-mono">{sms.keyword}</span>
          )}
        </Field>
        <Field name="action" label="Action taken">
          {sms.action === null ? <Muted>none</Muted> : (ACTION[sms.action] ?? sms.action)}
        </Field>
      </dl>
    </div>
  );
}

function Field({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-500">{label}</dt>
      <dd data-testid={`insms-detail-${name}`}>{children}</dd>
    </>
  );
}

function Muted({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <span className="text-slate-500" title={title}>
      {children}
    </span>
  );
}

/** A stored value by name, or a dash that says why it is missing. */
function Named({ value }: { value: string | null }) {
  return value === null ? <Muted title={NOT_KEPT}>—</Muted> : <>{value}</>;
}

function partsText(parts: number | null): string | null {
  if (parts === null) return null;
  return parts === 1 ? "1 (a single SMS)" : `${parts} (a concatenated MO, joined)`;
}

function bindText(sms: InboundSmsDetail): string | null {
  if (sms.bindRole === null) return null;
  return sms.bindIndex === null ? sms.bindRole : `${sms.bindRole}, connection ${sms.bindIndex + 1}`;
}
