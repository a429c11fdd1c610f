"use client";
import { useFormContext, useWatch } from "react-hook-form";
import { accountWarnings } from "@/lib/accounts/schema";
import { Checkbox, Field, NumberField, Section, Select, TextInput } from "./Field";
import { EMPTY_RECEIVER, type AccountFormValues } from "./form-values";
import { PasswordField } from "./PasswordField";

const MODES = [
  { value: "transceiver", label: "Transceiver (one bind for MT, MO and SR)" },
  { value: "transmitterReceiver", label: "Transmitter + receiver (two binds)" },
] as const;

const CERTIFICATE_CHECKS = [
  { value: "full", label: "Full verification" },
  { value: "skipHostname", label: "Skip host name check (tests only)" },
  { value: "skipCertificate", label: "Skip certificate check (tests only)" },
] as const;

/** Spec "Connection settings". */
export function ConnectionSection({ passwordSet, receiverPasswordSet }: { passwordSet: boolean; receiverPasswordSet: boolean }) {
  const { control, setValue } = useFormContext<AccountFormValues>();
  const connection = useWatch({ control, name: "connection" });
  const warnings = accountWarnings({
    connection: { tls: connection?.tls, port: connection?.port, certificateCheck: connection?.certificateCheck },
  });
  const pairs = connection?.mode === "transmitterReceiver";
  return (
    <Section title="Connection settings" id="connection">
      <Field path="connection.mode" label="SMPP connection mode">
        <Select
          path="connection.mode"
          options={MODES}
          onChange={(mode) => {
            // A separate receiver exists only in transmitter+receiver mode: hidden settings must not block a save.
            if (mode === "transceiver") {
              setValue("connection.separateReceiver", false, { shouldDirty: true });
              setValue("connection.receiver", null, { shouldDirty: true });
            }
          }}
        />
      </Field>
      <Field path="connection.implementationName" label="SMSC implementation name" hint="Shown in SR log lines">
        <TextInput path="connection.implementationName" />
      </Field>
      <Field path="connection.host" label="Server">
        <TextInput path="connection.host" placeholder="smpp.example.com" />
      </Field>
      <NumberField path="connection.port" label="Port" warning={warnings["connection.port"]} min={1} max={65535} />
      <Field path="connection.systemId" label="Account" hint="system_id, at most 15 characters">
        <TextInput path="connection.systemId" autoComplete="off" />
      </Field>
      <PasswordField path="connection.password" label="Password" passwordSet={passwordSet} />
      <Field path="connection.systemType" label="System type">
        <TextInput path="connection.systemType" />
      </Field>
      <NumberField
        path="connection.connections"
        label="Simultaneous connections"
        hint={pairs ? "Transmitter + receiver pairs (1–10)" : "Binds (1–10)"}
        min={1}
        max={10}
      />
      <Checkbox path="connection.tls" label="Enable TLS over SMPP" hint="TLS 1.2 or later" />
      {connection?.tls ? (
        <Field
          path="connection.certificateCheck"
          label="Certificate verification"
          warning={warnings["connection.certificateCheck"]}
        >
          <Select path="connection.certificateCheck" options={CERTIFICATE_CHECKS} />
        </Field>
      ) : (
        <div />
      )}
      <Checkbox path="connection.verboseTraces" label="Enable verbose SMPP traces in the log file" />
      {pairs ? (
        <div className="flex items-start gap-2">
          <input
            id="connection-separateReceiver"
            type="checkbox"
            className="mt-0.5 h-4 w-4 rounded border-slate-300"
            checked={connection?.separateReceiver ?? false}
            onChange={(e) => {
              setValue("connection.separateReceiver", e.target.checked, { shouldDirty: true });
              // Receiver settings exist only while they are used, so that a hidden empty receiver never fails validation.
              setValue("connection.receiver", e.target.checked ? { ...EMPTY_RECEIVER, password: undefined } : null, {
                shouldDirty: true,
              });
            }}
          />
          <label htmlFor="connection-separateReceiver">Use different parameters for the receiver</label>
        </div>
      ) : null}
      {pairs && connection?.separateReceiver ? <ReceiverFields passwordSet={receiverPasswordSet} /> : null}
    </Section>
  );
}

function ReceiverFields({ passwordSet }: { passwordSet: boolean }) {
  return (
    <fieldset className="grid grid-cols-1 gap-4 rounded-md border border-slate-200 p-4 md:col-span-2 md:grid-cols-2">
      <legend className="px-1 text-sm font-medium text-slate-600">Receiver bind</legend>
      <Field path="connection.receiver.host" label="Receiver server">
        <TextInput path="connection.receiver.host" />
      </Field>
      <NumberField path="connection.receiver.port" label="Receiver port" min={1} max={65535} />
      <Field path="connection.receiver.systemId" label="Receiver account">
        <TextInput path="connection.receiver.systemId" autoComplete="off" />
      </Field>
      <PasswordField path="connection.receiver.password" label="Receiver password" passwordSet={passwordSet} />
      <Field path="connection.receiver.systemType" label="Receiver system type">
        <TextInput path="connection.receiver.systemType" />
      </Field>
    </fieldset>
  );
}
